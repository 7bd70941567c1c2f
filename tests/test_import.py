"""`story-tools import`: a CSV of stories becomes story files that pass `check`,
and every other row is reported with its number and the reason."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, TESTS, Project

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.cli import main

FIXTURE = TESTS / "fixtures" / "import" / "stories.csv"
WRITTEN = {  # fixture row -> the story file it becomes
    2: "the-caller-who-rang-every-morning",
    3: "the-refund-nobody-asked-for",
    7: "the-caller-who-rang-every-morning-2",  # same title as row 2
    8: "good-one-2",  # 'Good One': the id good-one is taken (in other capitals)
    9: "the-router-that-came-back",
}
REJECTED = {
    4: "principle 'listning' is not in the vocabulary. Did you mean 'listening'?",
    5: "date 2023-02-30 does not exist on the calendar",
    6: "no title",
    10: "date '05/03/2024' could be 2024-03-05 or 2024-05-03: write it YYYY-MM-DD",
}
HEADER = "Title,Date,Summary,Touchpoint,Principle,Outcome"
SUMMARY = re.compile(r"^(\d+) rows? read: (\d+) (?:would be )?written, (\d+) rejected", re.MULTILINE)


def run_import(project: Project, *args: str, text: str | bytes | None = None, name: str = "stories.csv") -> Result:
    """`story-tools import` in the project folder, of FIXTURE or of `text`."""
    data = FIXTURE.read_bytes() if text is None else text
    path = project.root / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        return CliRunner().invoke(main, ["import", name, *args], catch_exceptions=False)


def new_stories(project: Project) -> set[str]:
    return {p.stem for p in project.stories.rglob("*.md")} - {"good-one", "good-two"}


def counts(result: Result) -> tuple[int, int, int]:
    match = SUMMARY.search(result.output)
    assert match, result.output
    read, written, rejected = (int(group) for group in match.groups())
    return read, written, rejected


def test_fixture_rows_become_stories_that_pass_check(project: Project) -> None:
    result = run_import(project)
    assert result.exit_code == 1  # some rows were rejected
    assert new_stories(project) == set(WRITTEN.values())
    check = project.check("--strict")
    assert check.exit_code == 0, check.output
    assert check.output.strip() == "7 story files checked, no problems found."


def test_rejected_rows_are_reported_with_their_numbers_and_reasons(project: Project) -> None:
    lines = [line for line in run_import(project).output.splitlines() if ": rejected" in line]
    assert lines == [
        f"stories.csv:{row}: rejected{' (line 25 of the file)' if row == 10 else ''}: {reason}"
        for row, reason in REJECTED.items()
    ]
    assert "row numbers count the header as row 1" in run_import(project, "--dry-run").output


def test_written_plus_rejected_is_every_row_read(project: Project) -> None:
    result = run_import(project)
    rows = len(list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"), newline="")))) - 1
    assert counts(result) == (rows, len(WRITTEN), len(REJECTED))
    assert len(WRITTEN) + len(REJECTED) == rows == 9
    assert len(new_stories(project)) == len(WRITTEN)
    assert result.output.count(": rejected") == len(REJECTED)


def test_written_files_map_aliases_labels_and_multiple_values(project: Project) -> None:
    run_import(project)
    caller = (project.stories / "the-caller-who-rang-every-morning.md").read_text(encoding="utf-8")
    assert caller.startswith('---\ntitle: "The caller who rang every morning"\ndate: 2019-03-14\n')
    assert "touchpoint: [support-call]\n" in caller  # 'Phone support': an alias, written as a phrase
    assert "principle: [take-the-issue-seriously, keep-them-informed]\n" in caller  # a label; an alias
    assert 'customer: "A family-run accounting firm"\nrelated: [good-one]\nvisibility: internal\n---\n' in caller
    assert "## The situation\n\n<!--" in caller  # no body column value: the four-part outline
    router = (project.stories / "the-router-that-came-back.md").read_text(encoding="utf-8")
    assert "touchpoint: [field-visit, support-call]\n" in router
    assert 'customer: "A small clinic, two doctors"\n' in router
    assert "asked for the same technician by name.\n\n## The lesson\n\nCall back before they have to.\n" in router


def test_dry_run_writes_nothing_and_says_what_it_would_write(project: Project) -> None:
    result = run_import(project, "--dry-run")
    assert result.exit_code == 1
    assert new_stories(project) == set()
    assert "stories.csv:7: would write stories/the-caller-who-rang-every-morning-2.md" in result.output
    assert counts(result) == (9, len(WRITTEN), len(REJECTED))
    assert "dry run: no file was written" in result.output


def test_verbose_names_every_file_and_all_good_rows_exit_0(project: Project) -> None:
    text = f"{HEADER}\nA good one,2024-01-02,Fine.,billing,listening,retained\n"
    result = run_import(project, "-v", text=text)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["stories.csv:2: wrote stories/a-good-one.md", "1 row read: 1 written, 0 rejected."]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimiters(project: Project, delimiter: str) -> None:
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    result = run_import(project, text=out.getvalue())
    assert counts(result) == (9, len(WRITTEN), len(REJECTED))
    assert new_stories(project) == set(WRITTEN.values())
    assert project.check("--strict").exit_code == 0


def test_a_byte_order_mark_is_fine(project: Project) -> None:
    result = run_import(project, text=b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert "Headline" not in result.output  # the first header was not read as '\ufeffHeadline'
    assert counts(result) == (9, len(WRITTEN), len(REJECTED))


def test_a_file_that_is_not_utf8_is_one_clear_finding(project: Project) -> None:
    text = f"{HEADER}\nCafé crème,2024-01-02,Fine.,billing,listening,retained\n".encode("cp1252")
    result = run_import(project, text=text)
    assert result.exit_code == 1
    assert result.output.startswith("stories.csv:2: error[not-utf8] This file is not UTF-8 text (byte 0xE9")
    assert "CSV UTF-8" in result.output and new_stories(project) == set()


@pytest.mark.parametrize("header", [
    "Story title,When,Short version,Touchpoints,Principles,Outcomes,Client,Text",
    "STORY_TITLE,date,SUMMARY,touch point,principle,Outcome,customer,Body",
    "headline,Story date,short-version,Touchpoint,Principle,outcome,CLIENT,story",
])
def test_header_synonyms_ignore_case_spaces_and_underscores(project: Project, header: str) -> None:
    text = f'{header}\nNamed by synonyms,2024-01-02,Fine.,Billing,Great listening,Renewed,A bakery,"Line one\nline two"\n'
    result = run_import(project, text=text)
    assert result.exit_code == 0, result.output
    story = (project.stories / "named-by-synonyms.md").read_text(encoding="utf-8")
    assert 'customer: "A bakery"' in story and story.endswith("---\n\nLine one\nline two\n")


def test_map_overrides_the_headers_and_dash_leaves_a_column_out(project: Project) -> None:
    text = "Name,Day,Blurb,Touchpoint,Principle,Outcome,Scribble\nMapped,2024-01-02,Fine.,billing,listening,retained,x\n"
    result = run_import(project, "--map", "name=title", "--map", "Day=date", "--map", "BLURB=summary",
                        "--map", "Scribble=-", text=text)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert (project.stories / "mapped.md").is_file()


def test_unknown_columns_are_one_warning_each(project: Project) -> None:
    result = run_import(project, text=f"{HEADER},Notes\nA,2024-01-02,Fine.,billing,listening,retained,n1\n"
                                      "B,2024-01-03,Fine.,billing,listening,retained,n2\n")
    assert result.exit_code == 0
    assert result.output.count("warning[unknown-column] Column 7 ('Notes') is not a story field") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "Headline=titel"], "'Headline=titel' names no story field. Did you mean 'title'?"),
    (["--map", "Headlin=title"], "the file has no column 'Headlin'. Did you mean 'Headline'?"),
    (["--folder", "../elsewhere"], "'../elsewhere' is not a subfolder of the stories folder."),
])
def test_usage_errors_exit_2(project: Project, args: list[str], message: str) -> None:
    result = run_import(project, *args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert new_stories(project) == set()


def test_a_workbook_is_a_usage_error_that_says_how_to_save_csv(project: Project) -> None:
    result = run_import(project, text=b"PK\x03\x04", name="stories.xlsx")
    assert result.exit_code == 2 and "CSV UTF-8" in result.output


def test_a_missing_required_column_is_one_error_before_any_row(project: Project) -> None:
    result = run_import(project, text="Title,Summary,Touchpoint\nA,Fine.,billing\n")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "stories.csv:1: error[missing-column] The sheet has no column for date, principle, outcome. "
        "Add the column, or name an existing one with --map 'COLUMN=FIELD'."
    ]


def test_two_columns_for_one_field_stop_the_import(project: Project) -> None:
    result = run_import(project, text=f"{HEADER},Headline\nA,2024-01-02,Fine.,billing,listening,retained,B\n")
    assert result.exit_code == 1
    assert "error[duplicate-column] Columns 'Title' and 'Headline' both hold title." in result.output
    assert "rows read" not in result.output and new_stories(project) == set()


def test_rows_check_rejects_are_not_left_on_disk(project: Project) -> None:
    long_summary = "word " * 100
    text = (f"{HEADER},Related,Body\n"
            f"Too long,2024-01-02,{long_summary},billing,listening,retained,,\n"
            "Bad link,2024-01-02,Fine.,billing,listening,retained,,See [[good-tree]].\n"
            "Bad related,2024-01-02,Fine.,billing,listening,retained,good-tow,\n"
            "Too many cells,2024-01-02,Fine.,billing,listening,retained,,,surplus\n")
    result = run_import(project, text=text)
    assert counts(result) == (4, 0, 4)
    assert "stories.csv:2: rejected: long-summary: The summary has 499 characters" in result.output
    assert "stories.csv:3: rejected: unknown-story-link:" in result.output and "good-two" in result.output
    assert "stories.csv:4: rejected: related: there is no story with the id 'good-tow'. Did you mean 'good-two'?" in result.output
    assert "stories.csv:5: rejected: the row has 9 cells but the header 8" in result.output
    assert new_stories(project) == set()


def test_empty_rows_are_skipped_and_said(project: Project) -> None:
    result = run_import(project, text=f"{HEADER}\nA,2024-01-02,Fine.,billing,listening,retained\n,,,,,\n\n")
    assert result.exit_code == 0
    assert "1 row read: 1 written, 0 rejected; 2 empty rows skipped." in result.output


@pytest.mark.parametrize("title", ["NO", "1:20", "2024", 'She said "call me", \\ then #1: [ok]', "Café für Ärzte"])
def test_text_that_yaml_would_misread_is_quoted(project: Project, title: str) -> None:
    cell = '"' + title.replace('"', '""') + '"'
    result = run_import(project, text=f"{HEADER},Quote\n{cell},2024-01-02,Fine.,billing,listening,retained,{cell}\n")
    assert result.exit_code == 0, result.output
    assert project.check("--strict").exit_code == 0
    catalog = load_catalog(ArchiveSettings.at(project.root))
    [story] = [story for story in catalog.stories if story.id not in ("good-one", "good-two")]
    assert (story.title, story.quote) == (title, title)


def test_folder_writes_into_a_subfolder(project: Project) -> None:
    result = run_import(project, "--folder", "imported/2024", "-v")
    assert "wrote stories/imported/2024/the-router-that-came-back.md" in result.output
    assert {p.stem for p in (project.stories / "imported" / "2024").glob("*.md")} == set(WRITTEN.values())
    assert project.check("--strict").exit_code == 0


def test_the_writers_guide_is_published_as_written_and_names_every_rule() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert (REPO / "docs" / "contributing.md").read_text(encoding="utf-8") == guide, (
        "docs/contributing.md is the site's copy of CONTRIBUTING.md: cp CONTRIBUTING.md docs/contributing.md"
    )
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| rule | what it means |", 1)[1].split("\n\n", 1)[0]
    rules = {rule for row in table.splitlines() for rule in re.findall(r"`([a-z0-9-]+)`", row.split(" | ")[0])}
    assert {"unknown-term", "self-link", "not-utf8", "long-summary"} <= rules
    assert [rule for rule in sorted(rules) if f"`{rule}`" not in guide] == []
