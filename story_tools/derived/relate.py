"""Related stories: for each story, the few others most worth reading next.

A story's list starts with the stories its author linked under `related:`
(those that exist, in the order written, each once), then fills up to `count`
with the best-scored others. The score of target T for source S is

    score(S, T) = sum over terms t carried by both of weight[dimension(t)] * idf(t)
    idf(t)      = log(1 + n / df(t))

with n the number of stories and df(t) the number of stories carrying t, so a
rare shared term counts more than a common one. Only targets with a score above
zero are listed, never the story itself, never an explicit link twice.

Ties are broken by (-score rounded to 9 decimals, newest date first, id); the
rounding is `rint(score * 1e9)` on the float, the same in NumPy and in Python.
Stories are put in id order and each story's terms in vocabulary order before
anything is summed, so the same archive gives the same lists, bit for bit,
whatever the order of the input.

Complexity. An inverted index maps each term to the ascending array of the
stories carrying it. For one source story, let m be the sum of df(t) over its
terms: the postings it touches. Its candidates' scores are added up term by
term into one scratch array of n slots, allocated once per call and reset after
each source only where it was written, so a source costs O(m), never an n x n
matrix nor an O(n) allocation or pass per story. A strided sample of the m
touched scores gives a floor under the count-th best; only the candidates at or
above it are deduplicated (`np.unique` of a short array; the whole of it is the
fallback, O(m log m)), the threshold is found with `np.partition`, and only the
candidates tied with it (to 9 decimals) are sorted, with `np.lexsort`.

In total O(P) time in the usual case and O(P log D) at worst, and O(n + P_max)
memory, where P = sum over terms of df(t)^2 is the number of postings touched,
D the largest df and P_max the most one story touches. With k terms per story
and no term on more than D stories, P <= n * k * D: linear in n while D stays
bounded. When single terms are on a fixed share of the archive, P grows as n^2,
but then so does the number of pairs of stories that share a term: when P
passes n^2 (from _BLOCKS_FROM stories on, with a vocabulary small enough for a
dense table), the scores of a block of stories come from one matrix product
(relateblocks.py), and only the candidates near each story's best are summed
exactly, as here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ..archive.vocabulary import Vocabulary
from ..model.story import Story
from .relateblocks import candidates_by_blocks

__all__ = ["AUTHOR_LINK", "DEFAULT_WEIGHTS", "UNKNOWN_WEIGHT", "Relation", "related_stories"]

AUTHOR_LINK = "linked by the story's author"
"""The reason given for every explicit `related:` link."""

DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "principle": 3.0,
    "outcome": 2.0,
    "touchpoint": 2.0,
    "industry": 1.5,
    "segment": 1.0,
    "product": 1.0,
    "region": 0.5,
})
"""How much a shared term of each dimension counts (before its rarity)."""

UNKNOWN_WEIGHT = 1.0
"""The weight of a dimension that neither DEFAULT_WEIGHTS nor the caller names."""

_SCALE = 1e9  # ties: scores equal to 9 decimals are equal
_SLACK = 2 / _SCALE  # a score this far below another may still round to the same 9 decimals
_SAMPLE = 256  # scores sampled per source to find a floor under its best
_BLOCKS_FROM = 2_000  # stories from which every list comes from relateblocks' matrix products, when
_BLOCK_TERMS = 512  # there are at most this many terms (a dense story x term table) and the postings
_BLOCKS_TOUCHED = 1.0  # the lists touch outnumber this many per pair of stories (measured at 10,000
# stories: 1.6 s against 2.7 s touching 1.8 a pair; 1.48 s against 1.0-1.15 s at 0.5 a pair)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Relation:
    """One entry of a story's related list, and why it is there."""

    source: str
    target: str
    score: float
    """The weighted overlap; 0.0 for explicit links."""
    explicit: bool
    """True when the source story lists the target under `related:`."""
    reasons: tuple[str, ...]
    """Plain words, such as ("same outcome: renewed", "shared principles: keep them informed, ...")."""

    @property
    def because(self) -> str:
        """The reasons as one line: "same outcome: renewed; shared principle: keep them informed"."""
        return "; ".join(self.reasons)


