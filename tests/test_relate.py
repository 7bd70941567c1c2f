"""Related stories: scores, explicit links, reasons in words, ties, and a brute-force twin."""

from __future__ import annotations

import datetime
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from story_tools.archive.vocabulary import Dimension, Term, Vocabulary
from story_tools.derived import relate
from story_tools.derived.relate import AUTHOR_LINK, DEFAULT_WEIGHTS, Relation, related_stories
from story_tools.model.story import Story

LABELS = {  # dimension: slug -> label, in vocabulary order
    "principle": {"keep-them-informed": "Keep them informed", "involve-the-customer": "Involve the Customer",
                  "listen": "Listen"},
    "outcome": {"renewed": "Renewed", "expanded": "Expanded"},
    "touchpoint": {"call": "Call", "visit": "Visit"},
    "region": {"north": "North", "south": "South"},
}
VOCABULARY = Vocabulary(tuple(
    Dimension(name, name.title(), "", True, tuple(Term(name, slug, label, "") for slug, label in terms.items()))
    for name, terms in LABELS.items()
))
TERMS = {d.name: [t.slug for t in d.terms] for d in VOCABULARY.dimensions}


def story(story_id: str, date: str = "2023-01-01", related: Sequence[str] = (), **terms: str) -> Story:
    """A story with terms given as dimension="slug slug ..."."""
    return Story(
        id=story_id, path=f"stories/{story_id}.md", title=story_id, date=datetime.date.fromisoformat(date),
        summary="", terms=tuple((dimension, tuple(slugs.split())) for dimension, slugs in terms.items()),
        related=tuple(related),
    )


def targets(relations: Sequence[Relation]) -> list[str]:
    return [relation.target for relation in relations]


def test_rarer_terms_outrank_common_ones() -> None:
    archive = [story("src", touchpoint="call visit"), story("common", touchpoint="call"),
               story("rare", touchpoint="visit"), story("x", touchpoint="call"), story("y", touchpoint="call")]
    result = related_stories(archive, VOCABULARY, count=2)
    assert targets(result["src"]) == ["rare", "common"]
    assert result["src"][0].score > result["src"][1].score > 0


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (None, ["by-principle", "by-region"]),
        ({"principle": 0.1, "region": 5}, ["by-region", "by-principle"]),
        ({"principle": 0}, ["by-region"]),
    ],
)
def test_weights_change_the_order(weights: Mapping[str, float] | None, expected: list[str]) -> None:
    archive = [story("src", principle="listen", region="north"), story("by-principle", principle="listen"),
               story("by-region", region="north")]
    assert targets(related_stories(archive, VOCABULARY, weights=weights)["src"]) == expected


def test_score_is_weighted_idf_sum() -> None:
    archive = [story("a", outcome="renewed", region="north"), story("b", outcome="renewed", region="north"),
               story("c", region="north")]
    (relation,) = related_stories(archive, VOCABULARY, count=1)["a"]
    expected = DEFAULT_WEIGHTS["outcome"] * math.log(1 + 3 / 2) + DEFAULT_WEIGHTS["region"] * math.log(1 + 3 / 3)
    assert relation.score == pytest.approx(expected)
    assert relation.because == "same outcome: renewed; same region: north"


def test_unknown_dimensions_weigh_one() -> None:
    archive = [story("a", channel="email"), story("b", channel="email")]
    (relation,) = related_stories(archive, VOCABULARY)["a"]
    assert relation.score == pytest.approx(math.log(2))
    assert relation.reasons == ("same channel: email",)


def test_explicit_links_come_first_even_without_overlap() -> None:
    archive = [story("src", related=["stranger"], outcome="renewed"), story("twin", outcome="renewed"),
               story("stranger", region="south")]
    assert related_stories(archive, VOCABULARY)["src"] == (
        Relation("src", "stranger", 0.0, True, (AUTHOR_LINK,)),
        Relation("src", "twin", pytest.approx(math.log(1 + 3 / 2) * 2), False, ("same outcome: renewed",)),  # type: ignore[arg-type]
    )


