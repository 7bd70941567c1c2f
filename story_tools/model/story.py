"""The Story value object: one validated retention story."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = ["CONSENT_ITEMS", "VISIBILITIES", "Consent", "Story"]

VISIBILITIES = ("internal", "public")
"""Who may see a story; `internal` is the default."""

CONSENT_ITEMS = ("story", "name", "quote", "logo")
"""What a customer can approve for publication."""


@dataclass(frozen=True)
class Consent:
    """What the customer approved, who recorded it, when, and until when."""

    approved: frozenset[str] = frozenset()
    recorded_by: str | None = None
    recorded_on: datetime.date | None = None
    expires: datetime.date | None = None


@dataclass(frozen=True)
class Story:
    """A retention story that passed validation.

    `terms` holds, for every vocabulary dimension the story uses, the term
    slugs in the order written (aliases already resolved to their slug).
    """

    id: str
    path: str
    title: str
    date: datetime.date
    summary: str
    terms: tuple[tuple[str, tuple[str, ...]], ...]
    body: str = ""
    body_line: int = 1
    customer: str | None = None
    team: str | None = None
    author: str | None = None
    quote: str | None = None
    metrics: tuple[tuple[str, str], ...] = ()
    related: tuple[str, ...] = ()
    visibility: str = "internal"
    consent: Consent | None = None
    related_at: tuple[tuple[int, int], ...] = field(default=(), compare=False, repr=False)
    """Line and column of each `related` entry, for findings."""

    def terms_of(self, dimension: str) -> tuple[str, ...]:
        """The slugs this story carries in one dimension (empty when none)."""
        for name, slugs in self.terms:
            if name == dimension:
                return slugs
        return ()
