"""`story-tools report-summary`: the command around `archive.buildreport`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..archive.buildreport import ReportError, consent_annotations, markdown, read_build_report

__all__ = ["report_summary_command"]


@click.command("report-summary")
@click.argument("report_file", metavar="REPORT", default="story-report.json",
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["markdown", "github"]), default="markdown", show_default=True,
              help="markdown prints the summary; github prints an annotation per story whose consent "
                   "ended and appends the summary to $GITHUB_STEP_SUMMARY.")
def report_summary_command(report_file: Path, fmt: str) -> None:
    """Say which stories a build left out because their consent ended.

    REPORT is the build report the plugin writes (default: story-report.json).
    Exits 0 whatever the report says (a story left out is the site working);
    1 when REPORT cannot be read.
    """
    try:
        report = read_build_report(report_file)
    except ReportError as error:
        raise click.ClickException(str(error)) from error
    text = markdown(report)
    if fmt == "markdown":
        click.echo(text, nl=False)
        return
    if report.ended:
        click.echo(consent_annotations(report))
    click.echo(report.summary or "The report has no summary line.")
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with Path(target).open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise click.ClickException(f"Cannot write the summary to {target}: {error.strerror}.") from error
