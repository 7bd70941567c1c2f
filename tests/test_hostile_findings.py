"""Hostile front matter: which values are findings and which are text.

A field whose value must be a term, a date, a story id, a slug or a known key
turns a payload into a finding (tests/hostile/findings/, one file per field,
each with its rule and position). Free text (title, summary, customer, team,
author, quote, metrics, labels, descriptions) with markup in it is legitimate
and is no finding at all: the site shows it escaped (tests/test_escaping.py).
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import Project, story_text
from hostilesite import HOSTILE, MARKER

from story_tools.cli import main

FINDINGS = HOSTILE / "findings"

# file name (without .md) -> (rule, line, column) of the finding it must give.
STORY_FIELDS: dict[str, tuple[str, int, int]] = {
    "date": ("bad-date", 3, 7),
    "required-term": ("unknown-term", 6, 12),
    "term-in-a-list": ("unknown-term", 5, 28),
    "optional-dimension": ("unknown-term", 8, 11),
    "related": ("unknown-related", 8, 11),
    "visibility": ("unknown-term", 8, 13),
    "unknown-key": ("unknown-key", 8, 1),
    "consent-approved": ("unknown-term", 9, 14),
    "consent-expires": ("bad-date", 12, 12),
}

# vocabulary file (without .yml) -> (rule, line, column).
VOCABULARY: dict[str, tuple[str, int, int]] = {
    "vocabulary-slug": ("bad-slug", 15, 15),
    "vocabulary-alias": ("bad-slug", 11, 34),
    "vocabulary-dimension": ("bad-dimension", 56, 1),
}


def findings_of(project: Project) -> list[dict[str, object]]:
    result = project.check("--format", "json")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return json.loads(result.output)


def test_every_hostile_input_has_an_expectation() -> None:
    assert {p.stem for p in FINDINGS.glob("*.md")} == set(STORY_FIELDS)
    assert {p.stem for p in FINDINGS.glob("*.yml")} == set(VOCABULARY)
    for path in FINDINGS.iterdir():
        assert MARKER in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("name", sorted(STORY_FIELDS))
def test_a_payload_in_a_field_of_terms_dates_or_ids_is_a_finding(project: Project, name: str) -> None:
    shutil.copy(FINDINGS / f"{name}.md", project.stories)
    mine = [f for f in findings_of(project) if f["path"] == f"stories/{name}.md"]
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in mine] == [(*STORY_FIELDS[name], "error")]


@pytest.mark.parametrize("name", sorted(VOCABULARY))
def test_a_payload_in_a_slug_alias_or_dimension_name_is_a_finding(project: Project, name: str) -> None:
    shutil.copy(FINDINGS / f"{name}.yml", project.root / "vocabulary.yml")
    mine = [f for f in findings_of(project) if f["path"] == "vocabulary.yml"]
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in mine] == [(*VOCABULARY[name], "error")]


def test_a_payload_in_a_file_name_is_a_bad_id(project: Project) -> None:
    name = "\"><img src=x onerror=__xss('id')>"
    project.write_story(f"{name}.md", story_text())
    mine = [f for f in findings_of(project) if name in str(f["path"])]
    assert [f["rule"] for f in mine] == ["bad-id"]


def test_the_build_stops_on_them_and_publishes_nothing(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    for name in STORY_FIELDS:
        shutil.copy(FINDINGS / f"{name}.md", project.stories)
    built = project.build(caplog)
    assert not built.ok
    assert "The site was not built" in built.log
    assert not built.site.exists() or not any(built.site.rglob("*.html"))


def test_markup_in_free_text_is_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile site's stories, vocabulary and docs pages check clean: text is text."""
    from click.testing import CliRunner

    monkeypatch.chdir(HOSTILE)
    result = CliRunner().invoke(main, ["check", "--strict"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output
