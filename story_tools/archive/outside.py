"""Stories written in the wrong place: files outside the stories folder."""

from __future__ import annotations

from pathlib import Path

from ..model.findings import Finding, Severity
from ..reading.safeyaml import Mapping, parse_yaml
from ..reading.source import split_source
from .vocabulary import Vocabulary

__all__ = ["looks_like_story", "outside_finding"]


def looks_like_story(data: bytes, vocabulary: Vocabulary) -> bool:
    """True when a page's front matter carries a summary or a dimension of the
    vocabulary: someone meant it as a story."""
    source, _ = split_source(data, "", story_id="page")
    if source is None:
        return False
    root, _ = parse_yaml(source.front_matter, path="")
    if not isinstance(root, Mapping):
        return False
    keys = {key.text for key, _ in root.entries}
    return "summary" in keys or bool(keys & set(vocabulary.names))


def outside_finding(shown: str, stories_dir: str) -> Finding:
    """The finding for a story file that is not in the stories folder."""
    return Finding(
        shown, 0, 0, "outside-archive", Severity.ERROR,
        f"This story is outside the stories folder ({stories_dir}/), so it is not part of the archive.",
        f"Move the file into {stories_dir}/ (subfolders are fine).",
    )


def is_inside(path: Path, folder: Path) -> bool:
    """True when `path` is `folder` or below it."""
    return path == folder or folder in path.parents
