"""Python regular expressions as JavaScript ones with the same matches.

The Tell-a-story page runs the checkers' own patterns in the browser. Most of
their syntax means the same in Python's `re` and in a JavaScript RegExp with
the `u` flag; what does not is rewritten here, and anything else is refused
(`UntranslatableRegex`), so a pattern is never sent to the browser meaning
something else:

* the character classes `\\w`, `\\d`, `\\s` and `\\b` are Unicode-wide in
  Python and ASCII-only in JavaScript, and the common subset has no spelling
  of Python's (Python has no `\\p{...}`): they become `[\\p{L}\\p{N}_]`,
  `\\p{Nd}` and the exact set of characters `str.isspace` accepts;
* `.`, `^` and `$` stop at `\\r`, U+2028 and U+2029 in JavaScript, and
  Python's `$` also matches before a final newline: they become lookarounds;
* `(?P<name>...)` becomes `(?<name>...)`; escapes JavaScript's `u` mode does not
  allow (`\\"`, `\\-` outside brackets, `\\ `) become the character itself;
  a `{` or `]` that Python reads as a character is escaped.

Offsets differ as the two languages count strings: Python by code point,
JavaScript by UTF-16 unit; the page converts (story-rules.js).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["JsRegex", "UntranslatableRegex", "js_regex"]

_WORD = r"\p{L}\p{N}_"
_SYNTAX = set("^$\\.*+?()[]{}|/")
_SIMPLE_ESCAPES = {"n": "\\n", "t": "\\t", "r": "\\r", "f": "\\f", "v": "\\v", "a": "\\x07"}
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _space_ranges() -> str:
    """The characters of Python's `\\s` (str.isspace) as class ranges, escaped."""
    chars = [code for code in range(0x3001) if chr(code).isspace()]  # none above U+3000
    ranges: list[tuple[int, int]] = []
    for code in chars:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


_SPACE = _space_ranges()


class UntranslatableRegex(ValueError):
    """A construct of the pattern has no JavaScript spelling with the same matches here."""


@dataclass(frozen=True)
class JsRegex:
    """A JavaScript RegExp: `new RegExp(source, flags)`."""

    source: str
    flags: str


def js_regex(pattern: re.Pattern[str]) -> JsRegex:
    """The JavaScript RegExp that finds what `pattern` finds (flags: `u`, and `i` for IGNORECASE)."""
    flags = pattern.flags & ~re.UNICODE
    unsupported = flags & ~(re.IGNORECASE | re.MULTILINE | re.DOTALL)
    if unsupported:
        raise UntranslatableRegex(f"flags {re.RegexFlag(unsupported)!r} of {pattern.pattern!r}")
    source = _Translator(pattern.pattern, bool(flags & re.MULTILINE), bool(flags & re.DOTALL)).run()
    return JsRegex(source, "iu" if flags & re.IGNORECASE else "u")


