"""The tree that `safeyaml.parse_yaml` returns, and the caps it reads under.

Every node remembers the file line and column it was written at, so that
checks on front matter and the vocabulary can point at the exact value. The
nodes live apart from the parser so that the modules which only walk a tree
(values, validation) need not know how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Union

__all__ = ["Limits", "Mapping", "Node", "Scalar", "Sequence"]


@dataclass(frozen=True)
class Limits:
    """Caps checked before and while parsing, so no input can hang or crash a build."""

    max_chars: int = 32_768
    """Longest front matter, in characters."""
    max_depth: int = 8
    """Deepest nesting of lists and mappings."""
    max_nodes: int = 4_000
    """Most values in one document."""


# The tree's nodes are named tuples: immutable like frozen dataclasses, and a
# story has dozens of them, which frozen dataclasses make measurably slower.
class Scalar(NamedTuple):
    """A single value as written. `kind` is what YAML 1.1 would read it as."""

    text: str
    kind: str
    plain: bool
    line: int
    column: int


class Sequence(NamedTuple):
    """A YAML list."""

    items: tuple[Node, ...]
    line: int
    column: int


class Mapping(NamedTuple):
    """A YAML mapping; keys are scalars, in the order written, without repeats."""

    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        """The value of one key (a linear scan: use `fields()` for many look-ups)."""
        for k, v in self.entries:
            if k.text == key:
                return v
        return None

    def fields(self) -> dict[str, Node]:
        """Every key's value, by key."""
        return {k.text: v for k, v in self.entries}


Node = Union[Scalar, Sequence, Mapping]  # noqa: UP007 - a runtime alias; 3.10 has no `type` statement
