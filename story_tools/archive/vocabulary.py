"""The controlled vocabulary: dimensions (touchpoint, principle, ...) and their terms.

The vocabulary is a YAML file in the archive (`vocabulary.yml` by default);
adding a dimension is adding a block to that file, never code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model.findings import Finding, Severity
from ..reading.safeyaml import Limits, Mapping, parse_yaml
from ..reading.values import ValueReader

__all__ = ["SLUG", "Dimension", "Term", "Vocabulary", "load_vocabulary", "parse_vocabulary"]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Slugs and aliases: lowercase letters and digits, separated by single hyphens."""

_VOCABULARY_LIMITS = Limits(max_chars=2_000_000, max_depth=8, max_nodes=200_000)
_RESERVED = frozenset(
    ["title", "date", "summary", "customer", "team", "author", "quote", "metrics", "related", "visibility", "consent",
     # addresses the site already uses for its own pages and files
     "stories", "coverage", "assets", "search", "brief", "tell",
     # address parameters of the browse and brief pages (browse.BROWSE_PARAMETERS)
     "q", "sort", "n"]
)


@dataclass(frozen=True)
class Term:
    """One value of a dimension, such as principle `keep-them-informed`."""

    dimension: str
    slug: str
    label: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    """A way of tagging stories, with its fixed list of terms."""

    name: str
    label: str
    description: str
    required: bool
    terms: tuple[Term, ...]
    _lookup: dict[str, Term] = field(default_factory=dict, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for name in (term.slug, *term.aliases):
                self._lookup.setdefault(name, term)

    def find(self, name: str) -> Term | None:
        """The term with this slug or alias, or None."""
        return self._lookup.get(name)

    def names(self) -> list[str]:
        """Every slug and alias, in vocabulary order."""
        return list(self._lookup)

    def term(self, slug: str) -> Term:
        """The term with this slug (KeyError when there is none)."""
        found = self._lookup.get(slug)
        if found is None or found.slug != slug:
            raise KeyError(slug)
        return found


@dataclass(frozen=True)
class Vocabulary:
    """All dimensions, in the order the vocabulary file lists them."""

    dimensions: tuple[Dimension, ...]
    path: str = "vocabulary.yml"

    def dimension(self, name: str) -> Dimension | None:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.dimensions)


def load_vocabulary(path: Path, shown: str) -> tuple[Vocabulary, list[Finding]]:
    """Read and check the vocabulary file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        problem = "is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "could not be read"
        return Vocabulary((), shown), [
            Finding(shown, 0, 0, "no-vocabulary", Severity.ERROR,
                    f"The vocabulary file {problem}; every story needs it to be checked.",
                    "Check the 'vocabulary' option of the story-tools plugin in mkdocs.yml.")
        ]
    return parse_vocabulary(text.replace("\r\n", "\n"), shown)


def parse_vocabulary(text: str, shown: str) -> tuple[Vocabulary, list[Finding]]:
    """Check vocabulary YAML text; returns what could be read and the findings."""
    root, findings = parse_yaml(text, path=shown, limits=_VOCABULARY_LIMITS)
    reader = ValueReader(shown)
    dimensions: list[Dimension] = []
    if root is not None and not findings:
        top = reader.mapping(root, "the vocabulary file")
        if top is not None:
            reader.check_keys(top, ["dimensions"], "the vocabulary file")
            block = top.get("dimensions")
            block = reader.mapping(block, "dimensions") if block is not None else None
            for key, node in block.entries if block else ():
                dimension = _read_dimension(reader, key.text, node, key.line)
                if dimension is not None:
                    dimensions.append(dimension)
    elif root is None and not findings:
        reader.error((1, 1), "no-vocabulary", "The vocabulary file is empty.",
                     "List the dimensions and their terms; see the README.")
    return Vocabulary(tuple(dimensions), shown), findings + reader.findings


def _read_dimension(reader: ValueReader, name: str, node: object, line: int) -> Dimension | None:
    if name in _RESERVED or not SLUG.match(name):
        reader.error((line, 1), "bad-dimension",
                     f"'{name}' cannot be a dimension name (it is a story field, an address the site "
                     "uses, or not a slug).",
                     "Choose a lowercase name such as 'channel'.")
        return None
    block = reader.mapping(node, name)  # type: ignore[arg-type]
    if block is None:
        return None
    reader.check_keys(block, ["label", "description", "required", "terms"], "a dimension")
    label = _text(reader, block, "label", name) or name
    description = _text(reader, block, "description", name) or ""
    required_node = block.get("required")
    required = bool(reader.boolean(required_node, "required")) if required_node is not None else False
    terms: list[Term] = []
    seen: dict[str, int] = {}
    terms_node = block.get("terms")
    sequence = None if reader.is_empty(terms_node) else reader.sequence(terms_node, f"{name}: terms")  # type: ignore[arg-type]
    for item in sequence.items if sequence else ():
        term_block = reader.mapping(item, "a term")
        if term_block is None:
            continue
        reader.check_keys(term_block, ["slug", "label", "description", "aliases"], "a term")
        slug = _text(reader, term_block, "slug", "a term")
        if slug is None:
            continue
        aliases_node = term_block.get("aliases")
        aliases = [] if reader.is_empty(aliases_node) else reader.text_list(aliases_node, "aliases")  # type: ignore[arg-type]
        names = [(slug, term_block.get("slug") or item), *aliases]
        ok = True
        for value, at in names:
            if not SLUG.match(value):
                reader.error(at, "bad-slug", f"'{value}' is not a valid slug.",
                             "Use lowercase letters and digits separated by single hyphens.")
                ok = False
            elif value in seen:
                reader.error(at, "duplicate-term",
                             f"'{value}' is already used in {name} (line {seen[value]}).",
                             "Every slug and alias must be unique within its dimension.")
                ok = False
            else:
                seen[value] = at.line
        if ok:
            terms.append(Term(
                name, slug, _text(reader, term_block, "label", slug) or slug,
                _text(reader, term_block, "description", slug) or "",
                tuple(value for value, _ in aliases),
            ))
    if not terms:
        reader.error((line, 1), "empty-dimension", f"The dimension '{name}' has no terms.",
                     "Add at least one term with slug, label and description.")
    return Dimension(name, label, description, required, tuple(terms))


def _text(reader: ValueReader, block: Mapping, key: str, owner: str) -> str | None:
    node = block.get(key)
    if reader.is_empty(node):
        reader.error((block.line, block.column), "missing-field", f"{owner} has no {key}.",
                     f"Add '{key}: ...'.")
        return None
    return reader.text(node, key)  # type: ignore[arg-type]
