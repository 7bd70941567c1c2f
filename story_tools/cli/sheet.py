"""Reading the spreadsheet for `story-tools import`: CSV rows and the story field of each column.

The file is decoded as UTF-8 (a byte order mark is fine), split on whichever of
comma, semicolon or tab its header line has most of, and each header is matched
to a story field or vocabulary dimension by name, synonym or `--map COLUMN=FIELD`.
What becomes of each row is `importer`'s business.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from typing import NamedTuple, NoReturn

import click

from ..archive.vocabulary import Vocabulary
from ..model.findings import Finding, Severity
from ..model.suggest import did_you_mean

__all__ = ["IGNORE", "Row", "error_finding", "fail", "field_columns", "fields_by_name", "parse_mappings", "read_rows"]

_SYNONYMS = {
    "title": ("title", "story title", "headline"), "date": ("date", "when", "story date"),
    "summary": ("summary", "short version"), "customer": ("customer", "client"),
    "body": ("story", "body", "text"), "related": ("related", "related stories"),
    **{name: (name,) for name in ("team", "author", "quote", "visibility")},
}
IGNORE = "-"  # --map COLUMN=- leaves a column out without a warning
_WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


class Row(NamedTuple):
    number: int  # as a spreadsheet counts rows: the header is row 1
    line: int  # the file line the row starts on (later than `number` after cells with line breaks)
    cells: list[str]


def fail(*findings: Finding) -> NoReturn:
    """The file cannot be imported at all: its findings, exit 1."""
    for finding in findings:
        click.echo(finding.format())
    sys.exit(1)


def error_finding(shown: str, line: int, rule: str, message: str, hint: str) -> Finding:
    return Finding(shown, line, 0, rule, Severity.ERROR, message, hint)


def _key(name: str) -> str:
    """Header names compare without case, spaces, underscores or hyphens."""
    return re.sub(r"[\s_-]+", "", name.casefold())


def fields_by_name(vocabulary: Vocabulary) -> dict[str, str]:
    """Every header name understood (folded by `_key`) and its field."""
    table = {_key(name): field for field, names in _SYNONYMS.items() for name in names}
    for dimension in vocabulary.dimensions:
        table[_key(dimension.name)] = table[_key(dimension.label)] = dimension.name
    return table


def _lookup(table: dict[str, str], name: str) -> str | None:
    key = _key(name)
    singular = key[:-3] + "y" if key.endswith("ies") else key[:-1] if key.endswith("s") else key
    return table.get(key) or table.get(singular)


def read_rows(path: Path, shown: str) -> list[Row]:
    """Every row of a CSV file: comma, semicolon or tab, whichever the header line has most of."""
    if path.suffix.lower() in _WORKBOOKS:
        raise click.UsageError(f"{shown}: import reads CSV files. Save the sheet as 'CSV UTF-8 (Comma delimited)'.")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(error_finding(
            shown, data.count(b"\n", 0, error.start) + 1, "not-utf8",
            f"This file is not UTF-8 text (byte 0x{data[error.start]:02X} cannot be read).",
            "Save it again as 'CSV UTF-8 (Comma delimited)' in Excel, or as 'Unicode (UTF-8)' in LibreOffice.",
        ))
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=header.count))
    rows: list[Row] = []
    end = 0  # the file line the previous row ended on
    try:
        for cells in reader:
            rows.append(Row(len(rows) + 1, end + 1, cells))
            end = reader.line_num
    except csv.Error as error:
        fail(error_finding(shown, reader.line_num, "bad-csv", f"The file cannot be read as CSV ({error}).",
                           'Check the quotes: a cell that starts with " must end with ".'))
    return rows


def field_columns(rows: list[Row], table: dict[str, str], mapped: list[tuple[str, str]], shown: str,
                  required: list[str]) -> tuple[list[str | None], list[Finding]]:
    """The field of every column, and the header's problems (errors stop the import)."""
    header = rows[0].cells
    for column, _ in mapped:
        if _key(column) not in {_key(name) for name in header}:
            hint = did_you_mean(column, header) or f"The columns are: {', '.join(header)}."
            raise click.BadParameter(f"the file has no column '{column}'. {hint}", param_hint="--map")
    chosen = {_key(column): field for column, field in mapped}
    used = {index for row in rows[1:] for index, cell in enumerate(row.cells) if cell.strip()}
    fields: list[str | None] = []
    found: list[Finding] = []
    seen: dict[str, str] = {}
    for number, name in enumerate(header, 1):
        field = chosen.get(_key(name)) or _lookup(table, name)
        if field is None and (name.strip() or number - 1 in used):
            hint = f"{did_you_mean(name, sorted(set(table.values())))} Import it with --map '{name}=FIELD', " \
                   f"or leave it out quietly with --map '{name}=-'."
            found.append(Finding(shown, 1, number, "unknown-column", Severity.WARNING,
                                 f"Column {number} ('{name}') is not a story field and is left out.", hint.strip()))
        elif field in seen:
            found.append(error_finding(shown, 1, "duplicate-column", f"Columns '{seen[field]}' and '{name}' both "
                                       f"hold {field}.", f"Rename one, or leave one out with --map '{name}=-'."))
        elif field is not None and field != IGNORE:
            seen[field] = name
        fields.append(None if field == IGNORE else field)
    missing = [name for name in required if name not in seen]
    if missing:
        found.append(error_finding(shown, 1, "missing-column", f"The sheet has no column for {', '.join(missing)}.",
                                   "Add the column, or name an existing one with --map 'COLUMN=FIELD'."))
    return fields, found


def parse_mappings(items: tuple[str, ...], table: dict[str, str]) -> list[tuple[str, str]]:
    """`--map COLUMN=FIELD` options as (column, field)."""
    mapped: list[tuple[str, str]] = []
    for item in items:
        column, _, name = item.rpartition("=")
        field = IGNORE if name.strip() == IGNORE else _lookup(table, name)
        if not column.strip() or field is None:
            hint = did_you_mean(name, sorted(set(table.values()))) or "Write COLUMN=FIELD, such as Headline=title."
            raise click.BadParameter(f"'{item}' names no story field. {hint}", param_hint="--map")
        mapped.append((column, field))
    return mapped
