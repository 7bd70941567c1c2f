"""The archive's whole site as engine-neutral files: the generator every engine renders.

`generate_site` turns a checked catalog into files relative to `docs_dir`:
the pages of site/pagemaker.py (Markdown, each `<dir>/index.md`), and

    <dimension>/<alias>/index.html  an old term address that sends the reader on
    stories.json, feed.json, browse/data/*, search/story/*.json, assets/story-tools/*

`story-tools generate` writes them for Zensical; the MkDocs plugin takes the
same pages from PageMaker and makes the data files with the same functions.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps

from ..archive.catalog import Catalog
from ..archive.reserved import ASSETS_DIR, BROWSE_DIR, CATALOG_FILE, FEED_FILE, SEARCH_DIR
from ..derived.browsedata import DATA_DIR, browse_data
from ..derived.export import json_feed, json_text, story_records
from ..derived.relate import Relation
from ..derived.searchfiles import build_index
from ..derived.searchindex import SearchDoc, page_doc, story_docs, term_docs
from ..derived.tellpage import TellSite
from .pagemaker import PageMaker

__all__ = ["ASSETS", "ASSET_FILES", "generate_site"]

ASSETS = Path(__file__).parent / "assets"
ASSET_FILES = ("story-tools.css", "story-search.js", "story-stem.js", "story-query.js", "story-browse.js",
               "story-brief.js", "story-scan.js", "story-rules.js", "story-tell.js")


def generate_site(
    catalog: Catalog, related: dict[str, tuple[Relation, ...]], *, url_prefix: str, today: datetime.date,
    site_name: str, site_url: str | None = None, tell: TellSite | None = None,
    withheld: dict[str, str] | None = None, pages: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str | bytes]:
    """The archive's files for the (already checked, audience-filtered) `catalog`, by path relative to docs_dir.

    `withheld`: ids of stories this site leaves out (links to them keep their text).
    `pages`: the site's own pages for the search index, URL -> (title, text)."""
    maker = PageMaker(catalog, related, url_prefix=url_prefix, today=today, tell=tell, withheld=withheld)
    files: dict[str, str | bytes] = {page.path: page.make() for page in maker.pages()}
    vocabulary, shared = catalog.vocabulary, maker.contexts
    files |= dict(maker.redirects())
    records = story_records(catalog.stories, vocabulary, maker.story_urls, related, today=today)
    files[CATALOG_FILE] = json_text(records)
    for name, text in browse_data(records, vocabulary, maker.term_urls).items():
        files[f"{BROWSE_DIR}/{DATA_DIR}/{name}"] = text
    required = [d.name for d in vocabulary.dimensions if d.required]
    feed = json_feed(records, title=site_name, site_url=site_url, tags=required)
    files[FEED_FILE] = str(htmlsafe_json_dumps(feed, ensure_ascii=False))
    counts = {key: len(found) for key, found in shared.by_term.items()}
    docs: list[SearchDoc] = [*story_docs(shared.newest, vocabulary, maker.story_urls),
                             *term_docs(vocabulary, maker.term_urls, counts)]
    docs += [page_doc(url, title, text) for url, (title, text) in (pages or {}).items()]
    for name, text in build_index(docs).items():
        files[f"{SEARCH_DIR}/{name}"] = text
    for name in ASSET_FILES:
        files[f"{ASSETS_DIR}/{name}"] = (ASSETS / name).read_bytes()
    return files
