"""The issue form for telling a story without git: generated from the vocabulary, valid, kept current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import REPO, Project

from story_tools.archive.issuebody import Issue, draft_from_answers, read_answers
from story_tools.archive.issueform import form_fields
from story_tools.archive.vocabulary import load_vocabulary
from story_tools.cli import main

FORM = Path(".github") / "ISSUE_TEMPLATE" / "story.yml"


def run(project_root: Path, *args: str) -> Result:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project_root)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its vendored (offline) schema of GitHub issue forms."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-issue-forms", str(path)],
        capture_output=True, text=True, check=False,
    )


def test_committed_form_is_what_issue_form_prints() -> None:
    printed = run(REPO, "issue-form").output
    committed = (REPO / FORM).read_text(encoding="utf-8")
    assert committed == printed, "run: story-tools issue-form --write"


def test_committed_form_passes_the_issue_forms_schema() -> None:
    result = lint(REPO / FORM)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_rejects_a_broken_form(tmp_path: Path) -> None:
    broken = tmp_path / "story.yml"
    broken.write_text("name: x\ndescription: y\nbody:\n  - type: dropdown\n    id: a\n    attributes:\n"
                      "      label: A\n      options: [b, b]\n", encoding="utf-8")
    assert lint(broken).returncode == 1


def form(project: Project) -> dict[str, Any]:
    result = run(project.root, "issue-form")
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = yaml.safe_load(result.output)
    return loaded


def test_the_form_asks_every_field_every_part_and_every_dimension(project: Project) -> None:
    data = form(project)
    assert data["labels"] == ["story"]
    items = data["body"]
    assert items[0]["type"] == "markdown" and "personal details" in items[0]["attributes"]["value"]
    asked = [(item["type"], item["attributes"]["label"], item.get("validations", {}).get("required", False))
             for item in items[1:]]
    assert asked == [
        ("input", "Title", True), ("input", "Date", True), ("textarea", "Summary", True), ("input", "Customer", False),
        ("textarea", "The situation", True), ("textarea", "What we did", True),
        ("textarea", "How it turned out", True), ("textarea", "The lesson", True), ("textarea", "Quote", False),
        ("dropdown", "Touchpoint", True), ("dropdown", "Principle", True), ("dropdown", "Outcome", True),
        ("dropdown", "Industry", False), ("dropdown", "Who may see it", False),
    ]
    touchpoint = items[10]["attributes"]
    assert touchpoint["options"] == ["Support call", "Field visit", "Billing"] and touchpoint["multiple"] is True
    assert touchpoint["description"].startswith("Where the story happens. Choose one or more.\n\n")
    assert "- **Billing**: Invoices and money." in touchpoint["description"]
    assert items[13]["attributes"]["description"].startswith("The customer's line of business. Optional")
    visibility = items[14]["attributes"]
    assert visibility["options"] == ["Internal: people in our company only", "Public: anyone, on our public website"]
    assert visibility["default"] == 0 and visibility["multiple"] is False
    assert "agreed" in visibility["description"] and "curator records" in visibility["description"]


def test_labels_that_would_clash_are_told_apart_and_the_form_stays_valid(project: Project) -> None:
    vocabulary = project.root / "vocabulary.yml"
    text = vocabulary.read_text(encoding="utf-8")
    text = text.replace("label: Telecom", "label: Software").replace("label: Billing", "label: None")
    text = text.replace("label: Industry", "label: Summary")
    vocabulary.write_text(text, encoding="utf-8")
    assert run(project.root, "issue-form", "--write").exit_code == 0
    data = yaml.safe_load((project.root / FORM).read_text(encoding="utf-8"))
    by_label = {item["attributes"]["label"]: item["attributes"] for item in data["body"][1:]}
    assert by_label["Touchpoint"]["options"] == ["Support call", "Field visit", "None (billing)"]
    assert by_label["Summary (industry)"]["options"] == ["Software (software)", "Software (telecom)"]
    result = lint(project.root / FORM)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_option_reads_back_as_its_term() -> None:
    vocabulary, _ = load_vocabulary(REPO / "vocabulary.yml", "vocabulary.yml")
    fields = form_fields(vocabulary)
    texts = {"Title": "T", "Date": "2024-01-02", "Summary": "S", "The situation": "Told."}
    chosen = {field.label: ", ".join(field.options if field.multiple else field.options[-1:])
              for field in fields if field.kind == "dropdown"}
    body = "\n\n".join(f"### {label}\n\n{value}" for label, value in {**texts, **chosen}.items())
    draft, problems = draft_from_answers(read_answers(body, fields), fields, Issue(body, "issue.md"))
    assert problems == []
    assert draft.terms == {d.name: [t.slug for t in d.terms] for d in vocabulary.dimensions}
    assert draft.visibility == "public"


def test_a_vocabulary_change_without_a_new_form_is_a_check_finding(project: Project) -> None:
    assert run(project.root, "issue-form", "--write").output == f"Wrote {FORM.as_posix()}.\n"
    assert project.check().exit_code == 0
    vocabulary = project.root / "vocabulary.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "      - slug: billing\n", "      - slug: front-desk\n        label: Front desk\n        description: At the"
        " counter.\n      - slug: billing\n"), encoding="utf-8")
    result = project.check()
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        ".github/ISSUE_TEMPLATE/story.yml: error[stale-issue-form] The issue form for telling a story does not "
        "match the vocabulary: people using it would choose from terms that have changed. Run 'story-tools "
        "issue-form --write' and commit .github/ISSUE_TEMPLATE/story.yml.")
    assert run(project.root, "issue-form", "--write").exit_code == 0
    assert project.check().exit_code == 0


def test_no_form_no_finding_and_a_broken_vocabulary_is_reported_first(project: Project) -> None:
    assert project.check().exit_code == 0  # the fixture archive has no form: nothing to keep current
    assert run(project.root, "issue-form", "--write").exit_code == 0
    (project.root / "vocabulary.yml").write_text("dimensions: [\n", encoding="utf-8")
    result = project.check()
    assert result.exit_code == 1 and "stale-issue-form" not in result.output
    refused = run(project.root, "issue-form")
    assert refused.exit_code == 1 and "Fix the vocabulary first" in refused.output