def related_stories(
    stories: Sequence[Story],
    vocabulary: Vocabulary,
    *,
    count: int = 3,
    weights: Mapping[str, float] | None = None,
) -> dict[str, tuple[Relation, ...]]:
    """Every story's related list, keyed by story id (in id order).

    `weights` overrides DEFAULT_WEIGHTS dimension by dimension; a weight of 0
    leaves a dimension out of scores and reasons. Explicit links are all kept,
    even beyond `count`. Raises ValueError for a negative `count`, a negative or
    non-finite weight, or two stories with the same id.
    """
    if count < 0:
        raise ValueError(f"count must be zero or more, not {count}")
    table = dict(DEFAULT_WEIGHTS)
    for name, value in (weights or {}).items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"the weight of '{name}' must be a finite number >= 0, not {value}")
        table[name] = float(value)
    ordered = sorted(stories, key=lambda story: story.id)
    for before, after in pairwise(ordered):
        if before.id == after.id:
            raise ValueError(f"two stories have the id '{after.id}'")
    index = _Index.build(ordered, vocabulary, table)
    touched = sum(len(posting) ** 2 for posting in index.postings)  # postings all lists touch
    pairs = len(ordered) ** 2
    explicit = [index.explicit(position) for position in range(len(ordered))]
    if len(ordered) < _BLOCKS_FROM or len(index.weights) > _BLOCK_TERMS or touched < _BLOCKS_TOUCHED * pairs:
        return {story.id: index.relations(position, count, explicit[position])
                for position, story in enumerate(ordered)}
    member = np.zeros((len(ordered), len(index.weights)), dtype=np.float64)
    for term, posting in enumerate(index.postings):
        member[posting, term] = 1.0
    found = candidates_by_blocks(member, np.array(index.weights, dtype=np.float64),
                                 [(position, *links) for position, links in enumerate(explicit)],
                                 [count - len(links) for links in explicit])
    return {story.id: index.relations(position, count, explicit[position], next(found))
            for position, story in enumerate(ordered)}


