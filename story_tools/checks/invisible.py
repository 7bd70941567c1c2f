"""Text that is not what it seems: invisible and direction-changing characters, control characters.

A right-to-left override (U+202E) makes the text after it show backwards, so a
line can read differently from what it says; a zero-width space (U+200B) makes
two words that look the same differ, so a story id, a term or a search does not
match. None of them can be seen in an editor or on the site. So:

- `invisible-character`: a bidirectional control (U+202A-U+202E, U+2066-U+2069,
  U+200E, U+200F, U+061C) or a zero-width character (U+200B, U+200C, U+200D,
  U+2060, U+FEFF) is an error in a name (a file name, a field name, a term, a
  related id, a slug) and a warning in text (a title, a summary, a label, the
  story's text). A zero-width joiner or non-joiner between two letters, marks
  or symbols that are not ASCII is no finding: scripts such as Persian and
  Hindi, and emoji such as a family, are written with them.
- `control-character`: a control character (C0 but tab and line ends, DEL, C1)
  in the story's text is an error. None has a meaning in a web page: the HTML
  standard counts them as errors, feeds refuse them, Markdown uses two of them
  (U+0002, U+0003) as its own markers and the site one (NUL); they come from
  text pasted out of other programs and are never typed on purpose. In the
  fields they are already refused as written (yamlprecheck); NUL written as an
  escape (`"\\0"`) is an error too. Other escapes (`"\\u007f"`) are visible in
  the file and were written on purpose (`story-tools new` writes them): no finding.

Every finding names the character (`unicodedata.name`) and gives the line and
column of the character itself.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator

from ..model.findings import Finding, Severity
from ..reading.yamlnodes import Mapping, Node, Scalar, Sequence

__all__ = ["BIDI_CONTROLS", "ZERO_WIDTH", "body_findings", "character_name", "name_findings", "tree_findings"]

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_INVISIBLE = re.compile("[" + "".join(sorted(BIDI_CONTROLS | ZERO_WIDTH)) + "]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_JOINERS = "\u200c\u200d"
_CONTROL_NAMES = {
    "\x00": "NULL", "\x02": "START OF TEXT", "\x03": "END OF TEXT", "\x07": "BELL", "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION", "\x0c": "FORM FEED", "\x1b": "ESCAPE", "\x7f": "DELETE",
}
_READ = "it can make the text read differently from what it says"


def character_name(char: str) -> str:
    """`RIGHT-TO-LEFT OVERRIDE (U+202E)`."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "CONTROL CHARACTER")
    return f"{name} (U+{ord(char):04X})"


def _named(char: str) -> str:
    """`RIGHT-TO-LEFT OVERRIDE, U+202E`, for use inside parentheses."""
    return character_name(char).replace(" (", ", ").removesuffix(")")


def _kind(char: str) -> str:
    if char in BIDI_CONTROLS:
        return f"a character that changes the direction of the text ({_named(char)})"
    return f"an invisible character ({_named(char)})"


def _joins(text: str, at: int) -> bool:
    """A joiner between two non-ASCII letters, marks or symbols: part of the writing, not a trick."""
    if text[at] not in _JOINERS or at == 0 or at + 1 >= len(text):
        return False
    return all(not c.isascii() and unicodedata.category(c)[0] in "LMS" for c in (text[at - 1], text[at + 1]))


class _Lines:
    """Offsets in a text to file lines and columns (both 1-based)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.first_line = first_line

    def __call__(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1


def body_findings(body: str, *, path: str, first_line: int) -> list[Finding]:
    """Invisible characters (warnings) and control characters (errors) in a story's text."""
    findings: list[Finding] = []
    if not _INVISIBLE.search(body) and not _CONTROL.search(body):
        return findings  # most stories: nothing to place on a line
    where = _Lines(body, first_line)
    for match in _INVISIBLE.finditer(body):
        if _joins(body, match.start()):
            continue
        line, column = where(match.start())
        findings.append(Finding(
            path, line, column, "invisible-character", Severity.WARNING,
            f"The text holds {_kind(match.group())} at column {column}; {_READ}.",
            "Delete it (retype the words around it).",
        ))
    for match in _CONTROL.finditer(body):
        line, column = where(match.start())
        findings.append(Finding(
            path, line, column, "control-character", Severity.ERROR,
            f"The text holds a control character ({_named(match.group())}) at column {column}: "
            "it cannot be shown on a web page and is often left over from copying text out of another program.",
            "Delete it (retype the words around it).",
        ))
    return findings


