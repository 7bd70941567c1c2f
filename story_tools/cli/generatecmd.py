"""`story-tools generate`: the archive's pages as files, for engines that run no plugins (Zensical)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..archive.audience import AUDIENCES, consent_ended_message, for_audience
from ..archive.catalog import load_catalog
from ..archive.outside import looks_like_story, outside_finding
from ..archive.published import published_catalog
from ..archive.settings import SettingsError
from ..checks.report import render
from ..derived.relate import related_stories
from ..derived.tellpage import TellSite, github_new_file
from ..model.findings import Finding, has_errors, sort_findings
from ..reading.source import DisplayPath
from ..site.generate import generate_site
from ..site.output import GeneratedWriteError, read_manifest, write_generated
from ..site.ownpages import own_pages
from ..site.siteconfig import site_config
from .options import CONFIG_OPTION, settings_for, today

__all__ = ["generate_command"]

_QUIET_RULES = {"consent-expiring", "consent-expired"}
"""As in the MkDocs build: a reminder, and a story left out (said below in words); neither stops it."""


@click.command("generate")
@CONFIG_OPTION
@click.option("--audience", type=click.Choice(AUDIENCES), envvar="STORY_AUDIENCE", default=None,
              help="Who the site is for (default: the plugin's audience option in mkdocs.yml, else internal).")
def generate_command(config_file: Path | None, audience: str | None) -> None:
    """Write the archive's pages into docs_dir, for `zensical build`.

    Story, term, dimension, coverage, Browse, Brief, Tell-a-story and search
    pages, stories.json, the feed, the search index and the archive's assets
    are written at the addresses the MkDocs plugin gives them, listed in
    docs_dir/.story-tools-generated.json and kept out of git by
    docs_dir/.gitignore. Nothing is written when `story-tools check` would
    find an error: exit status 1, with the findings.
    """
    config_path = config_file or Path("mkdocs.yml")
    settings = settings_for(config_file)
    try:
        site = site_config(config_path)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error
    day = today()
    catalog = load_catalog(settings, today=day)
    chosen = audience or site.audience
    if chosen not in AUDIENCES:
        raise click.UsageError(f"the story-tools option audience must be one of {', '.join(AUDIENCES)}, not {chosen!r}")
    seen = for_audience(catalog.stories, chosen, day)
    findings: list[Finding] = list(catalog.findings) + [f for f in seen.findings if f.rule not in _QUIET_RULES]
    generated_before = read_manifest(site.docs_dir)
    display = DisplayPath(settings.root)
    for file in sorted(site.docs_dir.rglob("*.md")) if site.docs_dir.is_dir() else ():
        relative = file.relative_to(site.docs_dir).as_posix()
        if relative not in generated_before and looks_like_story(file.read_bytes(), catalog.vocabulary):
            findings.append(outside_finding(display(file), settings.stories_dir.relative_to(settings.root).as_posix()))
    if has_errors(findings):
        click.echo(render(sort_findings(findings), "text", catalog.files_read), err=True)
        click.echo("Nothing was generated: fix the stories above (story-tools check) and run it again.", err=True)
        sys.exit(1)
    if findings:
        click.echo(render(sort_findings(findings), "text", catalog.files_read), err=True)
    for exclusion in seen.consent_ended():
        click.echo(f"{exclusion.path}: {consent_ended_message(str(exclusion.consent_ended))}", err=True)
    published, withheld = published_catalog(catalog, seen)
    try:
        related = related_stories(published.stories, published.vocabulary, count=settings.related_count,
                                  weights=dict(settings.related_weights))
    except ValueError as error:
        raise click.UsageError(f"related_count / related_weights in mkdocs.yml: {error}") from error
    stories_dir = settings.stories_dir.relative_to(settings.root).as_posix()
    tell = TellSite(github_new_file(site.repo_url, site.branch, site.edit_uri), stories_dir, deny=chosen == "internal")
    pages = own_pages(site.docs_dir, skip=generated_before)
    files = generate_site(published, related, url_prefix=settings.url_prefix, today=day, site_name=site.site_name,
                           site_url=site.site_url, tell=tell, withheld=withheld, pages=pages)
    try:
        removed = write_generated(site.docs_dir, files)
    except GeneratedWriteError as error:
        click.echo(f"Nothing was generated: {error}", err=True)
        sys.exit(1)
    except OSError as error:
        click.echo(f"The pages could not all be written into {site.docs_dir}: {error.strerror} ({error.filename}). "
                   "Check that the folder is yours to write to, then run story-tools generate again.", err=True)
        sys.exit(1)
    shown = os.path.relpath(site.docs_dir, Path.cwd())
    left_out = len(catalog.stories) - len(published.stories)
    click.echo(f"Generated {len(files)} files for {len(published.stories)} stories in {shown}/"
               + (f" ({left_out} left out for the {chosen} site)" if left_out else "")
               + (f"; removed {removed} no longer made" if removed else "") + ".")
