"""Plain-language findings for YAML that the parser rejects.

PyYAML's messages ("mapping values are not allowed here") name parser states,
not what a story writer did wrong. This module turns the pure-Python parser's
error into one finding that says what is wrong and how to fix it, and points
at the quote that was never closed when that is the cause (the parser only
notices it lines later). Only the pure parser's errors are explained, so the
finding does not depend on whether libyaml is installed.
"""

from __future__ import annotations

import re

import yaml

from ..model.findings import Finding, Severity

__all__ = ["syntax_finding"]

# Plain-language explanations of the pure parser's problems, checked in order.
_EXPLAIN: tuple[tuple[str, str, str], ...] = (
    ("'\\t'", "There is a tab character here; YAML needs spaces for indentation.",
     "Replace the tab with spaces."),
    ("mapping values are not allowed", "A colon (:) stands where YAML does not expect one.",
     "If the value itself contains ': ', put the whole value in quotes."),
    ("unexpected end of stream", "A quote or bracket opened here is never closed.",
     "Add the closing quote or bracket."),
    ("unknown escape character", "A backslash inside double quotes starts an unknown escape.",
     "Use single quotes, or write the backslash twice (\\\\)."),
    ("cannot start any token", "A value cannot begin with this character.",
     "Put the whole value in quotes."),
    ("expected ',' or ']'", "This list in [brackets] is not closed properly.",
     "Separate items with commas and end the list with ']'."),
    ("expected ',' or '}'", "This mapping in {braces} is not closed properly.",
     "Separate entries with commas and end it with '}'."),
    ("could not find expected ':'", "YAML expected 'name: value' on this line.",
     "Check the colon after the field name and any quote that is not closed."),
    ("expected <block end>", "This line is indented differently from the lines around it.",
     "Line it up with the other fields (usually no indentation at all)."),
    ("expected <document start>", "Something follows a value where a new field was expected.",
     "Put the value in quotes, or start the next field on its own line."),
)


_VALUE_START = r"""^(?:\s*-\s+|[^:#'"]+:\s+)"""
"""Where a line's value starts: after a list item's dash or a field's name and colon."""
_OPEN_QUOTE = re.compile(_VALUE_START + r"""(?P<quote>["'])""")
_QUOTED_THEN_TEXT = re.compile(_VALUE_START + r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*(?P<rest>[^\s#])""")
"""A value in quotes with more text after its closing quote on the same line."""


def _unclosed_quote(text: str, before_line: int) -> tuple[int, int] | None:
    """The first line (0-based) whose value opens a quote that the line does not close.

    Values may legally continue a quote over several lines, so this is only
    asked once the parser has already failed."""
    for number, line in enumerate(text.split("\n")[: before_line + 1]):
        match = _OPEN_QUOTE.match(line)
        if match is None:
            continue
        quote, rest = match.group("quote"), line[match.end():]
        if quote == '"':
            closed = re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
        else:
            closed = rest.replace("''", "").count("'") >= 1
        if not closed:
            return number, match.start("quote")
    return None


def syntax_finding(error: yaml.YAMLError, text: str, *, path: str, line_offset: int) -> Finding:
    """The finding for the pure parser's `error` on `text`.

    `line_offset` is the number of file lines before `text` starts, so that
    positions are file positions.
    """
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark is not None else (line_offset + 1, 0)
    message, suggestion = (
        "This line is not valid YAML.",
        "Compare it with a story that works; values with special characters go in quotes.",
    )
    for needle, explanation, hint in _EXPLAIN:
        if needle in problem or needle in context:
            message, suggestion = explanation, hint
            break
    quote = _unclosed_quote(text, mark.line if mark is not None else 0)
    if quote is not None:
        line, column = quote[0] + 1 + line_offset, quote[1] + 1
        return Finding(path, line, column, "yaml-syntax", Severity.ERROR,
                       "The quote opened here is not closed on this line.",
                       "Add the closing quote at the end of the value.")
    if mark is not None and "expected <" in problem:
        lines = text.split("\n")
        after = _QUOTED_THEN_TEXT.match(lines[mark.line]) if mark.line < len(lines) else None
        if after is not None and after.start("rest") == mark.column:
            return Finding(path, line, column, "yaml-syntax", Severity.ERROR,
                           "There is more text after the closing quote of this value.",
                           "Put the whole value inside the quotes, or remove what follows the closing quote.")
    if "quoted scalar" in context and "end of stream" in problem:
        start = getattr(error, "context_mark", None)
        if start is not None:
            line, column = start.line + 1 + line_offset, start.column + 1
    return Finding(path, line, column, "yaml-syntax", Severity.ERROR, message, suggestion)
