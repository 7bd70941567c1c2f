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

This module holds the event reader and `parse_yaml`. The tree's node classes
and `Limits` live in `yamlnodes` and are re-exported here, so callers import
everything from `safeyaml`; the checks on the raw text before any parser runs
are in `yamlprecheck`, and the plain-language syntax errors in `yamlerrors`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import yaml

from ..model.findings import Finding, Severity
from .yamlerrors import syntax_finding
from .yamlnodes import Limits, Mapping, Node, Scalar, Sequence
from .yamlprecheck import precheck

__all__ = ["Limits", "Mapping", "Node", "Scalar", "Sequence", "has_libyaml", "parse_yaml"]

_FAST_PARSER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PURE_PARSER: type = yaml.SafeLoader
_RESOLVER = yaml.resolver.Resolver()
# Syntax that libyaml accepts and PyYAML rejects, found by the property tests:
# a block scalar header directly followed by '#', and '?' inside [ ] or { }.
_PURE_ONLY = re.compile(r"[|>][0-9+-]*#|[\[{][^\]}]*\?")


def _needs_pure(text: str) -> bool:
    """Both alternatives of _PURE_ONLY need a '?' or a '#': skip the regex without them."""
    return ("?" in text or "#" in text) and _PURE_ONLY.search(text) is not None


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


class _Mark(Protocol):
    """A parser position (0-based), from libyaml or PyYAML."""

    line: int
    column: int


def has_libyaml() -> bool:
    """True when PyYAML was built with libyaml (the fast parser)."""
    return _FAST_PARSER is not _PURE_PARSER


class _Stop(Exception):
    """Raised inside the event loop when reading must end at a finding."""


@dataclass
class _Builder:
    path: str
    line_offset: int
    limits: Limits
    findings: list[Finding]
    nodes: int = 0
    anchors: int = 0
    first_anchor: Finding | None = None

    def where(self, mark: _Mark | None) -> tuple[int, int]:
        if mark is None:  # the parsers always give one; the stubs allow None
            return self.line_offset + 1, 1
        return mark.line + 1 + self.line_offset, mark.column + 1

    def add(self, mark: _Mark | None, rule: str, message: str, suggestion: str) -> None:
        line, column = self.where(mark)
        self.findings.append(
            Finding(self.path, line, column, rule, Severity.ERROR, message, suggestion)
        )

    def anchor(self, mark: _Mark | None, shown: str) -> None:
        """Anchors and aliases are reported once per document, with a count."""
        self.anchors += 1
        if self.first_anchor is None:
            line, column = self.where(mark)
            self.first_anchor = Finding(
                self.path, line, column, "yaml-anchor", Severity.ERROR,
                f"'{shown}' is a YAML anchor or alias; they are not allowed here.",
                "Write every value out in full instead of referring to another part.",
            )
            self.findings.append(self.first_anchor)

    def finish(self) -> None:
        if self.first_anchor is not None and self.anchors > 1:
            index = self.findings.index(self.first_anchor)
            self.findings[index] = replace(
                self.first_anchor,
                message=self.first_anchor.message + f" This file has {self.anchors} of them.",
            )

    def check_event(self, event: Any) -> None:
        """Anchors and tags: reported, never followed."""
        if type(event) is not yaml.AliasEvent and event.anchor is not None:
            self.anchor(event.start_mark, f"&{event.anchor}")
        if event.tag is not None:
            shown = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.add(
                event.start_mark,
                "yaml-tag",
                f"'{shown}' is a YAML type tag; tags are not allowed here.",
                "Remove the tag and write the value as plain text, in quotes.",
            )

    def build(self, get: Callable[[], Any], peek: Callable[[], Any], depth: int = 0) -> Node:
        """One node from the parser's events. This is the hot loop of `check`:
        events are compared by exact type and positions computed inline."""
        event = get()
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.add(
                event.start_mark,
                "too-large",
                f"The front matter holds more than {self.limits.max_nodes} values.",
                "A story needs a few dozen at most; remove what does not belong.",
            )
            raise _Stop
        kind_of_event = type(event)
        mark = event.start_mark
        line, column = mark.line + 1 + self.line_offset, mark.column + 1
        if kind_of_event is _ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                self.check_event(event)
            # libyaml reports the plain style as '', PyYAML as None.
            elif event.implicit[0] and not event.style:
                return Scalar(event.value, _plain_kind(event.value), True, line, column)
            return Scalar(event.value, "str", False, line, column)
        if kind_of_event is yaml.AliasEvent:
            self.anchor(mark, f"*{event.anchor}")
            return Scalar("", "null", True, line, column)
        if event.anchor is not None or event.tag is not None:
            self.check_event(event)
        if depth >= self.limits.max_depth:
            self.add(
                mark,
                "too-deep",
                f"Lists and mappings are nested more than {self.limits.max_depth} levels deep here.",
                "Story fields are flat: a word, a date, a list of terms.",
            )
            raise _Stop
        if kind_of_event is yaml.SequenceStartEvent:
            items: list[Node] = []
            previous: Node = Scalar("", "null", True, line, column)
            while type(peek()) is not yaml.SequenceEndEvent:
                previous = _anchor_empty(self.build(get, peek, depth + 1), previous)
                items.append(previous)
            get()
            return Sequence(tuple(items), line, column)
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, int] = {}
        while type(peek()) is not yaml.MappingEndEvent:
            key = self.build(get, peek, depth + 1)
            value = _anchor_empty(self.build(get, peek, depth + 1), key)
            if type(key) is not Scalar:
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
        get()
        return Mapping(tuple(entries), line, column)


