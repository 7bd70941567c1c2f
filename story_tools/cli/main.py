"""The `story-tools` command line, on the same core as the MkDocs plugin."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..archive.audience import AUDIENCES, for_audience
from ..archive.catalog import load_catalog
from ..archive.issueform import issue_form_findings
from ..archive.outside import is_inside, looks_like_story, outside_finding
from ..archive.schema import story_schema
from ..archive.settings import ArchiveSettings
from ..archive.vocabulary import Vocabulary, load_vocabulary
from ..checks.report import FORMATS, escape_data, render
from ..checks.summary import job_summary
from ..derived.export import csv_text, json_text, story_records
from ..derived.relate import related_stories
from ..model.findings import Finding, Severity, sort_findings
from ..reading.changes import Changes, ChangesError, find_changes, findings_across_stories, split_off_time
from ..reading.source import DisplayPath
from .generatecmd import generate_command
from .importer import import_command
from .issueformcmd import from_issue_command, issue_form_command
from .new import new_command
from .options import CONFIG_OPTION, settings_for, today
from .reportcmd import report_summary_command
from .stats import stats_command
from .vocabdiffcmd import vocabulary_diff_command

__all__ = ["main"]

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="story-tools")
def main() -> None:
    """Check, describe and publish an archive of customer-retention stories."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for scripts, github for pull-request annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, like 'mkdocs build --strict'.")
@click.option("--changed-since", "since", metavar="REF",
              help="Report only stories added or changed since this git ref, committed or not.")
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Append a Markdown summary of every finding to this file "
                   "(with --format github, $GITHUB_STEP_SUMMARY when it is set).")
@click.option("--audience", type=click.Choice(AUDIENCES), envvar="STORY_AUDIENCE", default="internal",
              show_default=True, help="Also check consent as a build for this audience would "
                                      "(public: expired consent is an error). Default: $STORY_AUDIENCE.")
def check(
    paths: tuple[Path, ...], config_file: Path | None, fmt: str, strict: bool, since: str | None,
    summary_file: Path | None, audience: str,
) -> None:
    """Check the archive's stories against the vocabulary.

    With PATHS (story files or folders), only their findings are shown; rules
    across stories (duplicate ids, related stories) still see the whole archive.
    With --changed-since REF, only the stories added or changed since REF are
    reported (git diff REF...HEAD, plus uncommitted and untracked files), and
    every story when the vocabulary changed; consent that has ended (or ends
    soon) in a story the change does not touch is not reported.
    Exit status: 0 no errors, 1 errors found, 2 usage error.
    """
    settings = settings_for(config_file)
    if paths and since is not None:
        raise click.UsageError("Give PATHS or --changed-since, not both.")
    changes = _changes(settings, since, config_file) if since is not None else None
    day = today()
    catalog = load_catalog(settings, today=day)
    findings = list(catalog.findings)
    findings += for_audience(catalog.stories, audience, day).findings
    vocabulary_shown = DisplayPath(settings.root)(settings.vocabulary_file)
    if not any(f.path == vocabulary_shown and f.severity is Severity.ERROR for f in catalog.findings):
        findings += issue_form_findings(settings.root, catalog.vocabulary)
    files = catalog.files_read
    notes: list[str] = []
    if paths:
        findings, files = _only(paths, settings, catalog.vocabulary, findings)
    elif changes is not None:
        findings, files, notes = _changed_only(changes, settings, catalog.vocabulary, findings, files)
    findings = sort_findings(findings)
    for note in notes:
        if fmt == "json":
            click.echo(note, err=True)
        else:
            click.echo(f"::notice title=story-tools::{escape_data(note)}" if fmt == "github" else note)
    click.echo(render(findings, fmt, files))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    failed = any(f.severity in failing for f in findings)
    target = summary_file or (os.environ.get("GITHUB_STEP_SUMMARY") if fmt == "github" else None)
    if target:
        display = DisplayPath(settings.root)
        changed = None if changes is None else [(display(s.path), s.status) for s in changes.stories]
        text = job_summary(findings, files, failed=failed, changed=changed, since=since, notes=notes)
        try:
            with Path(target).open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise click.UsageError(f"Cannot write the summary to {target}: {error.strerror}.") from error
    sys.exit(1 if failed else 0)


def _changes(settings: ArchiveSettings, since: str, config_file: Path | None) -> Changes:
    watched = (settings.vocabulary_file, (config_file or Path("mkdocs.yml")).resolve(),
               *((settings.privacy_file,) if settings.privacy_file else ()))
    try:
        return find_changes(settings.root, since, settings.stories_dir, watched)
    except ChangesError as error:
        raise click.UsageError(str(error)) from error


