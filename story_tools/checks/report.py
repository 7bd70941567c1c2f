"""Printing findings for people (text), scripts (json) and GitHub Actions (github)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model.findings import Finding, Severity

__all__ = ["FORMATS", "escape_data", "escape_property", "render", "summary_line"]

FORMATS = ("text", "json", "github")


def summary_line(findings: Sequence[Finding], files: int) -> str:
    """"3 errors and 1 warning in 12 story files." or "12 story files, no problems found."."""
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{files} story file{'s' if files != 1 else ''} checked, no problems found."
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{' and '.join(parts)} in {files} story file{'s' if files != 1 else ''} checked."


def escape_data(text: str) -> str:
    # The Actions toolkit's escapeData.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    # The Actions toolkit's escapeProperty.
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(finding: Finding) -> str:
    command = "error" if finding.severity is Severity.ERROR else "warning"
    props = [f"file={escape_property(finding.path)}"]
    if finding.line:
        props.append(f"line={finding.line}")
        if finding.column:
            props.append(f"col={finding.column}")
    props.append(f"title={escape_property(finding.rule)}")
    message = finding.message + (f" {finding.suggestion}" if finding.suggestion else "")
    return f"::{command} {','.join(props)}::{escape_data(message)}"


def render(findings: Sequence[Finding], fmt: str, files: int) -> str:
    """All findings in one format, ready to print."""
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = [_github(f) for f in findings]
        lines.append(summary_line(findings, files))
        return "\n".join(lines)
    return "\n".join([*(f.format() for f in findings), summary_line(findings, files)])
