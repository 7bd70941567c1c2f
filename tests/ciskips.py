"""In CI nothing skips: a test that would be skipped fails instead.

Locally a test may skip when the machine lacks something it needs (Debian's
Chromium, a PyYAML built with libyaml); in CI that would hide a whole group of
tests behind one line of the summary, so there the skip is a failure that says
why. tests/conftest.py imports the hooks below, which makes them pytest hooks.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import NoReturn

import pytest

__all__ = ["in_ci", "pytest_collectreport", "pytest_runtest_makereport", "unavailable"]

NOT_CI = ("", "0", "false", "no")


def in_ci() -> bool:
    """Whether the tests run in CI: the `CI` environment variable is set (and not to false/0/no)."""
    return os.environ.get("CI", "").strip().lower() not in NOT_CI


def unavailable(message: str) -> NoReturn:
    """Something a test needs is missing: skip it, or fail it in CI."""
    if in_ci():
        pytest.fail(f"{message} (in CI this fails instead of skipping)", pytrace=False)
    pytest.skip(message)


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.longrepr = f"{item.nodeid} was skipped, and in CI nothing may skip: {_skip_reason(report)}"
        report.outcome = "failed"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_collectreport(report: pytest.CollectReport) -> Generator[None, None, None]:
    if in_ci() and report.skipped:
        report.longrepr = f"{report.nodeid} was skipped whole, and in CI nothing may skip: {_skip_reason(report)}"
        report.outcome = "failed"
    return (yield)
