"""The Markdown of every page the archive adds to a site, one page at a time.

Every engine renders these pages: `story-tools generate` writes them into
docs_dir for Zensical (site/generate.py), and the MkDocs plugin hands the same
text to MkDocs in memory (plugin/sitepages.py), made only when MkDocs reads it,
so `mkdocs serve` makes only the pages it renders again.

    <url_prefix>/<id>/index.md      a story: its header and related stories as HTML, its own text as Markdown
    <url_prefix>/index.md           Browse              brief/index.md      the call-prep brief
    browse/<n>/index.md             page n of the list of every story
    <dimension>/index.md            a dimension         <dimension>/<slug>/index.md   a term
    coverage/index.md, tell/index.md, search/index.md
    <dimension>/<alias>/index.html  an old term address that sends the reader on (HTML, `redirects`)

A page is front matter (python-frontmatter, storyfile's safe quoting) and
Markdown whose archive parts are HTML rendered here from `templates/content/`,
each between the marker lines of site/htmlblocks.py. Every page is
`<dir>/index.md`, so a relative link means the same in MkDocs and Zensical;
nothing depends on a theme's template blocks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

import jinja2

from ..archive.catalog import Catalog
from ..archive.links import rewrite_story_links
from ..archive.reserved import ASSETS_DIR, BRIEF_DIR, BROWSE_DIR, COVERAGE_DIR, INDEX, SEARCH_DIR, TELL_DIR
from ..archive.storyfile import write_front_matter
from ..archive.vocabulary import Dimension, Term
from ..derived.relate import Relation
from ..derived.tellpage import TellSite
from ..model.story import Story
from .contexts import PageContexts
from .htmlblocks import html_block
from .render import PageRenderer, relative_url

__all__ = ["OUT_OF_ZENSICAL_SEARCH", "SEARCH_PAGE_DIR", "Page", "PageMaker", "redirect_page"]

OUT_OF_ZENSICAL_SEARCH = {"exclude": True}
"""Front matter `search:` of every generated page. Zensical's own search index, which every
page of a site downloads whole, was 46 MB at 10,000 stories with them in it (and a common
term's page passed its limit); the archive's own index (search/, story-search.js) finds
stories and terms, and Zensical's box keeps the site's hand-written pages."""
SEARCH_PAGE_DIR = SEARCH_DIR.split("/")[0]
"""search/: a page with the archive's own search box, which needs no theme."""

SubjectT = Story | tuple[Dimension, Term] | Dimension | int | None


def redirect_page(href: str) -> str:
    """An HTML page at an old term address that sends the reader to `href` (relative to it)."""
    href = escape(href, quote=True)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><link rel="canonical" href="{href}">'
        f'<meta http-equiv="refresh" content="0; url={href}"></head>'
        f'<body><p>This term has a new name: <a href="{href}">go to its page</a>.</p></body></html>'
    )


@dataclass(frozen=True)
class Page:
    """One page the archive adds: where it goes, what it is about, how to make its text."""

    path: str
    """Relative to docs_dir: always `<dir>/index.md`."""
    kind: str
    """story, term, dimension, browse, list, brief, coverage, tell or search."""
    subject: SubjectT
    """The story, (dimension, term), dimension or list page number it shows; None for the others."""
    make: Callable[[], str]
    context: Callable[[], dict[str, Any]]
    """What its content fragment is given (what its text is made of, besides the build's lookups)."""


