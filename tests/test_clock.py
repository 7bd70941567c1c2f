"""clock.today(): SOURCE_DATE_EPOCH when set, the real clock otherwise, and a clear
message (never a traceback) when it is not a number, from the CLI and from a build."""

from __future__ import annotations

import datetime
import json

import pytest
from click.testing import CliRunner
from conftest import DEFAULT_TODAY, TEST_TODAY, Project, epoch_of

from story_tools.cli import main
from story_tools.reading import clock


@pytest.mark.parametrize(("value", "day"), [
    ("0", datetime.date(1970, 1, 1)),
    ("86399", datetime.date(1970, 1, 1)),  # the last second of the day
    ("86400", datetime.date(1970, 1, 2)),
    ("-1", datetime.date(1969, 12, 31)),
    ("1780272000", datetime.date(2026, 6, 1)),  # date -d 2026-06-01 +%s, in UTC
    ("2111702399", datetime.date(2036, 11, 30)),  # 23:59:59 UTC: still that day
    (" 1780272000\n", datetime.date(2026, 6, 1)),
])
def test_source_date_epoch_is_the_utc_date_of_that_second(monkeypatch: pytest.MonkeyPatch, value: str,
                                                          day: datetime.date) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert clock.today() == day


def test_without_source_date_epoch_today_is_the_local_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.date.today()  # the one test that reads the clock: it compares with it
    seen = clock.today()
    assert before <= seen <= datetime.date.today()


@pytest.mark.parametrize("value", ["", "soon", "2026-06-01", "1.5", "1e9", "0x10", "١٢٣", "12 34"])
def test_a_source_date_epoch_that_is_not_a_number_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                                   value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(clock.ClockError) as raised:
        clock.today()
    assert str(raised.value) == (
        f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (what `date +%s` prints), "
        f"not {value!r}. Set it to such a number, or unset it to use today's date."
    )
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("value", ["99999999999999999", "-99999999999999999", "9" * 40])
def test_a_source_date_epoch_beyond_the_calendar_is_a_clear_error(monkeypatch: pytest.MonkeyPatch,
                                                                  value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(clock.ClockError, match=r"is not a date between the years 1 and 9999\."):
        clock.today()


def test_every_test_runs_on_the_pinned_day(today: datetime.date) -> None:
    import os

    assert today.isoformat() == os.environ.get(TEST_TODAY, DEFAULT_TODAY)
    assert clock.today() == today
    assert epoch_of(datetime.date(2026, 6, 1)) == "1780272000"


def test_check_says_what_is_wrong_with_source_date_epoch(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = project.check()
    assert result.exit_code == 2
    assert "Error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01" in result.output
    assert "Traceback" not in result.output


def test_a_build_says_what_is_wrong_with_source_date_epoch(project: Project, caplog: pytest.LogCaptureFixture,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    built = project.build(caplog)
    assert not built.ok
    assert "story-tools: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01" in built.log
    assert not built.site.exists()


def test_stats_and_new_take_today_from_source_date_epoch(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch_of(datetime.date(2031, 2, 28)))
    stats = json.loads(CliRunner().invoke(main, ["stats", "--format", "json", "--older-than", "12"]).output)
    assert stats["older"] and all(entry["date"] < "2030-02-28" for entry in stats["older"])
    text = CliRunner().invoke(main, ["stats", "--older-than", "12"]).output
    assert "Older than 12 months (dated before 2030-02-28)" in text
    drafted = CliRunner().invoke(main, [
        "new", "--no-input", "--dry-run", "--title", "Dated today", "--summary", "s.",
        "--touchpoint", "support-call", "--principle", "great-listening", "--outcome", "retained",
    ])
    assert drafted.exit_code == 0, drafted.output
    assert "\ndate: 2031-02-28\n" in drafted.output
