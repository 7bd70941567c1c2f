"""What reading, checking and parsing one story file found, kept while nothing it depends on changed.

`mkdocs serve` rebuilds the site every time a writer saves; without this, every
rebuild would read and validate every story again (most of a second per
thousand stories). A file's result is reused while the file's size and
modification time are the same and the build checks it against the same
vocabulary, privacy list, limits and date; anything else reads it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from ..model.findings import Finding
from ..model.story import Story

__all__ = ["FileResult", "StoryCache"]


@dataclass(frozen=True)
class FileResult:
    """One story file's findings, and its Story when it has no errors."""

    story: Story | None
    findings: tuple[Finding, ...]


@dataclass
class StoryCache:
    """Results by file path, valid for one set of inputs (`context`)."""

    _context: Hashable = None
    _results: dict[str, tuple[tuple[int, int, int], FileResult]] = field(default_factory=dict)
    reused: int = 0
    """How many files the last `load_catalog` took from the cache (for the build log)."""

    def start(self, context: Hashable) -> None:
        """Begin a read of the archive against `context` (vocabulary, privacy list, limits, date):
        when it differs from the last read's, every file is read again."""
        if context != self._context:
            self._results.clear()
            self._context = context
        self.reused = 0

    def result(self, path: str, read: Callable[[], FileResult]) -> FileResult:
        """The file's result: kept from the last read when the file is unchanged, else `read()`."""
        try:
            stat = os.stat(path)  # noqa: PTH116 - once per story file and rebuild: no Path object
        except OSError:
            self._results.pop(path, None)
            return read()
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        kept = self._results.get(path)
        if kept is not None and kept[0] == signature:
            self.reused += 1
            return kept[1]
        result = read()
        self._results[path] = (signature, result)
        return result

    def forget_others(self, paths: set[str]) -> None:
        """Drop the results of files that are gone (call after a read, with the paths read)."""
        for path in [p for p in self._results if p not in paths]:
            del self._results[path]
