"""Findings: what is wrong with an input, where, and how to fix it.

A finding is the one message shape used everywhere: the CLI, the build log and
pull-request annotations all print `Finding.format()`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Finding", "Severity", "has_errors", "sort_findings"]


class Severity(str, enum.Enum):
    """How bad a finding is: an error stops a build, a warning does not."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file.

    `line` and `column` are 1-based; 0 means "not known" (the whole file).
    `message` says what is wrong in plain words; `suggestion`, when there is
    one, says how to fix it.
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    suggestion: str = ""

    def format(self) -> str:
        """`stories/judy.md:4:12: error[unknown-term] message suggestion`."""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {self.severity}[{self.rule}] {self.message}"
        if self.suggestion:
            text += f" {self.suggestion}"
        return text

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready record (used by `check --format json`)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """True when any finding is an error."""
    return any(f.severity is Severity.ERROR for f in findings)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in reading order: by path, line, column, then rule."""
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.column, f.rule, f.message))
