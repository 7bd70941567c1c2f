"""The repository itself: the README's commands, CI, and the example archive."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import REPO, TESTS

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
    assert "export CI=true" in ci.splitlines()  # nothing may skip there (tests/ciskips.py)
    assert "set -euo pipefail" in ci


def test_readme_screenshots_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shots = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", readme)
    assert shots
    for shot in shots:
        assert (REPO / shot).is_file(), shot


SKIPPING_TESTS = {
    "test_skips.py": """
import pytest

def test_needs_what_is_missing():
    pytest.skip("no such thing on this machine")

@pytest.mark.skipif(True, reason="not on this machine")
def test_marked_to_skip():
    pass

def test_that_runs():
    pass
""",
    "test_module_skips.py": """
import pytest

pytest.skip("the whole module needs what is missing", allow_module_level=True)
""",
}


@pytest.mark.parametrize(("ci", "failed"), [("", False), ("false", False), ("true", True)])
def test_in_ci_a_skipped_test_fails_the_run(tmp_path, ci: str, failed: bool) -> None:  # type: ignore[no-untyped-def]
    """tests/ciskips.py, as tests/conftest.py loads it: a skip is a skip locally, a failure in CI."""
    for name, text in SKIPPING_TESTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "CI": ci, "PYTHONPATH": path, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "ciskips", "-p", "no:cacheprovider", "-q", "-rfEs",
         "--continue-on-collection-errors", *SKIPPING_TESTS],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    summary = result.stdout.strip().splitlines()[-1]
    if failed:
        assert result.returncode == 1, result.stdout
        assert summary.startswith("1 failed, 1 passed, 2 errors in "), result.stdout  # a skip mark fails in setup
        for line in ("test_skips.py::test_needs_what_is_missing was skipped, and in CI nothing may skip:"
                     " no such thing on this machine",
                     "test_skips.py::test_marked_to_skip was skipped, and in CI nothing may skip: not on this machine",
                     "test_module_skips.py was skipped whole, and in CI nothing may skip:"
                     " the whole module needs what is missing"):
            assert line in result.stdout, result.stdout
    else:
        assert result.returncode == 0, result.stdout
        assert summary.startswith("1 passed, 3 skipped in "), result.stdout
