"""Hostile Markdown in story bodies: HTML that runs code, links that do, links out of the archive.

A story is text a sales rep reads; it never needs a script, a form, an embedded
page or a `javascript:` link, and a story pasted from an e-mail or a web page
may carry them unnoticed. They are findings (errors, so a build stops) with the
exact line and column and words a writer understands:

* `raw-html`: a `<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>`,
  `<form>` (and the like) element, or an `on...=` event attribute on any tag;
* `unsafe-link`: a `javascript:`, `vbscript:`, `data:` or `file:` address in a
  Markdown link or image, a reference definition, an autolink or an HTML
  attribute, also when hidden behind character references or blanks;
* `link-outside-archive`: a relative link or image that climbs (`..`) out of
  the stories folder; nothing outside it is part of a story page.

Fenced code blocks and code spans are skipped: `<script>` between backticks is
shown as text. The build also sanitises every story page's HTML (see
`sanitize`), as defence in depth.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from urllib.parse import unquote

from ..model.findings import Finding, Severity
from ..reading.mdlinks import mask_code

__all__ = ["BAD_SCHEMES", "FORBIDDEN_ELEMENTS", "MAX_TAG", "PATTERNS", "WORDING", "bad_scheme", "scan_body"]

FORBIDDEN_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
    "textarea", "select", "base", "meta", "link", "noscript", "template",
})
"""Elements that run code, restyle or replace the page, embed another page or ask for input."""
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")

_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
_TAG_REST = re.compile(r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*")
MAX_TAG = 8192
"""Attributes are read this far into a tag at most, so that no input makes the scan quadratic
(a longer tag is left to the build's sanitiser)."""
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_INLINE_DEST = re.compile(r"\]\(\s*(<[^<>\n]*>|[^\s)]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")

_RUN_CODE_HINT = "Remove it: a story is plain text with Markdown. To show HTML as an example, put it between backticks."
_ATTRIBUTE_HINT = "Remove the attribute (or the whole tag): a story is plain text with Markdown."
_LINK_HINT = "Link to a web page by its full address (https://...), or to another story with [[its-id]]."
_ELEMENT = ("The story contains an HTML <{name}> element, which could run code, change the page or ask readers"
            " for data.")
_EVENT_ATTRIBUTE = "The <{name}> HTML tag has an '{attribute}' attribute, which runs code when the page is read."
_OUTSIDE = "The link '{address}' leaves the stories folder; nothing outside it is part of a story page."
_UNSAFE_LINK = "This address starts with '{scheme}', which {what}."
_SCHEME_WHAT = {
    "javascript:": "runs code instead of opening a page",
    "vbscript:": "runs code instead of opening a page",
    "data:": "hides content inside the address instead of pointing to a page",
    "file:": "points at a file on someone's computer",
}

PATTERNS: dict[str, re.Pattern[str]] = {
    "tag_start": _TAG_START, "tag_rest": _TAG_REST, "attribute": _ATTRIBUTE, "autolink": _AUTOLINK,
    "inline_dest": _INLINE_DEST, "reference": _REFERENCE, "scheme": _SCHEME, "blanks": _BLANKS, "escaped": _ESCAPED,
}
"""The scanner's regular expressions by name, for the browser (derived/tellpage.py runs the same rules there)."""
WORDING = {"element": _ELEMENT, "event_attribute": _EVENT_ATTRIBUTE, "outside": _OUTSIDE, "unsafe_link": _UNSAFE_LINK,
           "scheme_what": _SCHEME_WHAT, "run_code_hint": _RUN_CODE_HINT, "attribute_hint": _ATTRIBUTE_HINT,
           "link_hint": _LINK_HINT}
"""The findings' words; templates take {name}, {attribute}, {address}, {scheme} and {what}."""


def bad_scheme(address: str) -> str | None:
    """The dangerous scheme an address starts with (`javascript:`...), as a browser would read it, or None."""
    decoded = _BLANKS.sub("", html.unescape(_ESCAPED.sub(r"\1", address))).lower()
    for scheme in BAD_SCHEMES:
        if decoded.startswith(scheme):
            return scheme
    return None


def scan_body(body: str, *, path: str, first_line: int, depth: int = 0) -> list[Finding]:
    """Every hostile construct in a story body; `first_line` is the file line the body starts on.

    `depth` is how many folders the story file is below the stories folder, so
    that `..` which stays inside it is allowed. Never raises.
    """
    if "<" not in body and "](" not in body and "]:" not in body:
        return []
    text = mask_code(body)
    scan = _Scan(body, path, first_line)
    if "<" in text:
        _scan_html(text, scan)
    for m in _INLINE_DEST.finditer(text):
        _check_address(m.group(1), m.start(1), depth, scan)
    if "]:" in text:
        for m in _REFERENCE.finditer(text):
            _check_address(m.group(1), m.start(1), depth, scan)
    return sorted(scan.findings)


def _scan_html(text: str, scan: _Scan) -> None:
    for m in _AUTOLINK.finditer(text):
        scheme = bad_scheme(m.group(1))
        if scheme:
            scan.unsafe_link(m.start(), scheme)
    pos = 0
    while (tag := _TAG_START.search(text, pos)) is not None:
        rest = _TAG_REST.match(text, tag.end(), tag.end() + MAX_TAG)
        pos = max(rest.end() if rest else tag.end(), tag.end())  # scanning goes on after the tag: linear
        name = tag.group(2).lower()
        if tag.group(1):  # an end tag: its opening tag was reported
            continue
        if name in FORBIDDEN_ELEMENTS:
            scan.add(tag.start(), "raw-html", _ELEMENT.format(name=name), _RUN_CODE_HINT)
            continue
        attributes = text[tag.end():pos]
        for a in _ATTRIBUTE.finditer(attributes):
            offset = tag.end() + a.start()
            attribute = a.group(1).lower()
            if attribute.startswith("on"):
                scan.add(offset, "raw-html", _EVENT_ATTRIBUTE.format(name=name, attribute=attribute),
                         _ATTRIBUTE_HINT)
            elif a.group(2):
                scheme = bad_scheme(a.group(2).strip("\"'"))
                if scheme:
                    scan.unsafe_link(offset, scheme)


def _check_address(written: str, offset: int, depth: int, scan: _Scan) -> None:
    address = written[1:-1] if written.startswith("<") else written
    scheme = bad_scheme(address)
    if scheme:
        scan.unsafe_link(offset, scheme)
        return
    # Browsers read %2e%2e as '..' and a backslash as '/'.
    path = unquote(address.split("#")[0].split("?")[0]).replace("\\", "/")
    if _SCHEME.match(address) or path.startswith(("/", "#")) or ".." not in path:
        return
    target = posixpath.normpath(posixpath.join(*(["d"] * depth), path))
    if target == ".." or target.startswith("../"):
        scan.add(offset, "link-outside-archive", _OUTSIDE.format(address=address), _LINK_HINT)


class _Scan:
    """Collects findings; body offsets become file lines and columns."""

    def __init__(self, body: str, path: str, first_line: int) -> None:
        self.body, self.path, self.first_line = body, path, first_line
        self.findings: list[Finding] = []
        self._starts: list[int] | None = None
        self._seen: set[tuple[int, str]] = set()

    def add(self, offset: int, rule: str, message: str, suggestion: str) -> None:
        if (offset, rule) in self._seen:  # `[x](<javascript:...>)` is also an autolink
            return
        self._seen.add((offset, rule))
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.body)]
        index = bisect.bisect_right(self._starts, offset) - 1
        self.findings.append(Finding(
            self.path, self.first_line + index, offset - self._starts[index] + 1, rule, Severity.ERROR,
            message, suggestion,
        ))

    def unsafe_link(self, offset: int, scheme: str) -> None:
        self.add(offset, "unsafe-link", _UNSAFE_LINK.format(scheme=scheme, what=_SCHEME_WHAT[scheme]), _LINK_HINT)
