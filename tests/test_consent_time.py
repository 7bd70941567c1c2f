"""Consent over time, on a copy of the repository's own archive: the day after a
story's consent ends, the public build leaves it out and goes on, says why in its
report, and the daily publish tells the curator (story-tools report-summary)."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Project, epoch_of
from linkcheck import broken_links
from test_pull_request import run_step
from test_workflows import WORKFLOWS

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.cli import main

PUBLISH = WORKFLOWS / "publish.yml"
MESSAGE = ("Left out of the public site: the customer's consent ended on {day}. "
           "Renew the consent (and change consent: expires), or make the story internal (visibility: internal).")


def first_to_end(example: Project) -> tuple[str, datetime.date]:
    """The public story of the example whose consent ends first, and that day."""
    stories = load_catalog(ArchiveSettings.at(example.root)).stories
    ending = sorted((s.consent.expires, s.id) for s in stories
                    if s.visibility == "public" and s.consent and s.consent.expires)
    day, story_id = ending[0]
    return story_id, day


def on(monkeypatch: pytest.MonkeyPatch, day: datetime.date, audience: str = "public") -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(day))
    monkeypatch.setenv("STORY_AUDIENCE", audience)


def test_the_example_outlives_the_test_clock(example: Project, today: datetime.date) -> None:
    """Ten years ahead of the default test day, every public story of the example is still published."""
    _, day = first_to_end(example)
    assert day > datetime.date(2036, 12, 31) >= today


def test_the_day_after_consent_ends_the_public_site_leaves_the_story_out(
    example: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    story_id, last_day = first_to_end(example)
    on(monkeypatch, last_day)  # the consent's last day: still published
    built = example.build(caplog, strict=True)
    assert built.ok, built.log
    assert (built.site / "stories" / story_id / "index.html").is_file()
    assert f"warning[consent-expiring] The customer's consent ends on {last_day}" in built.log

    on(monkeypatch, last_day + datetime.timedelta(days=1))
    built = example.build(caplog, strict=True)  # strict: leaving a story out is not a warning
    assert built.ok, built.log
    assert not (built.site / "stories" / story_id).exists()
    # No page, search index, feed or sitemap points at it; links to it kept only their words.
    assert [path.relative_to(built.site).as_posix() for path in built.site.rglob("*")
            if path.is_file() and f"stories/{story_id}/".encode() in path.read_bytes()] == []
    assert story_id not in {r["id"] for r in json.loads(built.html("stories.json"))}
    assert broken_links(built.site) == []
    assert f"stories/{story_id}.md: {MESSAGE.format(day=last_day)}" in built.log
    assert re.search(r"public build: \d+ published, \d+ left out \(consent expired: 1, internal: \d+\)\.", built.log)
    report = json.loads((example.root / "story-report.json").read_text(encoding="utf-8"))
    assert story_id not in report["published_stories"]
    assert {"id": story_id, "path": f"stories/{story_id}.md", "reason": f"consent expired ({last_day})",
            "consent_ended": last_day.isoformat()} in report["left_out_stories"]
    assert report["left_out_by_reason"]["consent expired"] == 1

    result = example.check("--audience", "public")
    assert result.exit_code == 1
    assert f"stories/{story_id}.md:1:1: error[consent-expired] The customer's consent ended on {last_day}" in result.output

    on(monkeypatch, last_day + datetime.timedelta(days=1), "internal")
    built = example.build(caplog, strict=True)
    assert built.ok, built.log
    assert (built.site / "stories" / story_id / "index.html").is_file()
    assert example.check().exit_code == 0


def test_the_daily_publish_tells_the_curator_what_consent_left_out(
    example: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    story_id, last_day = first_to_end(example)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(last_day + datetime.timedelta(days=1)))
    summary = tmp_path / "step-summary.md"
    for step in ("full", "build", "report"):  # the publish job's own commands, in its order
        result = run_step(step, example.root, summary, PUBLISH, "build")
        assert result.returncode == 0, f"step {step}: {result.stdout}{result.stderr}"
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    assert warnings == [
        f"::warning file=stories/{story_id}.md,title=Consent ended%3A {story_id}::{MESSAGE.format(day=last_day)}"
    ]
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## What the public build left out\n\n")
    assert "### Consent ended: 1 story left out of the public site" in text
    assert f"| {story_id} | {last_day} | stories/{story_id}.md |" in text.splitlines()


def test_report_summary_when_no_consent_has_ended(project: Project, caplog: pytest.LogCaptureFixture,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    assert project.build(caplog).ok
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["report-summary"])  # story-report.json by default
    assert result.exit_code == 0
    assert result.output == (
        "## What the public build left out\n\n"
        "2 story files, public build: 0 published, 2 left out (internal: 1, no consent for the story: 1).\n\n"
        "No story was left out because the customer's consent has ended.\n"
    )
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(project.root / "summary.md"))
    result = CliRunner().invoke(main, ["report-summary", "--format", "github"])
    assert result.exit_code == 0
    assert "::warning" not in result.output
    assert (project.root / "summary.md").read_text(encoding="utf-8").startswith("## What the public build left out")


@pytest.mark.parametrize(("content", "message"), [
    (None, "Cannot read story-report.json: No such file or directory."),
    ("{not json", "story-report.json is not JSON ("),
    ('["a list"]', "story-report.json is not a story-tools build report: it has no list 'left_out_stories'."),
    ('{"left_out_stories": [{"id": "x", "path": 3, "consent_ended": "2020-01-01"}]}',
     "story-report.json: a left-out story without a text id, path or consent_ended:"),
])
def test_report_summary_says_what_is_wrong_with_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           content: str | None, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "story-report.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["report-summary", "story-report.json"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {message}")
    assert "Traceback" not in result.output
