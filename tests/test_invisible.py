"""Text that is not what it seems (story_tools/invisible.py, story_tools/futuredate.py).

Every invisible or direction-changing character is tried in every kind of
place (a name: error; text: warning), with `story-tools check` (rule, line and
column of the character itself, the character's name); each place once in a
real build. Control characters in a story's text, the joiners that scripts and
emoji need, and dates far in the future follow.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from conftest import Project, story_text

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.checks.futuredate import future_date_problem, likely_year

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",
        "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
TODAY = datetime.date(2025, 6, 1)


@dataclass(frozen=True)
class Place:
    """Where a character goes, and where the finding must point."""

    write: Callable[[Project, str], None]
    path: str
    line: int
    column: int
    severity: str
    raw_in_fields: bool = True
    """The character is written as itself between the '---' lines (where a raw U+FEFF is a bad-character)."""


def _story(text: Callable[[str], str], name: str = "s.md") -> Callable[[Project, str], None]:
    return lambda project, char: project.write_story(name, text(char))


def _vocabulary(old: str, new: Callable[[str], str]) -> Callable[[Project, str], None]:
    def write(project: Project, char: str) -> None:
        path = project.root / "vocabulary.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new(char), 1), encoding="utf-8")
    return write


PLACES = {
    "title": Place(_story(lambda c: story_text(f"Good{c}bye")), "stories/s.md", 2, 13, "warning"),
    "summary": Place(_story(lambda c: story_text().replace("Something went", f"Some{c}thing went")),
                     "stories/s.md", 4, 15, "warning"),
    "quote": Place(_story(lambda c: story_text(extra=f'quote: "We called {c}first"\n')), "stories/s.md", 8, 19,
                   "warning"),
    "text": Place(_story(lambda c: story_text().replace("The story.", f"The{c} story.")), "stories/s.md", 10, 4,
                  "warning", raw_in_fields=False),
    "title, as an escape": Place(_story(lambda c: story_text(f"Good\\u{ord(c):04x}bye")), "stories/s.md", 2, 8,
                                 "warning", raw_in_fields=False),
    "related id": Place(_story(lambda c: story_text(extra=f"related: [good-one{c}]\n")), "stories/s.md", 8, 19,
                        "error"),
    "term": Place(_story(lambda c: story_text().replace("great-listening", f"great{c}-listening")),
                  "stories/s.md", 6, 17, "error"),
    "field name": Place(_story(lambda c: story_text(extra=f"team{c}: Support\n")), "stories/s.md", 8, 5, "error"),
    "file name": Place(_story(lambda c: story_text(), "good-three.md"), "", 0, 0, "error", raw_in_fields=False),
    "vocabulary label": Place(_vocabulary("label: Billing", lambda c: f"label: Bil{c}ling"), "vocabulary.yml",
                              23, 19, "warning"),
    "vocabulary alias": Place(_vocabulary("aliases: [phone-support]", lambda c: f"aliases: [phone{c}-support]"),
                              "vocabulary.yml", 18, 24, "error"),
}


def _write(project: Project, place: str, char: str) -> str:
    """Write the character into the place; the path the finding must name."""
    spot = PLACES[place]
    if place == "file name":
        name = f"good{char}-three.md"
        project.write_story(name, story_text())
        return f"stories/{name}"
    spot.write(project, char)
    return spot.path


CASES = [
    (place, char) for place, spot in PLACES.items() for char in BIDI + ZERO_WIDTH
    if spot.raw_in_fields is False or char != "\ufeff"
]


def _named(char: str) -> str:
    return f"({unicodedata.name(char)}, U+{ord(char):04X})"


@pytest.mark.parametrize(("place", "char"), CASES, ids=[f"{p}-U+{ord(c):04X}" for p, c in CASES])
def test_check_finds_each_hidden_character_in_each_place(project: Project, place: str, char: str) -> None:
    path = _write(project, place, char)
    spot = PLACES[place]
    result = project.check("--format", "json")
    assert result.exit_code == (1 if spot.severity == "error" else 0), result.output
    found = [f for f in json.loads(result.output) if f["rule"] == "invisible-character"]
    assert [(f["path"], f["line"], f["column"], f["severity"]) for f in found] == [
        (path, spot.line, spot.column, spot.severity)
    ]
    assert _named(char) in found[0]["message"]
    kind = "changes the direction of the text" if char in BIDI else "an invisible character"
    assert kind in found[0]["message"] and "Delete it" in found[0]["suggestion"]
    if spot.line and place != "title, as an escape":
        assert f"at column {spot.column}" in found[0]["message"]


def test_a_raw_byte_order_mark_in_the_fields_stays_a_bad_character(project: Project) -> None:
    project.write_story("s.md", story_text("Good\ufeffbye"))
    [finding] = json.loads(project.check("--format", "json").output)
    assert (finding["rule"], finding["line"], finding["column"]) == ("bad-character", 2, 13)


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_build_reports_each_place(project: Project, caplog: pytest.LogCaptureFixture, place: str) -> None:
    char = "\u202e" if PLACES[place].severity == "error" else "\u200b"
    path = _write(project, place, char)
    [line] = [line for line in project.check().output.splitlines() if "invisible-character" in line]
    assert line.startswith(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built = project.build(caplog, strict=True)  # the repository builds with strict: true
    assert not built.ok
    assert caught == []
    assert line in built.log


@pytest.mark.parametrize(
    "text",
    [
        "The family \U0001f468\u200d\U0001f469\u200d\U0001f467 plan",  # emoji joined by ZWJ
        "Flag \U0001f3f3\ufe0f\u200d\U0001f308 shown",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian: a zero-width non-joiner between letters
        "\u0915\u094d\u200d\u0937",  # Devanagari: a zero-width joiner after a virama
    ],
)
def test_joiners_that_scripts_and_emoji_need_are_no_finding(project: Project, text: str) -> None:
    project.write_story("s.md", story_text(text).replace("The story.", text))
    result = project.check("--strict")
    assert result.exit_code == 0, result.output


CONTROLS = ["\x00", "\x01", "\x02", "\x03", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x85",
            "\x9f"]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_character_in_the_text_is_an_error(project: Project, char: str) -> None:
    project.write_story("s.md", story_text().replace("The story.", f"The st{char}ory."))
    result = project.check("--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert (finding["rule"], finding["line"], finding["column"], finding["severity"]) == (
        "control-character", 10, 7, "error")
    assert f"U+{ord(char):04X}" in finding["message"]


def test_nul_is_named_and_tab_is_fine(project: Project) -> None:
    project.write_story("s.md", story_text().replace("The story.", "A\ttab, then \x00."))
    [finding] = json.loads(project.check("--format", "json").output)
    assert (finding["line"], finding["column"]) == (10, 13)
    assert "(NULL, U+0000)" in finding["message"]


@pytest.mark.parametrize("char", ["\x00", "\x02", "\x85"], ids=["NUL", "STX", "NEL"])
def test_the_build_stops_on_a_control_character(project: Project, caplog: pytest.LogCaptureFixture, char: str) -> None:
    project.write_story("s.md", story_text().replace("The story.", f"The st{char}ory."))
    built = project.build(caplog)
    assert not built.ok
    assert "stories/s.md:10:7: error[control-character] The text holds a control character" in built.log
    assert f"U+{ord(char):04X}) at column 7" in built.log
    assert not (built.site / "index.html").exists()


def test_nul_written_as_an_escape_in_a_field_is_an_error(project: Project) -> None:
    project.write_story("s.md", story_text("A \\0 title"))
    result = project.check("--format", "json")
    assert result.exit_code == 1
    [finding] = json.loads(result.output)
    assert (finding["rule"], finding["line"], finding["column"]) == ("control-character", 2, 8)


# (written date, the suggestion, or None for no finding); today is TODAY, 2025-06-01.
DATES = [
    ("2099-03-14", "2019-03-14"),
    ("2052-03-01", "2025-03-01"),  # two digits swapped
    ("2052-12-01", "2022-12-01"),  # 2025-12-01 is after today: one digit changed instead
    ("9999-12-31", "1999-12-31"),
    ("3000-01-01", "2000-01-01"),
    ("2026-06-02", "2024-06-02"),  # a year and a day ahead
    ("2096-02-29", "2016-02-29"),  # 2026, 2006, ... have no 29 February
    ("2026-06-01", None),  # a year ahead at most: may be planned
    ("2025-12-31", None),
    ("2019-03-14", None),
]


@pytest.mark.parametrize(("written", "meant"), DATES)
def test_a_date_far_in_the_future_suggests_the_year_meant(written: str, meant: str | None) -> None:
    problem = future_date_problem(datetime.date.fromisoformat(written), TODAY)
    if meant is None:
        assert problem is None
        return
    assert problem == (
        f"date: {written} is more than a year in the future; a story tells what already happened.",
        f"Did you mean {meant}? Check the year.",
    )


def test_a_date_with_no_likely_year_asks_to_check_it() -> None:
    assert likely_year(datetime.date(2099, 1, 1), datetime.date(1000, 1, 1)) is None
    assert future_date_problem(datetime.date(2099, 1, 1), datetime.date(1000, 1, 1)) == (
        "date: 2099-01-01 is more than a year in the future; a story tells what already happened.",
        "Check the year.",
    )


def test_the_catalog_warns_of_a_far_future_date_given_today(project: Project) -> None:
    project.write_story("s.md", story_text().replace("2023-01-02", "2099-01-02"))
    settings = ArchiveSettings.at(project.root)
    catalog = load_catalog(settings, today=TODAY)
    found = [f for f in catalog.findings if f.rule == "future-date"]
    assert [(f.path, f.line, f.column, f.severity.value, f.suggestion) for f in found] == [
        ("stories/s.md", 3, 7, "warning", "Did you mean 2019-01-02? Check the year.")
    ]
    assert catalog.ok and catalog.get("s") is not None
    assert not [f for f in load_catalog(settings).findings if f.rule == "future-date"]


@pytest.mark.parametrize(("today", "warned"), [("2026-06-01", True), ("2098-06-01", False)])
def test_check_and_the_build_warn_of_a_far_future_date_as_of_source_date_epoch(
    project: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, today: str, warned: bool,
) -> None:
    """`today` is SOURCE_DATE_EPOCH's date in check and in the build alike."""
    moment = datetime.datetime.combine(datetime.date.fromisoformat(today), datetime.time(), datetime.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(moment.timestamp())))
    project.write_story("s.md", story_text().replace("2023-01-02", "2099-01-02"))
    line = "stories/s.md:3:7: warning[future-date] date: 2099-01-02 is more than a year in the future"
    result = project.check()
    assert result.exit_code == 0 and (line in result.output) == warned, result.output
    built = project.build(caplog, strict=True)
    assert (line in built.log) == warned and built.ok == (not warned), built.log