def test_explicit_links_are_not_repeated_and_keep_shared_reasons() -> None:
    archive = [story("src", related=["twin", "twin", "src", "missing"], outcome="renewed"),
               story("twin", outcome="renewed"), story("other", outcome="renewed")]
    relations = related_stories(archive, VOCABULARY)["src"]
    assert [(r.target, r.explicit) for r in relations] == [("twin", True), ("other", False)]
    assert relations[0].because == "linked by the story's author; same outcome: renewed"


@pytest.mark.parametrize(
    ("count", "related", "expected"),
    [
        (0, [], []),
        (1, [], ["b"]),
        (2, [], ["b", "c"]),
        (9, [], ["b", "c", "d"]),
        (2, ["e"], ["e", "b"]),
        (0, ["e"], ["e"]),
        (1, ["e", "d"], ["e", "d"]),
    ],
)
def test_count_is_respected_and_explicit_links_always_kept(count: int, related: list[str], expected: list[str]) -> None:
    archive = [
        story("a", related=related, date="2023-01-01", outcome="renewed"),
        story("b", date="2023-01-04", outcome="renewed"),
        story("c", date="2023-01-03", outcome="renewed"),
        story("d", date="2023-01-02", outcome="renewed"),
        story("e", region="north"),
    ]
    assert targets(related_stories(archive, VOCABULARY, count=count)["a"]) == expected


def test_never_itself_and_never_without_overlap() -> None:
    archive = [story("a", outcome="renewed"), story("b", outcome="renewed"), story("c", outcome="expanded")]
    result = related_stories(archive, VOCABULARY, count=5)
    assert {key: targets(value) for key, value in result.items()} == {"a": ["b"], "b": ["a"], "c": []}


@pytest.mark.parametrize(
    ("source_terms", "target_terms", "reasons"),
    [
        ({"outcome": "renewed"}, {"outcome": "renewed"}, ("same outcome: renewed",)),
        ({"principle": "listen keep-them-informed"}, {"principle": "keep-them-informed"},
         ("same principle: keep them informed",)),
        ({"principle": "involve-the-customer listen keep-them-informed"},
         {"principle": "listen involve-the-customer keep-them-informed"},
         ("shared principles: keep them informed, involve the customer, listen",)),
        ({"region": "north", "outcome": "renewed", "principle": "listen"},
         {"region": "north", "principle": "listen", "outcome": "renewed"},
         ("same principle: listen", "same outcome: renewed", "same region: north")),
        ({"touchpoint": "visit call", "outcome": "renewed expanded"},
         {"outcome": "expanded renewed", "touchpoint": "call visit"},
         ("shared outcomes: renewed, expanded", "shared touchpoints: call, visit")),
    ],
)
def test_reasons_wording(source_terms: dict[str, str], target_terms: dict[str, str], reasons: tuple[str, ...]) -> None:
    archive = [story("a", **source_terms), story("b", **target_terms), story("c", principle="listen")]
    (relation, *_) = related_stories(archive, VOCABULARY)["a"]
    assert (relation.target, relation.reasons) == ("b", reasons)
    assert relation.because == "; ".join(reasons)


def test_ties_break_by_newest_date_then_id() -> None:
    archive = [
        story("src", outcome="renewed"),
        story("old", date="2020-05-05", outcome="renewed"),
        story("new-b", date="2024-05-05", outcome="renewed"),
        story("new-a", date="2024-05-05", outcome="renewed"),
    ]
    assert targets(related_stories(archive, VOCABULARY)["src"]) == ["new-a", "new-b", "old"]


def random_archive(rng: random.Random, size: int) -> list[Story]:
    archive = []
    for index in range(size):
        terms = {name: " ".join(rng.sample(slugs, rng.randint(0, len(slugs)))) for name, slugs in TERMS.items()}
        archive.append(story(f"s{index:02d}", date=f"2023-0{rng.randint(1, 3)}-01",
                             related=rng.sample([f"s{i:02d}" for i in range(size)], rng.randint(0, 2)), **terms))
    return archive


