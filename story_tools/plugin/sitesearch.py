"""The site's search: MkDocs glue around the core's sharded index (searchindex.py).

Stories and term pages are indexed from the catalog; the hand-written pages
(home, contributing guide) from their rendered text. Material's own search
plugin stays in mkdocs.yml only because Material shows the search box when it
is there: every page is excluded from its whole-site index, and the search box
(theme/partials/search.html) is answered by assets/story-search.js instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Hashable
from pathlib import Path

from mkdocs.structure.pages import Page

from ..archive.reserved import SEARCH_DIR
from ..derived.searchfiles import SearchFiles
from ..derived.searchindex import SearchDoc, page_doc, story_docs, term_docs
from .sitepages import SitePages

__all__ = ["INDEX_DIR", "SiteSearch"]

INDEX_DIR = SEARCH_DIR
"""Where the index files go, relative to the site root."""

_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style)\b.*?</\1\s*>|<a class=\"headerlink\"[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)


class SiteSearch:
    """Collects the documents of one build and writes the index after it.

    Bodies are indexed as rendered, so a search finds only what the page shows
    (a link to a story this build leaves out keeps its words, not the story's id)."""

    def __init__(self, pages: SitePages) -> None:
        self.pages = pages
        self.bodies: dict[str, str] = {}
        """Story id -> the text of its rendered body."""
        self.others: list[SearchDoc] = []

    @staticmethod
    def keep_out_of_material_index(page: Page) -> None:
        """Tell Material's search plugin to skip the page (its index would go unused)."""
        search = page.meta.get("search")
        page.meta["search"] = {**search, "exclude": True} if isinstance(search, dict) else {"exclude": True}

    def add_page(self, page: Page, body: str) -> None:
        """Index a page by its rendered text (call from on_page_content): a story's
        `body` (its own text as HTML, not the generator's header), or a hand-written page;
        the archive's other pages are indexed from the catalog."""
        story = self.pages.stories.get(page.file.src_uri)
        if story is not None:
            self.bodies[story.id] = _text(body)
        elif page.file.generated_by is None:
            self.others.append(page_doc(page.url, html.unescape(page.title or page.file.name),
                                        _text(page.content or "")))

    def write(self, site_dir: str, builder: SearchFiles | None = None,
              docs_memo: dict[Hashable, SearchDoc] | None = None) -> list[str]:
        """Write every index file below `site_dir` (call from on_post_build); their paths
        relative to it. `builder` and `docs_memo`: the last build's index and story
        documents (`mkdocs serve` keeps them): updated, and only changed files written."""
        catalog, pages = self.pages.catalog, self.pages
        stories = sorted(catalog.stories, key=lambda s: (-s.date.toordinal(), s.id))
        counts = {key: len(found) for key, found in pages.contexts.by_term.items()}
        docs = [
            *story_docs(stories, catalog.vocabulary, pages.story_urls, self.bodies, memo=docs_memo),
            *term_docs(catalog.vocabulary, pages.term_urls, counts),
            *self.others,
        ]
        folder = Path(site_dir, INDEX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        builder = builder or SearchFiles()
        before = builder.files
        written = []
        for name, text in builder.build(docs).items():
            if before.get(name) != text or not (folder / name).is_file():
                (folder / name).write_text(text, encoding="utf-8")
            written.append(f"{INDEX_DIR}/{name}")
        return written


def _text(content: str) -> str:
    return html.unescape(_TAG.sub(" ", _SKIPPED.sub(" ", content)))
