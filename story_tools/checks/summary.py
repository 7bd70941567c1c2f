"""The Markdown job summary of a check: for `$GITHUB_STEP_SUMMARY` in a pull request.

Annotations stop at 10 per step, so the summary is where a reviewer sees every
finding: the stories that changed, a table of every finding and a verdict.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.findings import Finding
from .report import summary_line

__all__ = ["MAX_SUMMARY_BYTES", "job_summary", "markdown_cell"]

MAX_SUMMARY_BYTES = 1_000_000
"""GitHub refuses a step summary over 1 MiB; rows past this are counted, not shown."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def markdown_cell(text: str) -> str:
    """Text shown as itself in a Markdown (GFM) table cell: `|` cannot end the
    cell, newlines become <br>, and nothing turns into a link, HTML or emphasis."""
    text = _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    return _NEWLINES.sub("<br>", text)


def _where(finding: Finding) -> str:
    where = finding.path
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return markdown_cell(where)


def _row(finding: Finding) -> str:
    message = finding.message + (f" {finding.suggestion}" if finding.suggestion else "")
    rule = f"{finding.severity} {markdown_cell(finding.rule)}"
    return f"| {_where(finding)} | {rule} | {markdown_cell(message)} |\n"


def job_summary(
    findings: Sequence[Finding],
    files: int,
    *,
    failed: bool,
    changed: Sequence[tuple[str, str]] | None = None,
    since: str | None = None,
    notes: Sequence[str] = (),
    heading: str = "Story check",
    max_bytes: int = MAX_SUMMARY_BYTES,
) -> str:
    """A Markdown summary: heading, changed stories, notes, every finding, verdict.

    `changed` lists (path, 'new' | 'changed') when only changes since `since`
    were checked; `failed` is whether the check exits non-zero.
    """
    parts = [f"## {markdown_cell(heading)}\n\n"]
    if changed is not None:
        ref = markdown_cell(since or "the base")
        if changed:
            new = sum(status == "new" for _, status in changed)
            parts.append(
                f"Stories changed since {ref}: {len(changed)} ({new} new, {len(changed) - new} changed).\n\n"
            )
            parts += [f"- {markdown_cell(path)} ({status})\n" for path, status in changed]
            parts.append("\n")
        else:
            parts.append(f"No story changed since {ref}.\n\n")
    parts += [f"> {markdown_cell(note)}\n\n" for note in notes]
    verdict = ("❌ " if failed else "✅ ") + f"**{markdown_cell(summary_line(findings, files))}**\n"
    if findings:
        parts.append(f"### Every finding ({len(findings)})\n\n")
        parts.append("| Where | Rule | Message |\n| --- | --- | --- |\n")
        budget = max_bytes - len("".join(parts).encode()) - len(verdict.encode()) - 300
        for shown, finding in enumerate(findings):
            row = _row(finding)
            budget -= len(row.encode())
            if budget < 0:
                left = len(findings) - shown
                parts.append(
                    f"\n{left} more finding{'s' if left != 1 else ''} not shown: a job summary holds at most "
                    "1 MiB. Run story-tools check to see every one.\n"
                )
                break
            parts.append(row)
        parts.append("\n")
    parts.append(verdict)
    return "".join(parts)
