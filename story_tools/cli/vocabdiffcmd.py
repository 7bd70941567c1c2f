"""`story-tools vocabulary-diff`: what a pull request's vocabulary change does, for the job summary."""

from __future__ import annotations

from pathlib import Path

import click

from ..archive.catalog import load_catalog
from ..archive.vocabulary import Vocabulary, load_vocabulary, parse_vocabulary
from ..derived.vocabdiff import diff_vocabularies, markdown_report, term_users
from ..model.findings import Finding
from ..reading.changes import ChangesError, file_at
from ..reading.source import DisplayPath, SourceFile, discover_story_files, read_source
from .options import CONFIG_OPTION, settings_for

__all__ = ["vocabulary_diff_command"]


@click.command("vocabulary-diff")
@click.option("--base", "ref", required=True, metavar="REF", help="The git ref to compare with, such as origin/main.")
@CONFIG_OPTION
def vocabulary_diff_command(ref: str, config_file: Path | None) -> None:
    """Print, as Markdown, how the vocabulary changed since REF.

    Terms added, removed, renamed (the old slug moved to another term's
    aliases), labels and descriptions changed; for each removed or renamed
    term, the stories that use it and whether they still pass 'check'.
    Exit status: 0 (the report is for reading), 2 usage error.
    """
    settings = settings_for(config_file)
    display = DisplayPath(settings.root)
    shown = display(settings.vocabulary_file)
    try:
        data = file_at(settings.root, ref, settings.vocabulary_file)
    except ChangesError as error:
        raise click.UsageError(str(error)) from error
    if data is not None and settings.vocabulary_file.is_file() and data == settings.vocabulary_file.read_bytes():
        return  # unchanged: nothing to say in the summary
    base = Vocabulary((), shown)
    if data is not None:
        base = parse_vocabulary(data.decode("utf-8-sig", "replace").replace("\r\n", "\n"), shown)[0]
    head, _ = load_vocabulary(settings.vocabulary_file, shown)
    diff = diff_vocabularies(base, head)
    users: dict[tuple[str, str], list[str]] = {}
    findings: tuple[Finding, ...] = ()
    if diff.gone():
        files, _ = discover_story_files(settings.stories_dir, display)
        sources: list[SourceFile] = []
        for file in files:
            source, _ = read_source(file.path, file.shown, file.story_id)
            sources += [source] if source is not None else []
        users = term_users(sources, base)
        findings = load_catalog(settings).findings
    click.echo(markdown_report(diff, users, findings, since=ref))
