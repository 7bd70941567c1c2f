"""Reading an issue written with the story form back into a story draft.

GitHub writes each answer of an issue form below a `### Label` line: an empty
text box reads `_No response_`, an empty dropdown `None`, a multi-select
dropdown `a, b`. People may edit the issue afterwards, so nothing else is
assumed: fields may be missing or in another order, lines may end in CRLF, and
a `### ` line that is not one of the form's labels is part of the answer above
it. Every problem is a finding about the form's field, in words for the person
who filled it in; nothing here writes files.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.findings import Finding, Severity
from ..model.suggest import closest
from .issueform import NO_CHOICE, FormField
from .storyfile import Draft

__all__ = ["NO_RESPONSE", "Answers", "FieldFinding", "Issue", "draft_from_answers", "read_answers", "read_issue"]

NO_RESPONSE = "_No response_"
"""What GitHub writes for a text box left empty."""

_HEADING = re.compile(r"^ {0,3}###[ \t]+(?P<label>.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
# Control characters other than tab and line feed: never part of a story.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NO_DATE = datetime.date(2000, 1, 1)
_TITLE_PREFIX = re.compile(r"^\s*story\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Issue:
    """The issue to read: its body, and its number and title when the event payload gave them."""

    body: str
    source: str
    """How findings name it: 'issue #12', or the file's path."""
    number: int | None = None
    title: str = ""


@dataclass(frozen=True)
class FieldFinding:
    """A finding about one answer of the form; `label` is the form's question ('' for the whole story)."""

    label: str
    finding: Finding


@dataclass(frozen=True)
class Answers:
    """Each field's answer, by field key ('' when left empty or missing), and labels written more than once."""

    values: tuple[tuple[str, str], ...]
    repeated: tuple[str, ...] = ()

    def get(self, key: str) -> str:
        return dict(self.values).get(key, "")


def read_issue(data: bytes, shown: str) -> tuple[Issue | None, list[Finding]]:
    """A saved issue body (Markdown), or GitHub's event payload (JSON with `.issue.body`)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Finding(shown, 0, 0, "not-utf8", Severity.ERROR, "This file is not UTF-8 text.",
                              "Give the issue's text saved as UTF-8, or the event file GitHub Actions provides.")]
    if not text.lstrip().startswith("{"):
        return Issue(text, shown), []
    try:
        payload = json.loads(text)
    except ValueError:
        return Issue(text, shown), []
    issue = payload.get("issue") if isinstance(payload, dict) else None
    if not isinstance(issue, dict):
        return None, [Finding(shown, 0, 0, "not-an-issue", Severity.ERROR,
                              "This JSON file is not a GitHub issue event: it has no 'issue'.",
                              "Give $GITHUB_EVENT_PATH of a workflow run on 'issues', or the issue's text.")]
    number = issue.get("number")
    number = number if isinstance(number, int) and not isinstance(number, bool) else None
    body, title = issue.get("body"), issue.get("title")
    return Issue(body if isinstance(body, str) else "", f"issue #{number}" if number is not None else shown,
                 number, title if isinstance(title, str) else ""), []


def _label_key(label: str) -> str:
    return " ".join(label.replace("*", " ").split()).rstrip(":").strip().casefold()


def read_answers(body: str, fields: Sequence[FormField]) -> Answers:
    """Each field's answer in an issue body, however the person edited it."""
    by_label = {_label_key(field.label): field for field in fields}
    chunks: dict[str, list[str]] = {}
    repeated: list[str] = []
    current: list[str] | None = None
    fence = ""
    for line in _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n")).split("\n"):
        heading = None if fence else _HEADING.match(line)
        field = by_label.get(_label_key(heading.group("label"))) if heading else None
        if field is not None:
            if field.key in chunks:
                repeated.append(field.label)
            current = chunks.setdefault(field.key, [])
            continue
        opening = _FENCE.match(line)
        if opening and not fence:
            fence = opening.group("fence")
        elif fence and line.strip() and set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
            fence = ""
        if current is not None:
            current.append(line)
    values: list[tuple[str, str]] = []
    for field in fields:
        text = "\n".join(chunks.get(field.key, [])).strip()
        empty = (NO_RESPONSE, NO_CHOICE) if field.kind == "dropdown" else (NO_RESPONSE,)
        values.append((field.key, "" if text in empty else text))
    return Answers(tuple(values), tuple(dict.fromkeys(repeated)))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def _choices(field: FormField, answer: str) -> tuple[list[str], list[str]]:
    """The values of a dropdown's chosen options, and the answers that are none of its options.

    Options may hold ', ' themselves: the longest run of pieces that is an option wins.
    """
    by_option = {option.casefold(): value for option, value in zip(field.options, field.values, strict=True)}
    by_value = {value.casefold(): value for value in field.values}
    pieces = [piece.strip() for piece in _one_line(answer).split(",")]
    chosen: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            option = ", ".join(pieces[start:end]).casefold()
            value = by_option.get(option) or by_value.get(option) or by_value.get(option.replace(" ", "-"))
            if value is not None:
                chosen.append(value)
                start = end
                break
        else:
            if pieces[start]:
                unknown.append(pieces[start])
            start += 1
    return list(dict.fromkeys(chosen)), unknown


