"""`story-tools new` and `story-tools stats` on the fixture archive (and the repository's vocabulary)."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, Project

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.archive.storyfile import OUTLINE, slugify, yaml_quoted
from story_tools.cli import main
from story_tools.derived.stats import months_before
from story_tools.model.story import Story

REQUIRED = ("--touchpoint", "support-call", "--principle", "great-listening", "--outcome", "retained")


def run(project: Project, *args: str, input: str | None = None) -> Result:
    """`story-tools ARGS` run in the project folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def new(project: Project, *args: str, input: str | None = None) -> Result:
    return run(project, "new", "--date", "2024-05-02", *args, input=input)


def story(project: Project, story_id: str) -> Story:
    found = load_catalog(ArchiveSettings.at(project.root)).get(story_id)
    assert found is not None, f"no valid story {story_id}"
    return found


# --- new -------------------------------------------------------------------------


def test_new_with_flags_writes_the_story_and_it_passes_check(project: Project) -> None:
    result = new(project, "--title", "Kept by a phone call", "--summary", "We called first.", *REQUIRED)
    assert result.exit_code == 0, result.output
    assert "Wrote stories/kept-by-a-phone-call.md." in result.output
    assert "story-tools check stories/kept-by-a-phone-call.md" in result.output
    text = (project.stories / "kept-by-a-phone-call.md").read_text(encoding="utf-8")
    assert text == (
        '---\ntitle: "Kept by a phone call"\ndate: 2024-05-02\nsummary: "We called first."\n'
        "touchpoint: [support-call]\nprinciple: [great-listening]\noutcome: [retained]\n"
        "visibility: internal\n---\n\n" + OUTLINE
    )
    for heading in ("## The situation", "## What we did", "## How it turned out", "## The lesson"):
        assert heading in text
    check = project.check()
    assert check.exit_code == 0, check.output
    assert check.output.strip() == "3 story files checked, no problems found."


def test_dimension_flags_repeat_and_term_pairs_resolve_aliases(project: Project) -> None:
    result = new(
        project, "--title", "Two principles", "--summary", "S.", "--touchpoint", "phone-support",
        "--principle", "great-listening", "--principle=keep-them-updated", "--term", "principle=take-the-issue-seriously",
        "--term", "outcome=renewed", "--industry", "telecom,software", "--customer", "A bakery",
        "--visibility", "public", "--folder", "field", "--id", "two-ways",
    )
    assert result.exit_code == 0, result.output
    text = (project.stories / "field" / "two-ways.md").read_text(encoding="utf-8")
    assert "touchpoint: [support-call]\n" in text
    assert "principle: [great-listening, keep-them-informed, take-the-issue-seriously]\n" in text
    assert 'outcome: [renewed]\nindustry: [telecom, software]\ncustomer: "A bakery"\nvisibility: public\n' in text
    assert project.check().exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--foo", "x"), "No such option: --foo. The vocabulary's dimensions are options too: "
                         "--touchpoint, --principle, --outcome, --industry."),
        (("--principl", "x"), "Did you mean '--principle'?"),
        (("--principle", "listning"), "principle 'listning' is not in the vocabulary. Did you mean 'listening'?"),
        (("--principle",), "Option '--principle' requires a term."),
        (("--term", "mood=happy"), "'mood=happy' should be DIMENSION=TERM"),
        (("--date", "2024-02-30"), "'2024-02-30' is not a real date written YYYY-MM-DD."),
        (("--id", "no/slash"), "'no/slash' cannot be a web address"),
        (("--folder", "../outside"), "use a folder inside the stories folder"),
        (("stray",), "Got unexpected extra argument (stray)."),
    ],
)
def test_bad_flags_are_usage_errors(project: Project, args: tuple[str, ...], message: str) -> None:
    result = new(project, "--title", "T", "--summary", "S.", "--touchpoint", "billing", "--outcome", "retained",
                 "--principle", "great-listening", *args, "--no-input")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted(p.name for p in project.stories.rglob("*.md")) == ["good-one.md", "good-two.md"]


