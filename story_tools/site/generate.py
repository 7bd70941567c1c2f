"""The archive's whole site as engine-neutral files: the generator every engine renders.

`generate_site` turns a checked catalog into files relative to `docs_dir`:

    <url_prefix>/<id>/index.md      a story: its header and related stories as HTML, its own text as Markdown
    <url_prefix>/index.md           Browse              brief/index.md      the call-prep brief
    <dimension>/index.md            a dimension         <dimension>/<slug>/index.md   a term
    <dimension>/<alias>/index.html  an old term address that sends the reader on
    coverage/index.md, tell/index.md, search/index.md
    stories.json, feed.json, search/story/*.json, assets/story-tools/*

Pages are Markdown with front matter (python-frontmatter, storyfile's safe
quoting) whose archive-specific parts are HTML rendered here from
`templates/content/`, the same fragments the MkDocs plugin renders. Every page
is `<dir>/index.md`, so relative links mean the same in MkDocs and Zensical,
and nothing depends on a theme's template blocks.
"""

from __future__ import annotations

import datetime
import posixpath
from html import escape
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps

from ..archive.catalog import Catalog
from ..archive.links import rewrite_story_links
from ..archive.reserved import (
    ASSETS_DIR,
    BRIEF_DIR,
    BROWSE_DIR,
    CATALOG_FILE,
    COVERAGE_DIR,
    FEED_FILE,
    SEARCH_DIR,
    TELL_DIR,
)
from ..archive.storyfile import write_front_matter
from ..derived.browsedata import DATA_DIR, browse_data
from ..derived.export import json_feed, json_text, story_records
from ..derived.relate import Relation
from ..derived.searchfiles import build_index
from ..derived.searchindex import SearchDoc, page_doc, story_docs, term_docs
from ..derived.tellpage import TellSite
from .contexts import PageContexts
from .render import PageRenderer

__all__ = ["ASSETS", "ASSET_FILES", "SEARCH_PAGE_DIR", "generate_site", "redirect_page"]

OUT_OF_ZENSICAL_SEARCH = {"exclude": True}
"""Front matter `search:` of the generated pages (Zensical's search exclusion)."""

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = ("story-tools.css", "story-search.js", "story-stem.js", "story-query.js", "story-browse.js",
               "story-brief.js", "story-scan.js", "story-rules.js", "story-tell.js")
SEARCH_PAGE_DIR = SEARCH_DIR.split("/")[0]
"""search/: a page with the archive's own search box, which needs no theme."""


def redirect_page(href: str) -> str:
    """An HTML page at an old term address that sends the reader to `href` (relative to it)."""
    href = escape(href, quote=True)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>Moved</title><link rel="canonical" href="{href}">'
        f'<meta http-equiv="refresh" content="0; url={href}"></head>'
        f'<body><p>This term has a new name: <a href="{href}">go to its page</a>.</p></body></html>'
    )


