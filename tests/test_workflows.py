"""The GitHub Actions workflows: schema-valid, pinned, least privilege, no injection."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")


def load(name: str) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema with its vendored (offline) schema of GitHub workflows."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )


def test_both_workflows_exist() -> None:
    assert [path.name for path in FILES] == ["publish.yml", "pull-request.yml"]


def test_workflows_pass_the_linter() -> None:
    result = lint(*FILES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\npermissions:\n  contents: reed\njobs:\n  a:\n    steps: []\n", encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1 and "permissions" in result.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert PINNED.match(line), f"{path.name}: not pinned to a full SHA with a '# vX.Y.Z' comment: {line.strip()}"


def test_one_action_one_commit_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for path in FILES:
        for match in filter(None, map(PINNED.match, path.read_text(encoding="utf-8").splitlines())):
            pins.setdefault(match.group(1), set()).add(match.group(2))
    assert all(len(shas) == 1 for shas in pins.values()), pins


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_untrusted_trigger_no_stored_credentials_no_expressions_in_scripts(path: Path) -> None:
    code = [line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines()]
    assert not any("pull_request_target" in line for line in code)
    workflow = load(path.name)
    assert "pull_request_target" not in workflow["on"]
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        # ${{ }} in a script is pasted in before the shell runs: values go through env.
        assert "${{" not in step.get("run", ""), step


def test_permissions_are_least_privilege() -> None:
    pr, publish = load("pull-request.yml"), load("publish.yml")
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())
    assert publish["permissions"] == {"contents": "read"}
    assert publish["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pull_request_workflow_checks_summarises_builds_and_uploads() -> None:
    workflow = load("pull-request.yml")
    assert workflow["on"] == {"pull_request": None}
    (job,) = workflow["jobs"].values()
    checkout, setup, *rest = job["steps"]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the diff
    assert setup["with"]["python-version"] == "3.11" and setup["with"]["cache"] == "pip"
    runs = {step.get("id"): step.get("run") for step in rest}
    assert runs["install"] == "python -m pip install -e ."
    assert runs["changed"] == 'story-tools check --format github --changed-since "origin/$BASE_REF"'
    assert job["steps"][3]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert runs["full"] == "story-tools check"
    assert runs["build"] == "mkdocs build --strict --site-dir site"
    assert job["env"]["NO_MKDOCS_2_WARNING"] == "1"
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"]["path"] == "site/"


def test_publish_workflow_builds_then_deploys_pages_one_at_a_time() -> None:
    workflow = load("publish.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}, "schedule": [{"cron": "17 4 * * *"}],
                              "workflow_dispatch": None}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    used = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    assert used[-1] == "actions/upload-pages-artifact" and "actions/configure-pages" in used
    assert {"story-tools check", "mkdocs build --strict --site-dir site"} <= {s.get("run") for s in build["steps"]}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_published_site_is_built_for_the_public() -> None:
    build = load("publish.yml")["jobs"]["build"]
    step = next(s for s in build["steps"] if str(s.get("run", "")).startswith("mkdocs build"))
    assert step["env"]["STORY_AUDIENCE"] == "public"


def test_publish_runs_every_day_and_tells_the_curator_what_consent_left_out() -> None:
    """A story leaves the public site the day its consent ends, even with no push that day."""
    workflow = load("publish.yml")
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert every == ["*", "*", "*"] and 0 <= int(minute) < 60 and 0 <= int(hour) < 24  # once a day
    runs = [step.get("run") for step in workflow["jobs"]["build"]["steps"]]
    build = runs.index("mkdocs build --strict --site-dir site")
    assert runs[build + 1] == "story-tools report-summary --format github story-report.json"
    # It reads the report where the plugin writes it (mkdocs.yml keeps the default).
    from story_tools.plugin import StoryToolsConfig

    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    options = next(p["story-tools"] for p in plugins if isinstance(p, dict) and "story-tools" in p)
    assert options.get("report", StoryToolsConfig.report.default) == "story-report.json"
    # The daily build must see the real day: SOURCE_DATE_EPOCH is not set anywhere in it.
    assert "SOURCE_DATE_EPOCH" not in (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")


def test_pull_requests_check_consent_only_in_the_stories_they_change() -> None:
    (job,) = load("pull-request.yml")["jobs"].values()
    consent = next(step for step in job["steps"] if step.get("id") == "consent")
    assert consent["run"] == 'story-tools check --changed-since "origin/$BASE_REF"'
    assert consent["env"] == {"STORY_AUDIENCE": "public", "BASE_REF": "${{ github.base_ref }}"}


ZIZMOR = shutil.which("zizmor") or shutil.which("zizmor", path=str(Path(sys.executable).parent))


def zizmor(*paths: Path) -> list[dict[str, Any]]:
    """zizmor's findings of medium severity or above (offline audits), as JSON."""
    if ZIZMOR is None:
        pytest.skip("zizmor is not installed (pip install -e '.[test]' installs it)")
    result = subprocess.run(
        [ZIZMOR, "--offline", "--no-progress", "--format", "json", "--min-severity", "medium", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    assert result.stdout.strip(), result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    assert (result.returncode == 0) == (findings == []), result.stderr
    return findings


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    findings = zizmor(*FILES)
    assert [(f["ident"], f["determinations"]["severity"]) for f in findings] == []


def test_zizmor_catches_script_injection(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    assert "template-injection" in {finding["ident"] for finding in zizmor(bad)}
