"""Links between stories: `[[id]]` and `.md` links in bodies, and backlinks.

A story body may link another story by id (`[[judy-called-every-day]]`,
`[[judy-called-every-day|the daily caller]]`, `[[id#heading]]`) or by a plain
Markdown link to the other story's file (`[the refund](the-overbilling-refund.md)`),
relative to the story's own folder. Fenced code blocks and inline code spans
are skipped. Finding the links in the Markdown is `mdlinks`' part; this module
resolves them to stories. The plugin rewrites resolvable links to page URLs;
the checker turns the others into findings.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from ..model.findings import Finding, Severity
from ..model.story import Story
from ..model.suggest import closest, did_you_mean
from ..reading.mdlinks import Candidate, candidates
from .settings import DEFAULT_STORIES_DIR

__all__ = [
    "Backlink", "LinkTargets", "StoryLink", "backlinks", "escape_link_text", "find_story_links", "may_link",
    "rewrite_story_links",
]

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ESCAPES = str.maketrans({
    "\\": "\\\\", "[": "\\[", "]": "\\]", "*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;",
})

_NO_ID_HINT = "Use the file name of another story, without '.md'."
_NO_FILE_HINT = "Link to the .md file of another story, relative to this story, or write [[id]] with its file name."
_SELF_HINT = "Remove the link; to point at a heading of this story, use [text](#heading)."


@dataclass(frozen=True)
class StoryLink:
    """One resolved link in a story body to another story."""

    source: str
    """The id of the story whose body holds the link."""
    target: str
    """The id of the linked story."""
    line: int
    """File line (1-based) of the link's opening bracket."""
    column: int
    """Column (1-based, in characters) of the link's opening bracket."""
    text: str | None
    """The link text as written; None when none was given (`[[id]]`, `[](x.md)`)."""


@dataclass(frozen=True, order=True)
class Backlink:
    """One story that refers to another: through `related:` or a link in its body."""

    source: str
    """The id of the story that refers."""
    kind: str
    """"related" or "body"."""


@dataclass(frozen=True)
class _Resolved:
    target: str | None
    """The story id, or None when the link names no story."""
    anchor: str | None
    unknown: str | None = None
    """For an unresolvable link that should be a story: what it points at."""


def escape_link_text(text: str) -> str:
    """Text that reads the same inside Markdown link brackets (`[`, `*`, `<`, ... escaped)."""
    return text.translate(_ESCAPES)


def may_link(body: str) -> bool:
    """Cheap test before the Markdown scan: every story link has '[[' or '.md'."""
    return "[[" in body or ".md" in body


@dataclass(frozen=True)
class LinkTargets:
    """The archive's stories as link targets, prepared once for all its stories."""

    known: Mapping[str, str]
    """Story id -> story path."""
    by_path: Mapping[str, str]
    ids: tuple[str, ...]
    folder: str

    @classmethod
    def of(cls, known: Mapping[str, str], stories_dir: str = DEFAULT_STORIES_DIR) -> LinkTargets:
        return cls(
            known,
            {posixpath.normpath(path): story_id for story_id, path in known.items()},
            tuple(sorted(known)),
            posixpath.normpath(stories_dir),
        )


def find_story_links(
    story: Story, known: Mapping[str, str] | LinkTargets, *, stories_dir: str = DEFAULT_STORIES_DIR,
) -> tuple[tuple[StoryLink, ...], tuple[Finding, ...]]:
    """Every link in `story`'s body to another story, and a finding for every bad one.

    `known` maps each story id of the archive to its path (as in `Story.path`);
    `stories_dir` is the stories folder in the same form: a `.md` link that
    lands inside it on no story is a finding, one that lands outside is left alone.
    For a whole archive pass `LinkTargets.of(known, stories_dir)` once instead.
    """
    if not may_link(story.body):
        return (), ()
    targets = known if isinstance(known, LinkTargets) else LinkTargets.of(known, stories_dir)
    known, by_path, ids, folder = targets.known, targets.by_path, targets.ids, targets.folder
    links: list[StoryLink] = []
    findings: list[Finding] = []
    for candidate in candidates(story.body):
        resolved = _resolve(candidate, story.path, by_path, known, folder)
        line, column = _position(story, candidate.start)
        if resolved.target == story.id:
            findings.append(Finding(
                story.path, line, column, "self-link", Severity.ERROR, "A story cannot link to itself.", _SELF_HINT,
            ))
        elif resolved.target is not None:
            links.append(StoryLink(story.id, resolved.target, line, column, candidate.text))
        elif resolved.unknown is not None:
            findings.append(_unknown(story, candidate, resolved.unknown, known, ids, line, column))
    return tuple(links), tuple(findings)


