"""Related stories for a large archive: every story's candidates from a few matrix products.

relate.py scores one story at a time from the inverted index: the work is the
postings it touches, which grows as n^2 when terms are on a fixed share of the
archive (each term of the generated 100,000-story archive is on 10-25 % of it:
280 s of a 13.5-minute build). When the vocabulary is small enough for a dense
story x term table, the same scores come, for a block of stories at once, from
one matrix product (BLAS): still n^2 pairs, but at the speed of the machine's
floating point rather than one NumPy call per term and story.

The product sums in its own order, so its scores are only used to choose
candidates: every story within TOLERANCE of the wanted-th best (far more than
the product's rounding, and than the 9 decimals ties are judged by). Their exact
scores are then summed as relate.py sums them, term by term in vocabulary order
(`np.cumsum` adds left to right, and adding 0.0 for a term a story lacks
changes no bit), so the lists are the same, bit for bit, as without this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["BLOCK", "TOLERANCE", "candidates_by_blocks"]

BLOCK = 128
"""Stories scored per matrix product: a block of scores is BLOCK x n numbers (100 MB at 100,000)."""
TOLERANCE = 1e-6
"""How far below the wanted-th best an approximate score may be and still be looked at exactly."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def candidates_by_blocks(
    member: FloatArray, weights: FloatArray, excluded: Sequence[Sequence[int]], wanted: Sequence[int],
) -> Iterator[tuple[IntArray, FloatArray]]:
    """For each story in order: the stories that can be among its `wanted` best, and their exact scores.

    `member`: n x terms, 1.0 where the story carries the term (terms in vocabulary order);
    `weights`: per term, the weight of sharing it (0.0 for a term that cannot score);
    `excluded`: per story, the stories never to list (itself, its explicit links)."""
    n = member.shape[0]
    weighted = member * weights  # a story's row: the weight of each term it carries
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))
    for start in range(0, n, BLOCK):
        scores = weighted[start:start + BLOCK] @ member.T  # approximate: the product's own order
        for row, source in enumerate(range(start, min(n, start + BLOCK))):
            want = wanted[source]
            if want <= 0:
                yield empty
                continue
            found = scores[row]
            found[list(excluded[source])] = 0.0
            positive = np.flatnonzero(found > 0)
            if len(positive) > want:
                values = found[positive]
                best = float(np.partition(values, len(values) - want)[len(values) - want])
                positive = positive[values >= best - TOLERANCE]
            exact = np.cumsum(member[positive] * weighted[source], axis=1)[:, -1] if len(positive) else empty[1]
            yield positive, exact
