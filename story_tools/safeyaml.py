"""A strict, position-keeping YAML reader for front matter and the vocabulary.

Why not `yaml.safe_load`: it cannot say on which line a value stands, it keeps
the last of two equal keys, expands alias bombs, and the C loader's recursive
composer crashes the process on very deep nesting. This module reads the
parser's *events* (libyaml's parser and PyYAML's are both non-recursive state
machines) and builds a small tree of `Scalar`, `Sequence` and `Mapping` nodes
that remember their line and column. Nothing is composed or constructed, so
anchors, aliases and tags are reported, never followed.

libyaml is only a speed-up. When it rejects a text, the text is parsed again
with the pure-Python parser and *that* error is reported, so findings are the
same with and without libyaml (their error wording and positions differ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import yaml

from .findings import Finding, Severity

__all__ = [
    "Limits",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "has_libyaml",
    "parse_yaml",
]

_FAST_PARSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PURE_PARSER: type = yaml.SafeLoader
_RESOLVER = yaml.resolver.Resolver()
_KINDS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:merge": "str",
    "tag:yaml.org,2002:value": "str",
    "tag:yaml.org,2002:yaml": "str",
}
# The characters PyYAML's reader refuses, plus the line breaks that YAML
# counts and editors do not (they would shift every line number after them).
_BAD_CHAR = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def has_libyaml() -> bool:
    """True when PyYAML was built with libyaml (the fast parser)."""
    return _FAST_PARSER is not _PURE_PARSER


@dataclass(frozen=True)
class Limits:
    """Caps checked before and while parsing, so no input can hang or crash a build."""

    max_chars: int = 32_768
    """Longest front matter, in characters."""
    max_depth: int = 8
    """Deepest nesting of lists and mappings."""
    max_nodes: int = 4_000
    """Most values in one document."""


@dataclass(frozen=True)
class Scalar:
    """A single value as written. `kind` is what YAML 1.1 would read it as."""

    text: str
    kind: str
    plain: bool
    line: int
    column: int


@dataclass(frozen=True)
class Sequence:
    """A YAML list."""

    items: tuple[Node, ...]
    line: int
    column: int


@dataclass(frozen=True)
class Mapping:
    """A YAML mapping; keys are scalars, in the order written, without repeats."""

    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        for k, v in self.entries:
            if k.text == key:
                return v
        return None


Node = Union[Scalar, Sequence, Mapping]


class _Stop(Exception):
    """Raised inside the event loop when reading must end at a finding."""


@dataclass
class _Builder:
    path: str
    line_offset: int
    limits: Limits
    findings: list[Finding]
    nodes: int = 0

    def where(self, mark: yaml.Mark) -> tuple[int, int]:
        return mark.line + 1 + self.line_offset, mark.column + 1

    def add(self, mark: yaml.Mark, rule: str, message: str, suggestion: str) -> None:
        line, column = self.where(mark)
        self.findings.append(
            Finding(self.path, line, column, rule, Severity.ERROR, message, suggestion)
        )

    def check_event(self, event: yaml.Event) -> None:
        if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None) is not None:
            self.add(
                event.start_mark,
                "yaml-anchor",
                f"'&{event.anchor}' marks a YAML anchor; anchors and aliases are not allowed here.",
                "Write the value out in full instead of referring to another part.",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.add(
                event.start_mark,
                "yaml-tag",
                f"'{shown}' is a YAML type tag; tags are not allowed here.",
                "Remove the tag and write the value as plain text, in quotes.",
            )

    def build(self, events: object, depth: int = 0) -> Node:
        # Iterative over siblings, recursive only over depth, which is capped.
        event = next(events)  # type: ignore[call-overload]
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.add(
                event.start_mark,
                "too-large",
                f"The front matter holds more than {self.limits.max_nodes} values.",
                "A story needs a few dozen at most; remove what does not belong.",
            )
            raise _Stop
        self.check_event(event)
        line, column = self.where(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self.add(
                event.start_mark,
                "yaml-anchor",
                f"'*{event.anchor}' refers to a YAML anchor; anchors and aliases are not allowed here.",
                "Write the value out in full instead of referring to another part.",
            )
            return Scalar("", "null", True, line, column)
        if isinstance(event, yaml.ScalarEvent):
            # libyaml reports the plain style as '', PyYAML as None.
            plain = event.implicit[0] and not event.style
            kind = "str"
            if plain:
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
                kind = _KINDS.get(tag, "str")
            return Scalar(event.value, kind, plain, line, column)
        if depth >= self.limits.max_depth:
            self.add(
                event.start_mark,
                "too-deep",
                f"Lists and mappings are nested more than {self.limits.max_depth} levels deep here.",
                "Story fields are flat: a word, a date, a list of terms.",
            )
            raise _Stop
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Node] = []
            while not _peek_is(events, yaml.SequenceEndEvent):
                items.append(self.build(events, depth + 1))
            next(events)  # type: ignore[call-overload]
            return Sequence(tuple(items), line, column)
        if isinstance(event, yaml.MappingStartEvent):
            entries: list[tuple[Scalar, Node]] = []
            seen: dict[str, int] = {}
            while not _peek_is(events, yaml.MappingEndEvent):
                key = self.build(events, depth + 1)
                value = self.build(events, depth + 1)
                if not isinstance(key, Scalar):
                    self.findings.append(
                        Finding(
                            self.path, key.line, key.column, "complex-key", Severity.ERROR,
                            "A list or mapping is used as a field name.",
                            "Field names are single words such as 'title'.",
                        )
                    )
                    continue
                if key.text in seen:
                    self.findings.append(
                        Finding(
                            self.path, key.line, key.column, "duplicate-key", Severity.ERROR,
                            f"'{key.text}' is given twice in the same block (first on line {seen[key.text]}).",
                            "Keep one of them; for several values use a list: [a, b].",
                        )
                    )
                    continue
                seen[key.text] = key.line
                entries.append((key, value))
            next(events)  # type: ignore[call-overload]
            return Mapping(tuple(entries), line, column)
        raise _Stop  # pragma: no cover - the parser yields no other node events


class _Events:
    """An event iterator with one event of look-ahead."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader

    def __next__(self) -> yaml.Event:
        return self.loader.get_event()

    def peek(self) -> yaml.Event:
        return self.loader.peek_event()


