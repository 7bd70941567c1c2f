"""The pages the MkDocs plugin adds to a site: the generator's, handed to MkDocs in memory.

MkDocs-specific glue (it builds `File` objects). The pages are site/pagemaker.py's,
the same Markdown `story-tools generate` writes for Zensical, each made when MkDocs
reads it (so `mkdocs serve` makes only the pages it renders again):

    <url_prefix>/<id>/index.md     a story              <url_prefix>/index.md     Browse
    <dimension>/index.md           a dimension          <dimension>/<slug>/index.md   a term
    browse/<n>/index.md, brief/index.md, coverage/index.md, tell/index.md, search/index.md
    <dimension>/<alias>/           redirect to the term page (renamed and retired terms keep their address)
    stories.json, feed.json, browse/data/*   the catalog, a JSON Feed, Browse's tables

The names of these addresses are constants of reserved.py, which derives from
them the ids, slugs and dimension names that may not be chosen.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..archive.catalog import Catalog
from ..archive.reserved import BROWSE_DIR, CATALOG_FILE, FEED_FILE
from ..archive.vocabulary import Dimension, Term
from ..derived.browsedata import DATA_DIR, browse_data
from ..derived.export import json_feed, json_lines, newest_first, record_inputs, record_json, story_record
from ..derived.relate import Relation
from ..derived.tellpage import TellSite
from ..model.story import Story
from ..site.contexts import PageContexts
from ..site.pagemaker import Page, PageMaker

__all__ = ["LazyPage", "SitePages", "nav_sources"]

_IN_NAV = {"browse", "coverage", "tell"}
"""Kinds of page the repository's nav names; the others are reached by links (no "not in nav" notice)."""


class LazyPage(File):
    """A generated page whose Markdown is made when MkDocs reads it, and not kept: MkDocs
    reads a page's source once, and keeping every page's text to the end of the build
    held a quarter of its memory (240 MB at 10,000 stories)."""

    make: Callable[[], str]

    @classmethod
    def of(cls, config: MkDocsConfig, uri: str, make: Callable[[], str], inclusion: InclusionLevel) -> LazyPage:
        file = cls.generated(config, uri, content="", inclusion=inclusion)
        assert isinstance(file, LazyPage)
        file.renew(make, inclusion)
        return file

    def renew(self, make: Callable[[], str], inclusion: InclusionLevel) -> None:
        """Make the text with `make` when it is read (a page of an earlier build used again)."""
        self.make, self._content, self.page, self.inclusion = make, None, None, inclusion

    @property
    def content_string(self) -> str:
        return self.make() if self._content is None else str(self._content)

    @content_string.setter
    def content_string(self, value: str) -> None:
        self._content = value

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self._content = value.decode("utf-8")

    def is_modified(self) -> bool:
        return True


