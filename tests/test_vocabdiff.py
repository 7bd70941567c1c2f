"""`story-tools vocabulary-diff`: the pull request's job summary when vocabulary.yml changes,
run as the workflow's own step in throwaway git repositories."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Project
from test_pull_request import GIT_ENV, git, make_repo, run_step

from story_tools.archive.vocabulary import parse_vocabulary
from story_tools.cli import main
from story_tools.derived.vocabdiff import TermChange, diff_vocabularies


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


RENAME = ("      - slug: great-listening\n        label: Great listening\n"
          "        description: We heard the whole story first.\n        aliases: [listening]\n",
          "      - slug: hear-them-out\n        label: Great listening\n"
          "        description: We heard the whole story first.\n        aliases: [great-listening, listening]\n")
REMOVE = ("      - slug: take-the-issue-seriously\n        label: Take the issue seriously\n"
          "        description: Treat every call as real.\n",
          "      - slug: reach-out-first\n        label: Reach out first\n        description: We call before they do.\n")


def test_a_pull_request_that_renames_one_term_and_removes_another(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive")
    edit(repo / "vocabulary.yml", RENAME, REMOVE, ("label: Keep them informed", "label: Keep customers informed"),
         ("description: Invoices and money.", "description: Invoices, refunds and money."))
    git(repo, "commit", "--quiet", "--all", "--message", "Vocabulary: rename, remove, relabel")
    summary = tmp_path / "summary.md"
    result = run_step("vocabulary", repo, summary)
    assert result.returncode == 0, result.stdout + result.stderr
    assert summary.read_text(encoding="utf-8") == """\
## Vocabulary changes since origin/main

### touchpoint

- Description of `billing`: “Invoices and money.” → “Invoices, refunds and money.”

### principle

- Renamed `great-listening` → `hear-them-out` (the old slug is now an alias)
  - used by 1 story:
    - stories/good-two.md: ✅ still passes
- Label of `keep-them-informed`: “Keep them informed” → “Keep customers informed”
- Removed `take-the-issue-seriously` (Take the issue seriously)
  - used by 1 story:
    - stories/good-one.md: ❌ fails check: principle 'take-the-issue-seriously' is not in the vocabulary.
- Added `reach-out-first` (Reach out first)

"""


def test_an_unchanged_vocabulary_says_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive")
    edit(repo / "stories" / "good-one.md", ("outcome: retained", "outcome: renewed"))
    git(repo, "commit", "--quiet", "--all", "--message", "A story changed")
    summary = tmp_path / "summary.md"
    assert run_step("vocabulary", repo, summary).returncode == 0
    assert summary.read_text(encoding="utf-8") == ""


def test_a_vocabulary_change_that_touches_no_term(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "archive")
    edit(repo / "vocabulary.yml", ("# A small vocabulary", "# The small vocabulary"))
    git(repo, "commit", "--quiet", "--all", "--message", "A comment")
    summary = tmp_path / "summary.md"
    assert run_step("vocabulary", repo, summary).returncode == 0
    assert summary.read_text(encoding="utf-8").endswith("No term was added, removed, renamed or relabelled.\n\n")


def test_dimensions_added_and_removed() -> None:
    base, _ = parse_vocabulary("dimensions:\n  a:\n    label: A\n    description: x\n    terms:\n"
                               "      - {slug: one, label: One, description: x}\n", "v.yml")
    head, _ = parse_vocabulary("dimensions:\n  b:\n    label: B\n    description: x\n    terms:\n"
                               "      - {slug: two, label: Two, description: x}\n", "v.yml")
    assert diff_vocabularies(base, head).changes == (
        TermChange("a", "dimension removed", ""), TermChange("a", "removed", "one", "One"),
        TermChange("b", "dimension added", ""), TermChange("b", "added", "two", "", "Two"),
    )


def test_an_unknown_ref_is_a_usage_error(project: Project) -> None:
    git(project.root, "init", "--quiet", "--initial-branch=main")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        result = CliRunner().invoke(main, ["vocabulary-diff", "--base", "origin/nope"])
    assert result.exit_code == 2
    assert "git does not know the ref 'origin/nope'" in result.output
