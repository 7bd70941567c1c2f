"""`story-tools import`: a spreadsheet of existing stories (CSV) turned into story files.

Columns are matched to fields by their headers and terms go through the
vocabulary; every row is either written as a file that passes `check --strict`
or reported with its row number (the header is row 1, as in a spreadsheet).
Reading the CSV and matching its columns to fields is in `sheet`; this module
turns each row into a story file.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from .catalog import id_key
from .cliopts import CONFIG_OPTION, settings_for
from .findings import has_errors
from .links import find_story_links
from .reserved import story_id_clash
from .sheet import error_finding, fail, field_columns, fields_by_name, parse_mappings, read_rows
from .source import DisplayPath, discover_story_files, split_source
from .story import VISIBILITIES
from .suggest import closest, did_you_mean
from .validate import parse_story
from .vocabulary import Dimension, Vocabulary, load_vocabulary

__all__ = ["import_command"]

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SLASHED = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
_OUTLINE = "\n\n".join(f"## {heading}\n\n<!-- {prompt} -->" for heading, prompt in (
    ("The situation", "Who was the customer, what went wrong, and how did they feel?"),
    ("What we did", "What did we do, step by step?"),
    ("How it turned out", "What changed for the customer? Numbers if you have them."),
    ("The lesson", "What should a colleague do the same way next time?"),
))


def _values(cell: str) -> list[str]:
    """The values of a multi-value cell, separated by ';' or ','."""
    return [_line(value) for value in re.split(r"[;,]", cell) if value.strip()]


def _line(text: str) -> str:
    """Text for a one-line field: no invisible characters, one space between words."""
    return " ".join(_INVISIBLE.sub("", text).split())


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's too)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(values: list[str]) -> str:
    """A YAML list as in the example stories; an item YAML would read as something else is quoted."""
    return "[" + ", ".join(v if _PLAIN.fullmatch(v) and v not in _YAML_WORDS else _quoted(v) for v in values) + "]"


def _term(dimension: Dimension, value: str) -> tuple[str | None, str]:
    """The slug for a slug, alias or label (any case); or None and why, with a did-you-mean."""
    folded = " ".join(value.split()).casefold()
    labels = {term.label.casefold(): term.slug for term in dimension.terms}
    for name in (value, folded, folded.replace(" ", "-")):
        term = dimension.find(name)
        if term is not None:
            return term.slug, ""
    if folded in labels:
        return labels[folded], ""
    match = closest(value, [*dimension.names(), *labels])
    hint = f"Did you mean '{labels.get(match, match)}'?" if match else "Choose a term from the vocabulary."
    return None, f"{dimension.name} '{value}' is not in the vocabulary. {hint}"


def _date(cell: str) -> tuple[str | None, str]:
    """YYYY-MM-DD (a time after it is dropped); a day/month order is never guessed."""
    iso, slashed = _ISO.fullmatch(cell), _SLASHED.fullmatch(cell)
    if iso:
        real = _real(*(int(part) for part in iso.groups()))
        return real, "" if real else f"date {cell} does not exist on the calendar"
    if not slashed:
        return None, f"date '{cell}' is not written YYYY-MM-DD, such as 2024-05-31" if cell else "no date"
    first, second, year = (int(part) for part in slashed.groups())
    options = sorted({day for day in (_real(year, second, first), _real(year, first, second)) if day})
    if len(options) == 2:
        return None, f"date '{cell}' could be {options[0]} or {options[1]}: write it YYYY-MM-DD"
    if options:
        return None, f"date '{cell}' is not written YYYY-MM-DD: write {options[0]}"
    return None, f"date '{cell}' does not exist on the calendar"


def _real(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


@dataclass
class _Archive:
    """What each row is checked against; every story written joins it."""

    vocabulary: Vocabulary
    display: DisplayPath
    stories_dir: Path
    folder: Path  # where new files go: the stories folder or a subfolder of it
    ids: dict[str, str]  # the id_key of every story id, and the id
    paths: dict[str, str]  # every story id and its file, as findings show it

    def text(self, values: dict[str, str]) -> tuple[str, list[str]]:
        """The story file for one row, and the reasons it cannot be one."""
        title, summary = _line(values.get("title", "")), _line(values.get("summary", ""))
        date, reason = _date(_line(values.get("date", "")))
        reasons = [reason, "" if title else "no title", "" if summary else "no summary"]
        lines = ["---", f"title: {_quoted(title)}", f"date: {date}", f"summary: {_quoted(summary)}"]
        for dimension in self.vocabulary.dimensions:
            cell = _values(values.get(dimension.name, ""))
            slugs: list[str] = []
            for value in cell:
                slug, reason = _term(dimension, value)
                reasons.append(reason)
                if slug is not None and slug not in slugs:
                    slugs.append(slug)
            lines += [f"{dimension.name}: {_flow(slugs)}"] if slugs else []
            reasons.append(f"no {dimension.name}" if dimension.required and not cell else "")
        lines += [f"{name}: {_quoted(_line(values[name]))}"
                  for name in ("customer", "team", "author", "quote") if _line(values.get(name, ""))]
        related = [self.ids.get(id_key(value), value) for value in _values(values.get("related", ""))]
        reasons += [f"related: there is no story with the id '{value}'. {did_you_mean(value, self.ids.values())}"
                    for value in related if id_key(value) not in self.ids]
        lines += [f"related: {_flow(related)}"] if related else []
        visibility = _line(values.get("visibility", "")).casefold() or "internal"
        if visibility not in VISIBILITIES:
            reasons.append(f"visibility '{values['visibility']}' is not one of: {', '.join(VISIBILITIES)}")
        body = _INVISIBLE.sub("", values.get("body", "").replace("\r\n", "\n").replace("\r", "\n")).strip()
        lines += [f"visibility: {visibility}", "---", "", body or _OUTLINE]
        return "\n".join(lines) + "\n", [reason.strip() for reason in reasons if reason]

    def new_id(self, title: str) -> str:
        """An id from the title, unique in the archive up to case and Unicode form (-2, -3, ...),
        and not an address the site uses itself (`index` becomes `index-2`)."""
        base = re.sub(r"[\W_]+", "-", _line(title).casefold()).strip("-")[:80].rstrip("-") or "story"
        candidate, number = base, 1
        while id_key(candidate) in self.ids or story_id_clash(candidate):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def problems(self, data: bytes, path: Path, story_id: str) -> list[str]:
        """What `story-tools check --strict` would say about this file, as reasons."""
        shown = self.display(path)
        source, findings = split_source(data, shown, story_id=story_id)
        if source is not None:
            story, findings = parse_story(source, self.vocabulary)
            if story is not None:
                known = {**self.paths, story_id: shown}
                findings += find_story_links(story, known, stories_dir=self.display(self.stories_dir))[1]
        return [f"{f.rule}: {f.message} {f.suggestion}".strip() for f in findings]

    def add(self, values: dict[str, str], reasons: list[str], *, write: bool) -> tuple[Path, list[str]]:
        """One row as a story file (written only when `write`), or the reasons it cannot be one."""
        text, found = self.text(values)
        story_id = self.new_id(values.get("title", ""))
        path = self.folder / f"{story_id}.md"
        reasons = reasons + found or self.problems(text.encode(), path, story_id)
        if write and not reasons:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            reasons = self.problems(path.read_bytes(), path, story_id)  # the file as `check` will read it
            if reasons:
                path.unlink()
        if not reasons:
            self.ids[id_key(story_id)], self.paths[story_id] = story_id, self.display(path)
        return path, reasons


def _subfolder(stories_dir: Path, folder: str) -> Path:
    target = stories_dir
    for part in Path(folder).parts:
        target = target / part
        if Path(folder).is_absolute() or part.startswith(".") or target.is_symlink() or target.is_file():
            raise click.BadParameter(f"'{folder}' is not a subfolder of the stories folder.", param_hint="--folder")
    return target


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be written; write nothing.")
@click.option("--folder", default="", metavar="SUB", help="Write into this subfolder of the stories folder.")
@click.option("--map", "mappings", multiple=True, metavar="COLUMN=FIELD",
              help="Read COLUMN as FIELD (a story field or dimension); FIELD '-' leaves the column out.")
@click.option("-v", "--verbose", is_flag=True, help="Name every file written.")
@CONFIG_OPTION
def import_command(file: Path, dry_run: bool, folder: str, mappings: tuple[str, ...], verbose: bool,
                   config_file: Path | None) -> None:
    """Turn a spreadsheet of stories, saved as CSV, into story files.

    Each row becomes one story file named after its title, checked like
    'story-tools check --strict'; a row that cannot is reported with its row
    number (the header is row 1) and the reasons. Exit status: 0 every row
    written, 1 some rows rejected or the file unreadable, 2 usage error.
    """
    settings = settings_for(config_file)
    display, shown = DisplayPath(settings.root), file.as_posix()
    vocabulary, problems = load_vocabulary(settings.vocabulary_file, display(settings.vocabulary_file))
    table = fields_by_name(vocabulary)
    mapped, folder_path = parse_mappings(mappings, table), _subfolder(settings.stories_dir, folder)
    if has_errors(problems):
        fail(*problems)
    rows = read_rows(file, shown)
    if not rows:
        fail(error_finding(shown, 1, "empty-file", "The file is empty.", "Put the column names in row 1."))
    required = ["title", "date", "summary", *(d.name for d in vocabulary.dimensions if d.required)]
    fields, found = field_columns(rows, table, mapped, shown, required)
    if has_errors(found):
        fail(*found)
    for finding in found:
        click.echo(finding.format())
    existing, _ = discover_story_files(settings.stories_dir, display)
    archive = _Archive(vocabulary, display, settings.stories_dir, folder_path,
                       {id_key(f.story_id): f.story_id for f in existing}, {f.story_id: f.shown for f in existing})
    written = rejected = empty = 0
    for row in rows[1:]:
        if not any(cell.strip() for cell in row.cells):
            empty += 1
            continue
        values = {field: cell for field, cell in zip(fields, row.cells, strict=False) if field}
        extra = [f"the row has {len(row.cells)} cells but the header {len(fields)} (a delimiter in a cell "
                 "without quotes?)"] if any(cell.strip() for cell in row.cells[len(fields):]) else []
        path, reasons = archive.add(values, extra, write=not dry_run)
        if reasons:
            rejected += 1
            where = f" (line {row.line} of the file)" if row.line != row.number else ""
            click.echo(f"{shown}:{row.number}: rejected{where}: {'; '.join(reasons)}")
        else:
            written += 1
            if dry_run or verbose:
                click.echo(f"{shown}:{row.number}: {'would write' if dry_run else 'wrote'} {display(path)}")
    read = len(rows) - 1 - empty
    notes = [f"{empty} empty row{'s' * (empty != 1)} skipped"] if empty else []
    notes += ["row numbers count the header as row 1, as a spreadsheet does"] if rejected else []
    notes += ["dry run: no file was written"] if dry_run else []
    click.echo(f"{read} row{'s' * (read != 1)} read: {written} {'would be ' if dry_run else ''}written, "
               f"{rejected} rejected" + "".join(f"; {note}" for note in notes) + ".")
    sys.exit(1 if rejected else 0)
