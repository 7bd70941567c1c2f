"""Renders the content templates outside any engine: the generator's Jinja environment.

The fragments of `templates/content/` are written for MkDocs' template
context (`base_url`, the `url` filter, `page.title`); this environment gives
them the same names for a page at a known address, so they render to the same
HTML without MkDocs. Links are relative to the page's own folder: every page
the generator writes is `<dir>/index.md`, which every engine publishes at
`<dir>/`, so a link means the same wherever the Markdown is rendered.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .cards import CardRenderer

__all__ = ["TEMPLATES", "FragmentCache", "PageRenderer", "relative_url"]

TEMPLATES = Path(__file__).parent / "templates"


def relative_url(target: str, page_dir: str) -> str:
    """`target` (relative to the site root) as seen from a page at `page_dir/`."""
    if "://" in target or target.startswith(("#", "mailto:", "?")):
        return target
    target = target.lstrip("/")
    path, hash_mark, fragment = target.partition("#")
    relative = posixpath.relpath(path or ".", page_dir or ".")
    if (not path or path.endswith("/")) and not relative.endswith("/"):
        relative += "/"
    return relative + hash_mark + fragment


class FragmentCache:
    """`story_cached(name, key, macro, *args)`: a fragment the same on many pages (a term's chip
    at one depth), rendered the first time it is asked for."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Markup] = {}

    def __call__(self, name: str, key: str, macro: Callable[..., Any], *args: Any) -> Markup:
        found = self._cache.get((name, key))
        if found is None:
            found = self._cache[(name, key)] = Markup(macro(*args))  # noqa: S704 - escaped in the template
        return found


class PageRenderer:
    """Renders one content fragment for one page address."""

    def __init__(self, globals_: dict[str, Any], *, cards: dict[str, dict[Hashable, str]] | None = None,
                 templates: jinja2.BytecodeCache | None = None) -> None:
        """`cards`: story cards and lines rendered before, by macro and story; `templates`:
        compiled templates (both kept between the rebuilds of `mkdocs serve`)."""
        cards = {} if cards is None else cards
        self.env = jinja2.Environment(  # noqa: S701 - like MkDocs: the templates escape with |e
            loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
            bytecode_cache=templates, auto_reload=False,  # one build: no template changes under it
        )
        self.env.globals.update(globals_, story_cached=FragmentCache())
        self.env.globals["story_cards"] = CardRenderer(self.env, cache=cards.setdefault("card", {}))
        self.env.globals["story_lines"] = CardRenderer(self.env, "line", cache=cards.setdefault("line", {}))
        self._page_dir = ""
        self.env.filters["url"] = lambda target: relative_url(str(target), self._page_dir)

    def render(self, fragment: str, page_dir: str, title: str, context: dict[str, Any]) -> str:
        """The HTML of `content/<fragment>.html` for the page published at `page_dir/`."""
        self._page_dir = page_dir.strip("/")
        base_url = posixpath.relpath(".", self._page_dir or ".")
        page = {"title": Markup.escape(title)}
        template = self.env.get_template(f"content/{fragment}.html")
        return template.render(context, base_url=base_url, page=page).strip()
