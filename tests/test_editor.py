"""Editor support: the committed schema, the VS Code problem matcher, pre-commit."""

from __future__ import annotations

import json
import re
import shlex

import yaml
from click.testing import CliRunner
from conftest import REPO, Project, story_text

from story_tools.cli import main


def test_committed_schema_is_what_story_tools_schema_prints(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    printed = CliRunner().invoke(main, ["schema"]).output
    committed = (REPO / "story.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(printed), "run: story-tools schema > story.schema.json"


def test_vscode_problem_matcher_reads_check_output(project: Project) -> None:
    project.write_story("bad.md", story_text(extra="principal: x\n"))
    project.write_story("link.md", story_text() + "\nSee [[nope]].\n")
    output = project.check().output.splitlines()
    task = json.loads((REPO / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"][0]
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    problems = [regexp.match(line) for line in output]
    matched = [(m.group(pattern["file"]), m.group(pattern["line"]), m.group(pattern["column"]),
                m.group(pattern["severity"]), m.group(pattern["code"])) for m in problems if m]
    assert ("stories/bad.md", "8", "1", "error", "unknown-key") in matched
    assert ("stories/link.md", "12", "5", "error", "unknown-story-link") in matched
    assert len(matched) == len(output) - 1  # every line but the summary
    assert shlex.split(task["command"])[-2:] == ["story-tools", "check"] or task["command"].endswith("story-tools check")


def test_pre_commit_hooks_run_check(project: Project) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    stories, vocabulary = hooks["story-tools-check"], hooks["story-tools-check-vocabulary"]
    assert re.match(stories["files"], "stories/sub/judy.md") and not re.match(stories["files"], "docs/index.md")
    assert stories.get("pass_filenames", True) and vocabulary["pass_filenames"] is False
    assert re.match(vocabulary["files"], "vocabulary.yml") and re.match(vocabulary["files"], "privacy.yml")
    # What pre-commit runs for a changed story: the hook's entry with the file names.
    project.write_story("bad.md", story_text(extra="principal: x\n"))
    args = [*shlex.split(stories["entry"])[1:], "stories/bad.md"]
    assert project.check(*args[1:]).exit_code == 1
    assert project.check(*(shlex.split(vocabulary["entry"])[2:])).exit_code == 1
