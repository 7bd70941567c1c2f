"""Finding story files on disk and splitting them into front matter and body.

Nothing here knows about fields or vocabularies: this is bytes to text, with a
finding for every way a file can be unreadable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..model.findings import Finding, Severity

__all__ = [
    "MAX_FILE_BYTES", "TOO_LARGE", "DisplayPath", "FoundFile", "SourceFile", "discover_story_files", "read_source",
    "split_source",
]

MAX_FILE_BYTES = 1_000_000
TOO_LARGE = (f"This file is larger than {MAX_FILE_BYTES:,} bytes, the most a story file may have.",
             "Keep the story to a page or two; link to longer material instead.")
"""The too-large finding's message and hint."""
"""Largest story file read; a story is a page or two of text."""

_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class SourceFile:
    """A story file split into its parts. Lines are 1-based file lines."""

    path: str
    """Path as shown to people: relative to the project, with '/'."""
    story_id: str
    front_matter: str
    body: str
    body_line: int


def _error(path: str, line: int, column: int, rule: str, message: str, suggestion: str) -> Finding:
    return Finding(path, line, column, rule, Severity.ERROR, message, suggestion)


class DisplayPath:
    """Turns absolute paths into the short paths people see in findings."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


class FoundFile(NamedTuple):
    """A story file on disk: its absolute path, the path people see, its id."""

    path: str
    shown: str
    story_id: str


def discover_story_files(stories_dir: Path, display: DisplayPath) -> tuple[list[FoundFile], list[Finding]]:
    """Every `.md` file below `stories_dir`, sorted, and findings for links.

    Links are never followed: a link could pull any file of the machine into
    the published site. Hidden files and folders (starting with '.') are skipped.
    """
    found: list[FoundFile] = []
    findings: list[Finding] = []
    top = display(stories_dir)
    if stories_dir.is_symlink():
        return found, [_symlink_finding(top)]
    folders = [(str(stories_dir), top)]
    while folders:
        folder, shown_folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            findings.append(_error(
                shown_folder, 0, 0, "unreadable", f"The folder could not be read ({error.strerror}).",
                "Check that the folder exists and that you may read it.",
            ))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            shown = f"{shown_folder}/{name}"
            is_story = name.lower().endswith(".md")
            if entry.is_symlink():
                if is_story or entry.is_dir():
                    findings.append(_symlink_finding(shown))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, shown))
            elif is_story:
                found.append(FoundFile(entry.path, shown, name[:-3]))
    found.sort(key=lambda f: f.shown)
    return found, findings


def _symlink_finding(path: str) -> Finding:
    return _error(
        path, 0, 0, "symlink",
        "This is a link to another file or folder, not a story file.",
        "Put the story itself here (copy the file); links are never published.",
    )


def read_source(path: str | Path, shown: str, story_id: str | None = None) -> tuple[SourceFile | None, list[Finding]]:
    """Read one story file; a SourceFile, or None and the reasons why not."""
    try:
        with open(path, "rb") as handle:  # noqa: PTH123 - one open and one read per story
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [
            _error(shown, 0, 0, "unreadable", f"The file could not be read ({error.strerror}).",
                   "Check that the file exists and that you may read it.")
        ]
    if len(data) > MAX_FILE_BYTES:
        return None, [
            _error(shown, 0, 0, "too-large", *TOO_LARGE)
        ]
    return split_source(data, shown, story_id=story_id if story_id is not None else Path(path).stem)


def _decode(data: bytes, shown: str) -> tuple[str | None, Finding | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        return None, _error(
            shown, line, column, "not-utf8",
            f"This file is not saved as UTF-8 text (byte 0x{data[error.start]:02X} cannot be read).",
            "Save the file with the encoding 'UTF-8' in your editor and check the characters on this line.",
        )


def split_source(data: bytes, shown: str, *, story_id: str) -> tuple[SourceFile | None, list[Finding]]:
    """Decode bytes (UTF-8, an optional byte-order mark, any line ends) and split
    off the front matter between the first two '---' lines."""
    text, problem = _decode(data, shown)
    if text is None:
        return None, [problem] if problem else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    if first.rstrip(" \t") != "---":
        return None, [
            _error(
                shown, 1, 1, "no-front-matter",
                "A story must start with a block of fields between two '---' lines.",
                "Make the very first line '---', then title, date, summary and the terms, then '---'.",
            )
        ]
    end = _FENCE_END.search(rest)
    if end is None:
        return None, [
            _error(
                shown, 1, 1, "unclosed-front-matter",
                "The block of fields opened with '---' on line 1 is never closed.",
                "Add a line with just '---' after the last field, before the story text.",
            )
        ]
    front_matter = rest[: end.start()]
    body = rest[end.end() + 1 :]
    body_line = front_matter.count("\n") + 3
    return SourceFile(shown, story_id, front_matter, body, body_line), []
