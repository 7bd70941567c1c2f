"""The build report read back: what a build left out, told to the curator (`story-tools report-summary`).

Reads the build report the plugin writes (`story-report.json`, see
audience.Audience.report) and prints Markdown for a GitHub job summary: the
build's line that adds up, and every story left out because the customer's
consent has ended. With `--format github` it prints a `::warning::` annotation
per such story instead, and appends the Markdown to $GITHUB_STEP_SUMMARY.
The daily publish runs it, so a story leaving the site is never silent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..checks.report import escape_data, escape_property
from ..checks.summary import markdown_cell
from .audience import consent_ended_message

__all__ = ["BuildReport", "EndedConsent", "ReportError", "consent_annotations", "markdown", "read_build_report"]


class ReportError(Exception):
    """The file is not a build report; the message says why."""


@dataclass(frozen=True)
class EndedConsent:
    """A story the build left out because its consent ended on `ended` (YYYY-MM-DD)."""

    story_id: str
    path: str
    ended: str


@dataclass(frozen=True)
class BuildReport:
    """What report-summary needs from a build report."""

    audience: str
    summary: str
    ended: tuple[EndedConsent, ...]


def read_build_report(path: Path) -> BuildReport:
    """The build report at `path`; ReportError when it cannot be read or is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReportError(f"Cannot read {path}: {error.strerror}.") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportError(f"{path} is not JSON ({error}); is it the report of a build?") from error
    left = data.get("left_out_stories") if isinstance(data, dict) else None
    if not isinstance(left, list) or not all(isinstance(entry, dict) for entry in left):
        raise ReportError(f"{path} is not a story-tools build report: it has no list 'left_out_stories'.")
    ended = []
    for entry in left:
        story_id, story_path, day = (entry.get(key) for key in ("id", "path", "consent_ended"))
        if day is None:
            continue
        if not (isinstance(story_id, str) and isinstance(story_path, str) and isinstance(day, str)):
            raise ReportError(f"{path}: a left-out story without a text id, path or consent_ended: {entry}.")
        ended.append(EndedConsent(story_id, story_path, day))
    return BuildReport(str(data.get("audience", "")), str(data.get("summary", "")), tuple(ended))


def markdown(report: BuildReport) -> str:
    """The job summary: the build's line, then a table of the stories whose consent ended."""
    parts = [f"## What the {markdown_cell(report.audience or 'site')} build left out\n\n"]
    if report.summary:
        parts.append(f"{markdown_cell(report.summary)}\n\n")
    if not report.ended:
        parts.append("No story was left out because the customer's consent has ended.\n")
        return "".join(parts)
    count = len(report.ended)
    parts.append(
        f"### Consent ended: {count} stor{'y' if count == 1 else 'ies'} left out of the public site\n\n"
        "Renew the consent (and change `consent: expires`), or make the story internal (`visibility: internal`).\n\n"
        "| Story | Consent ended on | File |\n| --- | --- | --- |\n"
    )
    parts += [f"| {markdown_cell(e.story_id)} | {markdown_cell(e.ended)} | {markdown_cell(e.path)} |\n"
              for e in report.ended]
    return "".join(parts)


def consent_annotations(report: BuildReport) -> str:
    """One GitHub `::warning::` per story whose consent ended ('' when none)."""
    return "\n".join(
        f"::warning file={escape_property(e.path)},title={escape_property('Consent ended: ' + e.story_id)}"
        f"::{escape_data(consent_ended_message(e.ended))}"
        for e in report.ended
    )
