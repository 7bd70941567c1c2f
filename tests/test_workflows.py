"""The GitHub Actions workflows: schema-valid, pinned, least privilege, no injection."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, Project

from story_tools.archive.issueform import STORY_LABEL

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


def test_the_workflows_exist() -> None:
    assert [path.name for path in FILES] == ["publish.yml", "pull-request.yml", "story-from-issue.yml"]


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
    story = load("story-from-issue.yml")
    assert story["permissions"] == {}
    assert {name: job["permissions"] for name, job in story["jobs"].items()} == {
        "read": {"contents": "read"},  # the job that reads the issue's text cannot write anything
        "findings": {"issues": "write"},
        "propose": {"contents": "write", "pull-requests": "write", "issues": "write"},
    }


def test_pull_request_workflow_checks_summarises_builds_and_uploads() -> None:
    workflow = load("pull-request.yml")
    assert workflow["on"] == {"pull_request": None}
    (job,) = workflow["jobs"].values()
    checkout, setup, *rest = job["steps"]
    assert checkout["with"]["fetch-depth"] == 0  # the base branch is needed for the diff
    assert setup["with"]["python-version"] == "3.11" and setup["with"]["cache"] == "pip"
    runs = {step.get("id"): step.get("run") for step in rest}
    assert runs["install"] == "python -m pip install -e ."
    assert runs["vocabulary"] == 'story-tools vocabulary-diff --base "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"'
    assert runs["changed"] == 'story-tools check --format github --changed-since "origin/$BASE_REF"'
    for step in (s for s in rest if s.get("id") in ("vocabulary", "changed")):
        assert step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
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


def zizmor(*paths: Path) -> list[dict[str, Any]]:
    """zizmor's findings (offline audits), as JSON."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "zizmor"), "--offline", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, check=False,
    )
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def test_zizmor_finds_nothing_of_medium_severity_or_above() -> None:
    serious = [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in zizmor(*FILES)
               if f["determinations"]["severity"] in ("Medium", "High")]
    assert serious == []


def test_zizmor_finds_injection_and_stored_credentials(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   f"      - uses: actions/checkout@{'a' * 40} # v1.0.0\n"
                   "      - run: echo \"${{ github.event.issue.title }}\"\n", encoding="utf-8")
    assert {"template-injection", "artipacked"} <= {f["ident"] for f in zizmor(bad)}


def test_story_from_issue_reads_the_event_file_and_proposes_one_branch_per_issue() -> None:
    text = (WORKFLOWS / "story-from-issue.yml").read_text(encoding="utf-8")
    workflow = load("story-from-issue.yml")
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["concurrency"]["group"] == "story-from-issue-${{ github.event.issue.number }}"
    read, findings, propose = (workflow["jobs"][name] for name in ("read", "findings", "propose"))
    assert read["if"] == f"github.event.issue.state == 'open' && contains(github.event.issue.labels.*.name, " \
                         f"'{STORY_LABEL}')"
    # The issue's own words reach no expression at all: story-tools reads them from the event file.
    assert "issue.body" not in text and "issue.title" not in text
    runs = "\n".join(str(step.get("run", "")) for step in steps(workflow))
    assert 'story-tools from-issue "$GITHUB_EVENT_PATH" --format markdown' in runs
    assert findings["needs"] == "read" and findings["if"] == "needs.read.outputs.status == 'findings'"
    assert "gh issue comment" in findings["steps"][0]["run"]
    assert propose["needs"] == "read" and propose["if"] == "needs.read.outputs.status == 'written'"
    push, pr = propose["steps"][1:]
    assert 'branch="story/issue-$NUMBER"' in push["run"] and 'git push --force origin "$branch"' in push["run"]
    assert "gh auth setup-git" in push["run"]  # the token stays in the environment, never on disk
    assert "gh pr create" in pr["run"] and "Closes #%s" in pr["run"]


def read_step(project: Project, tmp_path: Path, payload: dict[str, Any]) -> tuple[int, dict[str, str]]:
    """The workflow's step that turns the issue into a story file, run by bash in `project`."""
    script = next(s["run"] for s in load("story-from-issue.yml")["jobs"]["read"]["steps"] if s.get("id") == "story")
    event, output = tmp_path / "event.json", tmp_path / "output"
    event.write_text(json.dumps(payload), encoding="utf-8")
    output.write_text("", encoding="utf-8")
    env = {**os.environ, "GITHUB_EVENT_PATH": str(event), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=project.root, env=env,
                            capture_output=True, text=True, check=False)
    values = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return result.returncode, values


ISSUE = "\n\n".join(f"### {label}\n\n{value}" for label, value in {
    "Title": "Kept by a dawn delivery", "Date": "2024-05-31", "Summary": "We delivered at dawn.",
    "The situation": "Late again.", "Touchpoint": "Field visit", "Principle": "Keep them informed",
    "Outcome": "Renewed", "Industry": "None"}.items())


@pytest.mark.parametrize(("title", "name"), [
    ("Kept by a dawn delivery", "kept-by-a-dawn-delivery.md"),
    ("Café at dawn", "cafe-at-dawn.md"),
    ("夜明けの配達", "夜明けの配達.md"),  # letters of any script name the file
])
def test_the_read_step_passes_the_story_file_to_the_next_job(project: Project, tmp_path: Path, title: str,
                                                             name: str) -> None:
    body = ISSUE.replace("Kept by a dawn delivery", title)
    status, outputs = read_step(project, tmp_path, {"issue": {"number": 3, "title": "Story: ", "body": body}})
    assert status == 0
    assert outputs["status"] == "written" and outputs["path"] == f"stories/{name}"
    written = (project.stories / name).read_bytes()
    assert base64.b64decode(outputs["story"]) == written


def test_the_read_step_passes_the_findings_as_a_comment(project: Project, tmp_path: Path) -> None:
    body = ISSUE.replace("2024-05-31", "yesterday")
    status, outputs = read_step(project, tmp_path, {"issue": {"number": 3, "title": "Story: ", "body": body}})
    assert status == 0 and outputs["status"] == "findings" and "path" not in outputs
    comment = base64.b64decode(outputs["findings"]).decode("utf-8")
    assert "- **Date**: 'yesterday' is not a date written year-month-day." in comment
    assert sorted(p.name for p in project.stories.iterdir()) == ["good-one.md", "good-two.md"]
