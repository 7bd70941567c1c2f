"""Who a build is for: the internal audience sees every story, the public one
only what customers agreed to.

A public build keeps a story only when it is `visibility: public` and its
consent approves the story itself; it drops the quote and the customer's name
unless the consent approves them. A story whose consent has ended is left
out too: `check --audience public` calls that an error, a build leaves the story
out and goes on (so the site stops showing it the day consent ends); consent
that ends soon is a warning. Everything is decided here, before any page,
index or export is made, so nothing else needs to know.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model.findings import Finding, Severity
from ..model.story import Story

__all__ = ["AUDIENCES", "EXPIRY_WARNING_DAYS", "Audience", "Exclusion", "consent_ended_message", "for_audience"]

AUDIENCES = ("internal", "public")
EXPIRY_WARNING_DAYS = 30
"""Consent that ends within this many days is a warning."""


@dataclass(frozen=True)
class Exclusion:
    """A story left out of a build, and why, in words."""

    story_id: str
    path: str
    reason: str
    consent_ended: datetime.date | None = None
    """The day the customer's consent ended, when that is why the story is left out."""


@dataclass(frozen=True)
class Audience:
    """The stories one audience may see, the ones left out, and findings."""

    name: str
    published: tuple[Story, ...]
    excluded: tuple[Exclusion, ...]
    findings: tuple[Finding, ...]

    def reasons(self) -> dict[str, int]:
        """How many stories were left out for each reason (dates of expiry left off), sorted by reason."""
        reasons: dict[str, int] = {}
        for exclusion in self.excluded:
            key = exclusion.reason.split(" (")[0]
            reasons[key] = reasons.get(key, 0) + 1
        return dict(sorted(reasons.items()))

    def summary(self, found: int) -> str:
        """"12 story files: 9 published, 3 left out (internal: 2, no consent: 1)." — always adds up."""
        detail = ", ".join(f"{reason}: {count}" for reason, count in self.reasons().items())
        left = f", {len(self.excluded)} left out ({detail})" if self.excluded else ""
        files = "story file" if found == 1 else "story files"
        return f"{found} {files}, {self.name} build: {len(self.published)} published{left}."

    def report(self, found: int) -> dict[str, object]:
        """The build report (JSON-ready): the counts, which add up, and every story by id.

        It names the stories left out, so it is never part of a public site.
        """
        return {
            "audience": self.name,
            "story_files": found,
            "published": len(self.published),
            "left_out": len(self.excluded),
            "left_out_by_reason": self.reasons(),
            "summary": self.summary(found),
            "published_stories": [story.id for story in self.published],
            "left_out_stories": [_left_out(e) for e in self.excluded],
        }

    def consent_ended(self) -> tuple[Exclusion, ...]:
        """The stories left out because the customer's consent has ended, in archive order."""
        return tuple(e for e in self.excluded if e.consent_ended is not None)


def consent_ended_message(ended: str) -> str:
    """Why a story left the public site, in words: for the build log and the publish summary."""
    return (f"Left out of the public site: the customer's consent ended on {ended}. "
            "Renew the consent (and change consent: expires), or make the story internal (visibility: internal).")


def _left_out(exclusion: Exclusion) -> dict[str, str]:
    entry = {"id": exclusion.story_id, "path": exclusion.path, "reason": exclusion.reason}
    if exclusion.consent_ended is not None:
        entry["consent_ended"] = exclusion.consent_ended.isoformat()
    return entry


def for_audience(stories: Sequence[Story], audience: str, today: datetime.date) -> Audience:
    """The stories `audience` may see, as they may see them."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    if audience == "internal":
        return Audience(audience, tuple(stories), (), ())
    published: list[Story] = []
    excluded: list[Exclusion] = []
    findings: list[Finding] = []
    for story in stories:
        consent = story.consent
        if story.visibility != "public":
            excluded.append(Exclusion(story.id, story.path, "internal"))
            continue
        if consent is None or "story" not in consent.approved:
            excluded.append(Exclusion(story.id, story.path, "no consent for the story"))
            findings.append(Finding(
                story.path, 1, 1, "no-consent", Severity.WARNING,
                "This story is public, but its consent does not approve the story itself,"
                " so the public site leaves it out.",
                "Record the customer's approval under consent: approved: [story, ...], or make it internal.",
            ))
            continue
        if consent.expires is not None and consent.expires < today:
            excluded.append(Exclusion(story.id, story.path, f"consent expired ({consent.expires.isoformat()})",
                                      consent_ended=consent.expires))
            findings.append(Finding(
                story.path, 1, 1, "consent-expired", Severity.ERROR,
                f"The customer's consent ended on {consent.expires.isoformat()}; the story may no longer be public.",
                "Renew the consent (and update consent: expires), or set visibility: internal.",
            ))
            continue
        if consent.expires is not None and (consent.expires - today).days <= EXPIRY_WARNING_DAYS:
            findings.append(Finding(
                story.path, 1, 1, "consent-expiring", Severity.WARNING,
                f"The customer's consent ends on {consent.expires.isoformat()}, within {EXPIRY_WARNING_DAYS} days.",
                "Ask the customer to renew it, or plan to make the story internal.",
            ))
        published.append(replace(
            story,
            quote=story.quote if "quote" in consent.approved else None,
            customer=story.customer if "name" in consent.approved else None,
        ))
    # Related links to stories this audience does not see are dropped (with their positions).
    keep = {story.id for story in published}
    published = [_only_related_to(story, keep) for story in published]
    return Audience(audience, tuple(published), tuple(excluded), tuple(findings))


def _only_related_to(story: Story, keep: set[str]) -> Story:
    pairs = [(r, at) for r, at in zip(story.related, story.related_at, strict=True) if r in keep]
    return replace(story, related=tuple(r for r, _ in pairs), related_at=tuple(at for _, at in pairs))