def name_findings(name: str, *, path: str, what: str = "The file name") -> list[Finding]:
    """An error for each invisible character in a name (a story's file name)."""
    return [
        Finding(
            path, 0, 0, "invisible-character", Severity.ERROR,
            f"{what} holds {_kind(match.group())} after '{name[: match.start()]}'; {_READ}.",
            "Delete it: rename the file, typing the name again in plain letters, digits and hyphens.",
        )
        for match in _INVISIBLE.finditer(name)
    ]


def _scalars(node: Node, keys: tuple[str, ...]) -> Iterator[tuple[Scalar, tuple[str, ...], bool]]:
    """Every scalar of a tree in document order: (node, the keys above it, is it a key)."""
    if isinstance(node, Scalar):
        yield node, keys, False
    elif isinstance(node, Sequence):
        for item in node.items:
            yield from _scalars(item, keys)
    else:
        for key, value in node.entries:
            yield key, (*keys, key.text), True
            yield from _scalars(value, (*keys, key.text))


def tree_findings(
    text: str, root: Mapping, *, path: str, line_offset: int, is_name: Callable[[tuple[str, ...], bool], bool],
) -> list[Finding]:
    """Invisible characters in YAML `text` (front matter, the vocabulary), parsed as `root`.

    Each character is found where it is written; the key or value it stands in
    says how bad it is: those `is_name` accepts (by the keys down to them, and
    whether they are a key) are names, errors; others text, warnings. A character written
    as an escape (`"\\u200b"`) is found in the value, at the value's place.
    `line_offset` is the number of file lines before `text`.
    """
    if "\\" not in text and "\x00" not in text and not _INVISIBLE.search(text):
        # Neither written nor escaped (an escape needs a backslash): no value can hold one.
        return []
    scalars = sorted(_scalars(root, ()), key=lambda item: (item[0].line, item[0].column))
    starts = [(node.line, node.column) for node, _, _ in scalars]
    where = _Lines(text, line_offset + 1)
    seen: set[int] = set()
    findings: list[Finding] = []
    for match in _INVISIBLE.finditer(text):
        line, column = where(match.start())
        index = bisect.bisect_right(starts, (line, column)) - 1
        node, keys, is_key = scalars[index] if index >= 0 else (None, (), False)
        strict = bool(keys) and is_name(keys, is_key)
        if not strict and _joins(text, match.start()):
            continue
        seen.add(index)
        findings.append(_finding(path, line, column, match.group(), keys, is_key, strict,
                                 f" at column {column};"))
    for index, (node, keys, is_key) in enumerate(scalars):
        strict = is_name(keys, is_key)
        if index not in seen:
            escaped = next((m for m in _INVISIBLE.finditer(node.text) if strict or not _joins(node.text, m.start())),
                           None)
            if escaped is not None:
                findings.append(_finding(path, node.line, node.column, escaped.group(), keys, is_key, strict,
                                         f", written as the escape '\\u{ord(escaped.group()):04x}';"))
        if "\x00" in node.text:
            findings.append(Finding(
                path, node.line, node.column, "control-character", Severity.ERROR,
                f"{_owner(keys, is_key)} holds a control character ({_named(chr(0))}), "
                "written as an escape; it cannot be shown on a web page.",
                "Delete the escape ('\\0' or '\\x00').",
            ))
    return findings


def _owner(keys: tuple[str, ...], is_key: bool) -> str:
    if is_key:
        return "The field name"
    return f"The {keys[-1]}" if keys else "This line"


def _finding(path: str, line: int, column: int, char: str, keys: tuple[str, ...], is_key: bool,
             strict: bool, place: str) -> Finding:
    if strict:
        return Finding(
            path, line, column, "invisible-character", Severity.ERROR,
            f"{_owner(keys, is_key)} holds {_kind(char)}{place} {_READ}, and a name with it "
            "matches no other name.",
            "Delete it (retype the name): a name is plain letters, digits and hyphens.",
        )
    return Finding(
        path, line, column, "invisible-character", Severity.WARNING,
        f"{_owner(keys, is_key)} holds {_kind(char)}{place} {_READ}.",
        "Delete it (retype the words around it).",
    )
