"""The data Browse and the brief load: what they show, not the whole archive.

At 10,000 stories, every card in the Browse page's HTML made 11.6 MB, and the
brief read all of stories.json (9.1 MB) before it showed three stories. These
files let both compute exact counts and the order of any filter from a small
table, then fetch only the records they show:

    facets.json   {"version", "count", "chunk", "words", "terms": [[key, url], ...]}: every term
                  ("dimension/slug" and the term page's address), in the order of facets.bin
    facets.bin    which story has which term: for each term of facets.json, `words` 32-bit
                  little-endian words whose bit i (bit i % 32 of word i // 32) is set when the
                  i-th story in the Browse order (newest first, then by id) has the term.
                  A filter and every count are a few ANDs and bit counts over these
                  (63 terms: 0.08 MB at 10,000 stories, 0.79 MB at 100,000; the JSON lists
                  of numbers it replaced were 0.32 MB and 3.2 MB)
    r-<n>.json    `chunk` records from the n-th on: what a card and the brief show (stories.json's
                  records without the related stories, the id and the dimensions neither shows)
    text.json     [[title, summary], ...]: only fetched when words are typed in the filter

A story's number is its place in that order, so record i is in r-<i // chunk>.json.
The rules that turn a filter into counts and an order are in assets/story-query.js.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jinja2.utils import htmlsafe_json_dumps

from ..archive.vocabulary import Vocabulary
from .export import json_text

Remember = Callable[[str, Any, Callable[[], str]], str]
"""`remember(name, inputs, compute)`: `compute()`, or what it gave an earlier build for equal inputs."""

__all__ = ["CHUNK", "DATA_DIR", "PAGE", "browse_data", "page_count"]

CHUNK = 10
"""Records per file. A filter's first page of cards needs at most PAGE files, fewer when its
stories stand close together; small files keep a sparse filter (one story in twenty) cheap."""
PAGE = 50
"""Cards per page: the Browse page's first, each page of the list without JavaScript, and each "Show more"."""
RECORD_KEYS = ("url", "title", "summary", "date", "customer", "quote", "quote_usable", "visibility", "metrics")
"""What a card and the brief show of a story, besides its terms."""
DATA_DIR = "data"
"""Below browse/: browse/data/."""


_SHOWN_DIMENSIONS = ("touchpoint", "principle", "outcome", "industry", "segment")
"""The card's chips (touchpoint, principle, outcome) and the brief's facts (industry, segment, outcome)."""


def page_count(stories: int) -> int:
    """How many pages of PAGE cards the list of every story takes (at least one)."""
    return max(1, -(-stories // PAGE))


def browse_data(
    records: Sequence[Mapping[str, Any]], vocabulary: Vocabulary, term_urls: Mapping[str, str],
    *, remember: Remember | None = None,
) -> dict[str, str | bytes]:
    """Every data file, by name (relative to browse/data/): JSON text, and facets.bin's bytes.

    `records`: stories.json's records, in their order (story_records: newest first, then by id,
    the Browse order); `term_urls`: "dimension/slug" -> the term page's address. `remember`
    (`mkdocs serve`) gives a file of records made by an earlier build from equal records."""
    ordered = records
    keys = [f"{d.name}/{t.slug}" for d in vocabulary.dimensions for t in d.terms]
    number = {key: at for at, key in enumerate(keys)}
    names = [d.name for d in vocabulary.dimensions]
    words = -(-len(ordered) // 32)
    bits = [bytearray(4 * words) for _ in keys]  # little-endian words: bit i is bit i % 8 of byte i // 8
    for at, record in enumerate(ordered):
        byte, bit = at >> 3, 1 << (at & 7)
        for name in names:
            for slug in record.get(name) or ():
                bits[number[f"{name}/{slug}"]][byte] |= bit
    facets = {
        "version": 2, "count": len(ordered), "chunk": CHUNK, "words": words,
        "terms": [[key, term_urls[key]] for key in keys],
    }
    # No markup in any file of the site, even inside JSON strings (htmlsafe: <, >, & and ' escaped).
    files: dict[str, str | bytes] = {
        "facets.json": str(htmlsafe_json_dumps(facets, ensure_ascii=False, separators=(",", ":"))),
        "facets.bin": b"".join(bits),
    }
    shown = (*RECORD_KEYS, *_SHOWN_DIMENSIONS)
    for start in range(0, len(ordered), CHUNK):
        group = ordered[start:start + CHUNK]

        def chunk_text(group: Sequence[Mapping[str, Any]] = group) -> str:
            return json_text([{k: record[k] for k in shown if record.get(k) not in (None, [], {})}
                              for record in group])

        name = f"r-{start // CHUNK}.json"
        files[name] = chunk_text() if remember is None else remember(f"browse {name}", list(group), chunk_text)
    texts = (htmlsafe_json_dumps([record["title"], record["summary"]], ensure_ascii=False) for record in ordered)
    files["text.json"] = "[\n" + ",\n".join(texts) + "\n]\n"
    return files