class PageMaker:
    """The pages of one build of a (checked, audience-filtered) catalog."""

    def __init__(
        self, catalog: Catalog, related: dict[str, tuple[Relation, ...]], *, url_prefix: str,
        today: datetime.date, tell: TellSite | None = None, withheld: dict[str, str] | None = None,
        directory_urls: bool = True, cards: dict[str, dict[Hashable, str]] | None = None,
        templates: jinja2.BytecodeCache | None = None,
    ) -> None:
        """`withheld`: ids of stories the site leaves out (links to them keep their text).
        `directory_urls`: pages at `<dir>/` (else `<dir>/index.html`), as the engine publishes them.
        `cards`, `templates`: cards rendered and templates compiled before (`mkdocs serve` keeps them)."""
        self.catalog, self.prefix, self.withheld = catalog, url_prefix, withheld or {}
        self.directory_urls = directory_urls
        self.contexts = shared = PageContexts(catalog, related, today, tell or TellSite())
        shared.prepare()
        self.story_urls = {story.id: self.url(f"{url_prefix}/{story.id}") for story in catalog.stories}
        """Story id -> URL relative to the site root."""
        self.term_urls = {f"{d.name}/{t.slug}": self.url(f"{d.name}/{t.slug}")
                          for d in catalog.vocabulary.dimensions for t in d.terms}
        """'dimension/slug' -> URL relative to the site root."""
        shared.page_urls.update(browse=self.url(url_prefix), brief=self.url(BRIEF_DIR))
        shared.list_urls.update({1: self.url(url_prefix)}
                                | {n: self.url(f"{BROWSE_DIR}/{n}") for n in range(2, shared.list_pages + 1)})
        self.renderer = PageRenderer({
            "story_urls": self.story_urls, "term_urls": self.term_urls, "term_labels": shared.term_labels,
            "story_browse_url": shared.page_urls["browse"], "story_index": catalog.stories,
        }, cards=cards, templates=templates)

    def url(self, folder: str) -> str:
        """The address of the page `<folder>/index.md`, relative to the site root."""
        folder = folder.strip("/")
        if self.directory_urls:
            return f"{folder}/" if folder else ""
        return f"{folder}/{INDEX}.html" if folder else f"{INDEX}.html"

    def pages(self) -> Iterator[Page]:
        """Every page, stories first; `make()` renders one when it is called."""
        shared, vocabulary = self.contexts, self.catalog.vocabulary
        for story in self.catalog.stories:
            yield Page(f"{self.prefix}/{story.id}/{INDEX}.md", "story", story, partial(self.story_page, story),
                       partial(shared.story, story))
        yield self._page(self.prefix, "browse", None, "All stories", "index",
                         lambda: shared.browse() | {"story_search_page": self.url(SEARCH_PAGE_DIR)},
                         hide_toc=True, scripts=("story-query.js", "story-browse.js"))
        for number in range(2, shared.list_pages + 1):
            yield self._page(f"{BROWSE_DIR}/{number}", "list", number, f"All stories, page {number}", "list-page",
                             partial(shared.list_page, number), hide_toc=True)
        yield self._page(BRIEF_DIR, "brief", None, "Call-prep brief", "brief", shared.brief, hide_toc=True,
                         scripts=("story-query.js", "story-brief.js"))
        for dimension in vocabulary.dimensions:
            yield self._page(dimension.name, "dimension", dimension, dimension.label, "dimension",
                             partial(shared.dimension, dimension))
            for term in dimension.terms:
                yield self._page(f"{dimension.name}/{term.slug}", "term", (dimension, term), term.label, "term",
                                 partial(shared.term, dimension, term))
        yield self._page(COVERAGE_DIR, "coverage", None, "Coverage", "coverage", shared.coverage)
        yield self._page(TELL_DIR, "tell", None, "Tell a story", "tell", shared.tell_page, hide_toc=True,
                         scripts=("story-scan.js", "story-rules.js", "story-tell.js"))
        yield self._page(SEARCH_PAGE_DIR, "search", None, "Search the stories", "search", dict, hide_toc=True,
                         scripts=("story-search.js",))

    def redirects(self) -> Iterator[tuple[str, str]]:
        """(path, HTML) of a page at each old term address (a term's aliases) that sends the reader on."""
        for dimension in self.catalog.vocabulary.dimensions:
            for term in dimension.terms:
                target = self.term_urls[f"{dimension.name}/{term.slug}"]
                for alias in term.aliases:
                    # A directory URL's page lives in its folder; an .html one beside its name.
                    if self.directory_urls:
                        path, here = f"{dimension.name}/{alias}/{INDEX}.html", f"{dimension.name}/{alias}"
                    else:
                        path, here = f"{dimension.name}/{alias}.html", dimension.name
                    yield path, redirect_page(relative_url(target, here))

    def story_page(self, story: Story) -> str:
        """A story's page: its header, its own text (links to other stories made relative), related stories."""
        folder = f"{self.prefix}/{story.id}"
        context = self.contexts.story(story)
        # Escaped: Zensical prints front matter into <title>, the header and meta tags as it is.
        meta = write_front_matter({"title": escape(story.title), "description": escape(story.summary),
                                   "search": OUT_OF_ZENSICAL_SEARCH})
        header, footer = self.renderer.render_parts(("story-header", "story-footer"), folder, story.title, context)
        body = rewrite_story_links(story, self.contexts.titles, lambda target: f"../{target}/{INDEX}.md",
                                   self.withheld)
        before = html_block(f'<div class="st-story">\n{header}\n</div>')
        after = html_block(f'<div class="st-story st-story__after">\n{footer}\n</div>')
        return f"{meta}{before}\n{body.strip()}\n{after}"

    def _page(self, folder: str, kind: str, subject: SubjectT, title: str, fragment: str,
              context: Callable[[], dict[str, Any]], *, hide_toc: bool = False, scripts: tuple[str, ...] = ()) -> Page:
        def make() -> str:
            meta: dict[str, object] = {"title": escape(title), "search": OUT_OF_ZENSICAL_SEARCH}
            meta |= {"hide": ["toc"]} if hide_toc else {}
            html = self.renderer.render(fragment, folder, title, context())
            tags = "".join(f'\n<script src="{escape(relative_url(f"{ASSETS_DIR}/{name}", folder))}"></script>'
                           for name in scripts)
            return write_front_matter(meta) + html_block(f'<div class="st-page">\n{html}\n</div>{tags}')

        return Page(f"{folder}/{INDEX}.md", kind, subject, make, context)