@pytest.mark.parametrize("seed", range(5))
def test_the_same_lists_whatever_the_input_order(seed: int) -> None:
    archive = random_archive(random.Random(seed), 30)
    expected = related_stories(archive, VOCABULARY, count=4)
    shuffled = archive[:]
    random.Random(seed + 100).shuffle(shuffled)
    assert related_stories(shuffled, VOCABULARY, count=4) == expected
    assert list(expected) == sorted(s.id for s in archive)


def test_empty_archive_and_one_story() -> None:
    assert related_stories([], VOCABULARY) == {}
    assert related_stories([story("alone", related=["alone"], outcome="renewed")], VOCABULARY) == {"alone": ()}
    assert related_stories([story("a")], Vocabulary(())) == {"a": ()}


@pytest.mark.parametrize(
    ("archive", "kwargs", "message"),
    [
        ([story("a")], {"count": -1}, "count must be zero or more"),
        ([story("a")], {"weights": {"outcome": -1.0}}, "weight of 'outcome'"),
        ([story("a")], {"weights": {"outcome": math.nan}}, "weight of 'outcome'"),
        ([story("a"), story("a")], {}, "two stories have the id 'a'"),
    ],
)
def test_bad_arguments(archive: list[Story], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        related_stories(archive, VOCABULARY, **kwargs)  # type: ignore[arg-type]


def reference(
    archive: Sequence[Story], vocabulary: Vocabulary, count: int, weights: Mapping[str, float]
) -> dict[str, list[tuple[str, bool, float, tuple[str, ...]]]]:
    """The O(n^2) definition: score every pair, sort everything, keep the first ones."""
    table = {**DEFAULT_WEIGHTS, **weights}
    place = {(d.name, t.slug): (i, j) for i, d in enumerate(vocabulary.dimensions) for j, t in enumerate(d.terms)}
    label = {(d.name, t.slug): t.label.lower() for d in vocabulary.dimensions for t in d.terms}
    sets = {s.id: {(d, slug) for d, slugs in s.terms for slug in slugs} for s in archive}
    df = {key: sum(key in found for found in sets.values()) for found in sets.values() for key in found}

    def shared(a: str, b: str) -> list[tuple[str, str]]:
        return [key for key in sorted(sets[a] & sets[b], key=place.__getitem__) if table.get(key[0], 1.0) > 0]

    def reasons(a: str, b: str) -> tuple[str, ...]:
        groups: dict[str, list[str]] = {}
        for dimension, slug in shared(a, b):
            groups.setdefault(dimension, []).append(label[(dimension, slug)])
        return tuple(f"same {d}: {ls[0]}" if len(ls) == 1 else f"shared {d}s: {', '.join(ls)}" for d, ls in groups.items())

    result = {}
    for source in sorted(archive, key=lambda s: s.id):
        explicit = list(dict.fromkeys(r for r in source.related if r in sets and r != source.id))
        scored = []
        for target in archive:
            if target.id == source.id or target.id in explicit:
                continue
            score = 0.0
            for key in shared(source.id, target.id):  # vocabulary order, one addition at a time
                score += table.get(key[0], 1.0) * math.log(1 + len(archive) / df[key])
            if score > 0:
                scored.append((-round(score * 1e9), -target.date.toordinal(), target.id, score))
        scored.sort()
        result[source.id] = [(t, True, 0.0, (AUTHOR_LINK, *reasons(source.id, t))) for t in explicit] + [
            (t, False, score, reasons(source.id, t)) for _, _, t, score in scored[: max(0, count - len(explicit))]
        ]
    return result


@st.composite
def archives(draw: st.DrawFn) -> tuple[list[Story], int, dict[str, float]]:
    ids = draw(st.lists(st.sampled_from([f"s{i}" for i in range(14)]), unique=True, max_size=12))
    archive = []
    for story_id in ids:
        terms = {name: " ".join(draw(st.lists(st.sampled_from(slugs), unique=True, max_size=3)))
                 for name, slugs in TERMS.items()}
        archive.append(story(
            story_id, date=draw(st.sampled_from(["2023-01-01", "2023-01-02", "2024-06-30"])),
            related=draw(st.lists(st.sampled_from([*ids, "ghost"]), max_size=3)) if ids else (), **terms,
        ))
    weights = draw(st.dictionaries(st.sampled_from(list(TERMS)), st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])))
    return archive, draw(st.integers(0, 4)), weights


