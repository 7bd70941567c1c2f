"""`story-tools new`: start a story file that passes `check` as written.

Values come from flags (for scripts) or prompts (for people); every dimension of
the archive's vocabulary is an option too (`--principle x`), read at run time.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import click

from ..archive.catalog import load_catalog
from ..archive.reserved import alternative, story_id_clash
from ..archive.settings import ArchiveSettings
from ..archive.storyfile import Draft, slugify
from ..archive.validate import parse_story, valid_id
from ..archive.vocabulary import Dimension, Vocabulary, load_vocabulary
from ..checks.report import render
from ..model.findings import has_errors
from ..model.namekey import name_key
from ..model.story import VISIBILITIES
from ..model.suggest import closest, did_you_mean
from ..reading.source import DisplayPath, discover_story_files, split_source
from .options import CONFIG_OPTION, settings_for, today

__all__ = ["new_command"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
T = TypeVar("T")


def _text(name: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        if not value.strip() or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise click.BadParameter(f"{name} cannot be empty or hold characters that are not text.")
        return value.strip()
    return convert


def _date(value: str) -> datetime.date:
    try:
        if _DATE.match(value.strip()):
            return datetime.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise click.BadParameter(f"'{value}' is not a real date written YYYY-MM-DD.")


def _term(dimension: Dimension, value: str) -> str:
    folded = value.strip().lower().replace(" ", "-").replace("_", "-")
    term = dimension.find(value) or dimension.find(folded)
    term = term or next((t for t in dimension.terms if t.label.casefold() == value.strip().casefold()), None)
    if term is not None:
        return term.slug
    labels = {t.label: t.slug for t in dimension.terms}
    match = closest(value, [*dimension.names(), *labels])
    match = labels.get(match, match) if match else None
    hint = f"Did you mean '{match}'?" if match else f"Choose from: {', '.join(t.slug for t in dimension.terms)}."
    raise click.BadParameter(f"{dimension.name} '{value}' is not in the vocabulary. {hint}")


def _terms(dimension: Dimension, text: str) -> list[str]:
    slugs = [_term(dimension, value) for value in text.split(",") if value.strip()]
    if not slugs and dimension.required:
        raise click.BadParameter(f"{dimension.name} needs at least one term.")
    return list(dict.fromkeys(slugs))


def _dimension_values(
    ctx: click.Context, args: list[str], pairs: tuple[str, ...], vocabulary: Vocabulary
) -> dict[str, str]:
    """`--principle x --principle y` (left over by click) and `--term principle=x`, comma-joined."""
    given: dict[str, list[str]] = {}
    rest = list(args)
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            raise click.UsageError(f"Got unexpected extra argument ({token}).", ctx)
        name, equals, value = token.lstrip("-").partition("=")
        if not token.startswith("--") or vocabulary.dimension(name) is None:
            name = token.partition("=")[0]
            hint = did_you_mean(name, [f"--{n}" for n in vocabulary.names])
            raise click.UsageError(
                f"No such option: {name}. {hint + ' ' if hint else ''}"
                f"The vocabulary's dimensions are options too: --{', --'.join(vocabulary.names)}.", ctx)
        if not equals:
            if not rest or rest[0].startswith("-"):
                raise click.UsageError(f"Option '--{name}' requires a term.", ctx)
            value = rest.pop(0)
        given.setdefault(name, []).append(value)
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or vocabulary.dimension(name.strip()) is None:
            raise click.BadParameter(
                f"'{pair}' should be DIMENSION=TERM, with one of the dimensions {', '.join(vocabulary.names)}.",
                ctx, param_hint="'--term'")
        given.setdefault(name.strip(), []).append(value)
    return {name: ",".join(values) for name, values in given.items()}


def _ask_terms(dimension: Dimension) -> list[str]:
    click.echo(f"\n{dimension.label}: {dimension.description}")
    width = max((len(term.slug) for term in dimension.terms), default=0)
    for term in dimension.terms:
        click.echo(f"  {term.slug:<{width}}  {term.label}")
    how = "one or more, separated by commas" if dimension.required else "optional, Enter to skip"
    slugs: list[str] = click.prompt(
        f"{dimension.label} ({how})", default=None if dimension.required else "", show_default=False,
        value_proc=partial(_terms, dimension),
    )
    return slugs


def _vocabulary(settings: ArchiveSettings) -> Vocabulary:
    shown = DisplayPath(settings.root)(settings.vocabulary_file)
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, shown)
    if has_errors(problems):
        click.echo(render(problems, "text", 0), err=True)
        raise click.ClickException("Fix the vocabulary first: new stories take their terms from it.")
    return vocabulary


def _target(ctx: click.Context, settings: ArchiveSettings, story_id: str, folder: str | None) -> Path:
    """Where the story goes; refuses a hidden or outside folder, an existing file, a taken id."""
    parts = Path(folder).parts if folder else ()
    if any(part in ("..", "/") or part.startswith((".", "/", "\\")) for part in parts):
        raise click.BadParameter("use a folder inside the stories folder, such as 'field-service'.",
                                 ctx, param_hint="'--folder'")
    if not settings.stories_dir.is_dir():
        raise click.ClickException(f"There is no stories folder at {settings.stories_dir}.")
    display = DisplayPath(settings.root)
    target = settings.stories_dir.joinpath(*parts, f"{story_id}.md")
    if target.exists() or target.is_symlink():
        raise click.ClickException(f"{display(target)} already exists; choose another id with --id.")
    files, _ = discover_story_files(settings.stories_dir, display)
    for file in files:
        if name_key(file.story_id) == name_key(story_id):
            raise click.ClickException(
                f"{file.shown} already has the id '{file.story_id}' (ids must differ in more than "
                "capitals or accents); choose another id with --id.")
    return target


@click.command("new", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@CONFIG_OPTION
@click.option("--title", help="The story's title.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="When it happened (default: today).")
@click.option("--summary", help="One or two sentences a sales rep can read aloud.")
@click.option("--customer", help="Who the customer was, in words that may be shown.")
@click.option("--term", "pairs", multiple=True, metavar="DIMENSION=TERM", help="A term; repeat for more.")
@click.option("--id", "story_id", help="The file name without .md (default: made from the title).")
@click.option("--folder", help="A subfolder of the stories folder.")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default="internal", show_default=True)
@click.option("--dry-run", is_flag=True, help="Print the file instead of writing it.")
@click.option("--no-input", is_flag=True, help="Never ask: a missing value is a usage error.")
@click.pass_context
def new_command(
    ctx: click.Context, config_file: Path | None, title: str | None, date_text: str | None, summary: str | None,
    customer: str | None, pairs: tuple[str, ...], story_id: str | None, folder: str | None, visibility: str,
    dry_run: bool, no_input: bool,
) -> None:
    """Start a new story file under the stories folder, ready for 'check'.

    Each vocabulary dimension is an option as well: --principle TERM (repeat it
    for more terms) is the same as --term principle=TERM. What is missing is
    asked for, with the vocabulary's terms to choose from, unless --no-input.
    """

    settings = settings_for(config_file)
    vocabulary = _vocabulary(settings)
    given = _dimension_values(ctx, ctx.args, pairs, vocabulary)
    terms = {d.name: _flag(ctx, d.name, partial(_terms, d), given[d.name]) or []
             for d in vocabulary.dimensions if d.name in given}
    title, summary, customer = (_flag(ctx, name, _text(name), value) for name, value in
                                (("title", title), ("summary", summary), ("customer", customer)))
    date = _flag(ctx, "date", _date, date_text)
    missing = [name for name, value in (("title", title), ("summary", summary)) if not value]
    missing += [d.name for d in vocabulary.dimensions if d.required and not terms.get(d.name)]
    if missing and no_input:
        flags = ", ".join(f"--{name}" for name in missing)
        raise click.UsageError(f"Missing {flags} (or leave out --no-input to be asked).", ctx)
    if missing:
        title = title or click.prompt("Title", value_proc=_text("title"))
        date = date or click.prompt("Date (YYYY-MM-DD)", default=today().isoformat(), value_proc=_date)
        summary = summary or click.prompt("Summary (one or two sentences)", value_proc=_text("summary"))
        for dimension in vocabulary.dimensions:
            if dimension.name not in terms:
                terms[dimension.name] = _ask_terms(dimension)
    assert title is not None and summary is not None
    draft = Draft(title, date or today(), summary, terms, customer, visibility)
    _write(ctx, settings, vocabulary, draft, story_id or slugify(title), folder, dry_run)


def _flag(ctx: click.Context, name: str, convert: Callable[[str], T], value: str | None) -> T | None:
    """A flag's value converted, None when not given; usage errors name the flag."""
    if not value:
        return None
    try:
        return convert(value)
    except click.BadParameter as error:
        error.ctx, error.param_hint = ctx, f"'--{name}'"
        raise


