"""The site's own addresses, and the names that would land on one of them.

This is the one list of the addresses the site makes for itself: sitepages.py,
sitesearch.py and the plugin build their files from the constants below, and
the checks derive the names a writer or the curator may not choose from the
same constants, so the two cannot drift apart. Story pages live at
`<url_prefix>/<id>/` and term pages at `<dimension>/<slug>/`; so

- a story id `index` is the Browse page (`<url_prefix>/index.md`);
- a term slug or alias `index` is its dimension's page (`<dimension>/index.md`);
- a dimension named like one of the site's folders (coverage/, brief/, the
  url_prefix, Material's assets/ and search/, tell/) would put its
  pages among that folder's.

The site's files (stories.json, feed.json, Material's 404.html and
sitemap.xml) have a dot in their names, which no id, slug or dimension name can
have, so they need no rule. Pure: no MkDocs import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..model.findings import Finding, Severity
from ..model.namekey import name_key

__all__ = [
    "ASSETS_DIR",
    "BRIEF_URI",
    "BROWSE_DIR",
    "CATALOG_FILE",
    "COVERAGE_URI",
    "DEFAULT_URL_PREFIX",
    "FEED_FILE",
    "INDEX",
    "SEARCH_DIR",
    "SITE_FOLDERS",
    "TELL_URI",
    "alternative",
    "folder_clash",
    "story_id_clash",
    "story_id_findings",
    "term_clash",
    "url_prefix_problem",
]

INDEX = "index"
"""A folder's own page: `<url_prefix>/index.md` (Browse), `<dimension>/index.md`."""
COVERAGE_DIR = "coverage"
BRIEF_DIR = "brief"
COVERAGE_URI = f"{COVERAGE_DIR}/{INDEX}.md"
BRIEF_URI = f"{BRIEF_DIR}/{INDEX}.md"
CATALOG_FILE = "stories.json"
FEED_FILE = "feed.json"
ASSETS_DIR = "assets/story-tools"
"""The plugin's styles and scripts (Material's own are in assets/ too)."""
SEARCH_DIR = "search/story"
"""The archive's search index (Material's search plugin writes to search/ too)."""
TELL_DIR = "tell"
"""The page that helps a rep tell a story without git."""
TELL_URI = f"{TELL_DIR}/{INDEX}.md"
BROWSE_DIR = "browse"
"""The list of every story page by page (browse/2/, ...), and the data Browse and the brief load (browse/data/)."""
DEFAULT_URL_PREFIX = "stories"

SITE_FOLDERS: dict[str, str] = {
    COVERAGE_DIR: "the coverage page",
    BRIEF_DIR: "the call-prep brief",
    ASSETS_DIR.split("/")[0]: "the site's styles and scripts",
    SEARCH_DIR.split("/")[0]: "the search index",
    TELL_DIR: "the page for telling a story",
    BROWSE_DIR: "the pages of the list of every story, and the data the Browse page loads",
}
"""Top-level folders of the site that are not the stories' own, and what each holds."""

_SEGMENT = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")


def story_id_clash(story_id: str) -> str | None:
    """What a story with this id would replace, or None."""
    if name_key(story_id) == INDEX:
        return "the Browse page (the list of every story)"
    return None


def term_clash(name: str) -> str | None:
    """What a term slug or alias would replace in its dimension's folder, or None."""
    if name_key(name) == INDEX:
        return "the dimension's own page (the list of its terms)"
    return None


def folder_clash(name: str, url_prefix: str = DEFAULT_URL_PREFIX) -> str | None:
    """What a dimension named `name` would collide with, or None."""
    key = name_key(name)
    if key == name_key(url_prefix.split("/")[0]):
        return "the story pages (the url_prefix of the story-tools plugin)"
    return SITE_FOLDERS.get(key)


def url_prefix_problem(url_prefix: str) -> str | None:
    """Why `url_prefix` (without leading and trailing '/') cannot hold the story pages, or None."""
    if not url_prefix:
        return "it may not be empty: the story pages need a folder of their own, such as 'stories'"
    for segment in url_prefix.split("/"):
        if not _SEGMENT.match(segment):
            return (f"'{segment}' cannot be part of a web address here; use letters, digits and "
                    "hyphens, such as 'stories'")
    clash = SITE_FOLDERS.get(name_key(url_prefix.split("/")[0]))
    if clash:
        return f"{url_prefix.split('/')[0]}/ is {clash}; choose another folder, such as 'stories'"
    return None


def alternative(name: str, kind: str, is_taken: Callable[[str], bool] = lambda _: False) -> str:
    """A name like `name` that lands on no address of the site: `<name>-<kind>`,
    then `<name>-<kind>-2`, ..., skipping the names `is_taken` says are taken."""
    candidate, number = f"{name}-{kind}", 1
    while is_taken(candidate):
        number += 1
        candidate = f"{name}-{kind}-{number}"
    return candidate


def story_id_findings(
    files: Iterable[tuple[str, str, str | None]], is_taken: Callable[[str], bool]
) -> list[Finding]:
    """A `reserved-name` error for each story file whose id is an address of the site.

    `files` are (path as shown, id, title or None); `is_taken` says whether an
    id is another story's already, so the suggested name is free.
    """
    findings = []
    for shown, story_id, title in files:
        clash = story_id_clash(story_id)
        if clash is None:
            continue
        suggestion = _from_title(title)
        if not suggestion or story_id_clash(suggestion) or is_taken(suggestion):
            suggestion = alternative(story_id.lower(), "story", is_taken)
        findings.append(Finding(
            shown, 0, 0, "reserved-name", Severity.ERROR,
            f"The file name '{story_id}.md' would give this story the web address of {clash}, "
            "so one page would replace the other.",
            f"Rename the file, for example to '{suggestion}.md' (the file name is the story's id and address).",
        ))
    return findings


def _from_title(title: str | None) -> str:
    """An id from a title: its words in lowercase joined by hyphens, cut at about 50 characters."""
    words = re.sub(r"[\W_]+", "-", (title or "").casefold()).strip("-")
    if len(words) > 50:
        words = words[:51].rsplit("-", 1)[0]
    return words if _SEGMENT.match(words) else ""
