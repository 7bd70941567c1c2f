"""Did-you-mean suggestions for misspelt field names and terms."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["DID_YOU_MEAN", "closest", "did_you_mean"]

DID_YOU_MEAN = "Did you mean '{match}'?"


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `word`, or None when nothing is close."""
    pool = list(dict.fromkeys(candidates))
    folded = word.strip().lower().replace(" ", "-").replace("_", "-")
    by_folded = {c.lower(): c for c in pool}
    if folded in by_folded:
        return by_folded[folded]
    match = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return by_folded[match[0]] if match else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ready sentence ("Did you mean 'x'?") or an empty string."""
    match = closest(word, candidates)
    return DID_YOU_MEAN.format(match=match) if match else ""
