"""The bad-input corpus: one file per problem, each with its rule and position.

Every file is checked alone in a fresh archive through the CLI, and built with
MkDocs: the build must stop with the same message the CLI prints.
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, Project

# file name (without .md) -> (rule, line, column) of the finding it must give.
EXPECTED: dict[str, tuple[str, int, int]] = {
    "missing-summary": ("missing-field", 1, 1),
    "missing-dimension": ("missing-field", 1, 1),
    "empty-title": ("empty-field", 2, 8),
    "title-is-a-list": ("wrong-type", 2, 8),
    "unknown-key": ("unknown-key", 8, 1),
    "unknown-term": ("unknown-term", 6, 12),
    "duplicate-term": ("duplicate-term", 6, 30),
    "impossible-date": ("impossible-date", 3, 7),
    "not-a-date": ("bad-date", 3, 7),
    "unknown-related": ("unknown-related", 8, 11),
    "self-related": ("self-related", 8, 11),
    "yaml-unclosed-quote": ("yaml-syntax", 2, 8),
    "yaml-stray-colon": ("yaml-syntax", 4, 23),
    "yaml-tab-indent": ("tab-character", 9, 1),
    "not-a-mapping": ("not-a-mapping", 2, 1),
    "duplicate-key": ("duplicate-key", 8, 1),
    "yaml-anchor": ("yaml-anchor", 8, 11),
    "alias-bomb": ("yaml-anchor", 9, 6),
    "yaml-tag-binary": ("yaml-tag", 8, 11),
    "yaml-tag-python": ("yaml-tag", 8, 11),
    "too-deep": ("too-deep", 8, 18),
    "too-deep-block": ("too-deep", 16, 17),
    "too-large": ("too-large", 2, 1),
    "yaml11-title-no": ("wrong-type", 2, 8),
    "yaml11-sexagesimal": ("wrong-type", 8, 7),
    "yaml11-title-number": ("wrong-type", 2, 8),
    "unclosed-front-matter": ("unclosed-front-matter", 1, 1),
    "not-utf8": ("not-utf8", 2, 12),
    "no-front-matter": ("no-front-matter", 1, 1),
    "empty-file": ("no-front-matter", 1, 1),
    "my bad name": ("bad-id", 0, 0),
    "control-character": ("bad-character", 2, 14),
    # Personal data (story_tools/checks/privacy.py), in the body and in the front matter.
    "personal-email": ("personal-email", 10, 28),
    "personal-email-in-front-matter": ("personal-email", 4, 16),
    "personal-phone": ("personal-phone", 10, 25),
    "personal-card": ("personal-card", 10, 30),
    "personal-iban": ("personal-iban", 10, 25),
    "suppression-without-reason": ("suppression-without-reason", 10, 1),
    # Hostile Markdown in the body (story_tools/checks/unsafe.py).
    "script-in-body": ("raw-html", 10, 43),
    "iframe-in-body": ("raw-html", 10, 12),
    "event-attribute": ("raw-html", 10, 37),
    "javascript-link": ("unsafe-link", 10, 22),
    "javascript-link-hidden": ("unsafe-link", 10, 22),
    "data-image": ("unsafe-link", 10, 19),
    "link-climbs-out": ("link-outside-archive", 10, 24),
}

# Words a service rep needs to see, per rule: the message must be about the problem.
MUST_MENTION = {
    "unknown-key": "did you mean 'principle'",
    "unknown-term": "did you mean 'listening'",
    "yaml11-title-no": 'put it in quotes: title: "no"',
    "yaml11-sexagesimal": 'put it in quotes: team: "1:20"',
    "yaml11-title-number": 'put it in quotes: title: "2024"',
    "impossible-date": "does not exist on the calendar",
    "personal-card": "1111)",
    "script-in-body": "<script>",
    "javascript-link": "'javascript:', which runs code",
    "link-climbs-out": "leaves the stories folder",
}


def test_every_corpus_file_has_an_expectation() -> None:
    names = {p.stem for p in CORPUS.glob("*.md")} - {"good-bom-crlf"}
    assert names == set(EXPECTED)
    assert set(MUST_MENTION) <= set(EXPECTED), "a wording check for a corpus file that is not there never runs"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_rule_and_position(project: Project, name: str) -> None:
    shutil.copy(CORPUS / f"{name}.md", project.stories)
    result = project.check("--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)
    rule, line, column = EXPECTED[name]
    mine = [f for f in findings if f["path"] == f"stories/{name}.md"]
    assert mine, findings
    assert (mine[0]["rule"], mine[0]["line"], mine[0]["column"]) == (rule, line, column), mine
    assert all(f["severity"] == "error" for f in mine)
    assert "Traceback" not in result.output
    if name in MUST_MENTION:
        text = (mine[0]["message"] + " " + mine[0]["suggestion"]).lower()
        assert MUST_MENTION[name] in text


def test_all_problems_in_all_files_in_one_run(project: Project) -> None:
    for path in CORPUS.glob("*.md"):
        shutil.copy(path, project.stories)
    result = project.check("--format", "json")
    assert result.exit_code == 1
    found = {(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.output)}
    for name, (rule, line, column) in EXPECTED.items():
        assert (f"stories/{name}.md", rule, line, column) in found, name
    assert not any(path.endswith("good-bom-crlf.md") for path, *_ in found)


def test_byte_order_mark_and_windows_line_ends_are_fine(project: Project) -> None:
    shutil.copy(CORPUS / "good-bom-crlf.md", project.stories)
    result = project.check()
    assert result.exit_code == 0, result.output
    assert "3 story files checked, no problems found." in result.output


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_build_stops_with_the_same_message(project: Project, caplog: pytest.LogCaptureFixture, name: str) -> None:
    shutil.copy(CORPUS / f"{name}.md", project.stories)
    cli_lines = [line for line in project.check().output.splitlines() if f"stories/{name}.md" in line]
    built = project.build(caplog)
    assert not built.ok
    for line in cli_lines:
        assert line in built.log
    assert "The site was not built" in built.log
    assert not (built.site / "index.html").exists(), "a failed build must not publish a partial site"
