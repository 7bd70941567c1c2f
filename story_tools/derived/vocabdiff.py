"""What a change to the vocabulary does: for the curator reviewing a pull request.

Terms added, removed, renamed (the old slug now an alias of another term) and
labels or descriptions changed, dimension by dimension; and, for each removed
or renamed term, the stories that use it and whether they still pass `check`.
Which stories use a term is read from each story's fields as written, with the
old vocabulary, so a story that now fails is still found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..archive.vocabulary import Dimension, Vocabulary
from ..checks.summary import markdown_cell
from ..model.findings import Finding, Severity
from ..reading.safeyaml import Mapping as YamlMapping
from ..reading.safeyaml import parse_yaml
from ..reading.source import SourceFile
from ..reading.values import ValueReader

__all__ = ["TermChange", "VocabularyDiff", "diff_vocabularies", "markdown_report", "term_users"]


@dataclass(frozen=True)
class TermChange:
    """One change to one term (or to a whole dimension, with `slug` empty)."""

    dimension: str
    kind: str
    """'added', 'removed', 'renamed', 'label', 'description', 'dimension added' or 'dimension removed'."""
    slug: str
    """The term's slug as it was; for 'added', as it is."""
    old: str = ""
    new: str = ""
    """Renamed: the slug it is now an alias of; label and description: the new text."""


@dataclass(frozen=True)
class VocabularyDiff:
    changes: tuple[TermChange, ...]

    def gone(self) -> tuple[TermChange, ...]:
        """The removed and renamed terms: the ones stories may still use by their old slug."""
        return tuple(c for c in self.changes if c.kind in ("removed", "renamed"))


def _dimension_changes(base: Dimension, head: Dimension) -> list[TermChange]:
    changes: list[TermChange] = []
    targets: set[str] = set()
    for term in base.terms:
        now = head.find(term.slug)
        if now is None:
            changes.append(TermChange(base.name, "removed", term.slug, term.label))
            continue
        if now.slug != term.slug:
            changes.append(TermChange(base.name, "renamed", term.slug, term.slug, now.slug))
            targets.add(now.slug)
        if now.slug == term.slug and now.label != term.label:
            changes.append(TermChange(base.name, "label", term.slug, term.label, now.label))
        if now.slug == term.slug and now.description != term.description:
            changes.append(TermChange(base.name, "description", term.slug, term.description, now.description))
    known = {term.slug for term in base.terms}
    changes += [TermChange(head.name, "added", term.slug, "", term.label)
                for term in head.terms if term.slug not in known and term.slug not in targets]
    return changes


def diff_vocabularies(base: Vocabulary, head: Vocabulary) -> VocabularyDiff:
    """What changed from `base` to `head`; a removed dimension's terms count as removed."""
    changes: list[TermChange] = []
    for dimension in base.dimensions:
        now = head.dimension(dimension.name)
        if now is None:
            changes.append(TermChange(dimension.name, "dimension removed", ""))
            changes += [TermChange(dimension.name, "removed", t.slug, t.label) for t in dimension.terms]
        else:
            changes += _dimension_changes(dimension, now)
    for dimension in head.dimensions:
        if base.dimension(dimension.name) is None:
            changes.append(TermChange(dimension.name, "dimension added", ""))
            changes += [TermChange(dimension.name, "added", t.slug, "", t.label) for t in dimension.terms]
    return VocabularyDiff(tuple(changes))


def term_users(sources: Sequence[SourceFile], base: Vocabulary) -> dict[tuple[str, str], list[str]]:
    """For each (dimension, slug) of `base`, the paths of the stories whose fields name it (or an alias of it)."""
    users: dict[tuple[str, str], list[str]] = {}
    for source in sources:
        root, problems = parse_yaml(source.front_matter, path=source.path, line_offset=1)
        if not isinstance(root, YamlMapping) or problems:
            continue
        reader, fields = ValueReader(source.path), root.fields()
        for dimension in base.dimensions:
            node = fields.get(dimension.name)
            if node is None or reader.is_empty(node):
                continue
            for value, _ in reader.text_list(node, dimension.name):
                term = dimension.find(value)
                if term is not None and source.path not in users.setdefault((dimension.name, term.slug), []):
                    users[(dimension.name, term.slug)].append(source.path)
    return users


def _line(change: TermChange) -> str:
    slug = f"`{markdown_cell(change.slug)}`"
    if change.kind == "added":
        return f"Added {slug} ({markdown_cell(change.new)})"
    if change.kind == "removed":
        return f"Removed {slug} ({markdown_cell(change.old)})"
    if change.kind == "renamed":
        return f"Renamed {slug} → `{markdown_cell(change.new)}` (the old slug is now an alias)"
    what = "Label" if change.kind == "label" else "Description"
    return f"{what} of {slug}: “{markdown_cell(change.old)}” → “{markdown_cell(change.new)}”"


def markdown_report(diff: VocabularyDiff, users: Mapping[tuple[str, str], Sequence[str]],
                    findings: Sequence[Finding], *, since: str) -> str:
    """The job summary: each dimension's changes, and the stories each removed or renamed term touches
    (with the first error `check` finds in each that fails)."""
    lines = [f"## Vocabulary changes since {markdown_cell(since)}", ""]
    if not diff.changes:
        return "\n".join([*lines, "No term was added, removed, renamed or relabelled.", ""])
    failing: dict[str, str] = {}
    for finding in findings:
        if finding.severity is Severity.ERROR:
            failing.setdefault(finding.path, finding.message)
    for dimension in dict.fromkeys(change.dimension for change in diff.changes):
        lines += [f"### {markdown_cell(dimension)}", ""]
        for change in (c for c in diff.changes if c.dimension == dimension):
            if change.kind.startswith("dimension"):
                lines.append(f"- **The whole dimension was {change.kind.split()[1]}.**")
                continue
            lines.append(f"- {_line(change)}")
            if change in diff.gone():
                used = users.get((dimension, change.slug), ())
                lines.append(f"  - used by {len(used)} stor{'y' if len(used) == 1 else 'ies'}" + (":" if used else ""))
                lines += [f"    - {markdown_cell(path)}: " + (
                    f"❌ fails check: {markdown_cell(failing[path])}" if path in failing else "✅ still passes"
                ) for path in used]
        lines.append("")
    return "\n".join(lines)