_ScalarEvent = yaml.ScalarEvent
_KIND_CACHE: dict[str, str] = {}


def _plain_kind(value: str) -> str:
    """What YAML 1.1 reads an unquoted value as, memoised: field names and
    term slugs repeat in every story."""
    kind = _KIND_CACHE.get(value)
    if kind is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        kind = _KINDS.get(tag, "str")
        if len(_KIND_CACHE) > 100_000:
            _KIND_CACHE.clear()
        _KIND_CACHE[value] = kind
    return kind


def _anchor_empty(node: Node, owner: Node) -> Node:
    """An empty value stands where its key (or the item before it) stands.

    The parsers place an implied empty value differently; its owner's place is
    the same in both, and is what a person looks at."""
    if type(node) is Scalar and node.plain and not node.text:
        return Scalar("", node.kind, True, owner.line, owner.column)
    return node


def _read_events(text: str, loader_class: type, builder: _Builder) -> Node | None:
    loader = loader_class(text)
    get, peek = loader.get_event, loader.peek_event
    try:
        get()  # StreamStart
        if isinstance(peek(), yaml.StreamEndEvent):
            return None
        get()  # DocumentStart
        start = Scalar("", "null", True, builder.line_offset + 1, 1)
        root = _anchor_empty(builder.build(get, peek), start)
        builder.finish()
        get()  # DocumentEnd
        if not isinstance(peek(), yaml.StreamEndEvent):
            mark = peek().start_mark
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
    problem = precheck(text, path=path, line_offset=line_offset, limits=limits)
    if problem is not None:
        return None, [problem]
    builder = _Builder(path, line_offset, limits, findings)
    fast = has_libyaml() if use_libyaml is None else use_libyaml
    loader_class = _FAST_PARSER if fast else _PURE_PARSER
    try:
        root = _read_events(text, loader_class, builder)
        if loader_class is not _PURE_PARSER and (findings or _needs_pure(text)):
            # Text with findings, or syntax the two parsers read differently:
            # the pure parser has the last word, so the result never depends on libyaml.
            return parse_yaml(text, path=path, line_offset=line_offset, limits=limits, use_libyaml=False)
        return root, findings
    except _Stop:
        return None, findings
    except yaml.YAMLError as error:
        if loader_class is not _PURE_PARSER:
            # Explain the error with the pure parser, so the finding is the same
            # with and without libyaml.
            return parse_yaml(
                text, path=path, line_offset=line_offset, limits=limits, use_libyaml=False
            )
        findings[:] = [syntax_finding(error, text, path=path, line_offset=line_offset)]
        return None, findings
