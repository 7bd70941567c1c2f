"""The `story-tools` command line, on the same core as the MkDocs plugin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .catalog import load_catalog
from .export import csv_text, json_text, story_records
from .findings import Finding, Severity, sort_findings
from .outside import is_inside, looks_like_story, outside_finding
from .relate import related_stories
from .report import FORMATS, render
from .schema import story_schema
from .settings import ArchiveSettings, SettingsError, settings_from_mkdocs_yml
from .source import DisplayPath
from .vocabulary import Vocabulary, load_vocabulary

__all__ = ["main"]

_CONFIG_OPTION = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The mkdocs.yml that configures the archive (default: ./mkdocs.yml).",
)


def _settings(config_file: Path | None) -> ArchiveSettings:
    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        raise click.UsageError(
            f"No {path} here. Run story-tools in the archive's folder, or name the file with -f."
        )
    try:
        return settings_from_mkdocs_yml(path)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="story-tools")
def main() -> None:
    """Check, describe and publish an archive of customer-retention stories."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for scripts, github for pull-request annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, like 'mkdocs build --strict'.")
def check(paths: tuple[Path, ...], config_file: Path | None, fmt: str, strict: bool) -> None:
    """Check the archive's stories against the vocabulary.

    With PATHS (story files or folders), only their findings are shown; rules
    across stories (duplicate ids, related stories) still see the whole archive.
    Exit status: 0 no errors, 1 errors found, 2 usage error.
    """
    settings = _settings(config_file)
    catalog = load_catalog(settings)
    findings = list(catalog.findings)
    files = catalog.files_read
    if paths:
        findings, files = _only(paths, settings, catalog.vocabulary, findings)
    findings = sort_findings(findings)
    click.echo(render(findings, fmt, files))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(1 if any(f.severity in failing for f in findings) else 0)


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
    vocabulary_path = display(settings.vocabulary_file)
    kept = [
        f for f in findings
        if f.path == vocabulary_path or any(is_inside((settings.root / f.path), p) for p in inside)
    ]
    files = sum(1 for p in inside for _ in ([p] if p.is_file() else p.rglob("*.md")))
    return kept + outside, files + len(outside)


@main.command()
@_CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
def export(config_file: Path | None, fmt: str) -> None:
    """Print the catalog: one record per story, as on the site's stories.json.

    URLs are relative to the site root. Exits 1 (printing the findings) when
    the archive has errors, since a partial catalog would mislead.
    """
    settings = _settings(config_file)
    catalog = load_catalog(settings)
    if not catalog.ok:
        click.echo(render(list(catalog.findings), "text", catalog.files_read), err=True)
        sys.exit(1)
    related = related_stories(catalog.stories, catalog.vocabulary, count=settings.related_count,
                              weights=dict(settings.related_weights))
    urls = {story.id: f"{settings.url_prefix}/{story.id}/" for story in catalog.stories}
    records = story_records(catalog.stories, catalog.vocabulary, urls, related)
    click.echo(json_text(records) if fmt == "json" else csv_text(records, catalog.vocabulary), nl=fmt == "json")


@main.command()
@_CONFIG_OPTION
def schema(config_file: Path | None) -> None:
    """Print the JSON Schema of story front matter (draft 2020-12).

    Each dimension's terms are enum values, so editors with a YAML extension
    underline a wrong term while it is typed.
    """
    settings = _settings(config_file)
    shown = DisplayPath(settings.root)(settings.vocabulary_file)
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, shown)
    if problems:
        click.echo(render(problems, "text", 0), err=True)
        sys.exit(1)
    click.echo(json.dumps(story_schema(vocabulary), indent=2, ensure_ascii=False))
if __name__ == "__main__":  # python -m story_tools.cli
    main()
