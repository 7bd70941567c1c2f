"""`story-tools check` and `story-tools schema`: formats, exit codes, paths."""

from __future__ import annotations

import json
import subprocess

import frontmatter
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import REPO, Project, installed_command, story_text

from story_tools.checks.report import escape_data, escape_property
from story_tools.cli import main


def test_clean_archive_exits_0(project: Project) -> None:
    result = project.check()
    assert result.exit_code == 0
    assert result.output.strip() == "2 story files checked, no problems found."


def test_text_format_is_path_line_column_severity_rule(project: Project) -> None:
    project.write_story("judy.md", story_text(extra="principle: listning\n").replace("principle: great-listening\n", ""))
    result = project.check()
    assert result.exit_code == 1
    assert (
        "stories/judy.md:7:12: error[unknown-term] principle 'listning' is not in the vocabulary. "
        "Did you mean 'listening'?"
    ) in result.output
    assert result.output.strip().endswith("1 error in 3 story files checked.")


def test_json_format(project: Project) -> None:
    project.write_story("bad.md", story_text(title="x", extra="principal: x\n"))
    result = project.check("--format", "json")
    records = json.loads(result.output)
    assert result.exit_code == 1
    assert {"path", "line", "column", "rule", "severity", "message", "suggestion"} <= set(records[0])
    assert records[0]["path"] == "stories/bad.md" and records[0]["rule"] == "unknown-key"


def test_github_format_escapes_per_actions_toolkit(project: Project) -> None:
    project.write_story("bad.md", story_text(extra="principal: x\n"))
    result = project.check("--format", "github")
    first = result.output.splitlines()[0]
    assert first.startswith("::error file=stories/bad.md,line=8,col=1,title=unknown-key::")
    assert escape_data("50%\r\n") == "50%25%0D%0A"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_warnings_exit_0_unless_strict(project: Project) -> None:
    project.write_story("long.md", story_text().replace("Something went right.", "word " * 100))
    assert project.check().exit_code == 0
    result = project.check("--strict")
    assert result.exit_code == 1
    assert "warning[long-summary]" in result.output


def test_paths_narrow_the_report_but_cross_rules_see_everything(project: Project) -> None:
    project.write_story("a.md", story_text(extra="related: [good-one]\n"))
    project.write_story("b.md", story_text(extra="principal: x\n"))
    result = project.check("stories/a.md")
    assert result.exit_code == 0, result.output  # b's error is not reported, a's related link resolves
    assert "1 story file checked" in result.output
    assert project.check("stories").exit_code == 1


def test_story_outside_the_archive_is_a_finding(project: Project) -> None:
    (project.root / "docs" / "lost.md").write_text(story_text(), encoding="utf-8")
    result = project.check("docs")
    assert result.exit_code == 1
    assert "docs/lost.md: error[outside-archive]" in result.output
    assert "docs/index.md" not in result.output  # the home page is not a story


@pytest.mark.parametrize("args", [["check", "nope.md"], ["check", "--format", "xml"], ["nope"]])
def test_usage_errors_exit_2(project: Project, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    assert CliRunner().invoke(main, args).exit_code == 2


def test_missing_mkdocs_yml_is_a_usage_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "No mkdocs.yml here" in result.output


def test_schema_is_valid_and_agrees_with_check(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    schema = json.loads(CliRunner().invoke(main, ["schema"]).output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["principle"]["oneOf"][0]["enum"] == [
        "great-listening", "listening", "keep-them-informed", "keep-them-updated", "take-the-issue-seriously",
    ]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    stories = sorted(project.stories.glob("*.md"))
    assert stories
    for path in stories:
        front = frontmatter.load(path).metadata
        front = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in front.items()}
        assert list(validator.iter_errors(front)) == [], path
    bad = {"title": "t", "date": "2024-01-01", "summary": "s", "touchpoint": "support-call",
           "principle": "listning", "outcome": "retained"}
    assert list(validator.iter_errors(bad))


def test_the_installed_command_runs() -> None:
    """The `story-tools` console script pip installed (not `python -m`), on the repository's archive."""
    result = subprocess.run(
        [str(installed_command("story-tools")), "check"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    stories = len(list((REPO / "stories").rglob("*.md")))
    assert result.stdout.strip() == f"{stories} story files checked, no problems found.", result.stdout
    assert result.stderr == ""


def test_the_installed_command_reports_a_finding_and_exits_1(project: Project) -> None:
    project.write_story("judy.md", story_text(extra="principle: listning\n").replace("principle: great-listening\n", ""))
    result = subprocess.run(
        [str(installed_command("story-tools")), "check"], cwd=project.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "stories/judy.md:7:12: error[unknown-term] principle 'listning' is not in the vocabulary. "
        "Did you mean 'listening'?",
        "1 error in 3 story files checked.",
    ], result.stdout


def test_public_audience_check_reports_expired_consent(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.write_story("old.md", story_text(
        extra="visibility: public\nconsent:\n  approved: [story]\n  expires: 2020-01-01\n"))
    assert project.check().exit_code == 0  # internal: consent is not checked
    result = project.check("--audience", "public")
    assert result.exit_code == 1
    assert "stories/old.md:1:1: error[consent-expired] The customer's consent ended on 2020-01-01" in result.output
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    assert project.check().exit_code == 1
