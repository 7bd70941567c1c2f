"""Renders the content templates outside any engine: the generator's Jinja environment.

The fragments of `templates/content/` are written for MkDocs' template
context (`base_url`, the `url` filter, `page.title`); this environment gives
them the same names for a page at a known address, so they render to the same
HTML without MkDocs. Links are relative to the page's own folder: every page
the generator writes is `<dir>/index.md`, which every engine publishes at
`<dir>/`, so a link means the same wherever the Markdown is rendered.
"""

from __future__ import annotations

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
    relative = _relpath(path, page_dir)
    if (not path or path.endswith("/")) and not relative.endswith("/"):
        relative += "/"
    return relative + hash_mark + fragment


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for clean paths relative to the site root, without the
    `abspath` (and `os.getcwd`) it calls for each of a page's dozen links."""
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


_PART = "\x00st-part\x00"
"""Between two fragments rendered in one go: cannot occur in a page (control characters are findings)."""


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
        self._joined: dict[tuple[str, ...], jinja2.Template] = {}
        self.env.filters["url"] = lambda target: relative_url(str(target), self._page_dir)

    def render(self, fragment: str, page_dir: str, title: str, context: dict[str, Any]) -> str:
        """The HTML of `content/<fragment>.html` for the page published at `page_dir/`."""
        return self.render_parts((fragment,), page_dir, title, context)[0]

    def render_parts(self, fragments: tuple[str, ...], page_dir: str, title: str,
                     context: dict[str, Any]) -> list[str]:
        """The HTML of each of `content/<fragment>.html` for one page, rendered in one go
        (a story page's header and related list: one context made instead of two)."""
        self._page_dir = page_dir.strip("/")
        template = self._joined.get(fragments)
        if template is None:
            source = _PART.join(f'{{% include "content/{name}.html" %}}' for name in fragments)
            template = self._joined[fragments] = self.env.from_string(source)
        page = {"title": Markup.escape(title)}
        html = template.render(context, base_url=_relpath("", self._page_dir), page=page)
        return [part.strip() for part in html.split(_PART)]
