"""Reading typed values out of a YAML tree, with a finding for every mismatch.

Shared by the story fields and the vocabulary file. YAML 1.1 reads some
unquoted words as something other than text (`NO` is false, `1:20` is 80,
`2024` a number): where text is expected that is a finding with a hint to
quote, never a silent conversion.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from ..model.findings import Finding, Severity
from ..model.suggest import did_you_mean
from .safeyaml import Mapping, Node, Scalar, Sequence

__all__ = ["DATE", "WORDING", "ValueReader"]

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?$")
DATE = _DATE
"""How a date is read: year, month and day (the Tell-a-story page reads its date field the same way)."""
_BAD_DATE = ("{name}: '{text}' is not a date written like 2024-05-31.",
             "Write the year, month and day with hyphens: 2024-05-31.")
_IMPOSSIBLE_DATE = ("{name}: {text} does not exist on the calendar ({error}).",
                    "Check the day and month; for example February has 28 or 29 days.")
WORDING = {"bad_date": _BAD_DATE, "impossible_date": _IMPOSSIBLE_DATE}
"""(message, hint) templates of the date findings."""
_READ_AS = {
    "bool": "a yes/no value",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "null": "'nothing'",
}


class ValueReader:
    """Collects findings for one file while its values are read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []

    def error(self, at: Node | tuple[int, int], rule: str, message: str, suggestion: str = "") -> None:
        line, column = (at.line, at.column) if isinstance(at, (Scalar, Sequence, Mapping)) else at
        self.findings.append(Finding(self.path, line, column, rule, Severity.ERROR, message, suggestion))

    def warning(self, at: Node, rule: str, message: str, suggestion: str = "") -> None:
        self.findings.append(
            Finding(self.path, at.line, at.column, rule, Severity.WARNING, message, suggestion)
        )

    @staticmethod
    def is_empty(node: Node | None) -> bool:
        if node is None:
            return True
        if isinstance(node, Scalar):
            return node.kind == "null" or (not node.plain and not node.text.strip())
        if isinstance(node, Sequence):
            return not node.items
        return not node.entries

    def check_keys(self, mapping: Mapping, allowed: Iterable[str], what: str) -> None:
        """An `unknown-key` finding, with a did-you-mean, for every key not allowed."""
        known = list(allowed)
        members = frozenset(known)
        for key, _ in mapping.entries:
            if key.text not in members:
                hint = did_you_mean(key.text, known) or f"The fields {what} can have are: {', '.join(known)}."
                self.error(key, "unknown-key", f"'{key.text}' is not a field {what} can have.", hint)

    def text(self, node: Node, name: str) -> str | None:
        """A piece of text. Unquoted words that YAML reads otherwise are errors."""
        if not isinstance(node, Scalar):
            self.error(node, "wrong-type", f"{name} should be a piece of text, not a list or a block of fields.",
                       f'Write it on one line: {name}: "..."')
            return None
        if node.kind != "str":
            read_as = _READ_AS.get(node.kind, "something other than text")
            shown = node.text.replace('"', '\\"')
            self.error(
                node, "wrong-type",
                f"{name}: {node.text} is read as {read_as}, not as text.",
                f'Put it in quotes: {name}: "{shown}"',
            )
            return None
        return node.text.strip()

    def text_list(self, node: Node, name: str) -> list[tuple[str, Scalar]]:
        """One text or a list of texts, each with its node for positions."""
        items = node.items if isinstance(node, Sequence) else (node,)
        values: list[tuple[str, Scalar]] = []
        for item in items:
            if isinstance(item, Scalar) and item.kind == "null":
                self.error(item, "empty-field", f"{name} has an empty entry.", "Remove the empty entry.")
                continue
            value = self.text(item, name)
            if value is not None and isinstance(item, Scalar):
                values.append((value, item))
        return values

    def date(self, node: Node, name: str) -> datetime.date | None:
        """A calendar date written YYYY-MM-DD, quoted or not; it must exist."""
        if not isinstance(node, Scalar) or node.kind not in ("timestamp", "str"):
            self.error(node, "wrong-type", f"{name} should be a date written like 2024-05-31.",
                       f"Write it as {name}: 2024-05-31")
            return None
        match = _DATE.match(node.text.strip())
        if match is None:
            self.error(node, "bad-date", _BAD_DATE[0].format(name=name, text=node.text), _BAD_DATE[1])
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError as error:
            self.error(node, "impossible-date", _IMPOSSIBLE_DATE[0].format(name=name, text=node.text, error=error),
                       _IMPOSSIBLE_DATE[1])
            return None

    def boolean(self, node: Node, name: str) -> bool | None:
        """true or false (also yes/no, as YAML reads them)."""
        if isinstance(node, Scalar) and node.kind == "bool":
            return node.text.lower() in ("true", "yes", "on", "y")
        self.error(node, "wrong-type", f"{name} should be true or false.", f"Write {name}: true or {name}: false")
        return None

    def mapping(self, node: Node, name: str) -> Mapping | None:
        """A block of named fields."""
        if isinstance(node, Mapping):
            return node
        self.error(node, "wrong-type", f"{name} should be a block of fields (name: value lines, indented).",
                   f"Write '{name}:' on its own line and the fields below it, indented by two spaces.")
        return None

    def sequence(self, node: Node, name: str) -> Sequence | None:
        """A list."""
        if isinstance(node, Sequence):
            return node
        self.error(node, "wrong-type", f"{name} should be a list.", f"Write it as a list: {name}: [a, b]")
        return None
