"""Template fragments that are the same on many pages, rendered once per build.

MkDocs renders Material's whole page template for every page. Much of it depends
only on the configuration and on the page's depth (`base_url`): the config script,
the style sheets, the scripts, the search box, the navigation of a page outside
it, a term's chip. Templates ask `story_cached(name, key, render, *args)` for such
a fragment and get the first rendering of `(name, key)` ever after.

Material's header differs from page to page only by the page's title:
`RenderOnce.header` renders it once per depth with a placeholder title and puts
each page's title in. It is used only where that holds (see `header_cacheable`):
no sticky navigation tabs in it, and no partial of it replaced by the site.

tests/test_render_once.py builds a site with and without the cache and compares
every page byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..site.render import FragmentCache

__all__ = ["HEADER_PARTIALS", "RenderOnce", "header_cacheable"]

HEADER_PARTIALS = (
    "partials/header.html", "partials/logo.html", "partials/palette.html",
    "partials/javascripts/palette.html", "partials/alternate.html", "partials/source.html",
)
"""Material 9's header and the partials it includes (the search box is the archive's own)."""

_TITLE = "\x00story-tools-title\x00"  # cannot occur in a page title: control characters are findings
_MISSING = object()


class RenderOnce(FragmentCache):
    """A template fragment that is the same on many pages, rendered once per key
    (`story_cached(name, key, render, *args)`, as the generator's), and Material's header."""

    def __init__(self, *, header: bool = False) -> None:
        super().__init__()
        self.header_ok = header
        """Whether `header` may be used: see `header_cacheable`."""

    def header(self, key: str, page: Any, render: Callable[[], Any]) -> Markup:
        """Material's header for `page`: rendered once per `key` (the depth) with a
        placeholder for the title, which Material prints as `page.meta.title`, else
        `page.title`, unescaped (escaping.py escaped meta values already)."""
        if not isinstance(getattr(page, "meta", None), dict):
            return Markup(render())  # noqa: S704 - a theme page such as 404.html: no page, rendered as is
        cached = self._cache.get(("header", key))
        if cached is not None:
            found = str(cached)  # str: Markup.replace would escape the title again
        else:
            meta = page.meta
            saved = meta.get("title", _MISSING)
            meta["title"] = _TITLE
            try:
                found = str(render())
            finally:
                if saved is _MISSING:
                    del meta["title"]
                else:
                    meta["title"] = saved
            if found.count(_TITLE) != 1:
                # Not the header this was written for: render it on every page.
                self.header_ok = False
                return Markup(render())  # noqa: S704 - Material's template escaped it
            self._cache[("header", key)] = Markup(found)  # noqa: S704 - Material's template escaped it
        title = page.meta.get("title") if page.meta and page.meta.get("title") else page.title
        return Markup(found.replace(_TITLE, str(title)))  # noqa: S704 - as Material prints it


def header_cacheable(env: jinja2.Environment, features: Iterable[str], material_dir: str) -> bool:
    """Whether Material's header depends on the page only through its title: its
    sticky tabs are off (they show where the page is), and the header and each
    partial it includes are Material's own files, not a site's replacement."""
    if "navigation.tabs.sticky" in features or env.loader is None:
        return False
    own = Path(material_dir).resolve()
    for name in HEADER_PARTIALS:
        try:
            _, filename, _ = env.loader.get_source(env, name)
        except jinja2.TemplateNotFound:
            continue
        if filename is None or not Path(filename).resolve().is_relative_to(own):
            return False
    return True
