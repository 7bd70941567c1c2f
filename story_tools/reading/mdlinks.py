"""Finds link candidates in Markdown: `[[id]]` and inline `[text](destination)` links.

Only the syntax is read here; which story a candidate names is decided in
`links`. Fenced code blocks and inline code spans are skipped, and images
(`![alt](src)`) are not links. Every candidate keeps its offsets into the body
as written, so it can be reported at its line and column and rewritten in
place without touching the text around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["FENCE_OPEN", "Candidate", "candidates", "mask_code"]

_MASK = "\x00"
"""Stands in for each character of code, so offsets and line breaks stay put."""

_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
FENCE_OPEN = _FENCE_OPEN
"""A line that opens a fenced code block (whole line): the browser masks code the same way."""
_WIKI = re.compile(r"\[\[([^\[\]|\n\x00]*)(?:\|([^\[\]\n]*))?\]\]")
_TITLE_CLOSE = {'"': '"', "'": "'", "(": ")"}


@dataclass(frozen=True)
class Candidate:
    """Something in a body that looks like a story link, before resolution."""

    start: int
    end: int
    wiki: bool
    ref: str
    """The id (`[[id]]`, anchor split off) or the destination as written (Markdown link)."""
    anchor: str | None
    text: str | None
    tail: str = ""
    """What follows the destination inside the parentheses (a link title), kept on rewrite."""


def candidates(body: str) -> Iterator[Candidate]:
    """Every `[[...]]` and inline Markdown link outside code, in reading order."""
    for offset, text, masked in _paragraphs(body):
        for candidate in _scan(text, masked):
            yield Candidate(
                candidate.start + offset, candidate.end + offset, candidate.wiki, candidate.ref,
                candidate.anchor, candidate.text, candidate.tail,
            )


def mask_code(body: str) -> str:
    """`body` with fenced code blocks and code spans masked (NUL characters), same length and line breaks."""
    parts: list[str] = []
    done = 0
    for offset, _, masked in _paragraphs(body):
        parts += [_blank(body[done:offset]), masked]
        done = offset + len(masked)
    parts.append(_blank(body[done:]))
    return "".join(parts)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", _MASK, text)


def _paragraphs(body: str) -> Iterator[tuple[int, str, str]]:
    """Runs of non-blank lines outside fenced code: (offset, text, text with code spans masked)."""
    fence: tuple[str, int] | None = None
    start: int | None = None
    offset = 0
    for line in body.split("\n"):
        end = offset + len(line)
        is_text = False
        if fence is not None:
            stripped = line.strip(" \t")
            if stripped.startswith(fence[0] * fence[1]) and not stripped.strip(fence[0]):
                fence = None
        elif opener := _FENCE_OPEN.fullmatch(line):
            marks, info = opener.groups()
            if marks[0] == "~" or "`" not in info:
                fence = (marks[0], len(marks))
            else:
                is_text = True
        else:
            is_text = bool(line.strip())
        if is_text and start is None:
            start = offset
        elif not is_text and start is not None:
            yield start, body[start : offset - 1], _mask_code_spans(body[start : offset - 1])
            start = None
        offset = end + 1
    if start is not None:
        yield start, body[start:], _mask_code_spans(body[start:])


def _mask_code_spans(text: str) -> str:
    """`text` with every code span (backticks included) masked, line breaks kept."""
    chars = list(text)
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char != "`":
            i += 1
            continue
        j = i
        while j < n and text[j] == "`":
            j += 1
        closing = re.compile(rf"(?<!`){'`' * (j - i)}(?!`)").search(text, j)
        if closing is None:
            i = j
            continue
        for k in range(i, closing.end()):
            if chars[k] != "\n":
                chars[k] = _MASK
        i = closing.end()
    return "".join(chars)


def _scan(text: str, masked: str) -> Iterator[Candidate]:
    """Candidates in one paragraph; offsets relative to it."""
    i, n = 0, len(masked)
    while i < n:
        char = masked[i]
        if char == "\\":
            i += 2
            continue
        if char != "[":
            i += 1
            continue
        wiki = _WIKI.match(masked, i)
        if wiki is not None:
            ref, hash_sign, anchor = wiki.group(1).strip().partition("#")
            if ref.strip():
                label = text[wiki.start(2) : wiki.end(2)].strip() if wiki.group(2) is not None else ""
                yield Candidate(
                    i, wiki.end(), True, ref.strip(), anchor.strip() if hash_sign else None, label or None,
                )
                i = wiki.end()
                continue
        parsed = _inline_link(masked, i)
        if parsed is None:
            i += 1
            continue
        text_end, dest_start, dest_end, end = parsed
        image = i > 0 and masked[i - 1] == "!" and not (i > 1 and masked[i - 2] == "\\")
        if not image:
            destination = text[dest_start:dest_end]
            if destination.startswith("<"):
                destination = destination[1:-1]
            label = text[i + 1 : text_end]
            tail = text[dest_end : end - 1]
            yield Candidate(i, end, False, destination, None, label if label.strip() else None, tail)
        i = end


def _inline_link(s: str, i: int) -> tuple[int, int, int, int] | None:
    """An inline link `[text](destination "title")` starting at `s[i] == "["`:
    the offsets of the closing `]`, of the destination and after the closing `)`."""
    n = len(s)
    depth, j = 0, i
    while j < n:
        char = s[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        j += 1
    else:
        return None
    if j + 1 >= n or s[j + 1] != "(":
        return None
    k = _skip_space(s, j + 2)
    dest_start = k
    if k < n and s[k] == "<":
        close = s.find(">", k + 1)
        if close < 0 or "\n" in s[k:close]:
            return None
        k = close + 1
    else:
        parens = 0
        while k < n:
            char = s[k]
            if char == "\\":
                k += 2
                continue
            if char.isspace() or char < " ":
                break
            if char == "(":
                parens += 1
            elif char == ")":
                if parens == 0:
                    break
                parens -= 1
            k += 1
        k = min(k, n)
    dest_end = k
    if dest_end == dest_start:
        return None
    k = _skip_space(s, k)
    if k < n and s[k] in _TITLE_CLOSE and k > dest_end:
        closing = _TITLE_CLOSE[s[k]]
        k += 1
        while k < n and s[k] != closing:
            k += 2 if s[k] == "\\" else 1
        k = _skip_space(s, k + 1)
    if k < n and s[k] == ")":
        return j, dest_start, dest_end, k + 1
    return None


def _skip_space(s: str, k: int) -> int:
    while k < len(s) and s[k] in " \t\n":
        k += 1
    return k
