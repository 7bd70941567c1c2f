"""The GitHub issue form through which people tell a story without git.

`issue_form_text(vocabulary)` is `.github/ISSUE_TEMPLATE/story.yml`: a box per
story field, one per part of the outline `story-tools new` writes, and a
dropdown per vocabulary dimension offering its terms' labels. `form_fields` is
the one description of those fields: `issuebody` reads an issue written with the
form through it, so the form and the reader cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model.findings import Finding, Severity
from .storyfile import OUTLINE, slugify
from .vocabulary import Dimension, Vocabulary

__all__ = [
    "ISSUE_FORM_PATH", "NO_CHOICE", "STORY_LABEL", "FormField", "form_fields", "issue_form", "issue_form_findings",
    "issue_form_text", "outline_sections",
]

ISSUE_FORM_PATH = ".github/ISSUE_TEMPLATE/story.yml"
"""Where GitHub looks for the form, relative to the repository (the archive's folder)."""
STORY_LABEL = "story"
"""The label the form puts on every issue; the workflow acts on issues that carry it."""
NO_CHOICE = "None"
"""What GitHub writes for a dropdown left empty; never offered as a term."""
COMMAND = "story-tools issue-form --write"

_HEADER = (
    "# Generated from the vocabulary by 'story-tools issue-form'. Do not edit it by hand:\n"
    f"# after changing the vocabulary, run '{COMMAND}' and commit this file.\n"
)
_SECTION = re.compile(r"^## (?P<heading>.+)\n\n<!-- (?P<prompt>.+) -->$", re.MULTILINE)
_INTRO = (
    "Tell us about a customer we kept. Write in plain words, as you would tell a colleague; "
    "no special format is needed.\n\n"
    "When you submit, the story is checked and proposed to the archive's curators. If something "
    "needs fixing, a comment below says what: edit this issue (the **···** menu, then **Edit**), "
    "fix it and save, and it is checked again.\n\n"
    "Leave out personal details: no names of private people, no e-mail addresses, phone numbers "
    "or account numbers."
)
_VISIBILITY = (("Internal: people in our company only", "internal"),
               ("Public: anyone, on our public website", "public"))
_CONSENT = (
    "Choose **Public** only when the customer has agreed that this story may be shown outside our "
    "company. A curator records that agreement before anything is published, and the public website "
    "leaves the story out until then. If you are not sure, choose **Internal**."
)


@dataclass(frozen=True)
class FormField:
    """One question of the form, and what its answer becomes in the story file."""

    key: str
    """The story field ('title'), outline section ('story-the-situation') or dimension name it fills."""
    label: str
    """The question as shown; GitHub writes it as '### label' above the answer."""
    kind: str
    """'input' (one line), 'textarea' or 'dropdown'."""
    description: str
    role: str = "field"
    """'field' (front matter), 'section' (a part of the story's text) or 'dimension'."""
    required: bool = False
    options: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    """What each option stands for: a term slug, or a visibility."""
    multiple: bool = False
    placeholder: str = ""
    default: int | None = None
    """A dropdown's option chosen to begin with."""

    def attributes(self) -> dict[str, Any]:
        """The form item's attributes, as the issue-form syntax names them."""
        attributes: dict[str, Any] = {"label": self.label, "description": self.description}
        if self.placeholder:
            attributes["placeholder"] = self.placeholder
        if self.kind == "dropdown":
            attributes["multiple"] = self.multiple
            attributes["options"] = list(self.options)
            if self.default is not None:
                attributes["default"] = self.default
        return attributes


def outline_sections() -> tuple[tuple[str, str], ...]:
    """The outline's headings and prompts, as `story-tools new` writes them."""
    return tuple((m.group("heading"), m.group("prompt")) for m in _SECTION.finditer(OUTLINE))


def _term_options(dimension: Dimension) -> tuple[str, ...]:
    """Each term's label; a label two terms share (or GitHub's 'None') gets its slug added."""
    seen: dict[str, int] = {}
    for term in dimension.terms:
        seen[term.label.casefold()] = seen.get(term.label.casefold(), 0) + 1
    return tuple(
        f"{t.label} ({t.slug})" if seen[t.label.casefold()] > 1 or t.label == NO_CHOICE else t.label
        for t in dimension.terms
    )


def _dimension_field(dimension: Dimension, taken: set[str]) -> FormField:
    label = dimension.label if dimension.label.casefold() not in taken else f"{dimension.label} ({dimension.name})"
    terms = "\n".join(f"- **{t.label}**: {t.description}" for t in dimension.terms)
    how = "Choose one or more." if dimension.required else "Optional: choose any that fit, or none."
    return FormField(
        dimension.name, label, "dropdown", f"{dimension.description} {how}\n\n{terms}", role="dimension",
        required=dimension.required, options=_term_options(dimension),
        values=tuple(t.slug for t in dimension.terms), multiple=True,
    )


def form_fields(vocabulary: Vocabulary) -> tuple[FormField, ...]:
    """Every question of the form, in the order it asks them."""
    fields = [
        FormField("title", "Title", "input", "A headline a colleague would remember.", required=True,
                  placeholder="The bakery that almost cancelled"),
        FormField("date", "Date", "input",
                  "When it happened, written year-month-day. If you only know the month, use its first day.",
                  required=True, placeholder="2024-05-31"),
        FormField("summary", "Summary", "textarea",
                  "One or two sentences a sales colleague can read aloud.", required=True),
        FormField("customer", "Customer", "input",
                  "Who the customer was, in words that may be shown: a role and a kind of business. "
                  "No names of private people.", placeholder="A plant manager at a parts manufacturer"),
    ]
    fields += [FormField(f"story-{slugify(heading)}", heading, "textarea", prompt, role="section", required=True)
               for heading, prompt in outline_sections()]
    fields.append(FormField("quote", "Quote", "textarea",
                            "Something the customer said that sales may repeat, word for word. "
                            "Leave it empty if there is none."))
    taken = {field.label.casefold() for field in fields} | {"who may see it"}
    for dimension in vocabulary.dimensions:
        field = _dimension_field(dimension, taken)
        taken.add(field.label.casefold())
        fields.append(field)
    fields.append(FormField("visibility", "Who may see it", "dropdown", _CONSENT,
                            options=tuple(o for o, _ in _VISIBILITY), values=tuple(v for _, v in _VISIBILITY),
                            default=0))
    return tuple(fields)


def issue_form(vocabulary: Vocabulary) -> dict[str, Any]:
    """The issue form as data, in the issue-form syntax."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": _INTRO}}]
    for field in form_fields(vocabulary):
        item: dict[str, Any] = {"type": field.kind, "id": field.key, "attributes": field.attributes()}
        if field.required:
            item["validations"] = {"required": True}
        body.append(item)
    return {
        "name": "Tell a story",
        "description": "A story of a customer we kept, told in plain words: no git, no special format.",
        "title": "Story: ",
        "labels": [STORY_LABEL],
        "body": body,
    }


class _Dumper(yaml.SafeDumper):
    """Multi-line text as '|' blocks, so the form reads like the ones people write by hand."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def issue_form_text(vocabulary: Vocabulary) -> str:
    """`.github/ISSUE_TEMPLATE/story.yml` for this vocabulary."""
    data = yaml.dump(issue_form(vocabulary), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    return _HEADER + data


def issue_form_findings(root: Path, vocabulary: Vocabulary) -> list[Finding]:
    """A finding when the archive has an issue form that no longer matches the vocabulary."""
    path = root / ISSUE_FORM_PATH
    try:
        written = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError):
        written = ""
    if written == issue_form_text(vocabulary):
        return []
    return [Finding(
        ISSUE_FORM_PATH, 0, 0, "stale-issue-form", Severity.ERROR,
        "The issue form for telling a story does not match the vocabulary: people using it would "
        "choose from terms that have changed.",
        f"Run '{COMMAND}' and commit {ISSUE_FORM_PATH}.",
    )]
