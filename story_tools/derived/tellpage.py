"""What the Tell-a-story page embeds: the form's fields and the rules of `check`, as data.

The page (`tell/`, templates/content/tell.html, assets/story-rules.js and
story-tell.js) lets someone who knows neither git nor YAML write a story file
and open it as a pull request on GitHub. It checks as they type, with the
rules and words of `story-tools check`; none of them is written a second time
in JavaScript. This module hands the browser what the build already knows:

* the fields' labels and descriptions (the JSON Schema) and the vocabulary;
* the ids already taken, so a new id never collides;
* the checkers' regular expressions (translated by `jsregex`), their messages
  and hints, and their data (example domains, fictional numbers, the privacy
  list's allowed entries; its denied names only where `deny` is set: they are
  names that must never be published);
* the outline of a story and how a file is written (storyfile.py).

The JavaScript is the algorithm around these (the loops of the scanners, the
Luhn and mod-97 sums, the did-you-mean of difflib); tests/test_tell.py runs it
in Chromium on tables of inputs and compares every finding and every file with
Python's.
"""

from __future__ import annotations

import datetime
import html
import html.entities
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..archive.schema import story_schema
from ..archive.storyfile import FALLBACK_ID, MAX_SLUG_CHARS, OUTLINE_PARTS, YAML_WORDS
from ..archive.storyfile import PATTERNS as FILE_PATTERNS
from ..archive.validate import SUMMARY_WARN_CHARS
from ..archive.validate import WORDING as FIELD_WORDING
from ..archive.vocabulary import Vocabulary
from ..checks import privacy, unsafe
from ..checks.privacylist import PrivacyList
from ..model.namekey import name_key
from ..model.story import VISIBILITIES
from ..reading.mdlinks import FENCE_OPEN
from ..reading.safeyaml import Limits
from ..reading.source import MAX_FILE_BYTES, TOO_LARGE
from ..reading.values import DATE
from ..reading.values import WORDING as VALUE_WORDING
from ..reading.yamlprecheck import TOO_LONG
from .jsregex import js_regex

__all__ = [
    "FORM_FIELDS", "FORM_HINTS", "MAX_ADDRESS", "RESERVED_IDS", "TellSite", "exported_patterns", "github_new_file",
    "tell_data",
]

FORM_FIELDS = ("title", "date", "summary", "customer", "quote")
"""The text fields of the form, in the order it asks for them."""
MAX_ADDRESS = 7000
"""Longer GitHub addresses are refused by some browsers and proxies: the page offers copy and download."""
RESERVED_IDS = ("index",)
"""Story ids the site uses for its own pages (stories/index.md is Browse)."""
FORM_HINTS = {
    "missing-field": "Tick at least one above, or type one in the box.",
    "empty-field": "Fill in the box above.",
}
"""Hints of the form where check's own speak of the file's syntax ("add a line 'title: ...'")."""

_MORE_PATTERNS: dict[str, re.Pattern[str]] = {
    "space": re.compile(r"\s"),
    "alnum": re.compile(r"(?!_)\w"),
    "charref": vars(html)["_charref"],
    "date": DATE,
    "fence_open": FENCE_OPEN,
}


@dataclass(frozen=True)
class TellSite:
    """Where the page sends a finished story, and what it may show."""

    new_file: str | None = None
    """GitHub's new-file address of the archive's branch (https://github.com/OWNER/REPO/new/BRANCH), or None."""
    stories_dir: str = "stories"
    """The stories folder, relative to the repository's root (the file goes to <stories_dir>/<id>.md)."""
    deny: bool = False
    """Whether the privacy list's denied names may be in the page (never on a public site)."""