def test_interactive_offers_terms_and_asks_again_after_a_typo(project: Project) -> None:
    answers = "The clinic: \u00e9t\u00e9\n2023-07-01\nWe stayed late.\nsupport-call\nlistning\nlistening, Keep them informed\nretained\n\n"
    result = run(project, "new", input=answers)
    assert result.exit_code == 0, result.output
    assert "great-listening           Great listening" in result.output
    assert "Error: principle 'listning' is not in the vocabulary. Did you mean 'listening'?" in result.output
    assert result.output.count("Principle (one or more, separated by commas)") == 2
    assert "Industry (optional, Enter to skip)" in result.output
    written = story(project, "the-clinic-ete")
    assert written.title == "The clinic: \u00e9t\u00e9"
    assert written.terms_of("principle") == ("great-listening", "keep-them-informed")
    assert written.terms_of("industry") == ()
    assert project.check().exit_code == 0


def test_refuses_to_overwrite(project: Project) -> None:
    before = (project.stories / "good-two.md").read_bytes()
    result = new(project, "--title", "Good two", "--summary", "S.", *REQUIRED)
    assert result.exit_code == 1
    assert "stories/good-two.md already exists; choose another id with --id." in result.output
    assert (project.stories / "good-two.md").read_bytes() == before


def test_refuses_an_id_that_differs_only_in_capitals(project: Project) -> None:
    result = new(project, "--title", "x", "--summary", "S.", "--id", "Good-One", "--folder", "elsewhere", *REQUIRED)
    assert result.exit_code == 1
    assert "stories/good-one.md already has the id 'good-one'" in result.output
    assert not (project.stories / "elsewhere").exists()


def test_no_input_with_a_missing_summary_is_a_usage_error(project: Project) -> None:
    result = new(project, "--title", "No summary", "--no-input", *REQUIRED)
    assert result.exit_code == 2
    assert "Missing --summary (or leave out --no-input to be asked)." in result.output
    assert not (project.stories / "no-summary.md").exists()


@pytest.mark.parametrize(
    "title",
    [
        'She said: "call me first" \u2014 and we did',
        "Caf\u00e9 #1: 50% off? no: yes, [brackets] {braces} & *stars* 'quotes' \\ back\\slash",
        "NO",
        "2024",
        "- dash: first",
        "Emoji \U0001f600 and zero\u200bwidth, del\x7f, line\u2028sep",
    ],
)
def test_titles_round_trip_exactly(project: Project, title: str) -> None:
    result = new(project, "--title", title, "--summary", f"About {title}", "--id", "round-trip", *REQUIRED)
    assert result.exit_code == 0, result.output
    written = story(project, "round-trip")
    assert (written.title, written.summary) == (title, f"About {title}")
    assert project.check().exit_code == 0


def test_dry_run_prints_and_writes_nothing(project: Project) -> None:
    result = new(project, "--title", "Only a draft", "--summary", "S.", "--dry-run", *REQUIRED)
    assert result.exit_code == 0
    assert result.output.startswith('---\ntitle: "Only a draft"\n')
    assert result.output.endswith(OUTLINE)
    assert not (project.stories / "only-a-draft.md").exists()