def _error(source: str, label: str, rule: str, message: str, suggestion: str) -> FieldFinding:
    return FieldFinding(label, Finding(source, 0, 0, rule, Severity.ERROR, message, suggestion))


def _date(source: str, field: FormField, answer: str) -> tuple[datetime.date | None, list[FieldFinding]]:
    value = _one_line(answer)
    if _DATE.match(value):
        try:
            return datetime.date.fromisoformat(value), []
        except ValueError:
            return None, [_error(source, field.label, "impossible-date",
                                 f"{value} does not exist on the calendar.", "Check the month and the day.")]
    return None, [_error(source, field.label, "bad-date",
                         f"'{_shown(value)}' is not a date written year-month-day.",
                         "Write it like 2024-05-31 (year, month, day, with hyphens).")]


def draft_from_answers(
    answers: Answers, fields: Sequence[FormField], issue: Issue
) -> tuple[Draft, list[FieldFinding]]:
    """The story the answers tell, and what to fix (every problem at once).

    With problems, the draft holds what could be read, so that its text can
    still be checked for personal data and the like.
    """
    source = issue.source
    problems = [_error(source, label, "duplicate-field", f"'### {label}' appears more than once in the issue.",
                       "Keep it once: a heading of your own inside an answer needs another name.")
                for label in answers.repeated]
    text: dict[str, str] = {}
    terms: dict[str, list[str]] = {}
    date: datetime.date | None = None
    sections: list[str] = []
    for field in fields:
        answer = answers.get(field.key)
        if field.key == "title" and not answer:
            answer = _TITLE_PREFIX.sub("", issue.title, count=1).strip()
        if not answer:
            if field.required and field.role != "section":
                problems.append(_error(source, field.label, "missing-field", f"{field.label} is empty.",
                                       "Choose at least one from the list." if field.kind == "dropdown"
                                       else f"Fill in {field.label}."))
            continue
        if field.role == "section":
            sections.append(f"## {field.label}\n\n{answer}\n")
        elif field.kind == "dropdown":
            chosen, unknown = _choices(field, answer)
            for value in unknown:
                match = closest(value, field.options)
                problems.append(_error(
                    source, field.label, "unknown-term", f"'{_shown(value)}' is not one of the choices.",
                    f"Did you mean '{match}'?" if match else f"Choose from: {', '.join(field.options)}."))
            if len(chosen) > 1 and not field.multiple:
                problems.append(_error(source, field.label, "too-many", f"{field.label} has {len(chosen)} answers.",
                                       f"Choose one of: {', '.join(field.options)}."))
            terms[field.key] = chosen
        elif field.key == "date":
            date, found = _date(source, field, answer)
            problems += found
        else:
            text[field.key] = _one_line(answer)
    if not sections:
        first = next((field.label for field in fields if field.role == "section"), "")
        problems.append(_error(source, first, "missing-field", "The story itself is empty.",
                               "Tell it in the boxes for its parts, starting with this one."))
    visibility = (terms.pop("visibility", None) or ["internal"])[0]
    draft = Draft(text.get("title", ""), date or _NO_DATE, text.get("summary", ""), terms, text.get("customer"),
                  visibility, quote=text.get("quote"), body="\n".join(sections))
    return draft, problems
