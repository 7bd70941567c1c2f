"""What no YAML parser gets to see: checks on the raw text before parsing.

Too much text, tab characters, invisible control characters and brackets
nested too deep are refused up front, with a finding at the exact place. This
keeps every input cheap to parse, and it removes the inputs on which libyaml
and PyYAML disagree, so `safeyaml.parse_yaml` gives the same result with
either parser.
"""

from __future__ import annotations

import re

from ..model.findings import Finding, Severity
from .yamlnodes import Limits

__all__ = ["TOO_LONG", "precheck"]

_BRACKET = re.compile(r"[\[\]{}]")
TOO_LONG = ("The front matter is {count:,} characters long; the limit is {limit:,}.",
            "Move long text into the story body below the closing '---'.")
"""The too-large finding of front matter: message template and hint."""
# The characters PyYAML's reader refuses, the line breaks that YAML counts and
# editors do not (they would shift every line number after them), and a stray
# byte-order mark (the two parsers read it differently).
_BAD_ASCII = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_CHAR = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def precheck(text: str, *, path: str, line_offset: int, limits: Limits) -> Finding | None:
    """Size, characters and bracket depth, before any parser sees the text.

    Returns the first problem found, or None when the text may be parsed.
    `line_offset` is the number of file lines before `text` starts.
    """
    if len(text) > limits.max_chars:
        return Finding(
            path, line_offset + 1, 1, "too-large", Severity.ERROR,
            TOO_LONG[0].format(count=len(text), limit=limits.max_chars), TOO_LONG[1],
        )
    tab = text.find("\t")
    if tab >= 0:
        # libyaml and PyYAML disagree on tabs inside values; neither gets to see one.
        before = text[:tab]
        return Finding(
            path, before.count("\n") + 1 + line_offset, tab - (before.rfind("\n") + 1) + 1,
            "tab-character", Severity.ERROR,
            "There is a tab character here; the fields between the '---' lines must use spaces.",
            "Replace the tab with spaces.",
        )
    bad = (_BAD_ASCII if text.isascii() else _BAD_CHAR).search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1 + line_offset
        column = bad.start() - (before.rfind("\n") + 1) + 1
        return Finding(
            path, line, column, "bad-character", Severity.ERROR,
            f"There is an invisible control character (U+{ord(bad.group()):04X}) here.",
            "Delete it and retype the text around it.",
        )
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > limits.max_depth:
                before = text[: match.start()]
                return Finding(
                    path, before.count("\n") + 1 + line_offset,
                    match.start() - (before.rfind("\n") + 1) + 1, "too-deep", Severity.ERROR,
                    f"Brackets are nested more than {limits.max_depth} levels deep here.",
                    "Story fields are flat: a word, a date, a list of terms.",
                )
        else:
            depth = max(0, depth - 1)
    return None
