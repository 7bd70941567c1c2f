"""`check --changed-since` and the job summary, in throwaway git repositories,
through the very commands of .github/workflows/pull-request.yml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_PROJECT, REPO, Project, installed_command, story_text

from story_tools.checks.summary import job_summary, markdown_cell
from story_tools.model.findings import Finding, Severity
from story_tools.reading.changes import changed_story_paths

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Story Tester", "GIT_AUTHOR_EMAIL": "tester@example.com",
    "GIT_COMMITTER_NAME": "Story Tester", "GIT_COMMITTER_EMAIL": "tester@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
WORKFLOW = REPO / ".github" / "workflows" / "pull-request.yml"
ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([\w-]+)::(.*)$", re.MULTILINE)
BAD_STORY = story_text(title="A bad story", extra="".join(f"colour-{n}: x\n" for n in range(10)) + '"odd|key": x\n')
BAD_STORY = BAD_STORY.replace("principle: great-listening", "principle: listning")  # line 6, column 12
LEGACY = story_text(title="Legacy").replace("outcome: retained", "outcome: retaind")  # a problem, never touched


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def make_repo(root: Path, **extra: str) -> Path:
    """The fixture archive (plus `extra` stories) committed on main, then a branch 'feature'.
    origin/main points at main, as after actions/checkout with fetch-depth: 0."""
    shutil.copytree(FIXTURE_PROJECT, root)
    for name, text in extra.items():
        (root / "stories" / f"{name}.md").write_text(text, encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "The archive")
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    git(root, "switch", "--quiet", "--create", "feature")
    return root


def workflow_step(step_id: str, workflow: Path = WORKFLOW, job_id: str = "check") -> tuple[str, dict[str, str]]:
    """The `run:` script of a step of a workflow (the PR one by default), and its env
    (job's and step's), with `${{ github.base_ref }}` as GitHub fills it in for a PR into main."""
    job = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job_id]
    step = next(s for s in job["steps"] if s.get("id") == step_id)
    env = {**job.get("env", {}), **step.get("env", {})}
    context = {"github.base_ref": "main"}
    for name, value in env.items():
        env[name] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m.group(1)], str(value))
    return step["run"], env


def run_step(step_id: str, repo: Path, summary: Path, workflow: Path = WORKFLOW,
             job_id: str = "check") -> subprocess.CompletedProcess[str]:
    """Run one step as the runner does (bash -e -o pipefail), with `story-tools` and
    `mkdocs` on PATH meaning this interpreter's (the installed console scripts), and
    $GITHUB_STEP_SUMMARY set."""
    tools = repo.parent / "bin"
    tools.mkdir(exist_ok=True)
    for command in ("story-tools", "mkdocs"):
        shim = tools / command
        shim.write_text(f'#!/bin/sh\nexec "{installed_command(command)}" "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    script, env = workflow_step(step_id, workflow, job_id)
    env = {**os.environ, **env, "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=repo, env=env, capture_output=True, text=True, check=False,
    )


def test_pull_request_with_a_bad_story_is_annotated_and_summarised(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive", legacy=LEGACY)
    stories = repo / "stories"
    (stories / "bad.md").write_text(BAD_STORY, encoding="utf-8")
    with (stories / "good-one.md").open("a", encoding="utf-8") as handle:
        handle.write("\nShe still calls, now to say thanks.\n")
    two = (stories / "good-two.md").read_text(encoding="utf-8")
    (stories / "good-two.md").write_text(two.replace("industry: telecom\n", "industry: telecom\nrelated: [no-such-story]\n"), encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "A bad story, two edits")
    # Not committed yet, and related to a story nobody touched: that link resolves.
    (stories / "draft.md").write_text(story_text(title="Draft", extra="related: [legacy]\n"), encoding="utf-8")
    summary = tmp_path / "summary.md"

    result = run_step("changed", repo, summary)

    assert result.returncode == 1, result.stdout + result.stderr
    annotations = ANNOTATION.findall(result.stdout)
    assert len(annotations) == 13  # more than the 10 a step may show
    assert ("error", "stories/bad.md", "6", "12", "unknown-term",
            "principle 'listning' is not in the vocabulary. Did you mean 'listening'?") in annotations
    assert sum(a[4] == "unknown-key" and a[1] == "stories/bad.md" for a in annotations) == 11
    # A changed story whose related story does not exist is reported; the whole archive is known.
    assert ("error", "stories/good-two.md", "9", "11", "unknown-related") in {a[:5] for a in annotations}
    assert "legacy" not in result.stdout  # unchanged, its problem is not this pull request's
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Story check\n")
    assert "Stories changed since origin/main: 4 (2 new, 2 changed)." in text
    for line in ("- stories/bad.md (new)", "- stories/draft.md (new)", "- stories/good-one.md (changed)",
                 "- stories/good-two.md (changed)"):
        assert line in text.splitlines()
    rows = [line for line in text.splitlines() if line.startswith("| stories/")]
    assert len(rows) == len(annotations)
    for _, path, line, column, rule, _ in annotations:
        assert any(row.startswith(f"| {path}:{line}:{column} | error {rule} | ") for row in rows), (path, line, rule)
    assert "'odd\\|key' is not a field a story can have." in text
    assert "legacy" not in text
    assert text.rstrip().endswith("❌ **13 errors in 4 story files checked.**")


def test_clean_pull_request_passes_every_step_and_builds_the_site(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive")
    (repo / "stories" / "new-one.md").write_text(story_text(title="New", extra="related: [good-two]\n"), encoding="utf-8")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "A good story")
    summary = tmp_path / "summary.md"
    for step in ("changed", "full", "build"):
        result = run_step(step, repo, summary)
        assert result.returncode == 0, f"step {step}: {result.stdout}{result.stderr}"
    assert "New" in (repo / "site" / "stories" / "new-one" / "index.html").read_text(encoding="utf-8")
    text = summary.read_text(encoding="utf-8")
    assert "- stories/new-one.md (new)" in text
    assert "Every finding" not in text and "✅ **1 story file checked, no problems found.**" in text


def test_removing_a_story_reports_unchanged_stories_that_relate_to_it(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive", legacy=LEGACY)
    git(repo, "rm", "--quiet", "stories/good-two.md")  # good-one relates to it
    result = Project(repo).check("--changed-since", "main")
    assert result.exit_code == 1
    assert "stories/good-one.md:13:11: error[unknown-related]" in result.output
    assert "Removed since main: stories/good-two.md" in result.output
    assert "legacy" not in result.output


def test_a_vocabulary_change_checks_every_story(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive", legacy=LEGACY)
    with (repo / "vocabulary.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n# reviewed\n")
    result = Project(repo).check("--changed-since", "main", "--format", "github")
    assert result.exit_code == 1
    assert "::notice title=story-tools::vocabulary.yml changed since main: every story is checked" in result.output
    assert "file=stories/legacy.md,line=7,col=10,title=unknown-term" in result.output


def test_nothing_changed_reports_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive", legacy=LEGACY)
    result = Project(repo).check("--changed-since", "origin/main")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["No story changed since origin/main.", "0 story files checked, no problems found."]
    assert changed_story_paths(repo, "main", repo / "stories") == []
    (repo / "stories" / "x.md").write_text(story_text(), encoding="utf-8")
    assert changed_story_paths(repo, "main", repo / "stories") == [(repo / "stories" / "x.md").resolve()]



ENDED = story_text(title="Ended", extra="visibility: public\nconsent:\n  approved: [story]\n  expires: 2020-01-01\n")


def test_consent_that_ended_fails_only_the_pull_requests_that_touch_the_story(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive", ended=ENDED)
    summary = tmp_path / "summary.md"
    # Unrelated: another story changes, then the vocabulary (every story is checked).
    with (repo / "stories" / "good-one.md").open("a", encoding="utf-8") as handle:
        handle.write("\nShe still calls.\n")
    result = run_step("consent", repo, summary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ended" not in result.stdout
    with (repo / "vocabulary.yml").open("a", encoding="utf-8") as handle:
        handle.write("\n# reviewed\n")
    result = run_step("consent", repo, summary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("Consent has ended or ends soon in 1 story this change does not touch (stories/ended.md): "
            "not reported here. The public site leaves out a story once its consent has ended.") in result.stdout
    assert "consent-expired" not in result.stdout
    # Touching the story makes its ended consent this pull request's business.
    with (repo / "stories" / "ended.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph.\n")
    result = run_step("consent", repo, summary)
    assert result.returncode == 1
    assert "stories/ended.md:1:1: error[consent-expired] The customer's consent ended on 2020-01-01" in result.stdout
    # The whole archive, as `check --audience public` sees it, still fails.
    assert Project(repo).check("--audience", "public").exit_code == 1

@pytest.mark.parametrize(("setup", "args", "message"), [
    ("no-repo", ["--changed-since", "main"], "is not inside a git repository"),
    ("no-git", ["--changed-since", "main"], "needs git, and git is not installed"),
    ("repo", ["--changed-since", "nope"], "git does not know the ref 'nope'"),
    ("repo", ["--changed-since", "--format"], "'--format' is not a git ref"),
    ("repo", ["--changed-since", "main", "stories"], "Give PATHS or --changed-since, not both."),
])
def test_changed_since_usage_errors_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup: str, args: list[str], message: str
) -> None:
    root = tmp_path / "archive"
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    if setup == "repo":
        make_repo(root)
    else:
        shutil.copytree(FIXTURE_PROJECT, root)
    if setup == "no-git":
        monkeypatch.setenv("PATH", str(tmp_path))
    result = Project(root).check(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_github_format_appends_to_github_step_summary(project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    project.check()  # text format: no summary
    assert not target.exists()
    project.check("--format", "github")
    project.check("--format", "github")
    assert target.read_text(encoding="utf-8").count("## Story check") == 2


def test_markdown_cells_keep_the_table_whole() -> None:
    assert markdown_cell("a|b\nc\r\nd") == "a\\|b<br>c<br>d"
    assert markdown_cell("<script>*x* [l](u) `c` &amp;") == "\\<script\\>\\*x\\* \\[l\\](u) \\`c\\` &amp;amp;"


def test_summary_shows_every_finding_until_the_size_github_allows() -> None:
    findings = [Finding(f"stories/s{n:03}.md", n + 1, 1, "unknown-key", Severity.ERROR, "x " * 40) for n in range(200)]
    full = job_summary(findings, 200, failed=True)
    assert full.count("\n| stories/s") == 200
    cut = job_summary(findings, 200, failed=True, max_bytes=5_000)
    assert len(cut.encode()) <= 5_000
    shown = cut.count("\n| stories/s")
    assert 0 < shown < 200 and f"{200 - shown} more findings not shown" in cut
    assert cut.rstrip().endswith("❌ **200 errors in 200 story files checked.**")
    assert job_summary([], 3, failed=False, changed=[], since="main") == (
        "## Story check\n\nNo story changed since main.\n\n✅ **3 story files checked, no problems found.**\n"
    )
