"""Personal-data scanner: e-mail addresses, phone numbers, card numbers, IBANs and denied names.

Every finding carries the line and column of the match and a masked copy of the
value, so the report itself does not spread the data. A finding can be silenced
with a stated reason: `<!-- story-tools: allow personal-phone because ... -->` on
the same line (or alone on the line before), or `# story-tools: allow ... because ...`
at the end of a front-matter line.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from ..model.findings import Finding, Severity, sort_findings

__all__ = ["PATTERNS", "RULES", "SAFE", "WORDING", "deny_patterns", "iban_ok", "luhn_ok", "normalise_allow",
           "scan_story_file", "scan_text"]

RULES = ("personal-email", "personal-phone", "personal-card", "personal-iban", "denied-name")
"""The rules a suppression comment may name."""

_EMAIL = re.compile(r"(?<![\w.%+\-])[A-Za-z0-9][\w.%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# Digit groups joined by one space, dot or dash, with an optional leading + and
# area code in parentheses. A separator is required between plain groups, so the
# pattern cannot backtrack badly on long digit runs.
_NUMBER = re.compile(
    r"(?<![\w@+.,/:#$€£\-])\+?(?:\(\d{1,5}\)[ .\-]?)?\d+(?:[ .\-]?\(\d{1,5}\)[ .\-]?\d+|[ .\-]\d+)*"
)
# Runs of 7+ digit-like characters, except a lone ISO date (2024-05-31), which
# every story has and which is never a number: most stories need no closer look.
# (The character class comes first so the regex engine can skip ahead to it.)
_GATE = re.compile(r"[+(0-9](?<![0-9][0-9])(?!(?<=[0-9])\d{3}-\d\d-\d\d(?![0-9.\-]| \d))[0-9 .()\-]{6,}")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?!\w)")
_SUPPRESS = re.compile(
    r"<!--\s*story-tools:\s*allow\s+(?P<rules>[\w\-, ]+?)(?:\s+because\b(?P<reason>.*?))?\s*-->"
    r"|#\s*story-tools:\s*allow\s+(?P<yrules>[\w\-, ]+?)(?:\s+because\b(?P<yreason>[^\n]*?))?[ \t]*$",
    re.MULTILINE,
)
_DATE_START = re.compile(r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})(?!\d)")
_GROUP_SEPARATOR = re.compile(r"[ .\-]")

_SAFE_DOMAINS = frozenset({"example.com", "example.org", "example.net"})
_SAFE_TLDS = (".example", ".test", ".invalid")
# Fictional numbers: NANP 555-0100..0199, Ofcom drama ranges (national format).
_FICTION_UK = (("01632960", 3), ("07700900", 3), ("02079460", 3))

_HOW = (
    "Remove it or replace it with a made-up example ({example});"
    " if it must stay, add <!-- story-tools: allow {rule} because ... -->"
)
_EXAMPLES = {
    "personal-email": "such as name@example.com",
    "personal-phone": "such as 555-0123",
    "personal-card": "such as 'the card ending 1234'",
    "personal-iban": "such as 'their bank account'",
    "denied-name": "such as 'the customer'",
}
_WHAT = {
    "personal-email": "a customer's e-mail address",
    "personal-phone": "a personal phone number",
    "personal-card": "a payment card number",
    "personal-iban": "an IBAN bank account number",
    "denied-name": "a name on this archive's deny list",
}
_FOUND = "This looks like {what} ({masked})."
_NO_REASON = "This story-tools allow comment does not say why the data may stay."
_NO_REASON_HINT = ("Add the reason after 'because', e.g."
                   " <!-- story-tools: allow personal-phone because it is our public helpline -->.")

PATTERNS: dict[str, re.Pattern[str]] = {
    "email": _EMAIL, "number": _NUMBER, "gate": _GATE, "iban": _IBAN, "suppress": _SUPPRESS,
    "date_start": _DATE_START, "group_separator": _GROUP_SEPARATOR,
}
"""The scanner's regular expressions by name, for the browser (derived/tellpage.py runs the same rules there)."""
WORDING = {"found": _FOUND, "what": _WHAT, "examples": _EXAMPLES, "how": _HOW,
           "no_reason": _NO_REASON, "no_reason_hint": _NO_REASON_HINT}
