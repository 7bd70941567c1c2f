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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .cards import CardRenderer

__all__ = ["TEMPLATES", "PageRenderer", "relative_url"]

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


def _render_once(_key: str, _depth: str, macro: Callable[..., Any], *args: Any) -> Any:
    """The generator renders each page once: MkDocs' per-depth cache has nothing to save here."""
    return macro(*args)


class PageRenderer:
    """Renders one content fragment for one page address."""

    def __init__(self, globals_: dict[str, Any]) -> None:
        self.env = jinja2.Environment(  # noqa: S701 - like MkDocs: the templates escape with |e
            loader=jinja2.FileSystemLoader(str(TEMPLATES)), undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(globals_, story_cached=_render_once)
        self.env.globals["story_cards"] = CardRenderer(self.env)
        self.env.globals["story_lines"] = CardRenderer(self.env, "line")
        self._page_dir = ""
        self.env.filters["url"] = lambda target: relative_url(str(target), self._page_dir)

    def render(self, fragment: str, page_dir: str, title: str, context: dict[str, Any]) -> str:
        """The HTML of `content/<fragment>.html` for the page published at `page_dir/`."""
        self._page_dir = page_dir.strip("/")
        base_url = posixpath.relpath(".", self._page_dir or ".")
        page = {"title": Markup.escape(title)}
        template = self.env.get_template(f"content/{fragment}.html")
        return template.render(context, base_url=base_url, page=page).strip()
