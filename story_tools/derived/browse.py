"""What the browse page and the call-prep brief need from the core.

* `facets`: each dimension's terms that some story carries, with its story
  count, for the server-rendered filter form (labels come from the vocabulary,
  so the browser needs no vocabulary file to label a checkbox).
* `client_vocabulary`: dimension and term labels as plain data, embedded in
  the brief page (escaped with Jinja's `tojson`, so no label can end the
  `<script>` element it sits in).
* `quote_usable`: whether a rep may repeat a story's quote to a prospect.

The filtering, the counts and the relevance order run in the browser
(assets/story-query.js); the rules are written down in README ("The site").
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from ..archive.vocabulary import Dimension, Term, Vocabulary
from ..model.story import Story

__all__ = ["BROWSE_PARAMETERS", "client_vocabulary", "facets", "quote_usable"]

BROWSE_PARAMETERS = ("q", "sort", "n")
"""Address parameters of the browse and brief pages besides the dimensions:
the text filter, the sort order and the brief's number of stories."""


def quote_usable(story: Story, today: datetime.date) -> bool:
    """A quote a rep may say to someone outside the company: the story is public
    and its consent approves the story and the quote and has not ended.

    A public build keeps only such quotes; an internal build shows the others
    too, marked "internal only — do not quote"."""
    consent = story.consent
    return bool(
        story.quote
        and story.visibility == "public"
        and consent is not None
        and {"story", "quote"} <= consent.approved
        and (consent.expires is None or consent.expires >= today)
    )


def facets(
    vocabulary: Vocabulary, by_term: Mapping[tuple[str, str], Sequence[Story]]
) -> list[tuple[Dimension, list[tuple[Term, int]]]]:
    """Every dimension with the terms that have stories, and how many, in vocabulary order.

    Terms nobody has told a story for are left out: a filter that can only
    ever show nothing is no help before a call."""
    result = []
    for dimension in vocabulary.dimensions:
        terms = [(term, len(by_term.get((dimension.name, term.slug), ()))) for term in dimension.terms]
        used = [(term, count) for term, count in terms if count]
        if used:
            result.append((dimension, used))
    return result


def client_vocabulary(vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """[{name, label, terms: [{slug, label}]}] in vocabulary order."""
    return [
        {
            "name": dimension.name,
            "label": dimension.label,
            "terms": [{"slug": term.slug, "label": term.label} for term in dimension.terms],
        }
        for dimension in vocabulary.dimensions
    ]
