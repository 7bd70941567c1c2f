"""Pages written to the same address: `x.md` and `x/index.md`, `Guide.md` and `guide.md`.

MkDocs writes `x.md` and `x/index.md` both to `x/index.html`, and the second
silently replaces the first; `Guide.md` and `guide.md` are two pages on Linux
but one file on the Windows and macOS disks that writers use, and `é` written
as one character or as `e` plus an accent looks the same to everybody. So two
output paths with the same `name_key` (the rule story ids are compared by too)
are a finding. The adapter computes output paths (MkDocs' `dest_uri`);
this module only compares them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ..model.findings import Finding, Severity
from ..model.namekey import name_key

__all__ = ["path_collisions"]


def path_collisions(pages: Iterable[tuple[str, str]], generated: Iterable[str]) -> list[Finding]:
    """Findings for pages whose output paths collide with each other or with a generated page.

    `pages` are (path as shown, output path) of the site's own pages, in a
    stable order; `generated` the output paths of the pages the archive makes.
    """
    made = {name_key(dest): dest for dest in generated}
    first: dict[str, tuple[str, str]] = {}
    findings: list[Finding] = []
    for shown, dest in pages:
        key = name_key(dest)
        if key in made:
            findings.append(Finding(
                shown, 0, 0, "page-collision", Severity.ERROR,
                f"This page has the same address as a page the archive makes ({made[key]}).",
                "Rename or move the page; story, term and coverage pages are made from the archive.",
            ))
        elif key in first:
            other, other_dest = first[key]
            same = "the same address" if other_dest == dest else "an address that differs only in capitals or accents"
            findings.append(Finding(
                shown, 0, 0, "path-collision", Severity.ERROR,
                f"This page and {other} would be written to {same} ({dest}), so one would replace the other.",
                "Rename or move one of the two: 'x.md' and 'x/index.md' are the same page, "
                "and addresses must differ in more than capitals or accents.",
            ))
        else:
            first[key] = (shown, dest)
    return findings
