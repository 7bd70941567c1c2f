"""A new story file as text: the outline, the id made from a title, and safe quoting.

`story-tools new` writes its files with it; the text it makes passes `check`
as written: values YAML would misread are always quoted.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import id_key
from .vocabulary import Vocabulary

__all__ = [
    "FALLBACK_ID", "MAX_SLUG_CHARS", "OUTLINE", "OUTLINE_PARTS", "PATTERNS", "Draft", "new_id", "slugify",
    "yaml_quoted",
]

OUTLINE_PARTS = (
    ("The situation", "Who the customer was, what had gone wrong, and why it mattered to them."),
    ("What we did", "The steps we took, in order, and who took them. Name the moment things turned."),
    ("How it turned out", "What changed for the customer and for us: renewed, fewer calls, figures if you have them."),
    ("The lesson", "The one thing a colleague can do on their next call because of this story."),
)
"""The four parts of a story: (heading, what to write under it)."""
OUTLINE = "\n".join(f"## {heading}\n\n<!-- {prompt} -->\n" for heading, prompt in OUTLINE_PARTS)
"""The body of a new story: how good retention stories are told."""

MAX_SLUG_CHARS = 80
FALLBACK_ID = "story"
"""The id of a story whose title has no letter or digit a file name can use."""
# Characters a story's raw front matter may not hold (see yamlprecheck): written as \\uXXXX escapes.
_UNSAFE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
PATTERNS = {"yaml_unsafe": _UNSAFE, "not_slug": _NOT_SLUG}
"""What the Tell-a-story page writes files with, the same way (derived/tellpage.py)."""


def slugify(title: str) -> str:
    """A file name from a title: lowercase ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def new_id(title: str, taken: Iterable[str]) -> str:
    """An id made from the title that is none of `taken` (nor equal to one up to case or Unicode
    form): the slug, else the slug with -2, -3, ... added."""
    keys = {id_key(story_id) for story_id in taken}
    base = slugify(title) or FALLBACK_ID
    candidate, number = base, 1
    while id_key(candidate) in keys:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text` (JSON string syntax is valid YAML)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


@dataclass(frozen=True)
class Draft:
    """What a new story file starts with."""

    title: str
    date: datetime.date
    summary: str
    terms: dict[str, list[str]]
    """Term slugs per dimension name."""
    customer: str | None = None
    visibility: str = "internal"
    quote: str | None = None
    parts: tuple[str, ...] = ()
    """The text under each heading of the outline; a blank part keeps the outline's prompt."""

    def text(self, vocabulary: Vocabulary) -> str:
        """The file: front matter in the vocabulary's order, then the outline (with the parts told)."""
        lines = ["---", f"title: {yaml_quoted(self.title)}", f"date: {self.date.isoformat()}",
                 f"summary: {yaml_quoted(self.summary)}"]
        lines += [f"{name}: [{', '.join(self.terms[name])}]" for name in vocabulary.names if self.terms.get(name)]
        if self.customer:
            lines.append(f"customer: {yaml_quoted(self.customer)}")
        if self.quote:
            lines.append(f"quote: {yaml_quoted(self.quote)}")
        lines += [f"visibility: {self.visibility}", "---", "", self.body()]
        return "\n".join(lines)

    def body(self) -> str:
        """Each heading of the outline with its part, or with its prompt when the part is blank."""
        sections = []
        for index, (heading, prompt) in enumerate(OUTLINE_PARTS):
            part = self.parts[index] if index < len(self.parts) else ""
            told = part.strip("\n") if part.strip() else f"<!-- {prompt} -->"
            sections.append(f"## {heading}\n\n{told}\n")
        return "\n".join(sections)
