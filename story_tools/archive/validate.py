"""Checking one story's front matter against the fields and the vocabulary."""

from __future__ import annotations

import datetime
import re

from ..checks.futuredate import future_date_problem
from ..checks.invisible import name_findings, tree_findings
from ..model.findings import Finding, Severity
from ..model.story import CONSENT_ITEMS, VISIBILITIES, Consent, Story
from ..model.suggest import DID_YOU_MEAN, closest
from ..reading.safeyaml import Limits, Mapping, Node, Scalar, parse_yaml
from ..reading.source import SourceFile
from ..reading.values import ValueReader
from .reserved import alternative, story_id_clash
from .vocabulary import Dimension, Vocabulary

__all__ = ["FIELDS", "REQUIRED_FIELDS", "SUMMARY_WARN_CHARS", "WORDING", "parse_story", "valid_id"]

REQUIRED_FIELDS = ("title", "date", "summary")
OPTIONAL_TEXT_FIELDS = ("customer", "team", "author", "quote")
FIELDS = (*REQUIRED_FIELDS, *OPTIONAL_TEXT_FIELDS, "metrics", "related", "visibility", "consent")
"""Every field a story may have besides the vocabulary's dimensions."""
CONSENT_FIELDS = ("approved", "recorded_by", "recorded_on", "expires")
NAME_FIELDS = ("date", "related", "visibility")
"""Fields whose values are names (a date, story ids, a fixed word), besides the dimensions' terms:
an invisible character in them is an error, in free text a warning."""
SUMMARY_WARN_CHARS = 400
"""A summary longer than this is hard to read aloud: a warning."""
_MISSING = ("The story has no {name}.", "Add a line '{name}: ...' between the '---' lines.")
_EMPTY = ("{name} is empty.", "Write the {name} after '{name}: '.")
_UNKNOWN_TERM = ("{name} '{value}' is not in the vocabulary.", "Choose one of: {shown}{more} (see {where}).")
_LONG_SUMMARY = ("The summary has {count} characters; sales reads it aloud in one breath.",
                 "Keep it to one or two sentences (under {limit} characters).")
WORDING = {"missing": _MISSING, "empty": _EMPTY, "unknown_term": _UNKNOWN_TERM, "long_summary": _LONG_SUMMARY,
           "did_you_mean": DID_YOU_MEAN}
"""(message, hint) templates of the field findings, by what they are about."""

_ID = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")


def valid_id(story_id: str) -> bool:
    """Ids become web addresses: letters, digits, hyphens and underscores."""
    return bool(_ID.match(story_id))


def parse_story(
    source: SourceFile, vocabulary: Vocabulary, *, limits: Limits | None = None,
    use_libyaml: bool | None = None, today: datetime.date | None = None,
) -> tuple[Story | None, list[Finding]]:
    """Validate one story file's front matter. Returns the Story when it has no
    errors (warnings allowed), and every finding. With `today`, a date more than
    a year after it is a warning."""
    root, findings = parse_yaml(
        source.front_matter, path=source.path, line_offset=1, limits=limits, use_libyaml=use_libyaml
    )
    reader = ValueReader(source.path)
    if not valid_id(source.story_id):
        suggestion = re.sub(r"[^\w]+", "-", source.story_id.lower()).strip("-_") or "my-story"
        suggestion = alternative(suggestion, "story") if story_id_clash(suggestion) else suggestion
        reader.error((0, 0), "bad-id", f"The file name '{source.story_id}.md' cannot be used as a web address.",
                     f"Rename it with letters, digits and hyphens only, such as '{suggestion}.md'.")
        findings += name_findings(source.story_id, path=source.path)
    if root is None:
        if not findings:
            reader.error((1, 1), "empty-field", "The block of fields between the '---' lines is empty.",
                         "Add title, date, summary and the terms; copy them from another story.")
        return None, findings + reader.findings
    if not isinstance(root, Mapping):
        reader.error(root, "not-a-mapping", "The front matter should be 'name: value' lines, one field per line.",
                     "Start each line with a field name and a colon, such as 'title: ...'.")
        return None, findings + reader.findings
    if any(f.rule in ("yaml-anchor", "yaml-tag") for f in findings):
        # The values behind anchors and tags are not what the writer sees;
        # checking them would only add confusing follow-up findings.
        return None, findings + reader.findings
    names = frozenset((*NAME_FIELDS, *vocabulary.names))
    findings += tree_findings(
        source.front_matter, root, path=source.path, line_offset=1,
        is_name=lambda keys, is_key: (is_key and (keys[0] != "metrics" or len(keys) == 1)) or keys[0] in names
        or (keys[0] == "consent" and keys[1:2] != ("recorded_by",)),
    )
    story = _read_fields(root, source, vocabulary, reader, today)
    findings += reader.findings
    if any(f.severity is Severity.ERROR for f in findings):
        return None, findings
    return story, findings


