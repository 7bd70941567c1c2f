"""The hostile fixture site (tests/hostile/): its payloads, read from its own files,
and an HTML reader that tells markup from text.

Shared by tests/test_escaping.py (the built files) and tests/test_browser_escaping.py
(the same pages in headless Chromium). Every payload calls `__xss(...)`, so a
payload that became markup is found by that name, in a file or in a browser.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

HOSTILE = Path(__file__).parent / "hostile"
MARKER = "__xss"
SITE_NAME = "Hostile fixture archive"


def build_hostile(site: Path) -> None:
    """A real `mkdocs build --strict` of tests/hostile into `site`, in this process."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(HOSTILE / "mkdocs.yml"), site_dir=str(site), strict=True))


def front_matter(path: Path) -> dict[str, Any]:
    match = re.match(r"---\n(.*?)\n---\n", path.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1))


def story(name: str) -> dict[str, Any]:
    return front_matter(HOSTILE / "stories" / f"{name}.md")


def vocabulary() -> dict[str, Any]:
    return yaml.safe_load((HOSTILE / "vocabulary.yml").read_text(encoding="utf-8"))["dimensions"]


def hostile_strings(value: Any) -> list[str]:
    """Every string with a payload in a parsed front matter (keys too)."""
    if isinstance(value, str):
        return [value] if MARKER in value else []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in hostile_strings(k) + hostile_strings(v)]
    if isinstance(value, list):
        return [s for item in value for s in hostile_strings(item)]
    return []


def heading_title() -> str:
    """The title MkDocs takes from docs/heading.md's first heading, as a reader sees it."""
    first = (HOSTILE / "docs" / "heading.md").read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("# ").replace("&lt;", "<").replace("&gt;", ">")


def normal(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]


class PageReader(HTMLParser):
    """One HTML page as a browser's parser sees it: elements, attributes (unescaped),
    the text of each <script>, and the text a reader sees (unescaped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.scripts: list[tuple[str, str]] = []
        """(type, text) of each <script> element."""
        self.texts: list[str] = []
        self.title = ""
        self._in: list[str] = []

    @classmethod
    def read(cls, html: str) -> PageReader:
        reader = cls()
        reader.feed(html)
        reader.close()
        return reader

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, {name: value or "" for name, value in attrs}))
        if tag == "script":
            self.scripts.append((self.tags[-1].attrs.get("type", ""), ""))
        if tag in ("script", "title", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        where = self._in[-1] if self._in else None
        if where == "script":
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)
        elif where == "title":
            self.title += data
        elif where != "style":
            self.texts.append(data)

    @property
    def text(self) -> str:
        """All visible text, whitespace collapsed (one text node never spans elements)."""
        return " | ".join(normal(t) for t in self.texts if t.strip())

    def attribute_values(self) -> list[str]:
        return [value for tag in self.tags for value in tag.attrs.values()]

    def markup_from_payloads(self) -> list[str]:
        """Elements, event handlers and script text that a payload made: must be none."""
        found = [f"<{t.name} {t.attrs}>" for t in self.tags
                 if any(name.startswith("on") for name in t.attrs)
                 or (t.name in ("img", "svg") and MARKER in str(t.attrs))]
        for kind, text in self.scripts:
            if kind == "application/json":
                try:
                    json.loads(text)  # a payload that closed the element leaves broken JSON behind
                except ValueError:
                    found.append(f"<script type=json> cut short: {text.strip()[-80:]}")
            elif MARKER in text:
                found.append(f"<script>{text.strip()[:80]}")
        return found