@dataclass
class SitePages:
    """Every generated file of one build, and the lookups the plugin needs."""

    config: MkDocsConfig
    catalog: Catalog
    related: dict[str, tuple[Relation, ...]]
    prefix: str
    today: datetime.date
    """The build's date (clock.today): quotes whose consent has ended are not usable."""
    tell: TellSite = field(default_factory=TellSite)
    """Where the Tell-a-story page sends a story (tell/)."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Ids of the stories this build leaves out (links to them keep only their text)."""
    cards: dict[str, dict[Hashable, str]] | None = None
    """Story cards rendered by an earlier build (`mkdocs serve`, while the world is the same)."""
    templates: jinja2.BytecodeCache | None = None
    """The generator's templates compiled by an earlier build (`mkdocs serve`)."""
    files: list[File] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    """src_uri -> story, for story pages."""
    terms: dict[str, tuple[Dimension, Term]] = field(default_factory=dict)
    """src_uri -> (dimension, term), for term pages."""
    archive_pages: dict[str, Page] = field(default_factory=dict)
    """src_uri -> the generator's page, for every page the archive adds."""
    outside_nav: set[str] = field(default_factory=set)
    """src_uri of the archive's pages the navigation does not show (they all show the same sidebar)."""
    remember: Callable[[str, Hashable, Callable[[], Any]], Any] | None = None
    """`remember(name, inputs, compute)`: `compute()`, or a result kept from an earlier build
    with equal inputs (`mkdocs serve`: plugin/preview.py)."""
    earlier: dict[str, File] = field(default_factory=dict)
    """Files of an earlier build by src_uri (`mkdocs serve`): used again (making ten thousand
    File objects and their addresses is a tenth of a rebuild)."""
    maker: PageMaker = field(init=False)
    contexts: PageContexts = field(init=False)
    """Each page's context and the lookups pages share (site/contexts.py, as in every engine)."""

    def __post_init__(self) -> None:
        self.maker = PageMaker(self.catalog, self.related, url_prefix=self.prefix, today=self.today, tell=self.tell,
                               withheld=self.withheld, directory_urls=self.config.use_directory_urls, cards=self.cards,
                               templates=self.templates)
        self.contexts = self.maker.contexts

    @property
    def story_urls(self) -> dict[str, str]:
        """Story id -> URL relative to the site root."""
        return self.maker.story_urls

    @property
    def term_urls(self) -> dict[str, str]:
        """'dimension/slug' -> URL relative to the site root."""
        return self.maker.term_urls

    def build(self) -> list[File]:
        """Create every generated file (call once per build)."""
        named = nav_sources(self.config.nav)
        for page in self.maker.pages():
            inclusion = InclusionLevel.UNDEFINED if page.kind in _IN_NAV else InclusionLevel.NOT_IN_NAV
            self._add_page(page, inclusion)
            if inclusion is InclusionLevel.NOT_IN_NAV and page.path not in named:
                self.outside_nav.add(page.path)
            if page.kind == "story":
                assert isinstance(page.subject, Story)
                self.stories[page.path] = page.subject
            elif page.kind == "term":
                assert isinstance(page.subject, tuple)
                self.terms[page.path] = page.subject
        for path, html in self.maker.redirects():
            self._add(path, html)
        catalog_text, browse_files, feed_text = (
            self._data() if self.remember is None else self.remember("data", self._data_inputs(), self._data))
        # No markup in any file of the site, even inside JSON strings (escaping.py).
        self._add(CATALOG_FILE, catalog_text)
        for name, text in browse_files.items():
            self._add(f"{BROWSE_DIR}/{DATA_DIR}/{name}", text)
        self._add(FEED_FILE, feed_text)
        return self.files

    def _data(self) -> tuple[str, dict[str, str | bytes], str]:
        """stories.json, Browse's data files and the feed; each record made again only
        when what it reads changed (`remember`: a title saved under `mkdocs serve`)."""
        catalog, urls, today = self.catalog, self.story_urls, self.today

        def made(story: Story) -> tuple[dict[str, Any], str]:
            record = story_record(story, catalog.vocabulary, urls[story.id], self.related.get(story.id, ()),
                                  today=today)
            return record, record_json(record)

        remember = self.remember
        pairs = [
            made(story) if remember is None else
            remember(f"record {story.id}", (record_inputs(story), urls[story.id], catalog.vocabulary, today,
                                            _shown(self.related.get(story.id, ()))), partial(made, story))
            for story in newest_first(catalog.stories)
        ]
        records = [record for record, _ in pairs]
        feed = json_feed(records, title=self.config.site_name, site_url=self.config.site_url,
                         tags=[d.name for d in self.catalog.vocabulary.dimensions if d.required])
        return (json_lines([text for _, text in pairs]),
                browse_data(records, catalog.vocabulary, self.term_urls, remember=self.remember),
                str(htmlsafe_json_dumps(feed, ensure_ascii=False)))

    def _data_inputs(self) -> Hashable:
        """Everything `_data` reads: while it is the same, so are its files (a saved story body)."""
        related = tuple((source, _shown(found)) for source, found in self.related.items())
        return (tuple(record_inputs(story) for story in self.catalog.stories), tuple(self.story_urls.items()),
                related, self.today, self.catalog.vocabulary, tuple(self.term_urls.items()),
                self.config.site_name, self.config.site_url)

    def _add_page(self, page: Page, inclusion: InclusionLevel) -> None:
        file = self.earlier.get(page.path)
        if (isinstance(file, LazyPage) and file.dest_dir == self.config.site_dir
                and file.use_directory_urls == self.config.use_directory_urls):
            file.renew(page.make, inclusion)
        else:
            file = LazyPage.of(self.config, page.path, page.make, inclusion)
        self.files.append(file)
        self.archive_pages[page.path] = page

    def _add(self, uri: str, content: str | bytes) -> File:
        file = self.earlier.get(uri)
        if (file is not None and not isinstance(file, LazyPage) and file.dest_dir == self.config.site_dir
                and file.use_directory_urls == self.config.use_directory_urls
                and (file.content_bytes if isinstance(content, bytes) else file.content_string) == content):
            file.page, file.inclusion = None, InclusionLevel.UNDEFINED  # as File.generated would make it
        else:
            file = File.generated(self.config, uri, content=content)
        self.files.append(file)
        return file

    def context(self, src_uri: str) -> dict[str, Any]:
        """What the content fragment of one generated page is given (its key under `mkdocs serve`)."""
        page = self.archive_pages.get(src_uri)
        return page.context() if page is not None else {}


def _shown(relations: tuple[Relation, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What a record shows of a story's related list (not the scores)."""
    return tuple((r.target, r.reasons) for r in relations)


def nav_sources(nav: Any) -> set[str]:
    """The Markdown files mkdocs.yml's nav names (their pages show the nav as the current page)."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, Mapping):
        for item in nav.values():
            found |= nav_sources(item)
    elif isinstance(nav, list):
        for item in nav:
            found |= nav_sources(item)
    return found
