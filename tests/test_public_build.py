"""A public build leaves no trace of what the public may not see, in any file."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import Project, story_text
from linkcheck import broken_links

SECRET = "MARKERINTERNAL"
UNAPPROVED = "MARKERUNAPPROVED"

CONSENT = "consent:\n  approved: [story]\n  expires: 2099-01-01\n"


@pytest.fixture
def mixed(project: Project) -> Project:
    # good-one is public with no consent block; give it consent for the story only.
    one = project.stories / "good-one.md"
    one.write_text(one.read_text(encoding="utf-8").replace("visibility: public\n", "visibility: public\n" + CONSENT)
                   .replace("You called before I had to.", f"{UNAPPROVED} quote")
                   .replace("A small accounting firm", f"{UNAPPROVED} firm"), encoding="utf-8")
    project.write_story("hushhush.md", story_text(
        title=f"{SECRET} title", extra=f'customer: "{SECRET} customer"\nquote: "{SECRET} quote"\nindustry: telecom\n'
        "visibility: internal\n",
    ).replace("Something went right.", f"{SECRET} summary") + f"\n{SECRET} body.\n")
    project.write_story("public-two.md", story_text(
        title="Public two", extra="visibility: public\nrelated: [hushhush, good-one]\n" + CONSENT,
    ) + "\nSee [[hushhush]] and [[good-one]].\n")
    return project


def build_public(project: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    return project.build(caplog, strict=True)


def test_public_build_has_no_trace_of_internal_stories(mixed: Project, caplog: pytest.LogCaptureFixture,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    built = build_public(mixed, caplog, monkeypatch)
    assert built.ok, built.log
    leaks = [
        (path.relative_to(built.site).as_posix(), marker)
        for path in built.site.rglob("*") if path.is_file()
        for marker in (SECRET, UNAPPROVED, "hushhush")
        if marker.encode() in path.read_bytes()
    ]
    assert leaks == []
    records = json.loads((built.site / "stories.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == ["good-one", "public-two"]
    assert not (built.site / "stories" / "good-two").exists()  # no visibility line: internal
    page = built.html("stories/public-two/index.html")
    assert "See another story and" in page and 'href="../good-one/"' in page
    assert broken_links(built.site) == []
    # term counts and coverage count only what is published
    assert "2 stories." in built.html("coverage/index.html")
    assert "No story yet." in built.html("industry/telecom/index.html")


def test_the_build_says_what_it_left_out_and_it_adds_up(mixed: Project, caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    built = build_public(mixed, caplog, monkeypatch)
    assert "4 story files, public build: 2 published, 2 left out (internal: 2)." in built.log


def test_public_story_without_consent_is_left_out_with_a_warning(
    mixed: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    mixed.write_story("no-consent.md", story_text(title="No consent", extra="visibility: public\n"))
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    built = mixed.build(caplog)
    assert built.ok
    assert "stories/no-consent.md:1:1: warning[no-consent]" in built.log
    assert "5 story files, public build: 2 published, 3 left out (internal: 2, no consent for the story: 1)." in built.log
    assert not (built.site / "stories" / "no-consent").exists()
    assert not mixed.build(caplog, strict=True).ok


def test_internal_build_shows_everything_with_a_badge(mixed: Project, caplog: pytest.LogCaptureFixture) -> None:
    built = mixed.build(caplog)
    assert built.ok, built.log
    assert f"{SECRET} title" in built.html("stories/hushhush/index.html")
    assert "Internal: do not share outside the company" in built.html("stories/hushhush/index.html")
    assert "4 story files, internal build: 4 published." in built.log


def test_ended_consent_leaves_the_story_out_and_the_build_goes_on(
    mixed: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    two = mixed.stories / "public-two.md"
    two.write_text(two.read_text(encoding="utf-8").replace("2099-01-01", "2020-01-01"), encoding="utf-8")
    built = build_public(mixed, caplog, monkeypatch)  # --strict: the ended consent is not a warning
    assert built.ok, built.log
    assert ("stories/public-two.md: Left out of the public site: the customer's consent ended on 2020-01-01. "
            "Renew the consent (and change consent: expires), or make the story internal (visibility: internal).") in built.log
    assert "error[consent-expired]" not in built.log and "warning" not in built.log.lower()
    assert "4 story files, public build: 1 published, 3 left out (consent expired: 1, internal: 2)." in built.log
    assert not (built.site / "stories" / "public-two").exists()
    assert [r["id"] for r in json.loads((built.site / "stories.json").read_text(encoding="utf-8"))] == ["good-one"]
    assert not any(b"public-two" in path.read_bytes() for path in built.site.rglob("*") if path.is_file())
    report = json.loads((mixed.root / "story-report.json").read_text(encoding="utf-8"))
    assert {"id": "public-two", "path": "stories/public-two.md", "reason": "consent expired (2020-01-01)",
            "consent_ended": "2020-01-01"} in report["left_out_stories"]
    result = mixed.check("--audience", "public")
    assert result.exit_code == 1
    assert "stories/public-two.md:1:1: error[consent-expired] The customer's consent ended on 2020-01-01" in result.output


def test_unknown_audience_is_a_clear_error(mixed: Project, caplog: pytest.LogCaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORY_AUDIENCE", "everyone")
    built = mixed.build(caplog)
    assert not built.ok
    assert "STORY_AUDIENCE must be one of internal, public, not 'everyone'." in built.log


def test_consent_ending_soon_is_a_reminder_that_does_not_stop_publishing(
    mixed: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, today: datetime.date,
) -> None:
    soon = (today + datetime.timedelta(days=10)).isoformat()
    two = mixed.stories / "public-two.md"
    two.write_text(two.read_text(encoding="utf-8").replace("2099-01-01", soon), encoding="utf-8")
    built = build_public(mixed, caplog, monkeypatch)
    assert built.ok, built.log
    assert f"stories/public-two.md:1:1: warning[consent-expiring] The customer's consent ends on {soon}" in built.log
