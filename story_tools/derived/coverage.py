"""Which stories carry which terms, and which combinations nobody has told yet.

Pure data for the term pages, the dimension pages and the coverage page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..archive.vocabulary import Dimension, Term, Vocabulary
from ..model.story import Story

__all__ = ["Matrix", "by_term", "matrix", "newest_first", "per_year"]


def newest_first(stories: Sequence[Story]) -> list[Story]:
    """Stories by date, newest first; equal dates by id."""
    return sorted(stories, key=lambda s: (-s.date.toordinal(), s.id))


def by_term(stories: Sequence[Story], vocabulary: Vocabulary) -> dict[tuple[str, str], list[Story]]:
    """For every term of every dimension (also unused ones), its stories, newest first."""
    index: dict[tuple[str, str], list[Story]] = {
        (dimension.name, term.slug): [] for dimension in vocabulary.dimensions for term in dimension.terms
    }
    for story in newest_first(stories):
        for name, slugs in story.terms:
            for slug in slugs:
                index[(name, slug)].append(story)
    return index


@dataclass(frozen=True)
class Matrix:
    """Story counts for every pair of terms of two dimensions."""

    rows: Dimension
    columns: Dimension
    counts: tuple[tuple[int, ...], ...]
    """counts[i][j]: stories carrying row term i and column term j."""

    @property
    def most(self) -> int:
        """The largest count (at least 1, so shares never divide by zero)."""
        return max((n for row in self.counts for n in row), default=0) or 1

    def empty_cells(self) -> list[tuple[Term, Term]]:
        """The combinations no story has told yet, in vocabulary order."""
        return [
            (row, column)
            for row, counts in zip(self.rows.terms, self.counts, strict=True)
            for column, count in zip(self.columns.terms, counts, strict=True)
            if count == 0
        ]


def matrix(stories: Sequence[Story], rows: Dimension, columns: Dimension) -> Matrix:
    """Count the stories per (row term, column term); a story counts in every
    cell its terms make."""
    pairs: Counter[tuple[str, str]] = Counter()
    for story in stories:
        for row in story.terms_of(rows.name):
            for column in story.terms_of(columns.name):
                pairs[(row, column)] += 1
    counts = tuple(
        tuple(pairs[(row.slug, column.slug)] for column in columns.terms) for row in rows.terms
    )
    return Matrix(rows, columns, counts)


def per_year(stories: Sequence[Story]) -> list[tuple[int, int]]:
    """(year, number of stories) for every year from the first story to the last."""
    years = Counter(story.date.year for story in stories)
    if not years:
        return []
    return [(year, years[year]) for year in range(min(years), max(years) + 1)]
