"""Finding story files on disk and splitting them into front matter and body.

Nothing here knows about fields or vocabularies: this is bytes to text, with a
finding for every way a file can be unreadable.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, Severity

__all__ = ["MAX_FILE_BYTES", "SourceFile", "discover_story_files", "read_source", "split_source"]

MAX_FILE_BYTES = 1_000_000
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


def discover_story_files(stories_dir: Path, display: DisplayPath) -> tuple[list[Path], list[Finding]]:
    """Every `.md` file below `stories_dir`, sorted, and findings for links.

    Links are never followed: a link could pull any file of the machine into
    the published site. Hidden files and folders (starting with '.') are skipped.
    """
    found: list[Path] = []
    findings: list[Finding] = []
    if stories_dir.is_symlink():
        findings.append(_symlink_finding(display(stories_dir)))
        return found, findings
    for folder, dirnames, filenames in os.walk(stories_dir, followlinks=False):
        base = Path(folder)
        for name in list(dirnames):
            if name.startswith("."):
                dirnames.remove(name)
            elif (base / name).is_symlink():
                dirnames.remove(name)
                findings.append(_symlink_finding(display(base / name)))
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(".md"):
                continue
            path = base / name
            if path.is_symlink():
                findings.append(_symlink_finding(display(path)))
            else:
                found.append(path)
    return found, findings


def _symlink_finding(path: str) -> Finding:
    return _error(
        path, 0, 0, "symlink",
        "This is a link to another file or folder, not a story file.",
        "Put the story itself here (copy the file); links are never published.",
    )


class DisplayPath:
    """Turns absolute paths into the short paths people see in findings."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def read_source(path: Path, shown: str) -> tuple[SourceFile | None, list[Finding]]:
    """Read one story file; a SourceFile, or None and the reasons why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                _error(
                    shown, 0, 0, "too-large",
                    f"This file is {size:,} bytes; a story file may be at most {MAX_FILE_BYTES:,}.",
                    "Keep the story to a page or two; link to longer material instead.",
                )
            ]
        data = path.read_bytes()
    except OSError as error:
        return None, [
            _error(shown, 0, 0, "unreadable", f"The file could not be read ({error.strerror}).",
                   "Check that the file exists and that you may read it.")
        ]
    return split_source(data, shown, story_id=path.stem)


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
