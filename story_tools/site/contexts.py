"""What each archive page's content template needs: one place for every engine.

The MkDocs plugin (plugin/sitepages.py) and the engine-neutral generator
(site/generate.py) both render the fragments of `templates/content/` with
these contexts, so a story, term, coverage, Browse, Brief or Tell page says
the same whichever engine builds the site.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..archive.catalog import Catalog
from ..archive.links import Backlink, backlinks
from ..archive.reserved import BROWSE_DIR
from ..archive.vocabulary import Dimension, Term
from ..derived.browse import client_vocabulary, facets, quote_usable
from ..derived.browsedata import DATA_DIR, PAGE, page_count
from ..derived.coverage import by_term, matrix, per_year
from ..derived.relate import Relation
from ..derived.tellpage import TellSite, tell_data
from ..model.story import Story

__all__ = ["AT_A_GLANCE", "PageContexts", "TermGroup", "story_terms"]

AT_A_GLANCE = ("industry", "segment", "outcome")
"""The dimensions a story's header lists among its facts (who the customer is, how it ended), in this order."""


@dataclass
class PageContexts:
    """The lookups of one build, and each page's context (call `prepare` first)."""

    catalog: Catalog
    related: dict[str, tuple[Relation, ...]]
    today: datetime.date
    """The build's date (clock.today): quotes whose consent has ended are not usable."""
    tell: TellSite = field(default_factory=TellSite)
    by_id: dict[str, Story] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    term_labels: dict[str, str] = field(default_factory=dict)
    """'dimension/slug' -> label."""
    by_term: dict[tuple[str, str], list[Story]] = field(default_factory=dict)
    backlinks: dict[str, tuple[Backlink, ...]] = field(default_factory=dict)
    page_urls: dict[str, str] = field(default_factory=dict)
    """'browse' and 'brief' -> URL relative to the site root (they link to each other)."""
    list_urls: dict[int, str] = field(default_factory=dict)
    """Page number -> URL of that page of the list of every story (1 is Browse itself)."""
    newest: list[Story] = field(default_factory=list)
    """Every story in the Browse order: newest first, then by id."""
    _coverage: dict[str, Any] | None = None

    def prepare(self) -> None:
        """Compute the lookups every page shares (once per build)."""
        catalog = self.catalog
        self.by_id = {story.id: story for story in catalog.stories}
        self.titles = {story.id: story.title for story in catalog.stories}
        self.term_labels = {
            f"{dimension.name}/{term.slug}": term.label
            for dimension in catalog.vocabulary.dimensions for term in dimension.terms
        }
        self.by_term = by_term(catalog.stories, catalog.vocabulary)
        self.backlinks = backlinks(catalog.stories, catalog.links)
        self.newest = sorted(catalog.stories, key=lambda s: (-s.date.toordinal(), s.id))

    @property
    def list_pages(self) -> int:
        """How many pages the list of every story takes (Browse is the first)."""
        return page_count(len(self.newest))

    def _paging(self) -> dict[str, Any]:
        return {"story_page_size": PAGE, "story_list_pages": self.list_pages, "story_list_urls": self.list_urls,
                "story_browse_data": f"{BROWSE_DIR}/{DATA_DIR}/"}

    def story(self, story: Story) -> dict[str, Any]:
        terms = story_terms(story, self.catalog.vocabulary.dimensions)
        return {
            "story": story,
            "story_terms": terms,
            "story_facts": [group for name in AT_A_GLANCE for group in terms if group.dimension.name == name],
            "story_related": [(r, self.by_id[r.target]) for r in self.related.get(story.id, ())],
            "story_backlinks": _grouped_backlinks(self.backlinks.get(story.id, ()), self.by_id),
            "story_quote_usable": quote_usable(story, self.today),
        }

    def story_inputs(self, story: Story) -> tuple[Any, ...]:
        """What `story()` gives the story's template, as one value to compare with another
        build's (`mkdocs serve` renders a page again only when it differs)."""
        # Not the scores: the page shows neither them nor the order's reasons beyond `reasons`.
        related = tuple((r.target, r.explicit, r.reasons, self.by_id[r.target]) for r in self.related.get(story.id, ()))
        links = self.backlinks.get(story.id, ())
        return (story, related, links, tuple(self.by_id.get(link.source) for link in links),
                quote_usable(story, self.today))

    def term(self, dimension: Dimension, term: Term) -> dict[str, Any]:
        return {"story_dimension": dimension, "story_term": term,
                "story_list": self.by_term[(dimension.name, term.slug)]}

    def dimension(self, dimension: Dimension) -> dict[str, Any]:
        return {
            "story_dimension": dimension,
            "story_term_counts": [(term, len(self.by_term[(dimension.name, term.slug)])) for term in dimension.terms],
        }

    def browse(self) -> dict[str, Any]:
        return {"story_facets": facets(self.catalog.vocabulary, self.by_term), "story_brief": self.page_urls["brief"],
                **self._paging()}

    def list_page(self, number: int) -> dict[str, Any]:
        """Page `number` (2 and up) of the list of every story."""
        first = (number - 1) * PAGE
        shown = self.newest[first:first + PAGE]
        return {"story_list_stories": shown, "story_list_page": number, "story_list_first": first + 1,
                "story_list_last": first + len(shown), "story_count": len(self.newest), **self._paging()}

    def tell_page(self) -> dict[str, Any]:
        data = tell_data(self.catalog.vocabulary, self.by_id, self.catalog.privacy, self.tell)
        return {"story_tell": data, "story_browse": self.page_urls["browse"]}

    def brief(self) -> dict[str, Any]:
        vocabulary = client_vocabulary(self.catalog.vocabulary)
        return {"story_vocabulary": vocabulary, "story_browse": self.page_urls["browse"], **self._paging()}

    def coverage(self) -> dict[str, Any]:
        if self._coverage is None:  # asked twice under `mkdocs serve`: for the page's key, and to render it
            self._coverage = self._coverage_context()
        return self._coverage

    def _coverage_context(self) -> dict[str, Any]:
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


class TermGroup(NamedTuple):
    """A dimension a story uses, with its terms."""

    dimension: Dimension
    terms: list[Term]
    key: str
    """'dimension/slug,slug': the same for every story with these terms (what the header caches by)."""


def story_terms(story: Story, dimensions: tuple[Dimension, ...]) -> list[TermGroup]:
    """Each dimension the story uses, with its terms, in vocabulary order."""
    groups = []
    for dimension in dimensions:
        slugs = story.terms_of(dimension.name)
        if slugs:
            groups.append(TermGroup(dimension, [dimension.term(slug) for slug in slugs],
                                    f"{dimension.name}/{','.join(slugs)}"))
    return groups


def _grouped_backlinks(links: tuple[Backlink, ...], by_id: dict[str, Story]) -> list[tuple[Story, list[str]]]:
    """One entry per referring story, with how it refers ('related', 'body')."""
    grouped: dict[str, list[str]] = {}
    for link in links:
        if link.source in by_id:
            grouped.setdefault(link.source, []).append(link.kind)
    return [(by_id[source], kinds) for source, kinds in grouped.items()]
