"""The JSON Schema (draft 2020-12) of story front matter, for editors."""

from __future__ import annotations

from typing import Any

from ..model.story import CONSENT_ITEMS, VISIBILITIES
from .validate import REQUIRED_FIELDS
from .vocabulary import Vocabulary

__all__ = ["story_schema"]

_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


def story_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """Each dimension's slugs and aliases are `enum` values, so an editor
    underlines a wrong term while it is typed."""
    properties: dict[str, Any] = {
        "title": {**_TEXT, "title": "Title", "description": "The story's headline."},
        "date": {**_DATE, "title": "Date", "description": "When it happened, as YYYY-MM-DD."},
        "summary": {**_TEXT, "title": "Summary", "description": "One or two sentences a sales rep can read aloud."},
        "customer": {**_TEXT, "title": "Customer",
                     "description": "The customer as it may be shown, such as 'a family-run bakery';"
                                    " their name only if they agreed to be named."},
        "team": {**_TEXT, "title": "Team", "description": "The team that kept the customer."},
        "author": {**_TEXT, "title": "Author", "description": "Who wrote the story down."},
        "quote": {**_TEXT, "title": "Quote",
                  "description": "Something the customer said, in their words; sales repeats it to prospects"
                                 " only where the customer agreed."},
        "metrics": {
            "type": "object",
            "description": "Short label: value pairs, such as 'calls per week: 12 → 0'.",
            "additionalProperties": {"type": ["string", "number"]},
        },
        "related": {
            "description": "Ids (file names without .md) of related stories.",
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "uniqueItems": True}],
        },
        "visibility": {"enum": list(VISIBILITIES), "default": "internal", "title": "Who may see it",
                       "description": "Who may see the story."},
        "consent": {
            "type": "object",
            "description": "What the customer approved for publication.",
            "additionalProperties": False,
            "properties": {
                "approved": {"type": "array", "items": {"enum": list(CONSENT_ITEMS)}, "uniqueItems": True},
                "recorded_by": _TEXT,
                "recorded_on": _DATE,
                "expires": _DATE,
            },
        },
    }
    required = list(REQUIRED_FIELDS)
    for dimension in vocabulary.dimensions:
        names = dimension.names()
        term = {"enum": names}
        properties[dimension.name] = {
            "title": dimension.label,
            "description": f"{dimension.label}: {dimension.description}",
            "oneOf": [term, {"type": "array", "items": term, "minItems": 1, "uniqueItems": True}],
        }
        if dimension.required:
            required.append(dimension.name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://story-tools.invalid/story.schema.json",
        "title": "Retention story front matter",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
