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
    "MAX_SLUG_CHARS", "OUTLINE", "Draft", "SafeYAMLHandler",
    "slugify", "unique_id", "write_front_matter", "yaml_quoted",
]

OUTLINE = """\
## The situation

<!-- Who the customer was, what had gone wrong, and why it mattered to them. -->

## What we did

<!-- The steps we took, in order, and who took them. Name the moment things turned. -->

## How it turned out

<!-- What changed for the customer and for us: renewed, fewer calls, figures if you have them. -->

## The lesson

<!-- The one thing a colleague can do on their next call because of this story. -->
"""
"""The body of a new story: how good retention stories are told."""

MAX_SLUG_CHARS = 80
# Characters a story's raw front matter may not hold (see yamlprecheck): written as \\uXXXX escapes.
_UNSAFE = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_YAML_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


def slugify(title: str) -> str:
    """A file name from a title: lowercase letters and digits joined by hyphens.

    Accents are dropped (`Café` gives `cafe`); letters of other scripts stay, so
    a title in Greek or Japanese still names its file. Empty when the title has
    no letter or digit."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    slug = re.sub(r"[\W_]+", "-", bare.casefold()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


def unique_id(title: str, taken: Collection[str]) -> str:
    """An id for a story called `title` that no story in `taken` (ids' `name_key`s)
    has and that is no address the site uses itself: its slug, or with -2, -3...
    after it (`index` becomes `index-2`); `story` when the title has no slug."""
    base = slugify(title) or "story"
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
    text as flow lists of the same."""

    def export(self, metadata: dict[str, object], **kwargs: object) -> str:
        return "\n".join(f"{key}: {_scalar(value)}" for key, value in metadata.items())


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return value if _PLAIN.fullmatch(value) and value not in _YAML_WORDS else yaml_quoted(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_scalar(str(item)) for item in value) + "]"
    raise TypeError(f"no safe YAML for {type(value).__name__}")


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
