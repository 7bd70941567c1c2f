"""A story file as text: the outline, the id made from a title, and safe quoting.

Every command that writes a story file (`new`, `import`) writes it with
`Draft.text`: python-frontmatter lays out the file, and `SafeYAMLHandler`
writes the front matter so that `check` reads back exactly what was meant.
Every text value is a double-quoted YAML scalar (JSON string syntax, which YAML
reads the same way), so `NO`, `2024`, `: `, `#`, a leading `---`, quotes and
newlines stay text; lists of slugs are flow lists, a slug YAML could misread
quoted too. Reading stays on the position-keeping reader (`reading/`).
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import frontmatter
from frontmatter.default_handlers import YAMLHandler

from ..model.namekey import name_key
from .reserved import story_id_clash
from .vocabulary import Vocabulary

__all__ = [
    "FALLBACK_ID", "MAX_SLUG_CHARS", "OUTLINE", "OUTLINE_PARTS", "PATTERNS", "YAML_WORDS", "Draft",
    "SafeYAMLHandler", "outline_body", "slugify", "unique_id", "write_front_matter", "yaml_quoted",
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
_PLAIN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
YAML_WORDS = ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
"""Slug-like words YAML 1.1 reads as something other than text: always quoted."""
_NOT_SLUG = re.compile(r"(?:\W|_)+")
PATTERNS = {"yaml_unsafe": _UNSAFE, "yaml_plain": _PLAIN, "not_slug": _NOT_SLUG}
"""What the Tell-a-story page writes files with, the same way (derived/tellpage.py)."""


def slugify(title: str) -> str:
    """A file name from a title: lowercase letters and digits joined by hyphens.

    Accents are dropped (`Café` gives `cafe`); letters of other scripts stay, so
    a title in Greek or Japanese still names its file. Empty when the title has
    no letter or digit. The Tell-a-story page does the same in the browser
    (NFKD, nonspacing marks dropped, lower case, `not_slug` runs made hyphens)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", title) if unicodedata.category(c) != "Mn")
    slug = _NOT_SLUG.sub("-", bare.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def unique_id(title: str, taken: Collection[str]) -> str:
    """An id for a story called `title` that no story in `taken` (ids' `name_key`s)
    has and that is no address the site uses itself: its slug, or with -2, -3...
    after it (`index` becomes `index-2`); `story` when the title has no slug."""
    base = slugify(title) or FALLBACK_ID
    candidate, number = base, 1
    while name_key(candidate) in taken or story_id_clash(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def yaml_quoted(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text` (JSON string syntax is valid YAML)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


class SafeYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, writing front matter that reads back as written.

    Keys in the order given; dates as YYYY-MM-DD; text double-quoted unless it
    is a plain slug YAML cannot misread (`internal`, `great-listening`); lists of
    text as flow lists of the same; booleans as true/false and mappings as flow
    mappings of the same (`search: {exclude: true}` on generated pages)."""

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return "\n".join(f"{key}: {_scalar(value)}" for key, value in metadata.items())


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(key))}: {_scalar(item)}" for key, item in value.items()) + "}"
    if isinstance(value, str):
        return value if _PLAIN.fullmatch(value) and value not in YAML_WORDS else yaml_quoted(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(str(item)) for item in value) + "]"
    raise TypeError(f"no safe YAML for {type(value).__name__}")


def outline_body(parts: Sequence[str]) -> str:
    """The story's text: each heading of the outline with its part, or with its prompt
    when the part is blank (parts are told in the outline's order)."""
    sections = []
    for index, (heading, prompt) in enumerate(OUTLINE_PARTS):
        part = parts[index] if index < len(parts) else ""
        told = part.strip("\n") if part.strip() else f"<!-- {prompt} -->"
        sections.append(f"## {heading}\n\n{told}\n")
    return "\n".join(sections)


def write_front_matter(metadata: dict[str, Any], body: str = "") -> str:
    """A file: `---`, the front matter, `---`, a blank line and `body`, ending in one newline."""
    return frontmatter.dumps(frontmatter.Post(body, **metadata), handler=SafeYAMLHandler()) + "\n"


@dataclass(frozen=True)
class Draft:
    """What a new story file holds; empty optional fields are left out of the file."""

    title: str
    date: datetime.date
    summary: str
    terms: dict[str, list[str]]
    """Term slugs per dimension name."""
    customer: str | None = None
    visibility: str = "internal"
    team: str | None = None
    author: str | None = None
    quote: str | None = None
    related: Sequence[str] = ()
    body: str = OUTLINE

    def text(self, vocabulary: Vocabulary) -> str:
        """The file: front matter (dimensions in the vocabulary's order), then the body."""
        meta: dict[str, Any] = {"title": self.title, "date": self.date, "summary": self.summary}
        meta |= {name: self.terms[name] for name in vocabulary.names if self.terms.get(name)}
        optional = {"customer": self.customer, "team": self.team, "author": self.author, "quote": self.quote,
                    "related": list(self.related)}
        meta |= {name: value for name, value in optional.items() if value}
        meta["visibility"] = self.visibility
        return write_front_matter(meta, self.body)
