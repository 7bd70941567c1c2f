"""Who sees what: the public audience gets only consented public stories."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from story_tools.archive.audience import for_audience
from story_tools.model.story import Consent, Story

TODAY = datetime.date(2026, 11, 22)


def story(story_id: str, visibility: str = "public", approved: tuple[str, ...] = ("story", "quote", "name"),
          expires: datetime.date | None = None, related: tuple[str, ...] = (), consent: bool = True) -> Story:
    return Story(
        id=story_id, path=f"stories/{story_id}.md", title=story_id.title(), date=datetime.date(2024, 1, 1),
        summary="s", terms=(), customer=f"Customer of {story_id}", quote=f"Quote of {story_id}",
        visibility=visibility, related=related, related_at=tuple((8, 11 + i) for i, _ in enumerate(related)),
        consent=Consent(frozenset(approved), expires=expires) if consent else None,
    )


def test_internal_audience_sees_everything_as_written() -> None:
    stories = [story("a"), story("b", visibility="internal")]
    seen = for_audience(stories, "internal", TODAY)
    assert seen.published == tuple(stories) and seen.excluded == () and seen.findings == ()


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"visibility": "internal"}, "internal"),
        ({"consent": False}, "no consent for the story"),
        ({"approved": ("quote", "name")}, "no consent for the story"),
        ({"expires": datetime.date(2026, 11, 1)}, "consent expired (2026-11-01)"),
    ],
)
def test_public_audience_leaves_out(kwargs: dict[str, object], reason: str) -> None:
    seen = for_audience([story("x", **kwargs)], "public", TODAY)  # type: ignore[arg-type]
    assert seen.published == ()
    assert [(e.story_id, e.reason) for e in seen.excluded] == [("x", reason)]


def test_expired_consent_is_an_error_and_expiring_soon_a_warning() -> None:
    seen = for_audience([story("old", expires=datetime.date(2026, 1, 1)),
                         story("soon", expires=datetime.date(2026, 12, 10))], "public", TODAY)
    assert {(f.path, f.rule, f.severity.value) for f in seen.findings} == {
        ("stories/old.md", "consent-expired", "error"), ("stories/soon.md", "consent-expiring", "warning"),
    }
    assert [s.id for s in seen.published] == ["soon"]


@pytest.mark.parametrize(
    ("approved", "quote", "customer"),
    [(("story", "quote", "name"), "Quote of x", "Customer of x"), (("story",), None, None),
     (("story", "quote"), "Quote of x", None), (("story", "name"), None, "Customer of x")],
)
def test_unapproved_elements_are_dropped(approved: tuple[str, ...], quote: str | None, customer: str | None) -> None:
    published = for_audience([story("x", approved=approved)], "public", TODAY).published[0]
    assert (published.quote, published.customer) == (quote, customer)


def test_related_links_to_stories_the_audience_does_not_see_are_dropped() -> None:
    stories = [story("a", related=("secret", "b")), story("b"), story("secret", visibility="internal")]
    published = {s.id: s for s in for_audience(stories, "public", TODAY).published}
    assert published["a"].related == ("b",) and published["a"].related_at == ((8, 12),)


def test_summary_always_adds_up() -> None:
    stories = [story("a"), story("b", visibility="internal"), story("c", consent=False), story("d", visibility="internal")]
    seen = for_audience(stories, "public", TODAY)
    assert seen.summary(len(stories)) == (
        "4 story files, public build: 1 published, 3 left out (internal: 2, no consent for the story: 1)."
    )
    assert len(seen.published) + len(seen.excluded) == len(stories)


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="audience must be one of internal, public"):
        for_audience([], "everyone", TODAY)


@given(st.lists(st.tuples(st.sampled_from(["public", "internal"]),
                          st.sets(st.sampled_from(["story", "quote", "name", "logo"])),
                          st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))),
                          st.booleans()), max_size=30))
def test_nothing_is_lost_on_random_archives(specs: list[tuple[str, set[str], datetime.date | None, bool]]) -> None:
    stories = [story(f"s{i}", visibility=v, approved=tuple(sorted(a)), expires=e, consent=c)
               for i, (v, a, e, c) in enumerate(specs)]
    for audience in ("internal", "public"):
        seen = for_audience(stories, audience, TODAY)
        assert len(seen.published) + len(seen.excluded) == len(stories)
        assert {s.id for s in seen.published}.isdisjoint(e.story_id for e in seen.excluded)
        line = seen.summary(len(stories))
        numbers = [int(n) for n in re.findall(r"(\d+)", line.split(" left out")[-1])] if seen.excluded else []
        assert line.startswith(f"{len(stories)} story file") and f"{len(seen.published)} published" in line
        assert sum(numbers) == len(seen.excluded) if seen.excluded else "left out" not in line
