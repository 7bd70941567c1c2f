"""`story-tools stats`: the command around `derived.stats`."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import click

from ..archive.catalog import load_catalog
from ..checks.report import render
from ..derived.stats import archive_stats, stats_text
from .options import CONFIG_OPTION, settings_for
from .options import today as clock_today

__all__ = ["stats_command"]


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
