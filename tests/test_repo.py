"""The repository itself: the README's commands, CI, and the example archive."""

from __future__ import annotations

import re

from conftest import REPO

TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
SERVE_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs serve"
)


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash)?\n(.+?)\n```", setup)


def test_readme_gives_exactly_two_setup_commands() -> None:
    assert _readme_commands() == [SERVE_COMMAND, TEST_COMMAND]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in ci.splitlines()
    assert "set -euo pipefail" in ci


def test_readme_screenshots_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", readme)
    assert shots
    for shot in shots:
        assert (REPO / shot).is_file(), shot
