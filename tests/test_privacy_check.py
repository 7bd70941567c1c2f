"""The personal-data scanner and the hostile-Markdown rules as `check` and the build run them,
with the archive's privacy list (privacy.yml), and paths that lead out of the project."""

from __future__ import annotations

import json

import pytest
from conftest import Project, story_text

DENY_STORY = story_text(extra='customer: "Brightwater Dental"\n') + "\nDr. Ana Novak called twice.\n"


def test_deny_list_names_are_findings_with_position(project: Project) -> None:
    (project.root / "privacy.yml").write_text("deny:\n  - Ana Novak\n  - Brightwater\n", encoding="utf-8")
    project.write_story("deny.md", DENY_STORY)
    result = project.check("--format", "json")
    assert result.exit_code == 1, result.output
    found = [(f["line"], f["column"], f["rule"]) for f in json.loads(result.output) if f["path"] == "stories/deny.md"]
    assert found == [(8, 12, "denied-name"), (13, 5, "denied-name")]
    assert "Novak" not in result.output and "Brightwater" not in result.output, "the report must not repeat the name"


def test_allow_list_lets_our_own_addresses_pass(project: Project) -> None:
    project.write_story("helpline.md", story_text() + "\nWrite to help@acme-support.com or call +44 20 7123 4567.\n")
    assert project.check().exit_code == 1
    (project.root / "privacy.yml").write_text(
        "# Our own public addresses\nallow:\n  - acme-support.com\n  - '+44 20 7123 4567'\n", encoding="utf-8")
    result = project.check()
    assert result.exit_code == 0, result.output


def test_a_stated_reason_suppresses_one_finding(project: Project) -> None:
    project.write_story("ok.md", story_text() + "\nCall +44 20 7123 4567"
                        " <!-- story-tools: allow personal-phone because it is our public helpline -->\n")
    result = project.check()
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("text", "rule", "line", "column"), [
    ("deny: Ana Novak\n", "wrong-type", 1, 7),
    ("deny: [Ana]\ncolour: red\n", "unknown-key", 2, 1),
    ("deny: [Ana\n", "yaml-syntax", 2, 1),
    ("deny: [&a Ana, *a]\n", "yaml-anchor", 1, 8),
])
def test_a_bad_privacy_list_is_a_finding(project: Project, text: str, rule: str, line: int, column: int) -> None:
    (project.root / "privacy.yml").write_text(text, encoding="utf-8")
    result = project.check("--format", "json")
    assert result.exit_code == 1, result.output
    first = json.loads(result.output)[0]
    assert (first["path"], first["rule"], first["line"], first["column"]) == ("privacy.yml", rule, line, column)


def test_findings_in_every_format_and_the_build(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("leak.md", story_text() + "\nHer card 4111 1111 1111 1111 and [notes](javascript:x).\n")
    text = project.check().output
    assert "stories/leak.md:12:10: error[personal-card]" in text
    assert "stories/leak.md:12:42: error[unsafe-link]" in text
    github = project.check("--format", "github").output
    assert "::error file=stories/leak.md,line=12,col=10,title=personal-card::" in github
    built = project.build(caplog)
    assert not built.ok and "stories/leak.md:12:10: error[personal-card]" in built.log
    assert not (built.site / "index.html").exists()


OUTSIDE = " is outside the project folder"


@pytest.mark.parametrize(("option", "value", "refusal"), [
    ("stories_dir", "../elsewhere", OUTSIDE),
    ("stories_dir", "/tmp", OUTSIDE),
    ("vocabulary", "../../etc/vocabulary.yml", OUTSIDE),
    ("privacy", "/etc/passwd", OUTSIDE),
    # Story pages stay in a folder of their own inside site_dir (reserved.url_prefix_problem).
    ("url_prefix", "../outside", ": '..' cannot be part of a web address"),
    ("url_prefix", "coverage", ": coverage/ is the coverage page"),
])
def test_paths_outside_the_project_are_refused(
    project: Project, caplog: pytest.LogCaptureFixture, option: str, value: str, refusal: str,
) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", f"  - story-tools:\n      {option}: {value}"))
    result = project.check()
    assert result.exit_code == 2
    assert f"{option}: '{value}'{refusal}" in result.output
    built = project.build(caplog)
    assert not built.ok and f"{option}: '{value}'{refusal}" in built.log
    assert not (project.root / "outside").exists()


def test_a_bad_privacy_list_shows_when_one_story_is_checked(project: Project) -> None:
    """Else the deny list would be silently empty for the stories a commit changes."""
    (project.root / "privacy.yml").write_text("deny: Ana Novak\n", encoding="utf-8")
    result = project.check("stories/good-one.md")
    assert result.exit_code == 1
    assert "privacy.yml:1:7: error[wrong-type]" in result.output
