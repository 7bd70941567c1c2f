"""A new story file as text: the outline, the id made from a title, and safe quoting.

`story-tools new` writes its files with it; the text it makes passes `check`
as written: values YAML would misread are always quoted.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass

from .vocabulary import Vocabulary

__all__ = ["MAX_SLUG_CHARS", "OUTLINE", "Draft", "slugify", "yaml_quoted"]

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


def slugify(title: str) -> str:
    """A file name from a title: lowercase ASCII letters and digits joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return slug


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

    def text(self, vocabulary: Vocabulary) -> str:
        """The file: front matter in the vocabulary's order, then the outline."""
        lines = ["---", f"title: {yaml_quoted(self.title)}", f"date: {self.date.isoformat()}",
                 f"summary: {yaml_quoted(self.summary)}"]
        lines += [f"{name}: [{', '.join(self.terms[name])}]" for name in vocabulary.names if self.terms.get(name)]
        if self.customer:
            lines.append(f"customer: {yaml_quoted(self.customer)}")
        lines += [f"visibility: {self.visibility}", "---", "", OUTLINE]
        return "\n".join(lines)
