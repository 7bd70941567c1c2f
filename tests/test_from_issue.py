"""`story-tools from-issue`: issues written with the story form become story files that pass check."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result
from conftest import Project, story_text

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.cli import main

# The answers as GitHub writes them: '### Label', a blank line, the value; fields one blank line apart.
GOOD = {
    "Title": "The bakery that almost cancelled",
    "Date": "2024-05-31",
    "Summary": "A baker was about to leave us after three late deliveries; we called her first.",
    "Customer": "The owner of a family bakery",
    "The situation": "Three deliveries in a row came late.\n\nShe had written to cancel.",
    "What we did": "We called her before she called us, and sent the driver at dawn.",
    "How it turned out": "She renewed for two years.",
    "The lesson": "Call first.",
    "Quote": "You called me before I had to chase you.",
    "Touchpoint": "Support call, Field visit",
    "Principle": "Keep them informed",
    "Outcome": "Renewed",
    "Industry": "None",
    "Who may see it": "Internal: people in our company only",
}


def issue_body(answers: dict[str, str], newline: str = "\n") -> str:
    """An issue body exactly as GitHub renders an issue form."""
    return (newline * 2).join(f"### {label}{newline * 2}{value}" for label, value in answers.items())


def from_issue(project: Project, text: str, *args: str, name: str = "issue.md") -> Result:
    source = project.root.parent / name
    source.write_text(text, encoding="utf-8", newline="")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        return CliRunner().invoke(main, ["from-issue", str(source), *args], catch_exceptions=False)


def story_files(project: Project) -> list[str]:
    return sorted(p.relative_to(project.stories).as_posix() for p in project.stories.rglob("*.md"))


def read_back(project: Project, story_id: str):  # type: ignore[no-untyped-def]
    catalog = load_catalog(ArchiveSettings.at(project.root))
    story = catalog.get(story_id)
    assert story is not None, [f.format() for f in catalog.findings]
    return story


def passes_check(project: Project) -> None:
    result = project.check()
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_a_form_issue_becomes_a_story_that_passes_check(project: Project) -> None:
    result = from_issue(project, issue_body(GOOD))
    assert result.exit_code == 0, result.output
    assert result.output == "stories/the-bakery-that-almost-cancelled.md\n"
    text = (project.stories / "the-bakery-that-almost-cancelled.md").read_text(encoding="utf-8")
    assert text == (
        '---\ntitle: "The bakery that almost cancelled"\ndate: 2024-05-31\n'
        'summary: "A baker was about to leave us after three late deliveries; we called her first."\n'
        "touchpoint: [support-call, field-visit]\nprinciple: [keep-them-informed]\noutcome: [renewed]\n"
        'customer: "The owner of a family bakery"\nquote: "You called me before I had to chase you."\n'
        "visibility: internal\n---\n\n"
        "## The situation\n\nThree deliveries in a row came late.\n\nShe had written to cancel.\n\n"
        "## What we did\n\nWe called her before she called us, and sent the driver at dawn.\n\n"
        "## How it turned out\n\nShe renewed for two years.\n\n"
        "## The lesson\n\nCall first.\n"
    )
    passes_check(project)


def test_an_edited_issue_with_crlf_fields_moved_and_removed_and_a_heading_of_its_own(project: Project) -> None:
    answers = {label: GOOD[label] for label in ("Principle", "Outcome", "Title", "Date", "Touchpoint", "Summary")}
    answers["The situation"] = "It began badly.\n### Not one of the form's questions\nThen it got worse."
    answers["What we did"] = "We listened."
    body = "Some words typed above the first question.\r\n\r\n" + issue_body(answers, "\r\n") + "\r\n"
    result = from_issue(project, body)
    assert result.exit_code == 0, result.output
    text = (project.stories / "the-bakery-that-almost-cancelled.md").read_text(encoding="utf-8")
    assert "\r" not in text and "customer:" not in text and "quote:" not in text and "words typed" not in text
    assert ("## The situation\n\nIt began badly.\n### Not one of the form's questions\nThen it got worse.\n\n"
            "## What we did\n\nWe listened.\n") in text
    assert "## How it turned out" not in text  # an empty part is left out, not written empty
    passes_check(project)


def test_empty_answers_are_left_out(project: Project) -> None:
    answers = {**GOOD, "Customer": "_No response_", "Quote": "_No response_", "The lesson": "_No response_",
               "Industry": "None"}
    assert from_issue(project, issue_body(answers)).exit_code == 0
    story = read_back(project, "the-bakery-that-almost-cancelled")
    assert story.customer is None and story.quote is None and story.terms_of("industry") == ()
    assert "## The lesson" not in story.body
    passes_check(project)


def test_multi_select_answers_and_labels_with_commas(project: Project) -> None:
    vocabulary = project.root / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "label: Billing", "label: Billing, refunds"), encoding="utf-8")
    answers = {**GOOD, "Touchpoint": "Billing, refunds, Support call", "Principle": "Great listening, Keep them informed",
               "Outcome": "Retained, Renewed", "Industry": "Software, Telecom"}
    assert from_issue(project, issue_body(answers)).exit_code == 0
    story = read_back(project, "the-bakery-that-almost-cancelled")
    assert story.terms == (("touchpoint", ("billing", "support-call")),
                           ("principle", ("great-listening", "keep-them-informed")),
                           ("outcome", ("retained", "renewed")), ("industry", ("software", "telecom")))
    passes_check(project)


def test_the_event_payload_gives_the_body_and_the_issue_title(project: Project) -> None:
    answers = {**GOOD, "Title": "_No response_"}
    payload = {"action": "opened", "issue": {"number": 7, "title": "Story: Kept by a dawn delivery",
                                             "body": issue_body(answers, "\r\n"), "labels": [{"name": "story"}]}}
    result = from_issue(project, json.dumps(payload), name="event.json")
    assert result.exit_code == 0, result.output
    assert result.output == "stories/kept-by-a-dawn-delivery.md\n"
    assert read_back(project, "kept-by-a-dawn-delivery").title == "Kept by a dawn delivery"
    passes_check(project)


@pytest.mark.parametrize("title", ["NO", "2024", "yes: really # not a comment", "---", '"Quoted" and \'quoted\''])
def test_values_yaml_would_misread_are_written_safely(project: Project, title: str) -> None:
    answers = {**GOOD, "Title": title, "Summary": "2024-01-01", "Customer": "null",
               "Quote": "--- She said: \"on\" # twice\nand then: 'off'"}
    result = from_issue(project, issue_body(answers))
    assert result.exit_code == 0, result.output
    story = read_back(project, result.output.strip().removeprefix("stories/").removesuffix(".md"))
    assert (story.title, story.summary, story.customer) == (title, "2024-01-01", "null")
    assert story.quote == "--- She said: \"on\" # twice and then: 'off'"  # one line, as every front-matter field
    passes_check(project)


def test_term_slugs_yaml_would_misread_are_quoted(project: Project) -> None:
    vocabulary = project.root / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace("slug: software", "slug: 'no'")
                          .replace("slug: telecom", "slug: '2024'"), encoding="utf-8")
    result = from_issue(project, issue_body({**GOOD, "Industry": "Software, Telecom"}))
    assert result.exit_code == 0, result.output
    text = (project.stories / "the-bakery-that-almost-cancelled.md").read_text(encoding="utf-8")
    assert 'industry: ["no", "2024"]\n' in text
    assert read_back(project, "the-bakery-that-almost-cancelled").terms_of("industry") == ("no", "2024")


def test_the_id_never_collides_with_a_story_already_there(project: Project) -> None:
    project.write_story("the-bakery-that-almost-cancelled.md", story_text("Another bakery"))
    project.write_story("field-service/The-Bakery-that-almost-cancelled-2.md", story_text("A third bakery"))
    result = from_issue(project, issue_body(GOOD))
    assert result.exit_code == 0, result.output
    assert result.output == "stories/the-bakery-that-almost-cancelled-3.md\n"
    passes_check(project)


def test_public_when_chosen(project: Project) -> None:
    result = from_issue(project, issue_body({**GOOD, "Who may see it": "Public: anyone, on our public website"}))
    assert result.exit_code == 0, result.output
    assert read_back(project, "the-bakery-that-almost-cancelled").visibility == "public"


BAD = [
    ("missing title", {**GOOD, "Title": "_No response_"},
     "issue.md: error[missing-field] Title is empty. Fill in Title. (the form's field 'Title')"),
    ("title removed", {k: v for k, v in GOOD.items() if k != "Title"},
     "issue.md: error[missing-field] Title is empty. Fill in Title. (the form's field 'Title')"),
    ("unknown term", {**GOOD, "Principle": "Keep them informd"},
     "issue.md: error[unknown-term] 'Keep them informd' is not one of the choices. "
     "Did you mean 'Keep them informed'? (the form's field 'Principle')"),
    ("required dimension empty", {**GOOD, "Outcome": "None"},
     "issue.md: error[missing-field] Outcome is empty. Choose at least one from the list. (the form's field 'Outcome')"),
    ("impossible date", {**GOOD, "Date": "2024-02-30"},
     "issue.md: error[impossible-date] 2024-02-30 does not exist on the calendar. Check the month and the day. "
     "(the form's field 'Date')"),
    ("date not year-month-day", {**GOOD, "Date": "31/05/2024"},
     "issue.md: error[bad-date] '31/05/2024' is not a date written year-month-day. "
     "Write it like 2024-05-31 (year, month, day, with hyphens). (the form's field 'Date')"),
    ("e-mail address in the story", {**GOOD, "What we did": "We wrote to\nher at jane.doe@gmail.com first."},
     "stories/the-bakery-that-almost-cancelled.md:22:8: error[personal-email] This looks like a customer's e-mail "
     "address (j***@gmail.com). Remove it or replace it with a made-up example (such as name@example.com); if it "
     "must stay, add <!-- story-tools: allow personal-email because ... --> (the form's field 'What we did')"),
    ("link to no story", {**GOOD, "The lesson": "Like [[the-bakery-next-door]]."},
     "stories/the-bakery-that-almost-cancelled.md:29:6: error[unknown-story-link]"),
    ("no story told", {**GOOD, **dict.fromkeys(("The situation", "What we did", "How it turned out", "The lesson"),
                                               "_No response_")},
     "issue.md: error[missing-field] The story itself is empty. Tell it in the boxes for its parts, starting with "
     "this one. (the form's field 'The situation')"),
    ("a question twice", {**GOOD, "The situation": "It began.\n\n### Quote\n\nA quote of my own."},
     "issue.md: error[duplicate-field] '### Quote' appears more than once in the issue."),
    ("two visibilities", {**GOOD, "Who may see it": "internal, public"},
     "issue.md: error[too-many] Who may see it has 2 answers."),
]


@pytest.mark.parametrize(("answers", "expected"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_an_issue_that_would_not_pass_check_writes_nothing(project: Project, answers: dict[str, str],
                                                          expected: str) -> None:
    before = story_files(project)
    result = from_issue(project, issue_body(answers))
    assert result.exit_code == 1
    assert expected in result.output
    assert story_files(project) == before
    passes_check(project)


def test_every_problem_is_reported_at_once(project: Project) -> None:
    answers = {**GOOD, "Title": "_No response_", "Date": "soon", "Touchpoint": "Teleport",
               "The lesson": "Write to jane.doe@gmail.com."}
    result = from_issue(project, issue_body(answers))
    assert result.exit_code == 1
    assert [line.split("[")[1].split("]")[0] for line in result.output.splitlines()] == [
        "missing-field", "bad-date", "unknown-term", "personal-email"]
    assert result.output.splitlines()[-1].endswith("(the form's field 'The lesson')")


def test_markdown_findings_for_an_issue_comment(project: Project) -> None:
    answers = {**GOOD, "Date": "2024-13-01", "Principle": "@octocat <img src=x>",
               "The situation": "Her card was 4111 1111 1111 1111."}
    payload = {"issue": {"number": 12, "title": "Story: x", "body": issue_body(answers)}}
    result = from_issue(project, json.dumps(payload), "--format", "markdown", name="event.json")
    assert result.exit_code == 1
    assert result.output == (
        "**This story is not in the archive yet.** Please edit this issue (the **···** menu, then **Edit**), fix "
        "what is listed below and save; the story is checked again each time.\n\n"
        "- **Date**: 2024-13-01 does not exist on the calendar. Check the month and the day.\n"
        "- **Principle**: '&#64;octocat \\<img src=x\\>' is not one of the choices. Choose from: Great listening, "
        "Keep them informed, Take the issue seriously.\n"
        "- **The situation**: This looks like a payment card number (•••• •••• •••• 1111). Remove it or replace it "
        "with a made-up example (such as 'the card ending 1234'); if it must stay, add "
        "\\<\\!-- story-tools: allow personal-card because ... --\\>\n"
    )
    assert story_files(project) == ["good-one.md", "good-two.md"]


def test_markdown_findings_about_the_written_text_name_the_form_field(project: Project) -> None:
    answers = {**GOOD, "How it turned out": "Her card was 4111 1111 1111 1111."}
    result = from_issue(project, issue_body(answers), "--format", "markdown")
    assert result.exit_code == 1
    assert result.output.splitlines()[2] == (
        "- **How it turned out**: This looks like a payment card number (•••• •••• •••• 1111). "
        "Remove it or replace it with a made-up example (such as 'the card ending 1234'); if it must stay, add "
        "\\<\\!-- story-tools: allow personal-card because ... --\\>"
    )


def test_findings_in_an_event_payload_name_the_issue(project: Project) -> None:
    payload = {"issue": {"number": 12, "title": "Story: ", "body": issue_body({**GOOD, "Title": "_No response_"})}}
    result = from_issue(project, json.dumps(payload), name="event.json")
    assert result.exit_code == 1
    assert result.output.startswith("issue #12: error[missing-field] Title is empty.")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"action": "created", "comment": {}}', "error[not-an-issue] This JSON file is not a GitHub issue event"),
    ("Just some text, no questions of the form.", "error[missing-field] Title is empty."),
])
def test_input_that_is_not_a_form_issue(project: Project, text: str, expected: str) -> None:
    result = from_issue(project, text)
    assert result.exit_code == 1
    assert expected in result.output
    assert story_files(project) == ["good-one.md", "good-two.md"]


def test_a_broken_vocabulary_stops_before_reading_the_issue(project: Project) -> None:
    (project.root / "vocabulary.yml").write_text("dimensions: [\n", encoding="utf-8")
    result = from_issue(project, issue_body(GOOD))
    assert result.exit_code == 1
    assert "vocabulary.yml:" in result.output
    assert story_files(project) == ["good-one.md", "good-two.md"]