"""The findings' words: `found` and `how` are templates ({what}, {masked}; {example}, {rule})."""
SAFE = {"domains": sorted(_SAFE_DOMAINS), "tlds": list(_SAFE_TLDS), "fiction_uk": [list(p) for p in _FICTION_UK]}
"""What is never reported: example domains and top-level domains, fictional numbers (prefix, digits after it)."""


def luhn_ok(digits: str) -> bool:
    """True when a string of digits passes the Luhn check used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    """True when an IBAN (spaces allowed) passes the ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact.isascii():
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def scan_story_file(
    raw_text: str, *, path: str, deny: Sequence[str] = (), allow: Sequence[str] = ()
) -> list[Finding]:
    """Scan a whole story file, front matter and body; line 1 is the file's first line."""
    return scan_text(raw_text, path=path, first_line=1, deny=deny, allow=allow)


def scan_text(
    text: str, *, path: str, first_line: int, deny: Sequence[str] = (), allow: Sequence[str] = ()
) -> list[Finding]:
    """Every piece of personal data in `text`, minus the suppressed ones.

    `first_line` is the file line `text` starts on. Never raises.
    """
    scanner = _Scanner(text, path, first_line)
    if "story-tools" in text:
        text = scanner.read_suppressions()
    allowed = normalise_allow(tuple(allow))
    if "@" in text:
        for m in _EMAIL.finditer(text):
            domain = m.group().rsplit("@", 1)[1].lower()
            if not _domain_allowed(domain, allowed):
                local, _, dom = m.group().partition("@")
                scanner.add("personal-email", m.start(), f"{local[0]}***@{dom}")
    # Cheap gate: only runs of 7+ digit-like characters can hold a number or an IBAN.
    regions = [m.span() for m in _GATE.finditer(text)]
    taken: list[tuple[int, int]] = []
    for s, e in regions:
        for m in _IBAN.finditer(text, max(s - 45, taken[-1][1] if taken else 0), e + 45):
            taken.append(m.span())
            if iban_ok(m.group()) and m.group().replace(" ", "") not in allowed:
                scanner.add("personal-iban", m.start(), _mask(m.group(), keep_start=2, keep_end=2))
    for s, e in regions:
        for m in _NUMBER.finditer(text, s, e):
            _check_number(text, m, taken, allowed, scanner)
    if deny:
        lowered = text.lower()
        for name, pattern in deny_patterns(tuple(deny)):
            if name in lowered:
                for m in pattern.finditer(text):
                    masked = " ".join(w[0] + "***" for w in m.group().split())
                    scanner.add("denied-name", m.start(), masked)
    return sort_findings(scanner.findings)


def _check_number(
    text: str, m: re.Match[str], taken: list[tuple[int, int]], allowed: frozenset[str], scanner: _Scanner
) -> None:
    """Report one candidate number when it is a real-looking phone or card number."""
    end = m.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "_@" or (
            text[end] in ".,:/-" and text[end + 1:end + 2].isdigit())):
        return
    if any(s < end and m.start() < e for s, e in taken):
        return
    rule = _classify(m.group())
    if rule and "".join(filter(str.isdigit, m.group())) not in allowed:
        start = m.group().find(" ") if m.group().startswith("+") else 0
        keep = 4 if rule == "personal-card" else 2
        scanner.add(rule, m.start(), _mask(m.group(), keep_start=max(start, 0), keep_end=keep))


