"""Writes the generated files into docs_dir, and remembers which they are.

A manifest (`.story-tools-generated.json`, a dotfile: neither engine publishes
it) lists every file written, so the next run removes what is no longer made
(a story deleted, a term renamed), the MkDocs plugin leaves them to its own
in-memory copies, and a hand-written page is never overwritten. A
`.gitignore` beside it keeps all of them out of git.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

__all__ = ["MANIFEST", "GeneratedWriteError", "read_manifest", "write_generated"]

MANIFEST = ".story-tools-generated.json"
GITIGNORE = ".gitignore"


class GeneratedWriteError(Exception):
    """A generated file would replace one the site's authors wrote; the message names it."""


def read_manifest(docs_dir: Path) -> set[str]:
    """The files (relative to docs_dir) the last `story-tools generate` wrote there."""
    try:
        listed = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {str(path) for path in listed.get("files", [])} if isinstance(listed, dict) else set()


def write_generated(docs_dir: Path, files: Mapping[str, str | bytes]) -> int:
    """Write `files` below `docs_dir`, remove the previous run's leftovers; return how many were removed.

    Raises GeneratedWriteError, before writing anything, when a file would
    replace one that the previous run did not write (a page of the site's own)."""
    before = read_manifest(docs_dir)
    ignore_file = docs_dir / GITIGNORE
    own_ignore = ignore_file.exists() and ignore_file.read_text(encoding="utf-8").startswith(_IGNORE_HEAD)
    if ignore_file.exists() and not own_ignore:
        raise GeneratedWriteError(f"{ignore_file} is the site's own file; story-tools generate writes its own there")
    clashes = sorted(path for path in files if path not in before and (docs_dir / path).exists())
    if clashes:
        shown = ", ".join(clashes[:5]) + (f" and {len(clashes) - 5} more" if len(clashes) > 5 else "")
        raise GeneratedWriteError(
            f"the archive makes pages at addresses the site already uses: {shown} in {docs_dir}. "
            "Rename or move those files (the archive's pages are listed in README, 'Where pages live')."
        )
    removed = 0
    for path in sorted(before - set(files)):
        target = docs_dir / path
        if target.is_file():
            target.unlink()
            removed += 1
            _prune(target.parent, docs_dir)
    for path, content in files.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not target.is_file() or target.read_bytes() != data:  # unchanged files keep their time: serve stays calm
            target.write_bytes(data)
    (docs_dir / MANIFEST).write_text(json.dumps({"files": sorted(files)}, indent=0) + "\n", encoding="utf-8")
    ignore_file.write_text(_IGNORE_HEAD + "".join(f"/{line}\n" for line in _ignored(docs_dir, set(files))),
                           encoding="utf-8")
    return removed


_IGNORE_HEAD = f"# Written by story-tools generate: the archive's generated pages.\n/{GITIGNORE}\n/{MANIFEST}\n"


def _ignored(docs_dir: Path, files: set[str]) -> list[str]:
    """Whole top-level folders where the archive wrote every file; single files elsewhere."""
    lines = []
    for top in sorted({path.split("/")[0] for path in files}):
        folder = docs_dir / top
        mine = {path for path in files if path == top or path.startswith(f"{top}/")}
        theirs = folder.is_dir() and any(
            item.is_file() and item.relative_to(docs_dir).as_posix() not in mine for item in folder.rglob("*")
        )
        lines += sorted(mine) if theirs else [top]
    return lines


def _prune(folder: Path, docs_dir: Path) -> None:
    """Remove empty folders left behind, up to docs_dir."""
    while folder != docs_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