class _Translator:
    def __init__(self, source: str, multiline: bool, dotall: bool) -> None:
        self.source, self.multiline, self.dotall = source, multiline, dotall
        self.out: list[str] = []
        self.i = 0

    def fail(self, what: str) -> UntranslatableRegex:
        return UntranslatableRegex(f"{what} at {self.i} of {self.source!r}")

    def run(self) -> str:
        s = self.source
        while self.i < len(s):
            char = s[self.i]
            if char == "\\":
                self.out.append(self.escape(in_class=False))
            elif char == "[":
                self.char_class()
            elif char == "(":
                self.group()
            elif char == ".":
                self.out.append("[\\s\\S]" if self.dotall else "[^\\n]")
                self.i += 1
            elif char == "^":
                self.out.append("(?<![^\\n])" if self.multiline else "(?<![\\s\\S])")
                self.i += 1
            elif char == "$":
                self.out.append("(?![^\\n])" if self.multiline else "(?=\\n?(?![\\s\\S]))")
                self.i += 1
            elif char == "{":
                self.brace()
            elif char in "}]":
                self.out.append("\\" + char)
                self.i += 1
            elif char in "*+?" and s[self.i + 1 : self.i + 2] == "+":
                raise self.fail("a possessive quantifier")
            else:
                self.out.append(char)
                self.i += 1
        return "".join(self.out)

    def brace(self) -> None:
        quantifier = _QUANTIFIER.match(self.source, self.i)
        if quantifier is None or not (quantifier.group(1) or quantifier.group(3)):
            self.out.append("\\{")  # Python reads it as the character
            self.i += 1
            return
        low, comma, high = quantifier.groups()
        self.out.append(f"{{{low or 0}{comma}{high}}}")
        self.i = quantifier.end()
        if self.source[self.i : self.i + 1] == "+":
            raise self.fail("a possessive quantifier")

    def group(self) -> None:
        s, i = self.source, self.i
        if not s.startswith("(?", i):
            self.out.append("(")
            self.i += 1
            return
        for prefix in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
            if s.startswith(prefix, i):
                self.out.append(prefix)
                self.i += len(prefix)
                return
        named = re.compile(r"\(\?P<(\w+)>").match(s, i)
        if named:
            self.out.append(f"(?<{named.group(1)}>")
            self.i = named.end()
            return
        backref = re.compile(r"\(\?P=(\w+)\)").match(s, i)
        if backref:
            self.out.append(f"\\k<{backref.group(1)}>")
            self.i = backref.end()
            return
        raise self.fail("a group JavaScript reads otherwise (inline flags, comments, conditions, atomic)")

    def char_class(self) -> None:
        s = self.source
        self.out.append("[")
        self.i += 1
        if s.startswith("^", self.i):
            self.out.append("^")
            self.i += 1
        if s.startswith("]", self.i):  # a leading ] is a character in Python
            self.out.append("\\]")
            self.i += 1
        while self.i < len(s) and s[self.i] != "]":
            if s[self.i] == "\\":
                self.out.append(self.escape(in_class=True))
            else:
                self.out.append(s[self.i])
                self.i += 1
        if self.i >= len(s):
            raise self.fail("an unclosed character class")
        self.out.append("]")
        self.i += 1

    def escape(self, *, in_class: bool) -> str:
        s = self.source
        char = s[self.i + 1 : self.i + 2]
        if not char:
            raise self.fail("a trailing backslash")
        self.i += 2
        classes = {"w": _WORD, "d": "\\p{Nd}", "s": _SPACE}
        if char in classes:
            return classes[char] if in_class else f"[{classes[char]}]"
        if char == "D":
            return "\\P{Nd}"
        if char in "WS" and not in_class:
            return f"[^{classes[char.lower()]}]"
        if char == "b" and in_class:
            return "\\x08"
        if char in "bB":
            word = f"[{_WORD}]"
            at = f"(?<={word})(?!{word})|(?<!{word})(?={word})"
            inside = f"(?<={word})(?={word})|(?<!{word})(?!{word})"
            return f"(?:{at if char == 'b' else inside})"
        if char in "AZ":
            return "(?<![\\s\\S])" if char == "A" else "(?![\\s\\S])"
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        if char == "x":
            return self.hex_escape(2, "\\x")
        if char == "u":
            return self.hex_escape(4, "\\u")
        if char == "U":
            digits = s[self.i : self.i + 8]
            self.i += 8
            return f"\\u{{{int(digits, 16):x}}}"
        if char.isdigit() and char != "0" and not in_class and not s[self.i : self.i + 1].isdigit():
            return "\\" + char  # a back-reference to group 1-9
        if char.isalnum() or char == "_":
            raise self.fail(f"the escape \\{char}")
        if char in _SYNTAX or (in_class and char == "-"):
            return "\\" + char
        return char

    def hex_escape(self, width: int, prefix: str) -> str:
        digits = self.source[self.i : self.i + width]
        if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail("a short hexadecimal escape")
        self.i += width
        return prefix + digits