@pytest.mark.parametrize("matrix", [False, True], ids=["postings", "matrix-products"])
@settings(max_examples=300, deadline=None)
@given(archives(), st.randoms(use_true_random=False))
def test_matches_the_brute_force_definition(
    matrix: bool, case: tuple[list[Story], int, dict[str, float]], rng: random.Random
) -> None:
    archive, count, weights = case
    rng.shuffle(archive)
    with blocks(matrix):
        result = related_stories(archive, VOCABULARY, count=count, weights=weights)
    got = {key: [(r.target, r.explicit, r.score, r.reasons) for r in value] for key, value in result.items()}
    assert got == reference(archive, VOCABULARY, count, weights)


@contextmanager
def blocks(always: bool) -> Iterator[None]:
    """Every list from relateblocks' matrix products, whatever the archive's size, or none."""
    before = relate._BLOCKS_FROM, relate._BLOCKS_TOUCHED
    relate._BLOCKS_FROM, relate._BLOCKS_TOUCHED = (0, 0.0) if always else (10**12, 0.0)
    try:
        yield
    finally:
        relate._BLOCKS_FROM, relate._BLOCKS_TOUCHED = before


@pytest.fixture(params=[True, False], ids=["matrix-products", "postings"])
def either_way(request: pytest.FixtureRequest) -> Iterator[None]:
    with blocks(request.param):
        yield


def test_scores_equal_to_nine_decimals_tie() -> None:
    archive = [
        story("src", outcome="renewed", region="north"),
        story("region-match", date="2020-01-01", region="north"),
        story("outcome-match", date="2024-01-01", outcome="renewed"),
    ]
    weights = {"outcome": 1.0, "region": 1.0 + 1e-12}  # region scores a hair higher
    result = related_stories(archive, VOCABULARY, count=1, weights=weights)
    assert targets(result["src"]) == ["outcome-match"]  # the newer one wins the tie


@pytest.mark.parametrize(("count", "weights"), [(1, {}), (3, {"outcome": 2.0, "region": 2.0 + 1e-12}), (60, {})])
def test_large_archive_matches_the_brute_force_definition(
    count: int, weights: dict[str, float], either_way: None
) -> None:
    # ~150 stories per term: each source touches over 512 postings, enough for the sampled shortlist
    archive = random_archive(random.Random(count), 300)
    result = related_stories(archive, VOCABULARY, count=count, weights=weights)
    got = {key: [(r.target, r.explicit, r.score, r.reasons) for r in value] for key, value in result.items()}
    assert got == reference(archive, VOCABULARY, count, weights)


def test_scores_equal_to_nine_decimals_tie_in_a_large_archive(either_way: None) -> None:
    # 600 candidates, so the sampled shortlist is used; its floor must not cut the near ties
    archive = [story("src", outcome="renewed", region="north")]
    archive += [story(f"r{i:03d}", date="2023-01-01", region="north") for i in range(300)]
    archive += [story(f"o{i:03d}", date="2022-01-01", outcome="renewed") for i in range(299)]
    archive.append(story("o-newest", date="2024-01-01", outcome="renewed"))
    weights = {"outcome": 1.0, "region": 1.0 + 1e-12}
    result = related_stories(archive, VOCABULARY, count=2, weights=weights)
    assert targets(result["src"]) == ["o-newest", "r000"]