@pytest.mark.parametrize(
    ("title", "slug"),
    [("The Customer Who Called Every Day", "the-customer-who-called-every-day"),
     ("Ça m'a plu: über-fix!", "ca-m-a-plu-uber-fix"), ("日本の話", "日本の話"), ("— ! —", ""), ("a" * 50 + " " + "b" * 50, "a" * 50)],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_yaml_quoted_escapes_what_the_precheck_refuses() -> None:
    assert yaml_quoted('a "b"\tc\x7f\u2028\ufeff') == '"a \\"b\\"\\tc\\u007f\\u2028\\ufeff"'


def test_new_works_with_the_repository_vocabulary(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    shutil.copy(REPO / "vocabulary.yml", root)
    shutil.copytree(REPO / "stories", root / "stories")
    archive = Project(root)
    result = new(archive, "--title", "The bakery's second oven", "--summary", "We lent one.", "--no-input",
                 "--touchpoint", "field-visit", "--principle", "keep-them-informed", "--outcome", "retained",
                 "--folder", "field-service")
    assert result.exit_code == 0, result.output
    assert (root / "stories" / "field-service" / "the-bakery-s-second-oven.md").is_file()
    check = archive.check()
    assert check.exit_code == 0, check.output


# --- stats -----------------------------------------------------------------------

STATS_TEXT = """\
2 stories: 1 internal, 1 public

Touchpoint (touchpoint)
  support-call  1  Support call
  field-visit   1  Field visit
  unused: billing

Principle (principle)
  great-listening           1  Great listening
  keep-them-informed        1  Keep them informed
  take-the-issue-seriously  1  Take the issue seriously

Outcome (outcome)
  retained  1  Retained
  renewed   1  Renewed

Industry (industry)
  software  1  Software
  telecom   1  Telecom

Coverage gaps: 3 of 6 principle × outcome pairs have no story
  great-listening           × retained
  keep-them-informed        × renewed
  take-the-issue-seriously  × renewed

Older than 24 months (dated before 2023-05-01): 2 stories
  2022-11-30  good-two
  2023-04-05  good-one
"""


def test_stats_text(project: Project) -> None:
    result = run(project, "stats", "--today", "2025-05-01")
    assert result.exit_code == 0, result.output
    assert result.output == STATS_TEXT


def test_stats_json(project: Project) -> None:
    project.write_story("extra.md", project.stories.joinpath("good-two.md").read_text().replace("telecom", "software"))
    data = json.loads(run(project, "stats", "--format", "json", "--today", "2025-05-01").output)
    assert data["total"] == 3
    assert data["visibility"] == {"internal": 2, "public": 1}
    assert data["dimensions"]["industry"] == {
        "terms": [{"slug": "software", "label": "Software", "count": 2},
                  {"slug": "telecom", "label": "Telecom", "count": 1}],
        "unused": [],
    }
    assert data["dimensions"]["touchpoint"]["terms"][0] == {"slug": "field-visit", "label": "Field visit", "count": 2}
    assert data["dimensions"]["touchpoint"]["unused"] == ["billing"]
    assert data["gaps"] == [{"principle": "great-listening", "outcome": "retained"},
                            {"principle": "keep-them-informed", "outcome": "renewed"},
                            {"principle": "take-the-issue-seriously", "outcome": "renewed"}]
    assert data["older"] == [{"id": "extra", "date": "2022-11-30"}, {"id": "good-two", "date": "2022-11-30"},
                             {"id": "good-one", "date": "2023-04-05"}]
    assert list(data) == ["total", "visibility", "dimensions", "gaps", "older"]


@pytest.mark.parametrize(
    ("months", "older"), [(29, ["good-two"]), (30, []), (0, ["good-two", "good-one"])],
)
def test_stats_older_than(project: Project, months: int, older: list[str]) -> None:
    result = run(project, "stats", "--format", "json", "--older-than", str(months), "--today", "2025-05-01")
    assert [entry["id"] for entry in json.loads(result.output)["older"]] == older


def test_stats_text_says_month_and_story_in_the_singular(project: Project) -> None:
    output = run(project, "stats", "--older-than", "1", "--today", "2023-01-01").output
    assert output.endswith("Older than 1 month (dated before 2022-12-01): 1 story\n  2022-11-30  good-two\n")


def test_stats_refuses_a_broken_archive(project: Project) -> None:
    project.write_story("bad.md", "---\ntitle: x\n---\n")
    result = run(project, "stats")
    assert result.exit_code == 1
    assert "stories/bad.md" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2024-03-31", 1, "2024-02-29"), ("2025-01-15", 1, "2024-12-15"), ("2025-05-01", 24, "2023-05-01")],
)
def test_months_before(day: str, months: int, expected: str) -> None:
    assert months_before(datetime.date.fromisoformat(day), months).isoformat() == expected