def github_new_file(repo_url: str | None, branch: str | None, edit_uri: str | None = None) -> str | None:
    """https://github.com/OWNER/REPO/new/BRANCH for a GitHub `repo_url`, else None.

    The branch: `branch` when given, else the one `edit_uri` names (`edit/<branch>/...`
    or `blob/<branch>/...`), else main."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url.strip())
    path = [part for part in parts.path.split("/") if part]
    if parts.scheme not in ("http", "https") or parts.hostname not in ("github.com", "www.github.com") or len(path) < 2:
        return None
    owner, name = path[0], path[1].removesuffix(".git")
    if not branch and edit_uri:
        words = [part for part in edit_uri.split("/") if part]
        if len(words) >= 2 and words[0] in ("edit", "blob", "tree"):
            branch = words[1]
    return f"https://github.com/{owner}/{name}/new/{branch or 'main'}"


def tell_data(
    vocabulary: Vocabulary, story_ids: Iterable[str], privacy_list: PrivacyList, site: TellSite
) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data (embed it with Jinja's `tojson`)."""
    schema = story_schema(vocabulary)
    properties = schema["properties"]
    return {
        "fields": [
            {"name": name, "label": properties[name]["title"], "description": properties[name]["description"],
             "required": name in schema["required"]}
            for name in FORM_FIELDS
        ],
        "dimensions": [
            {
                "name": d.name, "label": d.label, "description": d.description, "required": d.required,
                "terms": [{"slug": t.slug, "label": t.label, "description": t.description, "aliases": list(t.aliases)}
                          for t in d.terms],
            }
            for d in vocabulary.dimensions
        ],
        "visibility": {"values": list(VISIBILITIES), "default": properties["visibility"]["default"]},
        "vocabulary_path": vocabulary.path,
        "taken": sorted({name_key(story_id) for story_id in story_ids} | set(RESERVED_IDS)),
        "stories_dir": site.stories_dir.strip("/"),
        "new_file": site.new_file,
        "max_address": MAX_ADDRESS,
        "outline": [list(part) for part in OUTLINE_PARTS],
        "limits": {
            "file_bytes": MAX_FILE_BYTES, "front_matter_chars": Limits().max_chars,
            "summary_chars": SUMMARY_WARN_CHARS, "slug_chars": MAX_SLUG_CHARS, "max_tag": unsafe.MAX_TAG,
        },
        "fallback_id": FALLBACK_ID,
        "yaml_words": list(YAML_WORDS),
        "patterns": _patterns(),
        "wording": {
            "fields": FIELD_WORDING, "values": VALUE_WORDING, "calendar": _calendar_errors(),
            "privacy": privacy.WORDING, "unsafe": unsafe.WORDING,
            "too_large": TOO_LARGE, "front_matter_too_long": TOO_LONG, "form": FORM_HINTS,
        },
        "privacy": {
            "rules": list(privacy.RULES), "safe": privacy.SAFE,
            "allow": sorted(privacy.normalise_allow(privacy_list.allow)),
            "deny": [[first, _js(pattern)] for first, pattern in privacy.deny_patterns(privacy_list.deny)]
            if site.deny else [],
        },
        "unsafe": {"elements": sorted(unsafe.FORBIDDEN_ELEMENTS), "schemes": list(unsafe.BAD_SCHEMES)},
        "html": _html_references(),
    }


def _js(pattern: re.Pattern[str]) -> dict[str, str]:
    translated = js_regex(pattern)
    return {"source": translated.source, "flags": translated.flags}


def exported_patterns() -> dict[str, re.Pattern[str]]:
    """Every Python pattern the page runs, by the name it has there."""
    return {**privacy.PATTERNS, **unsafe.PATTERNS, **FILE_PATTERNS, **_MORE_PATTERNS}


def _patterns() -> dict[str, dict[str, str]]:
    return {name: _js(pattern) for name, pattern in exported_patterns().items()}


def _calendar_errors() -> dict[str, str]:
    """Python's own words for an impossible date (the impossible-date finding quotes them);
    year 0 is the only year YYYY can write that does not exist."""
    words = {}
    for what, (year, month, day) in {"year": (0, 1, 1), "month": (2001, 13, 1), "day": (2001, 2, 30)}.items():
        try:
            datetime.date(year, month, day)
        except ValueError as error:
            words[what] = str(error)
    return words


def _html_references() -> dict[str, Any]:
    """What html.unescape needs to decide whether an address starts with `javascript:`.

    Every entity name without a semicolon (the legacy ones, which are also read
    as prefixes) and every entity whose value holds an ASCII character once
    lowercased; any other entity stands for characters no dangerous scheme or
    blank is made of, so decoding it or not gives the same answer."""
    names = {
        name: value for name, value in html.entities.html5.items()
        if not name.endswith(";") or any(char.isascii() for char in value.lower())
    }
    return {
        "entities": names,
        "invalid_charrefs": {str(code): value for code, value in vars(html)["_invalid_charrefs"].items()},
        "invalid_codepoints": sorted(vars(html)["_invalid_codepoints"]),
    }