WITHHELD_TEXT = "another story"
"""What a link to a story the audience may not see becomes when it has no text of its own."""


def rewrite_story_links(
    story: Story, titles: Mapping[str, str], href: Callable[[str], str],
    withheld: Mapping[str, str] | None = None,
) -> str:
    """The body with every resolvable story link as a plain Markdown link.

    `titles` maps each story id to its title (the link text when none was
    written); `href(id)` gives the URL of a story's page. A `.md` link resolves
    by its file name, which is the story's id. A link to a story in `withheld`
    (ids of stories this build leaves out, prepared once by the caller) keeps
    only its own text, or WITHHELD_TEXT: neither the address nor the title of
    a left-out story reaches the page. Unknown ids, self links and anything
    else are left as written.
    """
    body = story.body
    if not may_link(body):
        return body
    parts: list[str] = []
    done = 0
    for candidate in candidates(body):
        resolved = _resolve(candidate, story.path, {}, titles, None)
        if resolved.target is None and withheld:
            if _resolve(candidate, story.path, {}, withheld, None).target is not None:
                parts += [body[done:candidate.start], candidate.text or WITHHELD_TEXT]
                done = candidate.end
            continue
        if resolved.target is None or resolved.target == story.id:
            continue
        text = candidate.text if candidate.text is not None else escape_link_text(titles[resolved.target])
        url = href(resolved.target)
        if resolved.anchor:
            url += f"#{resolved.anchor}"
        if any(c in url for c in " ()<>"):
            url = f"<{url}>"
        parts += [body[done:candidate.start], f"[{text}]({url}{candidate.tail})"]
        done = candidate.end
    parts.append(body[done:])
    return "".join(parts)


def backlinks(stories: Sequence[Story], body_links: Iterable[StoryLink]) -> dict[str, tuple[Backlink, ...]]:
    """For every story id: the stories that refer to it, sorted by source id then kind.

    Every story of `stories` gets an entry (empty when nothing refers to it);
    references from or to ids that are not in `stories`, and references of a
    story to itself, are left out. One entry per (source, kind).
    """
    refs: dict[str, set[Backlink]] = {story.id: set() for story in stories}
    for story in stories:
        for target in story.related:
            if target != story.id and target in refs:
                refs[target].add(Backlink(story.id, "related"))
    for link in body_links:
        if link.source != link.target and link.source in refs and link.target in refs:
            refs[link.target].add(Backlink(link.source, "body"))
    return {target: tuple(sorted(sources)) for target, sources in sorted(refs.items())}


def _position(story: Story, offset: int) -> tuple[int, int]:
    """File line and column (both 1-based) of a body offset."""
    line_start = story.body.rfind("\n", 0, offset) + 1
    return story.body_line + story.body.count("\n", 0, offset), offset - line_start + 1


def _unknown(
    story: Story, candidate: Candidate, points_at: str, known: Mapping[str, str], ids: Sequence[str],
    line: int, column: int,
) -> Finding:
    if candidate.wiki:
        message = f"There is no story with the id '{points_at}' to link to."
        hint = did_you_mean(points_at, ids) or _NO_ID_HINT
    else:
        message = f"The link '{candidate.ref}' points to '{points_at}', but there is no story there."
        stem = posixpath.basename(points_at)[:-3]
        match = closest(stem, ids)
        if match is None:
            hint = _NO_FILE_HINT
        else:
            relative = posixpath.relpath(known[match], posixpath.dirname(story.path) or ".")
            hint = f"Did you mean '{relative}'?"
    return Finding(story.path, line, column, "unknown-story-link", Severity.ERROR, message, hint)


def _resolve(
    candidate: Candidate, story_path: str, by_path: Mapping[str, str], ids: Mapping[str, object],
    stories_dir: str | None,
) -> _Resolved:
    """Which story a candidate links to; `unknown` is set when it should be a story but is none."""
    if candidate.wiki:
        if candidate.ref in ids:
            return _Resolved(candidate.ref, candidate.anchor)
        return _Resolved(None, None, candidate.ref)
    destination = candidate.ref
    if _SCHEME.match(destination) or destination.startswith("/"):
        return _Resolved(None, None)
    path, hash_sign, anchor = destination.partition("#")
    path = unquote(path)
    if not path.lower().endswith(".md"):
        return _Resolved(None, None)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(story_path), path))
    kept = anchor if hash_sign else None
    if resolved in by_path:
        return _Resolved(by_path[resolved], kept)
    stem = posixpath.basename(resolved)[:-3]
    if stem in ids:
        return _Resolved(stem, kept)
    if stories_dir is not None and (resolved == stories_dir or resolved.startswith(f"{stories_dir}/")):
        return _Resolved(None, None, resolved)
    return _Resolved(None, None)