def _changed_only(
    changes: Changes, settings: ArchiveSettings, vocabulary: Vocabulary, findings: list[Finding], files_read: int
) -> tuple[list[Finding], int, list[str]]:
    """Findings of the changed stories (and the vocabulary), and the notes that say what was checked."""
    display = DisplayPath(settings.root)
    if changes.watched:
        notes = [
            f"{display(path)} changed since {changes.ref}: every story is checked "
            + ("(a renamed or removed term can break any story)." if path == settings.vocabulary_file
               else "(the names to look for may have changed)." if path == settings.privacy_file
               else "(the archive's settings may have changed).")
            for path in changes.watched
        ]
        findings, aside = split_off_time(findings, {display(path) for path in changes.paths})
        if aside:
            paths = sorted({finding.path for finding in aside})
            notes.append(f"Consent has ended or ends soon in {len(paths)} stor{'y' if len(paths) == 1 else 'ies'} "
                         f"this change does not touch ({', '.join(paths)}): not reported here. The public site "
                         "leaves out a story once its consent has ended.")
        return findings, files_read, notes
    kept, files = _only(changes.paths, settings, vocabulary, findings)
    notes = [] if changes.stories or changes.removed else [f"No story changed since {changes.ref}."]
    if changes.removed:
        gone = ", ".join(display(path) for path in changes.removed)
        notes.append(f"Removed since {changes.ref}: {gone}; stories that relate or link to them are checked too.")
    shown = {display(path) for path in changes.paths}
    across = [f for f in findings_across_stories(findings, changes) if f.path not in shown]
    return kept + across, files + len({f.path for f in across}), notes


def _only(
    paths: tuple[Path, ...], settings: ArchiveSettings, vocabulary: Vocabulary, findings: list[Finding]
) -> tuple[list[Finding], int]:
    display = DisplayPath(settings.root)
    stories_dir = display(settings.stories_dir)
    inside: list[Path] = []
    outside: list[Finding] = []
    for path in (p.resolve() for p in paths):
        if is_inside(path, settings.stories_dir):
            inside.append(path)
            continue
        named = [path] if path.is_file() else sorted(path.rglob("*.md"))
        for file in named:
            if path.is_file() or looks_like_story(file.read_bytes(), vocabulary):
                outside.append(outside_finding(display(file), stories_dir))
    # The vocabulary's and the privacy list's own findings always show: without them a story may pass wrongly.
    archive_files = {display(path) for path in (settings.vocabulary_file, settings.privacy_file) if path}
    kept = [
        f for f in findings
        if f.path in archive_files or any(is_inside((settings.root / f.path), p) for p in inside)
    ]
    files = sum(1 for p in inside for _ in ([p] if p.is_file() else p.rglob("*.md")))
    return kept + outside, files + len(outside)


@main.command()
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def export(config_file: Path | None, fmt: str) -> None:
    """Print the catalog: one record per story, as on the site's stories.json.

    URLs are relative to the site root. Exits 1 (printing the findings) when
    the archive has errors, since a partial catalog would mislead.
    """
    settings = settings_for(config_file)
    catalog = load_catalog(settings)
    if not catalog.ok:
        click.echo(render(list(catalog.findings), "text", catalog.files_read), err=True)
        sys.exit(1)
    try:
        related = related_stories(catalog.stories, catalog.vocabulary, count=settings.related_count,
                                  weights=dict(settings.related_weights))
    except ValueError as error:
        raise click.UsageError(f"related_count / related_weights in mkdocs.yml: {error}") from error
    urls = {story.id: f"{settings.url_prefix}/{story.id}/" for story in catalog.stories}
    records = story_records(catalog.stories, catalog.vocabulary, urls, related, today=today())
    click.echo(json_text(records) if fmt == "json" else csv_text(records, catalog.vocabulary), nl=fmt == "json")


@main.command()
@CONFIG_OPTION
def schema(config_file: Path | None) -> None:
    """Print the JSON Schema of story front matter (draft 2020-12).

    Each dimension's terms are enum values, so editors with a YAML extension
    underline a wrong term while it is typed.
    """
    settings = settings_for(config_file)
    shown = DisplayPath(settings.root)(settings.vocabulary_file)
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, shown)
    if problems:
        click.echo(render(problems, "text", 0), err=True)
        sys.exit(1)
    click.echo(json.dumps(story_schema(vocabulary), indent=2, ensure_ascii=False))
main.add_command(new_command)
main.add_command(generate_command)
main.add_command(stats_command)
main.add_command(import_command)
main.add_command(issue_form_command)
main.add_command(from_issue_command)
main.add_command(vocabulary_diff_command)
main.add_command(report_summary_command)