def _peek_is(events: object, kind: type) -> bool:
    return isinstance(events.peek(), kind)  # type: ignore[attr-defined]


def _precheck(text: str, builder: _Builder, limits: Limits) -> bool:
    """Size, characters and bracket depth, before any parser sees the text."""
    if len(text) > limits.max_chars:
        builder.findings.append(
            Finding(
                builder.path, builder.line_offset + 1, 1, "too-large", Severity.ERROR,
                f"The front matter is {len(text):,} characters long; the limit is {limits.max_chars:,}.",
                "Move long text into the story body below the closing '---'.",
            )
        )
        return False
    bad = _BAD_CHAR.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1 + builder.line_offset
        column = bad.start() - (before.rfind("\n") + 1) + 1
        builder.findings.append(
            Finding(
                builder.path, line, column, "bad-character", Severity.ERROR,
                f"There is an invisible control character (U+{ord(bad.group()):04X}) here.",
                "Delete it and retype the text around it.",
            )
        )
        return False
    depth = 0
    for number, line_text in enumerate(text.split("\n")):
        for column, char in enumerate(line_text):
            if char in "[{":
                depth += 1
                if depth > limits.max_depth:
                    builder.findings.append(
                        Finding(
                            builder.path, number + 1 + builder.line_offset, column + 1,
                            "too-deep", Severity.ERROR,
                            f"Brackets are nested more than {limits.max_depth} levels deep here.",
                            "Story fields are flat: a word, a date, a list of terms.",
                        )
                    )
                    return False
            elif char in "]}":
                depth = max(0, depth - 1)
    return True


def _read_events(text: str, loader_class: type, builder: _Builder) -> Node | None:
    loader = loader_class(text)
    try:
        events = _Events(loader)
        next(events)  # StreamStart
        if isinstance(events.peek(), yaml.StreamEndEvent):
            return None
        next(events)  # DocumentStart
        root = builder.build(events)
        next(events)  # DocumentEnd
        if not isinstance(events.peek(), yaml.StreamEndEvent):
            mark = events.peek().start_mark
            builder.add(
                mark, "yaml-syntax", "A second YAML document starts here.",
                "Front matter is one block; remove the extra '---' or '...' line.",
            )
        return root
    finally:
        loader.dispose()


def parse_yaml(
    text: str,
    *,
    path: str,
    line_offset: int = 0,
    limits: Limits | None = None,
    use_libyaml: bool | None = None,
) -> tuple[Node | None, list[Finding]]:
    """Read one YAML document into a position-keeping tree.

    `line_offset` is the number of file lines before `text` starts, so that
    positions are file positions. Returns the tree (None when nothing could be
    read or the document is empty) and the findings; never raises for any input.
    """
    limits = limits or Limits()
    findings: list[Finding] = []
    builder = _Builder(path, line_offset, limits, findings)
    if not _precheck(text, builder, limits):
        return None, findings
    fast = has_libyaml() if use_libyaml is None else use_libyaml
    loader_class = _FAST_PARSER if fast else _PURE_PARSER
    try:
        return _read_events(text, loader_class, builder), findings
    except _Stop:
        return None, findings
    except yaml.YAMLError as error:
        if loader_class is not _PURE_PARSER:
            # Explain the error with the pure parser, so the finding is the same
            # with and without libyaml.
            return parse_yaml(
                text, path=path, line_offset=line_offset, limits=limits, use_libyaml=False
            )
        findings[:] = [_syntax_finding(error, builder)]
        return None, findings


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


def _syntax_finding(error: yaml.YAMLError, builder: _Builder) -> Finding:
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = builder.where(mark) if mark is not None else (builder.line_offset + 1, 0)
    message, suggestion = (
        "This line is not valid YAML.",
        "Compare it with a story that works; values with special characters go in quotes.",
    )
    for needle, text, hint in _EXPLAIN:
        if needle in problem or needle in context:
            message, suggestion = text, hint
            break
    if "quoted scalar" in context and "end of stream" in problem:
        start = getattr(error, "context_mark", None)
        if start is not None:
            line, column = builder.where(start)
    return Finding(builder.path, line, column, "yaml-syntax", Severity.ERROR, message, suggestion)
