"""Pages written to the same address: `x.md` and `x/index.md`, `Guide.md` and `guide.md`.

MkDocs writes `x.md` and `x/index.md` both to `x/index.html`, and the second
silently replaces the first; `Guide.md` and `guide.md` are two pages on Linux
but one file on the Windows and macOS disks that writers use, and `é` written
as one character or as `e` plus an accent looks the same to everybody. So two
output paths with the same `name_key` (the rule story ids are compared by too)
are a finding. The adapter computes output paths (MkDocs' `dest_uri`);
this module only compares them.

The pages and files the archive makes are compared with each other and with
every file already in the site (excluded ones and other plugins' too) before
any is added: a build never replaces one file with another, whatever the cause.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.findings import Finding, Severity
from ..model.namekey import name_key

__all__ = ["generated_collisions", "path_collisions"]


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


def generated_collisions(made: Iterable[tuple[str, str]], present: Iterable[tuple[str, str]]) -> list[Finding]:
    """Findings for files the archive makes that would replace another file.

    `made` are (source path, output path) of every file the archive adds, in
    order; `present` (what to call it, source path) of files already in the site
    that `path_collisions` does not compare (excluded ones), such as
    "docs/x.md (left out of the site by exclude_docs)".
    """
    there = {src: shown for shown, src in present}
    sources: dict[str, str] = {}
    outputs: dict[str, str] = {}
    findings: list[Finding] = []
    for src, dest in made:
        key = name_key(dest)
        other = there.get(src) or sources.get(src) or outputs.get(key)
        if other is not None:
            findings.append(Finding(
                src, 0, 0, "address-collision", Severity.ERROR,
                f"The archive makes this page or file at the address {dest}, which {other} has too, "
                "so one would replace the other.",
                "Rename what the two have in common (a story file, a term, a dimension, the url_prefix of "
                "the story-tools plugin) or move the file; the site was not built.",
            ))
        sources.setdefault(src, f"another page the archive makes ({src})")
        outputs.setdefault(key, f"another page the archive makes ({src})")
    return findings
