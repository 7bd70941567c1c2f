"""Which story files changed since a git ref: `story-tools check --changed-since`.

Committed changes are `git diff <ref>...HEAD` (what a pull request adds to the
branch it targets, from their merge base); uncommitted and untracked files come
from `git status`. Renames are seen as a new file plus a removed one: a story's
file name is its id, so a renamed story is a new story. Nothing here knows
about MkDocs or stories' contents.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model.findings import Finding

__all__ = [
    "TIME_RULES", "ChangedStory", "Changes", "ChangesError", "changed_story_paths", "file_at", "find_changes",
    "findings_across_stories", "split_off_time",
]

NEW, CHANGED = "new", "changed"

_NEEDS_REMOVED = frozenset({"unknown-related", "unknown-story-link"})
"""Rules that an unchanged story can newly break when another story is removed."""
_NEEDS_ADDED = frozenset({"duplicate-id"})
"""Rules that an unchanged story can newly break when another story is added."""
TIME_RULES = frozenset({"consent-expired", "consent-expiring"})
"""Rules the calendar breaks, not a change: consent that has ended, or ends soon."""


class ChangesError(Exception):
    """git could not say what changed; the message says why and what to do."""


@dataclass(frozen=True)
class ChangedStory:
    """A story file that exists now and is new or changed since the ref."""

    path: Path
    """Absolute path of the file."""
    status: str
    """'new' (added since the ref, or not yet committed) or 'changed'."""


@dataclass(frozen=True)
class Changes:
    """What changed since `ref` under the stories folder, and in the watched files."""

    ref: str
    stories: tuple[ChangedStory, ...]
    """Story files that exist now, sorted by path."""
    removed: tuple[Path, ...] = ()
    """Story files that were there at the ref and are gone (deleted or renamed)."""
    watched: tuple[Path, ...] = ()
    """Watched files (the vocabulary, mkdocs.yml) that changed: every story must be checked."""

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(story.path for story in self.stories)


def changed_story_paths(root: Path, ref: str, stories_dir: Path) -> list[Path]:
    """The `.md` files under `stories_dir` added or changed since `ref`, committed or not."""
    return list(find_changes(root, ref, stories_dir).paths)


def find_changes(root: Path, ref: str, stories_dir: Path, watched: Sequence[Path] = ()) -> Changes:
    """Story files new or changed since `ref` (committed, staged, unstaged or untracked),
    removed story files, and which of `watched` changed. Raises ChangesError."""
    git = _Git(root)
    if not ref or ref.startswith("-"):
        raise ChangesError(f"'{ref}' is not a git ref.")
    top = Path(git.text("rev-parse", "--show-toplevel").strip()).resolve()
    if git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ChangesError(
            f"git does not know the ref '{ref}'. Name a branch, tag or commit of this repository; "
            "in a CI checkout, fetch the history too (actions/checkout with fetch-depth: 0)."
        )
    entries = list(_name_status(git.text("diff", "--name-status", "-z", "--no-renames", f"{ref}...HEAD", "--")))
    entries += _porcelain(git.text("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all"))
    status: dict[Path, str] = {}
    removed: set[Path] = set()
    touched: set[Path] = set()
    stories_dir = stories_dir.resolve()
    for code, name in entries:
        path = top / name
        touched.add(path)
        if not _is_story(path, stories_dir):
            continue
        if path.is_file():
            status[path] = NEW if code == "A" or status.get(path) == NEW else CHANGED
        elif code == "D":
            removed.add(path)
    stories = tuple(ChangedStory(path, status[path]) for path in sorted(status))
    changed_watched = tuple(path for path in watched if path.resolve() in touched)
    return Changes(ref, stories, tuple(sorted(removed - set(status))), changed_watched)


def file_at(root: Path, ref: str, path: Path) -> bytes | None:
    """The file `path` as it was at `ref`; None when it did not exist there. Raises ChangesError."""
    git = _Git(root)
    if not ref or ref.startswith("-") or git.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode:
        raise ChangesError(f"git does not know the ref '{ref}'. Name a branch, tag or commit of this repository; "
                           "in a CI checkout, fetch the history too (actions/checkout with fetch-depth: 0).")
    top = Path(git.text("rev-parse", "--show-toplevel").strip()).resolve()
    shown = git.run("show", f"{ref}:{path.resolve().relative_to(top).as_posix()}")
    return shown.stdout if shown.returncode == 0 else None


def findings_across_stories(findings: Iterable[Finding], changes: Changes) -> list[Finding]:
    """Findings in unchanged stories that the changes can have caused: a related
    story or link that now points nowhere (a story was removed), and a duplicate
    id (a story was added). The rest of an unchanged story is not re-reported."""
    rules = (_NEEDS_REMOVED if changes.removed else frozenset()) | (
        _NEEDS_ADDED if any(story.status == NEW for story in changes.stories) else frozenset()
    )
    return [finding for finding in findings if finding.rule in rules]


def split_off_time(findings: Iterable[Finding], shown: set[str]) -> tuple[list[Finding], list[Finding]]:
    """(kept, set aside): the findings of TIME_RULES in stories outside `shown` (the
    changed stories' display paths) are set aside. A change did not cause them, so
    they do not block it; the daily publish leaves those stories out and says so."""
    kept: list[Finding] = []
    aside: list[Finding] = []
    for finding in findings:
        (aside if finding.rule in TIME_RULES and finding.path not in shown else kept).append(finding)
    return kept, aside


def _is_story(path: Path, stories_dir: Path) -> bool:
    relative = path.relative_to(stories_dir) if stories_dir in path.parents else None
    return (
        relative is not None
        and path.name.lower().endswith(".md")
        and not any(part.startswith(".") for part in relative.parts)
    )


def _name_status(output: str) -> Iterable[tuple[str, str]]:
    """`git diff --name-status -z --no-renames`: STATUS NUL PATH NUL ..."""
    fields = output.split("\0")
    for code, name in zip(fields[0::2], fields[1::2], strict=False):
        if code and name:
            yield ("A" if code == "A" else "D" if code == "D" else "M"), name


def _porcelain(output: str) -> Iterable[tuple[str, str]]:
    """`git status --porcelain=v1 -z --no-renames`: XY SPACE PATH NUL ..."""
    for entry in output.split("\0"):
        if len(entry) < 4:
            continue
        xy, name = entry[:2], entry[3:]
        if xy == "??" or "A" in xy:
            yield "A", name
        elif "D" in xy:
            yield "D", name
        else:
            yield "M", name


class _Git:
    """git commands in one folder, with errors people can act on."""

    def __init__(self, root: Path) -> None:
        executable = shutil.which("git")
        if executable is None:
            raise ChangesError("--changed-since needs git, and git is not installed (or not on PATH).")
        self.executable = executable
        self.root = root
        # No index lock taken by 'git status'; no pager; messages in English.
        self.env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat", "LC_ALL": "C"}
        inside = self.run("rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != b"true":
            said = os.fsdecode(inside.stderr).strip().removeprefix("fatal: ")
            raise ChangesError(
                f"{root} is not inside a git repository, so --changed-since cannot be used here"
                + (f" (git: {said})." if said else ".")
            )

    def run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(  # noqa: S603 - git found on PATH, arguments are not run by a shell
            [self.executable, *args], cwd=self.root, env=self.env, capture_output=True, check=False
        )

    def text(self, *args: str) -> str:
        result = self.run(*args)
        if result.returncode != 0:
            message = os.fsdecode(result.stderr).strip().removeprefix("fatal: ")
            hint = " (a shallow clone? fetch the history: actions/checkout with fetch-depth: 0)" if (
                "merge base" in message
            ) else ""
            raise ChangesError(f"git {args[0]} failed: {message}{hint}")
        return os.fsdecode(result.stdout)
