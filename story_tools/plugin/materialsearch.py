"""Material's search plugin, kept for its search box, spared reading pages it does not index.

Material shows its search box only while its `search` plugin is in mkdocs.yml, so
the archive keeps the plugin; the archive answers the box from its own index and
excludes every page from Material's (sitesearch.py). Material's `on_page_context`
still runs on every page: it returns at once for an excluded page, but before
that it removes `data-search-*` attributes from the page's content with a regular
expression, a scan of the whole content (about a third of a second for 1,000
story pages, 5 % of the build).

Where that scan cannot change the page (an excluded page without `data-search-`
in it) the content is set aside while Material's handler runs and put back right
after: the page is the same, byte for byte. This is done only when Material's
handler is the only one that runs between the two (`only_material_between`), so
no other plugin ever sees a page without its content. tests/test_material_search.py builds
the site with and without it and compares every page.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from typing import Any, Protocol

__all__ = ["ASIDE_PRIORITY", "ContentAside", "only_material_between"]

ASIDE_PRIORITY = 0.5
"""Before Material's search handler (priority 0) and, negated, after it."""
_MATERIAL_SEARCH = ("material.plugins.search.plugin", "SearchPlugin")
_ATTRIBUTE = "data-search-"
"""What Material's expression removes starts with this (it is case-sensitive)."""


class _Page(Protocol):
    content: str | None
    meta: MutableMapping[str, Any]


def only_material_between(handlers: Sequence[Callable[..., Any]], first: Callable[..., Any],
                          last: Callable[..., Any]) -> bool:
    """Whether the page_context handlers between `first` and `last` (MkDocs' order) are
    Material's search plugin's and nothing else's."""
    try:
        start, end = handlers.index(first), handlers.index(last)
    except ValueError:
        return False
    between = handlers[start + 1:end]
    return bool(between) and all(
        (type(owner).__module__, type(owner).__name__) == _MATERIAL_SEARCH
        for owner in (getattr(handler, "__self__", None) for handler in between)
    )


class ContentAside:
    """Holds a page's content while Material's search handler looks at the page."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.held: dict[int, str] = {}
        self.pages = 0
        """How many pages Material's handler saw without their content (for tests)."""

    def before(self, page: _Page) -> None:
        content = page.content
        search = page.meta.get("search")
        if (self.enabled and content and isinstance(search, dict) and search.get("exclude")
                and _ATTRIBUTE not in content):
            self.held[id(page)] = content
            page.content = ""
            self.pages += 1

    def after(self, page: _Page) -> None:
        content = self.held.pop(id(page), None)
        if content is not None:
            page.content = content
