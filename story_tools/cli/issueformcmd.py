"""`story-tools issue-form` and `story-tools from-issue`: telling a story without git.

The issue form is generated from the vocabulary (`issueform`); an issue written
with it becomes a story file (`issuebody` reads it, `issuestory` checks and
writes it). A GitHub workflow runs `from-issue` on every new or edited issue.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..archive.issuebody import FieldFinding, read_issue
from ..archive.issueform import ISSUE_FORM_PATH, issue_form_text
from ..archive.issuestory import render_markdown, render_text, story_from_issue
from ..archive.vocabulary import load_vocabulary
from ..checks.report import render
from ..model.findings import Finding, Severity, has_errors
from ..reading.source import DisplayPath
from .options import CONFIG_OPTION, settings_for

__all__ = ["from_issue_command", "issue_form_command"]


@click.command("issue-form")
@CONFIG_OPTION
@click.option("--write", is_flag=True, help=f"Write {ISSUE_FORM_PATH} in the project folder instead of printing it.")
def issue_form_command(config_file: Path | None, write: bool) -> None:
    """Print the GitHub issue form through which people tell a story without git.

    It asks for each story field, the four parts of the story and, for each
    dimension of the vocabulary, its terms by label. Run it with --write after
    every change to the vocabulary: 'check' reports a form that no longer matches.
    """
    settings = settings_for(config_file)
    shown = DisplayPath(settings.root)(settings.vocabulary_file)
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, shown)
    if has_errors(problems):
        click.echo(render(problems, "text", 0), err=True)
        raise click.ClickException("Fix the vocabulary first: the form takes its terms from it.")
    text = issue_form_text(vocabulary)
    if not write:
        click.echo(text, nl=False)
        return
    target = settings.root / ISSUE_FORM_PATH
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as error:
        raise click.ClickException(f"Cannot write {ISSUE_FORM_PATH}: {error.strerror}.") from error
    click.echo(f"Wrote {ISSUE_FORM_PATH}.")


@click.command("from-issue")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: the findings as a comment for the issue.")
def from_issue_command(file: Path, config_file: Path | None, fmt: str) -> None:
    """Turn an issue written with the story form into a story file.

    FILE is GitHub's event payload ($GITHUB_EVENT_PATH of a workflow run on
    'issues') or the issue's text saved as a file. The story is written under
    the stories folder, named after its title, and its path printed. When it
    would not pass 'check', nothing is written and the findings are printed,
    field by field. Exit status: 0 written, 1 findings, 2 usage error.
    """
    settings = settings_for(config_file)
    display = DisplayPath(settings.root)
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, display(settings.vocabulary_file))
    shown = file.as_posix()
    issue, found = read_issue(file.read_bytes(), shown)
    problems += found
    if not settings.stories_dir.is_dir():
        problems.append(Finding(display(settings.stories_dir), 0, 0, "no-stories-folder", Severity.ERROR,
                                "The stories folder does not exist.", "Create it, or check -f/mkdocs.yml."))
    if issue is None or has_errors(problems):
        _fail([FieldFinding("", f) for f in problems], fmt)
    assert issue is not None
    result = story_from_issue(issue, settings, vocabulary)
    if not result.ok:
        _fail(list(result.findings), fmt)
    if result.findings and fmt == "text":
        click.echo(render_text(result.findings), err=True)
    click.echo(result.shown)


def _fail(findings: list[FieldFinding], fmt: str) -> None:
    click.echo(render_markdown(findings) if fmt == "markdown" else render_text(findings), nl=fmt != "markdown")
    sys.exit(1)
