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
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from ..archive.catalog import Catalog
from ..archive.links import Backlink, backlinks
from ..archive.reserved import BRIEF_URI, CATALOG_FILE, COVERAGE_URI, FEED_FILE, INDEX, TELL_URI
from ..archive.storyfile import write_front_matter
from ..archive.vocabulary import Dimension, Term
from ..derived.browse import client_vocabulary, facets, quote_usable
from ..derived.coverage import by_term, matrix, per_year
from ..derived.export import json_feed, json_text, story_records
from ..derived.relate import Relation
from ..derived.tellpage import TellSite, tell_data
from ..model.story import Story

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
    """'dimension/slug' -> URL relative to the site root."""
    backlinks: dict[str, tuple[Backlink, ...]] = field(default_factory=dict)
    by_id: dict[str, Story] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    term_labels: dict[str, str] = field(default_factory=dict)
    """'dimension/slug' -> label."""
    by_term: dict[tuple[str, str], list[Story]] = field(default_factory=dict)
    page_urls: dict[str, str] = field(default_factory=dict)
    """'browse' and 'brief' -> URL relative to the site root (they link to each other)."""

    def build(self) -> list[File]:
        """Create every generated file (call once per build)."""
        catalog = self.catalog
        self.by_id = {story.id: story for story in catalog.stories}
        self.titles = {story.id: story.title for story in catalog.stories}
        self.term_labels = {
            f"{dimension.name}/{term.slug}": term.label
            for dimension in catalog.vocabulary.dimensions for term in dimension.terms
        }
        self.by_term = by_term(catalog.stories, catalog.vocabulary)
        for story in catalog.stories:
            uri = f"{self.prefix}/{story.id}.md"
            file = self._add(uri, "\n" + story.body, InclusionLevel.NOT_IN_NAV)
            self.stories[uri] = story
            self.story_urls[story.id] = file.url
        # The browse page and the brief need the width: no table of contents beside them.
        browse = self._add(f"{self.prefix}/{INDEX}.md", _page("All stories", "story-index.html", hide=("toc",)))
        brief = self._add(BRIEF_URI, _page("Call-prep brief", "story-brief.html", hide=("toc",)),
                          InclusionLevel.NOT_IN_NAV)
        self.page_urls.update(browse=browse.url, brief=brief.url)
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
        self.backlinks = backlinks(catalog.stories, catalog.links)
        records = story_records(catalog.stories, catalog.vocabulary, self.story_urls, self.related, today=self.today)
        # No markup in any file of the site, even inside JSON strings (escaping.py).
        self._add(CATALOG_FILE, json_text(records))
        feed = json_feed(records, title=self.config.site_name, site_url=self.config.site_url,
                         tags=[d.name for d in self.catalog.vocabulary.dimensions if d.required])
        self._add(FEED_FILE, str(htmlsafe_json_dumps(feed, ensure_ascii=False)))
        return self.files

    def _add(self, uri: str, content: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> File:
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
        href = escape(relative, quote=True)
        self._add(uri, (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<title>Moved</title><link rel="canonical" href="{href}">'
            f'<meta http-equiv="refresh" content="0; url={href}"></head>'
            f'<body><p>This term has a new name: <a href="{href}">go to its page</a>.</p></body></html>'
        ))

    def context(self, src_uri: str) -> dict[str, Any]:
        """What the template of one generated page needs, besides the common lookups."""
        vocabulary, by_id, index = self.catalog.vocabulary, self.by_id, self.by_term
        story = self.stories.get(src_uri)
        if story is not None:
            return {
                "story": story,
                "story_terms": story_terms(story, vocabulary.dimensions),
                "story_related": [(r, by_id[r.target]) for r in self.related.get(story.id, ())],
                "story_backlinks": _grouped_backlinks(self.backlinks.get(story.id, ()), by_id),
                "story_quote_usable": quote_usable(story, self.today),
            }
        if src_uri in self.terms:
            dimension, term = self.terms[src_uri]
            return {"story_dimension": dimension, "story_term": term, "story_list": index[(dimension.name, term.slug)]}
        if src_uri in self.dimensions:
            dimension = self.dimensions[src_uri]
            return {
                "story_dimension": dimension,
                "story_term_counts": [(term, len(index[(dimension.name, term.slug)])) for term in dimension.terms],
            }
        if src_uri == COVERAGE_URI:
            return self._coverage()
        if src_uri == f"{self.prefix}/{INDEX}.md":
            return {"story_facets": facets(vocabulary, index), "story_brief": self.page_urls["brief"]}
        if src_uri == TELL_URI:
            data = tell_data(vocabulary, by_id, self.catalog.privacy, self.tell)
            return {"story_tell": data, "story_browse": self.page_urls["browse"]}
        if src_uri == BRIEF_URI:
            return {"story_vocabulary": client_vocabulary(vocabulary), "story_browse": self.page_urls["browse"]}
        return {}

    def _coverage(self) -> dict[str, Any]:
        vocabulary, stories = self.catalog.vocabulary, self.catalog.stories
        matrices = [
            matrix(stories, rows, columns)
            for rows, columns in ((vocabulary.dimension(a), vocabulary.dimension(b)) for a, b in vocabulary.coverage)
            if rows is not None and columns is not None
        ]
        return {
            "story_count": len(stories),
            "story_dimension_counts": [
                (d, sum(1 for t in d.terms if self.by_term[(d.name, t.slug)])) for d in vocabulary.dimensions
            ],
            "story_matrices": matrices,
            "story_years": per_year(stories),
        }


class CardRenderer:
    """Renders each story's card once per build (`story-card.html`) and reuses it.

    A story appears on the index and on every term page it carries; rendering
    its card each time was the largest cost the archive added to a build.
    `macro` names the macro of story-card.html: `card`, or `line` (one list item)."""

    _ROOT = "\x00"  # cannot occur in a story: control characters are findings

    def __init__(self, env: jinja2.Environment, macro: str = "card") -> None:
        self._card = getattr(env.get_template("story-card.html").module, macro)
        self._cache: dict[str, str] = {}

    def __call__(self, stories: Iterable[Story], base_url: str) -> Markup:
        """The cards of `stories` for a page whose `base_url` (MkDocs' relative root) is given."""
        parts = []
        for story in stories:
            html = self._cache.get(story.id)
            if html is None:
                html = self._cache[story.id] = str(self._card(story, self._ROOT))
            parts.append(html)
        root = (base_url or ".").rstrip("/") + "/"
        return Markup("\n".join(parts).replace(self._ROOT, root))  # noqa: S704 - escaped in the template


def story_terms(story: Story, dimensions: tuple[Dimension, ...]) -> list[tuple[Dimension, list[Term]]]:
    """Each dimension the story uses, with its terms, in vocabulary order."""
    pairs = []
    for dimension in dimensions:
        slugs = story.terms_of(dimension.name)
        if slugs:
            pairs.append((dimension, [dimension.term(slug) for slug in slugs]))
    return pairs


def _grouped_backlinks(links: tuple[Backlink, ...], by_id: dict[str, Story]) -> list[tuple[Story, list[str]]]:
    """One entry per referring story, with how it refers ('related', 'body')."""
    grouped: dict[str, list[str]] = {}
    for link in links:
        if link.source in by_id:
            grouped.setdefault(link.source, []).append(link.kind)
    return [(by_id[source], kinds) for source, kinds in grouped.items()]
