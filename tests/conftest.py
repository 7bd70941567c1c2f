"""Shared fixtures: a fixture archive copied into a temp folder, real MkDocs
builds in-process, and the CLI through click's runner.

No test reads the real clock: every test runs on the day STORY_TOOLS_TEST_TODAY
names (YYYY-MM-DD, default 2026-06-01), given to the code as SOURCE_DATE_EPOCH.
`STORY_TOOLS_TEST_TODAY=2036-11-30 pytest` runs the suite ten years ahead."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ciskips import pytest_collectreport, pytest_runtest_makereport, unavailable  # noqa: F401 - hooks
from click.testing import CliRunner, Result

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from story_tools.cli import main
from story_tools.reading.safeyaml import has_libyaml

TESTS = Path(__file__).parent
FIXTURE_PROJECT = TESTS / "fixtures" / "project"
CORPUS = TESTS / "corpus"
REPO = TESTS.parent
ARCHIVE = ("mkdocs.yml", "docs", "stories", "overrides", "vocabulary.yml")
"""What a copy of the repository's own archive needs."""
TEST_TODAY = "STORY_TOOLS_TEST_TODAY"
DEFAULT_TODAY = "2026-06-01"


def epoch_of(day: datetime.date) -> str:
    """SOURCE_DATE_EPOCH for midnight UTC at the start of `day`."""
    return str((day - datetime.date(1970, 1, 1)).days * 86_400)


@pytest.fixture(scope="session", autouse=True)
def today() -> Iterator[datetime.date]:
    """The day every test runs on: SOURCE_DATE_EPOCH is set for the whole session
    (module-scoped site builds included). A test that needs another day sets
    SOURCE_DATE_EPOCH itself with monkeypatch.setenv."""
    text = os.environ.get(TEST_TODAY, DEFAULT_TODAY)
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"{TEST_TODAY} must be a date, YYYY-MM-DD, not {text!r}.") from None
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch_of(day))
        yield day


@dataclass
class BuildResult:
    """What one real MkDocs build did: ok or aborted, its log, its site folder."""

    ok: bool
    log: str
    site: Path

    def html(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


@dataclass
class Project:
    """A throwaway archive: mkdocs.yml, docs/, stories/ and vocabulary.yml."""

    root: Path

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    def write_story(self, name: str, text: str | bytes) -> Path:
        path = self.stories / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def check(self, *args: str) -> Result:
        """`story-tools check` run in the project folder."""
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(self.root)
            return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)

    def build(self, caplog: pytest.LogCaptureFixture, *, strict: bool = False) -> BuildResult:
        """A real `mkdocs build` of the project, in this process."""
        site = self.root / "site"
        caplog.clear()
        with caplog.at_level(logging.INFO):
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site), strict=strict)
            try:
                build(config)
                ok = True
            except Abort:
                ok = False
        return BuildResult(ok, "\n".join(r.getMessage() for r in caplog.records), site)


@pytest.fixture(scope="session")
def libyaml() -> None:
    """PyYAML's libyaml parser, for the tests that compare it with the pure one (never skipped in CI)."""
    if not has_libyaml():
        unavailable("PyYAML was built without libyaml, so the libyaml parity tests cannot run")


def installed_command(name: str) -> Path:
    """The console script `name` that `pip install` put beside this Python (never skipped)."""
    beside = Path(sys.executable).parent / name
    found = beside if beside.is_file() else (Path(which) if (which := shutil.which(name)) else None)
    if found is None or not os.access(found, os.X_OK):
        pytest.fail(f"the '{name}' command is not installed beside {sys.executable} nor on PATH:"
                    " install the package (pip install -e .) to get it", pytrace=False)
    return found


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """A copy of tests/fixtures/project: two good stories and a small vocabulary."""
    root = tmp_path / "archive"
    shutil.copytree(FIXTURE_PROJECT, root)
    yield Project(root)


EXAMPLE_PARTS = ("mkdocs.yml", "docs", "overrides", "stories", "vocabulary.yml")


@pytest.fixture
def example(tmp_path: Path) -> Project:
    """A copy of the repository's own archive: its mkdocs.yml, docs, overrides, stories and vocabulary."""
    root = tmp_path / "example"
    root.mkdir()
    for part in EXAMPLE_PARTS:
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, root / part)
    return Project(root)


STORY = """---
title: "{title}"
date: 2023-01-02
summary: "Something went right."
touchpoint: support-call
principle: great-listening
outcome: retained
{extra}---

The story.
"""


def story_text(title: str = "A story", extra: str = "") -> str:
    """A valid story for the fixture vocabulary, with optional extra lines."""
    return STORY.format(title=title, extra=extra)


def copy_archive(root: Path) -> Path:
    """The repository's own archive copied into `root` (merged with what is there already)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ARCHIVE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, dirs_exist_ok=True)
        else:
            shutil.copy(source, root / name)
    return root
