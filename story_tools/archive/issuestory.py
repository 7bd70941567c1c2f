"""An issue's story as a story file: checked as `check` checks it, then written under a new id.

The draft (`issuebody`) becomes text with `storyfile.Draft`, the writer every
command uses. That text goes through the checks `check` runs on a story file (the
split into front matter and body, personal data and unsafe Markdown, fields and
terms, links to other stories) before anything is written, and the archive is
read again afterwards, as `check` will read it. Findings about the file are
told as findings about the form's fields, for the person who filled it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..checks.privacylist import PrivacyList, load_privacy_list
from ..checks.summary import markdown_cell
from ..checks.textchecks import check_text
from ..model.findings import Finding, Severity, has_errors
from ..model.namekey import name_key
from ..reading.source import DisplayPath, discover_story_files, split_source
from .catalog import load_catalog
from .issuebody import FieldFinding, Issue, draft_from_answers, read_answers
from .issueform import FormField, form_fields
from .links import LinkTargets, find_story_links
from .settings import ArchiveSettings
from .storyfile import unique_id
from .validate import parse_story
from .vocabulary import Vocabulary

__all__ = ["IssueStory", "labels_by_line", "render_markdown", "render_text", "story_from_issue"]

@dataclass(frozen=True)
class IssueStory:
    """What became of an issue: the story file written (or that would be), and the findings."""

    path: Path | None
    """None when nothing was written."""
    shown: str
    findings: tuple[FieldFinding, ...]

    @property
    def ok(self) -> bool:
        return self.path is not None


def labels_by_line(text: str, fields: Sequence[FormField]) -> dict[int, str]:
    """The form field each line of a story file comes from ('' for lines of no one field)."""
    by_key = {field.key: field.label for field in fields if field.role != "section"}
    sections = {f"## {field.label}": field.label for field in fields if field.role == "section"}
    labels: dict[int, str] = {}
    lines = text.split("\n")
    end = lines.index("---", 1) if "---" in lines[1:] else len(lines)
    current = ""
    for number, line in enumerate(lines, start=1):
        if 1 < number <= end:
            labels[number] = by_key.get(line.partition(":")[0], "")
        elif number > end:
            current = sections.get(line, current)
            labels[number] = current
    return labels


def _text_findings(text: str, shown: str, story_id: str, settings: ArchiveSettings,
                   vocabulary: Vocabulary, *, fields_too: bool) -> list[Finding]:
    """What `check` says about this text as the file `shown`, before it is written;
    without `fields_too`, only about personal data and unsafe Markdown."""
    source, findings = split_source(text.encode("utf-8"), shown, story_id=story_id)
    if source is None:
        return findings
    display = DisplayPath(settings.root)
    privacy = PrivacyList()
    if settings.privacy_file is not None:
        privacy, problems = load_privacy_list(settings.privacy_file, display(settings.privacy_file))
        findings += problems
    depth = shown[len(display(settings.stories_dir)) + 1:].count("/")
    findings += check_text(source, privacy, depth=depth)
    if not fields_too:
        return findings
    story, problems = parse_story(source, vocabulary)
    findings += problems
    if story is not None:
        files, _ = discover_story_files(settings.stories_dir, display)
        known = {file.story_id: file.shown for file in files} | {story_id: shown}
        findings += find_story_links(story, LinkTargets.of(known, display(settings.stories_dir)))[1]
    return findings


def story_from_issue(issue: Issue, settings: ArchiveSettings, vocabulary: Vocabulary) -> IssueStory:
    """The issue's story written as a new file of the archive, or what keeps it from passing `check`."""
    fields = form_fields(vocabulary)
    draft, problems = draft_from_answers(read_answers(issue.body, fields), fields, issue)
    display = DisplayPath(settings.root)
    files, _ = discover_story_files(settings.stories_dir, display)
    story_id = unique_id(draft.title, {name_key(file.story_id) for file in files})
    path = settings.stories_dir / f"{story_id}.md"
    shown, text = display(path), draft.text(vocabulary)
    labels = labels_by_line(text, fields)
    checked = _text_findings(text, shown, story_id, settings, vocabulary, fields_too=not problems)
    found = problems + [FieldFinding(labels.get(f.line, ""), f) for f in checked]
    if has_errors([item.finding for item in found]):
        return IssueStory(None, shown, tuple(found))
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    after = [f for f in load_catalog(settings).findings if f.path == shown]
    if has_errors(after):  # a bug here, never the writer's fault: nothing is left behind
        path.unlink()
        return IssueStory(None, shown, tuple(FieldFinding(labels.get(f.line, ""), f) for f in after))
    return IssueStory(path, shown, tuple(found))


def render_text(findings: Sequence[FieldFinding]) -> str:
    """One line per finding: where, the form's field, what is wrong and how to fix it."""
    lines = []
    for item in findings:
        finding = item.finding
        field = f" (the form's field '{item.label}')" if item.label else ""
        lines.append(f"{finding.format()}{field}")
    return "\n".join(lines)


def _escaped(text: str) -> str:
    """Text for a GitHub comment: no HTML, no Markdown of its own, no @mentions."""
    return markdown_cell(" ".join(text.split())).replace("@", "&#64;")


def render_markdown(findings: Sequence[FieldFinding]) -> str:
    """An issue comment for the person who filled in the form: what to fix, field by field."""
    errors = [item for item in findings if item.finding.severity is Severity.ERROR]
    lines = [
        "**This story is not in the archive yet.** Please edit this issue (the **···** menu, then "
        "**Edit**), fix what is listed below and save; the story is checked again each time.",
        "",
    ]
    for item in sorted(findings, key=lambda i: i.finding.severity is not Severity.ERROR):
        finding = item.finding
        where = f"**{_escaped(item.label)}**" if item.label else "**The story**"
        advice = " (a suggestion)" if finding.severity is not Severity.ERROR else ""
        text = finding.message + (f" {finding.suggestion}" if finding.suggestion else "")
        lines.append(f"- {where}{advice}: {_escaped(text)}")
    if not errors:
        lines[0] = "**The story was checked.** Some suggestions:"
    return "\n".join(lines) + "\n"
