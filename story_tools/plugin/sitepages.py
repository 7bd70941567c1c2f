"""The pages the MkDocs plugin adds to a site, and where each one lives.

MkDocs-specific glue (it builds `File` objects); what the pages *say* comes
from the core (catalog, relate, links, coverage, export) and the templates.

    <url_prefix>/<id>/         a story                    story.html
    <url_prefix>/              every story, newest first   story-index.html
    <dimension>/               a dimension's terms         story-dimension.html
    <dimension>/<slug>/        a term and its stories      story-term.html
    <dimension>/<alias>/       redirect to the term page (renamed and retired terms keep their address)
    coverage/                  counts, matrices, untold stories   story-coverage.html
    brief/                     call-prep brief of a filter's top stories   story-brief.html
    tell/                      a form that writes a new story file        story-tell.html
    stories.json, feed.json    the catalog and a JSON Feed of the newest stories

The names of these addresses are constants of reserved.py, which derives from
them the ids, slugs and dimension names that may not be chosen.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..archive.catalog import Catalog
from ..archive.reserved import BRIEF_URI, BROWSE_DIR, CATALOG_FILE, COVERAGE_URI, FEED_FILE, INDEX, TELL_URI
from ..archive.storyfile import write_front_matter
from ..archive.vocabulary import Dimension, Term
from ..derived.browsedata import DATA_DIR, browse_data
from ..derived.export import json_feed, json_lines, newest_first, record_inputs, record_json, story_record
from ..derived.relate import Relation
from ..derived.tellpage import TellSite
from ..model.story import Story
from ..site.contexts import PageContexts
from ..site.generate import redirect_page

__all__ = ["SitePages"]


def _page(title: str, template: str, hide: tuple[str, ...] = ()) -> str:
    # The title is a vocabulary label or a fixed word: written safely quoted.
    return write_front_matter({"title": title, "template": template} | ({"hide": list(hide)} if hide else {}))


@dataclass
class SitePages:
    """Every generated file of one build, and the lookups templates need."""

    config: MkDocsConfig
    catalog: Catalog
    related: dict[str, tuple[Relation, ...]]
    prefix: str
    today: datetime.date
    """The build's date (clock.today): quotes whose consent has ended are not usable."""
    tell: TellSite = field(default_factory=TellSite)
    """Where the Tell-a-story page sends a story (tell/)."""
    files: list[File] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    """src_uri -> story, for story pages."""
    terms: dict[str, tuple[Dimension, Term]] = field(default_factory=dict)
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    story_urls: dict[str, str] = field(default_factory=dict)
    term_urls: dict[str, str] = field(default_factory=dict)
    list_pages: dict[str, int] = field(default_factory=dict)
    """src_uri -> number, for the pages of the list of every story after the first."""
    """'dimension/slug' -> URL relative to the site root."""
    remember: Callable[[str, Hashable, Callable[[], Any]], Any] | None = None
    """`remember(name, inputs, compute)`: `compute()`, or a result kept from an earlier build
    with equal inputs (`mkdocs serve`: plugin/preview.py)."""
    earlier: dict[str, File] = field(default_factory=dict)
    """Files of an earlier build by src_uri (`mkdocs serve`): one with the same content is used
    again (making ten thousand File objects and their addresses is a tenth of a rebuild)."""
    contexts: PageContexts = field(init=False)
    """Each page's context and the lookups pages share (site/contexts.py, as in every engine)."""

    def __post_init__(self) -> None:
        self.contexts = PageContexts(self.catalog, self.related, self.today, self.tell)

    def build(self) -> list[File]:
        """Create every generated file (call once per build)."""
        catalog = self.catalog
        shared = self.contexts
        shared.prepare()
        for story in catalog.stories:
            uri = f"{self.prefix}/{story.id}.md"
            file = self._add(uri, "\n" + story.body, InclusionLevel.NOT_IN_NAV)
            self.stories[uri] = story
            self.story_urls[story.id] = file.url
        # The browse page and the brief need the width: no table of contents beside them.
        browse = self._add(f"{self.prefix}/{INDEX}.md", _page("All stories", "story-index.html", hide=("toc",)))
        brief = self._add(BRIEF_URI, _page("Call-prep brief", "story-brief.html", hide=("toc",)),
                          InclusionLevel.NOT_IN_NAV)
        shared.page_urls.update(browse=browse.url, brief=brief.url)
        shared.list_urls[1] = browse.url
        for number in range(2, shared.list_pages + 1):
            uri = f"{BROWSE_DIR}/{number}.md"
            title = f"All stories, page {number}"
            self.list_pages[uri] = number
            shared.list_urls[number] = self._add(uri, _page(title, "story-list-page.html", hide=("toc",)),
                                                 InclusionLevel.NOT_IN_NAV).url
        for dimension in catalog.vocabulary.dimensions:
            uri = f"{dimension.name}/{INDEX}.md"
            self._add(uri, _page(dimension.label, "story-dimension.html"), InclusionLevel.NOT_IN_NAV)
            self.dimensions[uri] = dimension
            for term in dimension.terms:
                term_uri = f"{dimension.name}/{term.slug}.md"
                file = self._add(term_uri, _page(term.label, "story-term.html"), InclusionLevel.NOT_IN_NAV)
                self.terms[term_uri] = (dimension, term)
                self.term_urls[f"{dimension.name}/{term.slug}"] = file.url
            for term in dimension.terms:
                for alias in term.aliases:
                    self._redirect(f"{dimension.name}/{alias}", self.term_urls[f"{dimension.name}/{term.slug}"])
        self._add(COVERAGE_URI, _page("Coverage", "story-coverage.html"))
        self._add(TELL_URI, _page("Tell a story", "story-tell.html", hide=("toc",)))
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

    def _add(self, uri: str, content: str | bytes, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
        file = self.earlier.get(uri)
        if (file is not None and file.dest_dir == self.config.site_dir
                and file.use_directory_urls == self.config.use_directory_urls
                and (file.content_bytes if isinstance(content, bytes) else file.content_string) == content):
            file.page, file.inclusion = None, inclusion  # as File.generated would make it
        else:
            file = File.generated(self.config, uri, content=content, inclusion=inclusion)
        self.files.append(file)
        return file

    def _redirect(self, name: str, target_url: str) -> None:
        """An HTML page at an old term address that sends the reader on."""
        if self.config.use_directory_urls:
            uri, own_url = f"{name}/index.html", f"{name}/"
        else:
            uri, own_url = f"{name}.html", f"{name}.html"
        # A directory URL's page lives in that directory; an .html one beside its name.
        folder = own_url.rstrip("/") if own_url.endswith("/") else posixpath.dirname(own_url)
        relative = posixpath.relpath(target_url or ".", folder or ".")
        if target_url.endswith("/"):
            relative += "/"
        self._add(uri, redirect_page(relative))

    def context(self, src_uri: str) -> dict[str, Any]:
        """What the template of one generated page needs, besides the common lookups."""
        shared = self.contexts
        story = self.stories.get(src_uri)
        if story is not None:
            return shared.story(story)
        if src_uri in self.terms:
            return shared.term(*self.terms[src_uri])
        if src_uri in self.dimensions:
            return shared.dimension(self.dimensions[src_uri])
        if src_uri == COVERAGE_URI:
            return shared.coverage()
        if src_uri == f"{self.prefix}/{INDEX}.md":
            return shared.browse()
        if src_uri == TELL_URI:
            return shared.tell_page()
        if src_uri == BRIEF_URI:
            return shared.brief()
        if src_uri in self.list_pages:
            return shared.list_page(self.list_pages[src_uri])
        return {}


def _shown(relations: tuple[Relation, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What a record shows of a story's related list (not the scores)."""
    return tuple((r.target, r.reasons) for r in relations)