def _classify(value: str) -> str | None:
    """`personal-card`, `personal-phone` or None for one candidate number."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) < 7:
        return None
    marked = value.startswith("+") or "(" in value
    if not marked and 13 <= len(digits) <= 19 and "." not in value and luhn_ok(digits):
        return "personal-card"
    if len(digits) > 15 or _fictional(digits):
        return None
    if marked:
        return "personal-phone"
    groups = _GROUP_SEPARATOR.split(value)
    if len({ch for ch in value if not ch.isdigit()}) != 1 or _DATE_START.search(value):
        return None  # mixed separators or a date: not written like a phone number
    if not 2 <= len(groups) <= 6 or any(len(g) < 2 for g in groups):
        return None
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups):
        return None  # a list of years
    if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return None  # thousands grouping: 12 000 000, 1.200.000
    return "personal-phone"


def _fictional(digits: str) -> bool:
    """Numbers reserved for fiction: NANP 555-01xx and the UK Ofcom drama ranges."""
    if len(digits) in (7, 10, 11) and digits[-7:-2] == "55501" and (len(digits) != 11 or digits[0] == "1"):
        return True
    national = "0" + digits[2:] if digits.startswith("44") else digits
    return any(national.startswith(prefix) and len(national) == len(prefix) + rest
               for prefix, rest in _FICTION_UK)


def _mask(value: str, *, keep_start: int, keep_end: int) -> str:
    """Replace the middle digits and letters of `value` by bullets, keeping separators."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    hidden = {i for i in positions[-keep_end:] if i >= keep_start} if keep_end else set()
    middle = [i for i in positions if i >= keep_start and i not in hidden]
    chars = list(value)
    for i in middle:
        chars[i] = "•"
    return "".join(chars)


def _domain_allowed(domain: str, allowed: frozenset[str]) -> bool:
    if domain.endswith(_SAFE_TLDS):
        return True
    return any(domain == a or domain.endswith("." + a) for a in _SAFE_DOMAINS | allowed)


@functools.lru_cache(maxsize=32)
def normalise_allow(allow: tuple[str, ...]) -> frozenset[str]:
    """Allow entries: domains (lower case, without `@` or `*.`) and numbers (digits only)."""
    out: set[str] = set()
    for entry in allow:
        entry = entry.strip().lower().removeprefix("*.").lstrip("@")
        if any(ch.isalpha() for ch in entry) and not re.fullmatch(r"[a-z]{2}\d{2}[a-z0-9 ]+", entry):
            out.add(entry)
        else:
            out.add("".join(ch for ch in entry if ch.isalnum()).upper())
    return frozenset(e for e in out if e)


@functools.lru_cache(maxsize=32)
def deny_patterns(deny: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(lower-case first word, whole-word case-insensitive pattern) per denied name."""
    out = []
    for name in deny:
        words = name.split()
        if words:
            body = r"\s+".join(re.escape(w) for w in words)
            out.append((words[0].lower(), re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
    return tuple(out)


class _Scanner:
    """Collects findings and applies suppressions; offsets become line and column."""

    def __init__(self, text: str, path: str, first_line: int) -> None:
        self.text, self.path, self.first_line = text, path, first_line
        self.findings: list[Finding] = []
        self.suppressed: set[tuple[int, str]] = set()
        self._starts: list[int] | None = None

    def where(self, offset: int) -> tuple[int, int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        index = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1

    def read_suppressions(self) -> str:
        """Record every suppression and return the text with the comments blanked out."""
        chars = list(self.text)
        for m in _SUPPRESS.finditer(self.text):
            rules = (m.group("rules") or m.group("yrules") or "").replace(",", " ").split()
            reason = (m.group("reason") if m.group("rules") else m.group("yreason")) or ""
            line, column = self.where(m.start())
            if not reason.strip():
                self.findings.append(Finding(
                    self.path, line, column, "suppression-without-reason", Severity.ERROR,
                    _NO_REASON, _NO_REASON_HINT,
                ))
                continue
            line_start = self.text.rfind("\n", 0, m.start()) + 1
            line_end = self.text.find("\n", m.end())
            rest = self.text[m.end():line_end] if line_end >= 0 else self.text[m.end():]
            alone = not (self.text[line_start:m.start()] + rest).strip()
            for rule in rules:
                self.suppressed.add((line, rule))
                if alone:
                    self.suppressed.add((line + 1, rule))
            chars[m.start():m.end()] = " " * (m.end() - m.start())
        return "".join(chars)

    def add(self, rule: str, offset: int, masked: str) -> None:
        line, column = self.where(offset)
        if (line, rule) in self.suppressed:
            return
        self.findings.append(Finding(
            self.path, line, column, rule, Severity.ERROR,
            _FOUND.format(what=_WHAT[rule], masked=masked),
            _HOW.format(example=_EXAMPLES[rule], rule=rule),
        ))