def generate_site(
    catalog: Catalog, related: dict[str, tuple[Relation, ...]], *, url_prefix: str, today: datetime.date,
    site_name: str, site_url: str | None = None, tell: TellSite | None = None,
    withheld: dict[str, str] | None = None, pages: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str | bytes]:
    """The archive's files for the (already checked, audience-filtered) `catalog`, by path relative to docs_dir.

    `withheld`: ids of stories this site leaves out (links to them keep their text).
    `pages`: the site's own pages for the search index, URL -> (title, text)."""
    shared = PageContexts(catalog, related, today, tell or TellSite())
    shared.prepare()
    vocabulary = catalog.vocabulary
    story_urls = {story.id: f"{url_prefix}/{story.id}/" for story in catalog.stories}
    term_urls = {f"{d.name}/{t.slug}": f"{d.name}/{t.slug}/" for d in vocabulary.dimensions for t in d.terms}
    shared.page_urls.update(browse=f"{url_prefix}/", brief=f"{BRIEF_DIR}/")
    shared.list_urls.update({1: f"{url_prefix}/"} | {n: f"{BROWSE_DIR}/{n}/" for n in range(2, shared.list_pages + 1)})
    renderer = PageRenderer({
        "story_urls": story_urls, "term_urls": term_urls, "term_labels": shared.term_labels,
        "story_browse_url": shared.page_urls["browse"], "story_index": catalog.stories,
    })
    files: dict[str, str | bytes] = {}
    # Every page the archive makes is left out of Zensical's own search index, which every page of
    # the site downloads whole: with the stories in it, 46 MB at 10,000 stories (and a common term's
    # page passed its limit). The archive's own index (search/, story-search.js) finds stories and
    # terms by their words, labels and aliases; Zensical's box keeps the site's hand-written pages.

    def page(folder: str, title: str, fragment: str, context: dict[str, object], *, hide_toc: bool = False,
             scripts: tuple[str, ...] = ()) -> None:
        meta: dict[str, object] = {"title": escape(title), "search": OUT_OF_ZENSICAL_SEARCH}
        meta |= {"hide": ["toc"]} if hide_toc else {}
        html = renderer.render(fragment, folder, title, context)
        tags = "".join(
            f'\n<script src="{escape(posixpath.relpath(f"{ASSETS_DIR}/{name}", folder), quote=True)}"></script>'
            for name in scripts
        )
        content = f"<div class=\"st-page\">\n{html}\n</div>{tags}\n"
        files[f"{folder}/index.md"] = f"{write_front_matter(meta)}\n{content}"

    for story in catalog.stories:
        folder = story_urls[story.id].rstrip("/")
        context = shared.story(story)
        # Escaped: Zensical prints front matter into <title>, the header and meta tags as it is.
        meta = write_front_matter({"title": escape(story.title), "description": escape(story.summary),
                                   "search": OUT_OF_ZENSICAL_SEARCH})
        header = renderer.render("story-header", folder, story.title, context)
        footer = renderer.render("story-footer", folder, story.title, context)
        body = rewrite_story_links(story, shared.titles, lambda target: f"../{target}/index.md", withheld or {})
        files[f"{folder}/index.md"] = (
            f"{meta}\n<div class=\"st-story\">\n{header}\n</div>\n\n{body.strip()}\n\n"
            f"<div class=\"st-story st-story__after\">\n{footer}\n</div>\n"
        )
    browse = shared.browse() | {"story_search_page": f"{SEARCH_PAGE_DIR}/"}
    page(url_prefix, "All stories", "index", browse, hide_toc=True,
         scripts=("story-query.js", "story-browse.js"))
    for number in range(2, shared.list_pages + 1):
        page(f"{BROWSE_DIR}/{number}", f"All stories, page {number}", "list-page", shared.list_page(number),
             hide_toc=True)
    page(BRIEF_DIR, "Call-prep brief", "brief", shared.brief(), hide_toc=True,
         scripts=("story-query.js", "story-brief.js"))
    for dimension in vocabulary.dimensions:
        page(dimension.name, dimension.label, "dimension", shared.dimension(dimension))
        for term in dimension.terms:
            page(f"{dimension.name}/{term.slug}", term.label, "term", shared.term(dimension, term))
            for alias in term.aliases:
                files[f"{dimension.name}/{alias}/index.html"] = redirect_page(f"../{term.slug}/")
    page(COVERAGE_DIR, "Coverage", "coverage", shared.coverage())
    page(TELL_DIR, "Tell a story", "tell", shared.tell_page(), hide_toc=True,
         scripts=("story-scan.js", "story-rules.js", "story-tell.js"))
    page(SEARCH_PAGE_DIR, "Search the stories", "search", {}, hide_toc=True, scripts=("story-search.js",))

    records = story_records(catalog.stories, vocabulary, story_urls, related, today=today)
    files[CATALOG_FILE] = json_text(records)
    for name, text in browse_data(records, vocabulary, term_urls).items():
        files[f"{BROWSE_DIR}/{DATA_DIR}/{name}"] = text
    required = [d.name for d in vocabulary.dimensions if d.required]
    feed = json_feed(records, title=site_name, site_url=site_url, tags=required)
    files[FEED_FILE] = str(htmlsafe_json_dumps(feed, ensure_ascii=False))
    counts = {key: len(found) for key, found in shared.by_term.items()}
    docs: list[SearchDoc] = [*story_docs(shared.newest, vocabulary, story_urls),
                             *term_docs(vocabulary, term_urls, counts)]
    docs += [page_doc(url, title, text) for url, (title, text) in (pages or {}).items()]
    for name, text in build_index(docs).items():
        files[f"{SEARCH_DIR}/{name}"] = text
    for name in ASSET_FILES:
        files[f"{ASSETS_DIR}/{name}"] = (ASSETS / name).read_bytes()
    return files
