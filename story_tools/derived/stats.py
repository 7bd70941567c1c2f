"""What the archive holds and what it is missing.

Counts per dimension and term, the principle × outcome combinations nobody has
told yet, stories older than N months and terms no story uses.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from ..archive.catalog import Catalog
from ..model.story import VISIBILITIES, Story
from .coverage import matrix

__all__ = ["ArchiveStats", "DimensionStats", "archive_stats", "months_before", "stats_text"]

def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class DimensionStats:
    """One dimension's terms with their story counts, most used first."""

    name: str
    label: str
    terms: tuple[tuple[str, str, int], ...]
    """(slug, label, count), by count descending, then in vocabulary order."""

    @property
    def unused(self) -> tuple[str, ...]:
        """Slugs of the terms no story carries, in vocabulary order."""
        return tuple(slug for slug, _, count in self.terms if count == 0)


@dataclass(frozen=True)
class ArchiveStats:
    """Everything `story-tools stats` reports."""

    total: int
    visibility: dict[str, int]
    dimensions: tuple[DimensionStats, ...]
    gap_dimensions: tuple[str, str] | None
    """The vocabulary's first coverage pair (rows, columns), where gaps are looked for."""
    gaps: tuple[tuple[str, str], ...]
    """(row, column) slug pairs of those dimensions that no story carries together."""
    pairs: int
    """How many such pairs there are (0 without a coverage pair)."""
    cutoff: datetime.date
    older: tuple[Story, ...]
    """Stories dated before `cutoff`, oldest first."""

    def as_dict(self) -> dict[str, object]:
        """The JSON shape: total, visibility, dimensions, gaps, older."""
        return {
            "total": self.total,
            "visibility": self.visibility,
            "dimensions": {
                d.name: {
                    "terms": [{"slug": slug, "label": label, "count": count} for slug, label, count in d.terms],
                    "unused": list(d.unused),
                }
                for d in self.dimensions
            },
            "gaps": [dict(zip(self.gap_dimensions, pair, strict=True)) for pair in self.gaps]
            if self.gap_dimensions else [],
            "older": [{"id": story.id, "date": story.date.isoformat()} for story in self.older],
        }


def archive_stats(catalog: Catalog, *, today: datetime.date, older_than: int) -> ArchiveStats:
    """Count the catalog's stories per visibility, term and pair of the first coverage dimensions."""
    stories, vocabulary = catalog.stories, catalog.vocabulary
    dimensions = []
    for dimension in vocabulary.dimensions:
        counts = [
            (term.slug, term.label, sum(term.slug in story.terms_of(dimension.name) for story in stories))
            for term in dimension.terms
        ]
        ranked = sorted(enumerate(counts), key=lambda item: (-item[1][2], item[0]))
        dimensions.append(DimensionStats(dimension.name, dimension.label, tuple(entry for _, entry in ranked)))
    gap_dimensions = vocabulary.coverage[0] if vocabulary.coverage else None
    rows, columns = (vocabulary.dimension(name) for name in gap_dimensions or ("", ""))
    gaps: tuple[tuple[str, str], ...] = ()
    pairs = 0
    if rows is not None and columns is not None:
        gaps = tuple((row.slug, column.slug) for row, column in matrix(stories, rows, columns).empty_cells())
        pairs = len(rows.terms) * len(columns.terms)
    cutoff = months_before(today, older_than)
    older = tuple(sorted((s for s in stories if s.date < cutoff), key=lambda s: (s.date, s.id)))
    visibility = {name: sum(s.visibility == name for s in stories) for name in VISIBILITIES}
    return ArchiveStats(len(stories), visibility, tuple(dimensions), gap_dimensions, gaps, pairs, cutoff, older)


def _plural(count: int, word: str, words: str) -> str:
    return f"{count} {word if count == 1 else words}"


def stats_text(stats: ArchiveStats, older_than: int) -> str:
    """The report for people: aligned columns, one block per dimension."""
    shares = ", ".join(f"{count} {name}" for name, count in stats.visibility.items())
    lines = [f"{_plural(stats.total, 'story', 'stories')}: {shares}"]
    for dimension in stats.dimensions:
        lines += ["", f"{dimension.label} ({dimension.name})"]
        used = [entry for entry in dimension.terms if entry[2]]
        slug_width = max((len(slug) for slug, _, _ in used), default=0)
        count_width = max((len(str(count)) for _, _, count in used), default=0)
        lines += [f"  {slug:<{slug_width}}  {count:>{count_width}}  {label}" for slug, label, count in used]
        if dimension.unused:
            lines.append(f"  unused: {', '.join(dimension.unused)}")
    if stats.pairs and stats.gap_dimensions:
        rows, columns = stats.gap_dimensions
        lines += ["", f"Coverage gaps: {len(stats.gaps)} of {stats.pairs} {rows} × {columns} pairs have no story"]
        width = max((len(row) for row, _ in stats.gaps), default=0)
        lines += [f"  {row:<{width}}  × {column}" for row, column in stats.gaps]
    lines += ["", f"Older than {_plural(older_than, 'month', 'months')} (dated before {stats.cutoff.isoformat()}): "
                  f"{_plural(len(stats.older), 'story', 'stories')}"]
    lines += [f"  {story.date.isoformat()}  {story.id}" for story in stats.older]
    return "\n".join(lines)