def _read_fields(
    root: Mapping, source: SourceFile, vocabulary: Vocabulary, reader: ValueReader, today: datetime.date | None,
) -> Story | None:
    reader.check_keys(root, (*FIELDS, *vocabulary.names), "a story")
    fields = root.fields()
    values: dict[str, object] = {}
    for name in REQUIRED_FIELDS:
        node = fields.get(name)
        if reader.is_empty(node):
            _missing(reader, name, node)
        elif name == "date":
            values[name] = reader.date(node, name)  # type: ignore[arg-type]
        else:
            values[name] = reader.text(node, name)  # type: ignore[arg-type]
    date = values.get("date")
    problem = future_date_problem(date, today) if isinstance(date, datetime.date) and today is not None else None
    if problem is not None:
        reader.warning(fields["date"], "future-date", *problem)
    summary = values.get("summary")
    if isinstance(summary, str) and len(summary) > SUMMARY_WARN_CHARS:
        reader.warning(fields.get("summary"), "long-summary",  # type: ignore[arg-type]
                       _LONG_SUMMARY[0].format(count=len(summary)), _LONG_SUMMARY[1].format(limit=SUMMARY_WARN_CHARS))
    for name in OPTIONAL_TEXT_FIELDS:
        node = fields.get(name)
        if not reader.is_empty(node):
            values[name] = reader.text(node, name)  # type: ignore[arg-type]
    terms = _read_terms(fields, vocabulary, reader)
    metrics = _read_metrics(fields.get("metrics"), reader)
    related_node = fields.get("related")
    related = [] if reader.is_empty(related_node) else reader.text_list(related_node, "related")  # type: ignore[arg-type]
    visibility = _read_visibility(fields.get("visibility"), reader)
    consent = _read_consent(fields.get("consent"), reader)
    if any(not values.get(name) for name in REQUIRED_FIELDS):
        return None
    return Story(
        id=source.story_id, path=source.path, title=values["title"],  # type: ignore[arg-type]
        date=values["date"], summary=values["summary"],  # type: ignore[arg-type]
        terms=terms, body=source.body, body_line=source.body_line,
        customer=values.get("customer"), team=values.get("team"),  # type: ignore[arg-type]
        author=values.get("author"), quote=values.get("quote"),  # type: ignore[arg-type]
        metrics=metrics, related=tuple(value for value, _ in related),
        related_at=tuple((at.line, at.column) for _, at in related),
        visibility=visibility, consent=consent,
    )


def _missing(reader: ValueReader, name: str, node: Node | None) -> None:
    if node is None:
        reader.error((1, 1), "missing-field", _MISSING[0].format(name=name), _MISSING[1].format(name=name))
    else:
        reader.error(node, "empty-field", _EMPTY[0].format(name=name), _EMPTY[1].format(name=name))


