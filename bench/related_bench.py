"""Benchmark: `related_stories` (every story's related list) at several archive sizes.

What is measured, per archive size N: one call of
`related_stories(stories, vocabulary, count=3)` on N generated `Story` objects
(no files, no YAML), median of `--repeat` runs after one warm-up.

Two vocabularies:

* fixed: the same vocabulary at every N (40 terms in each required dimension,
  8-20 in the optional ones, ~8.5 terms per story). At 10,000 stories each term
  is carried by hundreds of stories. A term's df grows with N here, so the
  postings touched (sum of df^2) grow as N^2: the pairs that share a term are
  themselves quadratic in number.
* scaled: the number of terms per dimension grows with N so that each term is
  carried by the same few hundred stories at every N; the work is then linear
  in N, which is what "sub-quadratic" means for the algorithm.

The brute-force reference (every pair, Python sets) is timed at 1,000 stories
only, for comparison. Target: all lists at 10,000 stories in at most 2 s.

Usage: python bench/related_bench.py [--stories 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Mapping

import numpy as np

from story_tools.archive.vocabulary import Dimension, Term, Vocabulary
from story_tools.derived.relate import DEFAULT_WEIGHTS, UNKNOWN_WEIGHT, related_stories
from story_tools.model.story import Story

SEED = 20240531
TARGET_SECONDS = 2.0
BRUTE_AT = 1000
# dimension: (terms at 10,000 stories, fewest and most terms per story)
SHAPE = {
    "touchpoint": (40, 1, 2),
    "principle": (40, 2, 3),
    "outcome": (40, 1, 1),
    "industry": (20, 1, 1),
    "segment": (12, 1, 1),
    "region": (10, 1, 1),
    "product": (20, 1, 1),
}


def vocabulary(scale: float) -> Vocabulary:
    """The SHAPE vocabulary with term counts multiplied by `scale` (at least 2 each)."""
    dimensions = []
    for name, (size, low, _) in SHAPE.items():
        terms = tuple(
            Term(name, f"{name}-{i}", f"{name.title()} {i}", "") for i in range(max(2, round(size * scale)))
        )
        dimensions.append(Dimension(name, name.title(), "", low > 0, terms))
    return Vocabulary(tuple(dimensions))


def stories(count: int, vocab: Vocabulary, rng: random.Random) -> list[Story]:
    """`count` stories with random dates, terms and a few explicit links."""
    ids = [f"story-{i:05d}" for i in range(count)]
    result = []
    for story_id in ids:
        terms = []
        for dimension in vocab.dimensions:
            _, low, high = SHAPE[dimension.name]
            picked = rng.sample(dimension.terms, min(len(dimension.terms), rng.randint(low, high)))
            terms.append((dimension.name, tuple(term.slug for term in picked)))
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        related = tuple(rng.sample(ids, rng.randint(0, 2)))
        result.append(Story(story_id, f"stories/{story_id}.md", story_id, date, "", tuple(terms), related=related))
    return result


def brute_force(archive: list[Story], vocab: Vocabulary, count: int = 3,
                weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> dict[str, list[tuple[str, float]]]:
    """The O(n^2) reference: score every pair with Python sets, sort, keep the best (ids only)."""
    n = len(archive)
    place = {(d.name, t.slug): (i, j) for i, d in enumerate(vocab.dimensions) for j, t in enumerate(d.terms)}
    sets = [{(d, s) for d, slugs in story.terms for s in slugs} for story in archive]
    df: dict[tuple[str, str], int] = {}
    for found in sets:
        for key in found:
            df[key] = df.get(key, 0) + 1
    idf = {key: weights.get(key[0], UNKNOWN_WEIGHT) * math.log(1 + n / value) for key, value in df.items()}
    result = {}
    for source, mine in zip(archive, sets, strict=True):
        explicit = {target for target in source.related if target != source.id}
        scored = []
        for target, theirs in zip(archive, sets, strict=True):
            if target is source or target.id in explicit:
                continue
            score = 0.0
            for key in sorted(mine & theirs, key=place.__getitem__):  # vocabulary order, one addition at a time
                score += idf[key]
            if score > 0:
                scored.append((-round(score * 1e9), -target.date.toordinal(), target.id, score))
        scored.sort()
        result[source.id] = [(item[2], item[3]) for item in scored[: max(0, count - len(explicit))]]
    return result


def postings_touched(archive: list[Story]) -> int:
    """sum over terms of df^2: the candidate entries the index reads."""
    df: dict[tuple[str, str], int] = {}
    for story in archive:
        for dimension, slugs in story.terms:
            for slug in slugs:
                df[(dimension, slug)] = df.get((dimension, slug), 0) + 1
    return sum(value * value for value in df.values())


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    uname = platform.uname()
    print(f"machine: {platform.processor() or uname.machine}, {uname.system} {uname.release}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, NumPy {np.__version__}")
    print(f"\nrelated_stories(count=3), median of {args.repeat} runs after one warm-up\n")
    print("| vocabulary | stories | terms | mean df | postings touched | time (s) | µs per story |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    times: dict[tuple[str, int], float] = {}
    brute: float | None = None
    for mode in ("fixed", "scaled"):
        for count in args.stories:
            vocab = vocabulary(1.0 if mode == "fixed" else count / 10_000)
            archive = stories(count, vocab, random.Random(SEED))
            seconds = median_seconds(lambda a=archive, v=vocab: related_stories(a, v), args.repeat)  # type: ignore[misc]
            times[(mode, count)] = seconds
            terms = sum(len(d.terms) for d in vocab.dimensions)
            carried = sum(len(slugs) for story in archive for _, slugs in story.terms)
            print(f"| {mode} | {count:,} | {terms} | {carried / terms:,.0f} | {postings_touched(archive):,} "
                  f"| {seconds:.3f} | {seconds / count * 1e6:,.0f} |")
            if mode == "fixed" and count == BRUTE_AT:
                fast = related_stories(archive, vocab)
                reference = brute_force(archive, vocab)
                same = all([(r.target, r.score) for r in fast[key] if not r.explicit] == reference[key]
                           for key in reference)
                brute = median_seconds(lambda a=archive, v=vocab: brute_force(a, v), args.repeat)  # type: ignore[misc]
                print(f"| fixed | {count:,} | brute force O(n²) | | | {brute:.3f} | "
                      f"{brute / count * 1e6:,.0f} | (same lists: {'yes' if same else 'NO'})")
    print()
    for mode in ("fixed", "scaled"):
        if (mode, 1000) in times and (mode, 10_000) in times:
            ratio = times[(mode, 10_000)] / times[(mode, 1000)]
            print(f"{mode}: time at 10,000 / time at 1,000 = {ratio:.1f} (linear ~10, quadratic ~100)")
    if brute is not None and ("fixed", BRUTE_AT) in times:
        print(f"brute force / related_stories at {BRUTE_AT:,} (fixed) = {brute / times[('fixed', BRUTE_AT)]:.0f}x")
    at_10k = times.get(("fixed", 10_000))
    if at_10k is None:
        print("NOT MEASURED: no 10,000-story run")
        return 0
    verdict = "TARGET MET" if at_10k <= TARGET_SECONDS else "TARGET MISSED"
    print(f"{verdict}: all related lists at 10,000 stories (fixed vocabulary) in {at_10k:.3f} s "
          f"(target {TARGET_SECONDS:.0f} s)")
    return 0 if at_10k <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
