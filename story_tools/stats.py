"""`story-tools stats`: what the archive holds and what it is missing.

Counts per dimension and term, the principle × outcome combinations nobody has
told yet, stories older than N months and terms no story uses.
"""

from __future__ import annotations

import calendar
import datetime
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .catalog import Catalog, load_catalog
from .cliopts import CONFIG_OPTION, settings_for
from .cliopts import today as clock_today
from .coverage import matrix
from .report import render
from .story import VISIBILITIES, Story

__all__ = ["ArchiveStats", "DimensionStats", "archive_stats", "months_before", "stats_command", "stats_text"]

GAP_ROWS, GAP_COLUMNS = "principle", "outcome"


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
    gaps: tuple[tuple[str, str], ...]
    """(principle, outcome) slug pairs that no story carries together."""
    pairs: int
    """How many principle × outcome pairs there are (0 without those dimensions)."""
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
            "gaps": [{GAP_ROWS: row, GAP_COLUMNS: column} for row, column in self.gaps],
            "older": [{"id": story.id, "date": story.date.isoformat()} for story in self.older],
        }


def archive_stats(catalog: Catalog, *, today: datetime.date, older_than: int) -> ArchiveStats:
    """Count the catalog's stories per visibility, term and principle × outcome pair."""
    stories, vocabulary = catalog.stories, catalog.vocabulary
    dimensions = []
    for dimension in vocabulary.dimensions:
        counts = [
            (term.slug, term.label, sum(term.slug in story.terms_of(dimension.name) for story in stories))
            for term in dimension.terms
        ]
        ranked = sorted(enumerate(counts), key=lambda item: (-item[1][2], item[0]))
        dimensions.append(DimensionStats(dimension.name, dimension.label, tuple(entry for _, entry in ranked)))
    rows, columns = vocabulary.dimension(GAP_ROWS), vocabulary.dimension(GAP_COLUMNS)
    gaps: tuple[tuple[str, str], ...] = ()
    pairs = 0
    if rows is not None and columns is not None:
        gaps = tuple((row.slug, column.slug) for row, column in matrix(stories, rows, columns).empty_cells())
        pairs = len(rows.terms) * len(columns.terms)
    cutoff = months_before(today, older_than)
    older = tuple(sorted((s for s in stories if s.date < cutoff), key=lambda s: (s.date, s.id)))
    visibility = {name: sum(s.visibility == name for s in stories) for name in VISIBILITIES}
    return ArchiveStats(len(stories), visibility, tuple(dimensions), gaps, pairs, cutoff, older)


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
    if stats.pairs:
        lines += ["", f"Coverage gaps: {len(stats.gaps)} of {stats.pairs} "
                      f"{GAP_ROWS} × {GAP_COLUMNS} pairs have no story"]
        width = max((len(row) for row, _ in stats.gaps), default=0)
        lines += [f"  {row:<{width}}  × {column}" for row, column in stats.gaps]
    lines += ["", f"Older than {_plural(older_than, 'month', 'months')} (dated before {stats.cutoff.isoformat()}): "
                  f"{_plural(len(stats.older), 'story', 'stories')}"]
    lines += [f"  {story.date.isoformat()}  {story.id}" for story in stats.older]
    return "\n".join(lines)


@click.command("stats")
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for scripts.")
@click.option("--older-than", type=click.IntRange(min=0), default=24, show_default=True, metavar="MONTHS",
              help="List stories dated more than this many months ago.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
def stats_command(config_file: Path | None, fmt: str, older_than: int, today: datetime.datetime | None) -> None:
    """Counts per dimension and term, coverage gaps, old stories and unused terms.

    Exits 1 (printing the findings) when the archive has errors, since counts
    that leave out broken stories would mislead.
    """

    catalog = load_catalog(settings_for(config_file))
    if not catalog.ok:
        click.echo(render(list(catalog.findings), "text", catalog.files_read), err=True)
        sys.exit(1)
    day = today.date() if today else clock_today()
    stats = archive_stats(catalog, today=day, older_than=older_than)
    if fmt == "json":
        click.echo(json.dumps(stats.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(stats_text(stats, older_than))