def _read_terms(
    fields: dict[str, Node], vocabulary: Vocabulary, reader: ValueReader
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    terms: list[tuple[str, tuple[str, ...]]] = []
    for dimension in vocabulary.dimensions:
        node = fields.get(dimension.name)
        if reader.is_empty(node):
            if dimension.required:
                _missing(reader, dimension.name, node)
            continue
        slugs: dict[str, int] = {}
        for value, at in reader.text_list(node, dimension.name):  # type: ignore[arg-type]
            term = dimension.find(value)
            if term is None:
                _unknown_term(reader, dimension, value, at, vocabulary.path)
            elif term.slug in slugs:
                same = "" if value == term.slug else f" ('{value}' is another name for '{term.slug}')"
                reader.error(at, "duplicate-term",
                             f"{dimension.name} '{term.slug}' is listed twice{same}.",
                             "Keep it once.")
            else:
                slugs[term.slug] = at.line
        terms.append((dimension.name, tuple(slugs)))
    return tuple(terms)


def _unknown_term(reader: ValueReader, dimension: Dimension, value: str, at: Scalar, where: str) -> None:
    name = dimension.name
    labels = {term.label: term.slug for term in dimension.terms}
    match = closest(value, [*dimension.names(), *labels])
    match = labels.get(match, match) if match else None
    if match:
        hint = DID_YOU_MEAN.format(match=match)
    else:
        shown = ", ".join(term.slug for term in dimension.terms[:12])
        hint = _UNKNOWN_TERM[1].format(shown=shown, more=", ..." if len(dimension.terms) > 12 else "", where=where)
    reader.error(at, "unknown-term", _UNKNOWN_TERM[0].format(name=name, value=value), hint)


def _read_metrics(node: Node | None, reader: ValueReader) -> tuple[tuple[str, str], ...]:
    if reader.is_empty(node):
        return ()
    block = reader.mapping(node, "metrics")  # type: ignore[arg-type]
    if block is None:
        return ()
    metrics: list[tuple[str, str]] = []
    for key, value in block.entries:
        if isinstance(value, Scalar) and value.kind in ("int", "float") and ":" not in value.text:
            metrics.append((key.text, value.text))
            continue
        text = reader.text(value, f"metrics: {key.text}")
        if text is not None:
            metrics.append((key.text, text))
    return tuple(metrics)


def _read_visibility(node: Node | None, reader: ValueReader) -> str:
    if reader.is_empty(node):
        return "internal"
    value = reader.text(node, "visibility")  # type: ignore[arg-type]
    if value is not None and value not in VISIBILITIES:
        reader.error(node, "unknown-term", f"visibility '{value}' is not one of: {', '.join(VISIBILITIES)}.",  # type: ignore[arg-type]
                     f"Did you mean '{closest(value, VISIBILITIES) or 'internal'}'?")
    return value if value in VISIBILITIES else "internal"


def _read_consent(node: Node | None, reader: ValueReader) -> Consent | None:
    if reader.is_empty(node):
        return None
    block = reader.mapping(node, "consent")  # type: ignore[arg-type]
    if block is None:
        return None
    reader.check_keys(block, CONSENT_FIELDS, "consent")
    approved: set[str] = set()
    if not reader.is_empty(block.get("approved")):
        for value, at in reader.text_list(block.get("approved"), "consent: approved"):  # type: ignore[arg-type]
            if value not in CONSENT_ITEMS:
                reader.error(at, "unknown-term", f"consent cannot approve '{value}'.",
                             f"Choose from: {', '.join(CONSENT_ITEMS)}.")
            approved.add(value)
    by = block.get("recorded_by")
    on, expires = block.get("recorded_on"), block.get("expires")
    return Consent(
        approved=frozenset(approved),
        recorded_by=None if reader.is_empty(by) else reader.text(by, "recorded_by"),  # type: ignore[arg-type]
        recorded_on=None if reader.is_empty(on) else reader.date(on, "recorded_on"),  # type: ignore[arg-type]
        expires=None if reader.is_empty(expires) else reader.date(expires, "expires"),  # type: ignore[arg-type]
    )
