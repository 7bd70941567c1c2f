"""The site's own pages (home, contributing guide): their addresses, titles and text.

The generator indexes them for the archive's search, as the MkDocs plugin
indexes them from their rendered text. Front matter is read with
python-frontmatter; the text is the Markdown rendered and stripped of tags.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import frontmatter
import markdown
import yaml

__all__ = ["own_pages", "page_url"]

_TAG = re.compile(r"<[^>]*>")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def page_url(path: str) -> str:
    """The directory URL of a Markdown file relative to docs_dir: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        folder = stem.rpartition("/")[0]
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def own_pages(docs_dir: Path, skip: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
    """URL -> (title, text) of every Markdown page in docs_dir except those in `skip` and dotted ones."""
    skipped = set(skip)
    found: dict[str, tuple[str, str]] = {}
    for file in sorted(docs_dir.rglob("*.md")):
        relative = file.relative_to(docs_dir).as_posix()
        if relative in skipped or any(part.startswith(".") for part in relative.split("/")):
            continue
        try:
            post = frontmatter.loads(file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
            continue  # the engine reports a page it cannot read; search just leaves it out
        heading = _HEADING.search(post.content)
        title = str(post.metadata.get("title") or (heading.group(1) if heading else file.stem))
        text = html.unescape(_TAG.sub(" ", markdown.markdown(post.content)))
        found[page_url(relative)] = (title, text)
    return found