@dataclass(frozen=True)
class _Index:
    """The stories in id order, their terms as numbers, the inverted index, a scratch array."""

    stories: Sequence[Story]
    positions: Mapping[str, int]
    story_terms: Sequence[frozenset[int]]
    reason_terms: Sequence[tuple[int, ...]]
    """Per story, ascending (= vocabulary order): the terms with a weight above zero."""
    active_terms: Sequence[tuple[int, ...]]
    """Per story, ascending (= vocabulary order): the terms that can score, that is with a
    weight above zero and carried by another story too."""
    dimensions: Sequence[str]
    labels: Sequence[str]
    weights: Sequence[float]
    """Per term: dimension weight * idf."""
    postings: Sequence[IntArray]
    rank: IntArray
    """Each story's place in (newest date first, id) order: the tie-break."""
    totals: FloatArray
    """Scratch, one slot per story, all zero between two sources."""

    @staticmethod
    def build(stories: Sequence[Story], vocabulary: Vocabulary, table: Mapping[str, float]) -> _Index:
        sets = [
            {(dimension, slug) for dimension, slugs in story.terms for slug in slugs} for story in stories
        ]
        keys = sorted(set().union(*sets), key=lambda key: _order(vocabulary, *key))
        numbers = {key: number for number, key in enumerate(keys)}
        story_terms = [sorted(numbers[key] for key in found) for found in sets]
        members: list[list[int]] = [[] for _ in keys]
        for position, terms in enumerate(story_terms):
            for term in terms:
                members[term].append(position)
        n = len(stories)
        weights = [
            table.get(dimension, UNKNOWN_WEIGHT) * math.log(1 + n / len(members[number]))
            for number, (dimension, _) in enumerate(keys)
        ]
        active = [weights[number] > 0 and len(members[number]) > 1 for number in range(len(keys))]
        ordinals = np.array([story.date.toordinal() for story in stories], dtype=np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((np.arange(n), -ordinals))] = np.arange(n, dtype=np.int64)
        return _Index(
            stories=stories,
            positions={story.id: position for position, story in enumerate(stories)},
            story_terms=[frozenset(terms) for terms in story_terms],
            reason_terms=[tuple(term for term in terms if weights[term] > 0) for terms in story_terms],
            active_terms=[tuple(term for term in terms if active[term]) for terms in story_terms],
            dimensions=[dimension for dimension, _ in keys],
            labels=[_label(vocabulary, dimension, slug) for dimension, slug in keys],
            weights=weights,
            postings=[np.array(found, dtype=np.int64) for found in members],
            rank=rank,
            totals=np.zeros(n, dtype=np.float64),
        )

    def explicit(self, source: int) -> list[int]:
        """The stories one story links under `related:` that exist, each once, in its order."""
        explicit: list[int] = []
        for target_id in self.stories[source].related:
            target = self.positions.get(target_id)
            if target is not None and target != source and target not in explicit:
                explicit.append(target)
        return explicit

    def relations(self, source: int, count: int, explicit: Sequence[int],
                  scored: tuple[IntArray, FloatArray] | None = None) -> tuple[Relation, ...]:
        """The explicit links of one story (`explicit(source)`), then its best-scored others up to `count`.

        `scored`: the candidates and their scores, from candidates_by_blocks."""
        story = self.stories[source]
        wanted = count - len(explicit)
        best = self._best(source, wanted, explicit) if scored is None else self._pick(*scored, wanted)
        found = [
            Relation(story.id, self.stories[target].id, 0.0, True, (AUTHOR_LINK, *self._reasons(source, target)))
            for target in explicit
        ]
        found += [
            Relation(story.id, self.stories[target].id, score, False, self._reasons(source, target))
            for target, score in best
        ]
        return tuple(found)

    def _best(self, source: int, wanted: int, explicit: Sequence[int]) -> list[tuple[int, float]]:
        """The `wanted` best-scored candidates, in order, in time proportional to the postings touched."""
        terms = self.active_terms[source]
        if wanted <= 0 or not terms:
            return []
        totals = self.totals
        touched = np.concatenate([self.postings[term] for term in terms])
        for term in terms:  # in vocabulary order: every sum is added up in the same order
            totals[self.postings[term]] += self.weights[term]  # no story twice in one posting list
        totals[source] = -1.0  # below every real score, which is above zero
        if explicit:
            totals[explicit] = -1.0
        candidates = self._shortlist(touched, wanted)
        scores = totals[candidates]
        totals[touched] = 0.0
        if explicit:
            totals[explicit] = 0.0
        return self._pick(candidates, scores, wanted)

    def _pick(self, candidates: IntArray, scores: FloatArray, wanted: int) -> list[tuple[int, float]]:
        """The `wanted` best of `candidates` (every story that can be among them, or tie), in order."""
        if wanted <= 0:
            return []
        if len(scores) > wanted:
            threshold = float(np.partition(scores, len(scores) - wanted)[len(scores) - wanted])
            near = np.flatnonzero(scores >= threshold - _SLACK)
            candidates, scores = candidates[near], scores[near]
            rounded = np.rint(scores * _SCALE)
            tied = np.flatnonzero(rounded >= np.rint(threshold * _SCALE))
            candidates, scores, rounded = candidates[tied], scores[tied], rounded[tied]
        else:
            rounded = np.rint(scores * _SCALE)
        order = np.lexsort((self.rank[candidates], -rounded))[:wanted]
        return [(int(candidates[at]), float(scores[at])) for at in order if scores[at] > 0]

    def _shortlist(self, touched: IntArray, wanted: int) -> IntArray:
        """Distinct candidates, sure to hold the best `wanted` and all that tie with them.

        Any `wanted` scores give a floor under the wanted-th best, so a strided sample
        of the touched scores gives one in O(m); when at least `wanted` distinct
        candidates reach it, only those are kept.
        """
        values = self.totals[touched]
        step = len(touched) // _SAMPLE
        sample = values[::step] if step > 1 else values[:0]
        if len(sample) > wanted:
            floor = np.partition(sample, len(sample) - wanted)[len(sample) - wanted]
            shortlist = np.unique(touched[values >= floor - _SLACK])
            if len(shortlist) >= wanted:
                return shortlist
        return np.unique(touched)

    def _reasons(self, source: int, target: int) -> tuple[str, ...]:
        """One reason per dimension with shared terms that count, in vocabulary order."""
        theirs = self.story_terms[target]
        groups: dict[str, list[str]] = {}
        for term in self.reason_terms[source]:
            if term in theirs:
                groups.setdefault(self.dimensions[term], []).append(self.labels[term])
        return tuple(
            f"same {dimension}: {labels[0]}" if len(labels) == 1 else f"shared {dimension}s: {', '.join(labels)}"
            for dimension, labels in groups.items()
        )


def _order(vocabulary: Vocabulary, dimension: str, slug: str) -> tuple[int, str, int, str]:
    """Vocabulary order; dimensions and terms the vocabulary lacks come after, by name."""
    names = vocabulary.names
    if dimension not in names:
        return (len(names), dimension, 0, slug)
    place = names.index(dimension)
    slugs = [term.slug for term in vocabulary.dimensions[place].terms]
    return (place, "", slugs.index(slug), "") if slug in slugs else (place, "", len(slugs), slug)


def _label(vocabulary: Vocabulary, dimension: str, slug: str) -> str:
    """The term's label in lowercase, or its slug when the vocabulary lacks it."""
    found = vocabulary.dimension(dimension)
    term = found.find(slug) if found is not None else None
    return term.label.lower() if term is not None and term.slug == slug else slug