def _write(ctx: click.Context, settings: ArchiveSettings, vocabulary: Vocabulary, draft: Draft,
           story_id: str, folder: str | None, dry_run: bool) -> None:
    if not story_id:
        raise click.UsageError("The title has no letters or digits a file name can use; give one with --id.", ctx)
    if not valid_id(story_id):
        raise click.BadParameter(f"'{story_id}' cannot be a web address; try '{slugify(story_id) or 'my-story'}'.",
                                 ctx, param_hint="'--id'")
    clash = story_id_clash(story_id)
    if clash:
        raise click.BadParameter(f"'{story_id}' would be the web address of {clash}; "
                                 f"try '{alternative(story_id.lower(), 'story')}'.", ctx, param_hint="'--id'")
    target = _target(ctx, settings, story_id, folder)
    shown = DisplayPath(settings.root)(target)
    text = draft.text(vocabulary)
    source, problems = split_source(text.encode("utf-8"), shown, story_id=story_id)
    if source is not None:
        problems += parse_story(source, vocabulary)[1]
    if has_errors(problems):  # a bug here, never the writer's fault
        click.echo(render(problems, "text", 1), err=True)
        raise click.ClickException(f"The new story would not pass check; {shown} was not written.")
    if dry_run:
        click.echo(text, nl=False)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(f"{shown} already exists; choose another id with --id.") from None
    found = [f for f in load_catalog(settings).findings if f.path == shown]
    if found:
        click.echo(render(found, "text", 1), err=True)
    click.echo(f"Wrote {shown}.\nNext: tell the story under its four headings, "
               f"run 'story-tools check {shown}', then open a pull request.")
    if has_errors(found):
        sys.exit(1)
