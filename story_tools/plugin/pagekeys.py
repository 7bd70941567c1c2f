"""What each archive page's output depends on, as values `mkdocs serve` compares between builds.

A page is rendered again when its key differs from the last good build's
(plugin/preview.py). A key holds the page's own inputs; `world_key` holds what
every page depends on (mkdocs.yml, the site's own files, the templates, the
date, the audience, the options), so a change there renders every page.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from ..model.story import Story
from ..site.cards import card_inputs
from .sitepages import SitePages

__all__ = ["deep_key", "page_keys", "world_key"]


def page_keys(pages: SitePages, withheld: Mapping[str, str]) -> dict[File, Hashable]:
    """Every archive page of the build and its key."""
    by_source: dict[str, list[str]] = {}
    for link in pages.catalog.links:
        by_source.setdefault(link.source, []).append(link.target)
    shared = pages.contexts
    keys: dict[File, Hashable] = {}
    key: Hashable
    cards = {story.id: card_inputs(story) for story in pages.catalog.stories}  # a story is on ten term pages
    for file in pages.files:
        if not file.is_documentation_page():
            continue
        story = pages.stories.get(file.src_uri)
        if story is not None:  # the story, what its page shows of others, the titles its body links to
            links = tuple((t, shared.titles.get(t), withheld.get(t)) for t in by_source.get(story.id, ()))
            key = (story.body, shared.story_inputs(story), links)
        elif file.src_uri in pages.terms:
            dimension, term = pages.terms[file.src_uri]
            key = (dimension, term, tuple([cards[s.id] for s in shared.by_term[(dimension.name, term.slug)]]))
        else:  # its address says which fragment and title; not its text, which is made only if rendered
            key = (file.src_uri, deep_key(pages.context(file.src_uri)))
        keys[file] = key
    return keys


def deep_key(value: Any) -> Hashable:
    """`value` as nested tuples, comparable with `==` to the key of a later build
    (dicts and lists become tuples; frozen values such as Story stay as they are)."""
    if isinstance(value, (str, int, Story)):  # most of a key: answered first
        return value
    if isinstance(value, Mapping):
        return tuple((key, deep_key(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(deep_key(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(deep_key(item) for item in value)
    kept: Hashable = value  # frozen values: Story, Term, Relation, str, ...
    return kept


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def world_key(config: MkDocsConfig, files: Iterable[File], extra: Hashable) -> Hashable:
    """What every archive page depends on besides its own inputs: mkdocs.yml, the site's own
    files (pages, theme assets), every template folder, and `extra` (date, audience, options)."""
    own = tuple(sorted((file.src_uri, _signature(Path(file.abs_src_path))) for file in files
                       if file.generated_by is None and file.abs_src_path))
    templates = []
    for folder in config.theme.dirs:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # Material's 10,000 icons
            templates += [(path, _signature(path)) for path in (Path(root, name) for name in sorted(names))
                          if path.suffix in (".html", ".xml", ".j2", ".jinja")]
    config_file = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    return (config_file, own, tuple(templates), extra)


