"""The search index's files (the format is in searchindex.py), built from scratch or by
updating the last build's.

`build_index(docs)` is the whole job. `SearchFiles` keeps what one build made, so
that the next, when only a few documents differ at the same places (a writer
saved a story under `mkdocs serve`), updates the postings of those documents'
words, encodes only those words again and rebuilds only the shard and chunk
files they are in. Both give the same files (tests/test_search_index.py).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Mapping, Sequence

import numpy as np
from jinja2.utils import htmlsafe_json_dumps

from .searchindex import CHUNK, SHARD_BYTES, SUMMARY_CHARS, VERSION, SearchDoc, doc_words

__all__ = ["SearchFiles", "build_index", "shard_file"]

_MAX_KEY = 6
_MAX_WEIGHT = 63
_MOST_CHANGED = 64
"""More changed documents than this: the index is built from scratch."""


def shard_file(number: int) -> str:
    """The name of the `number`th file of shards."""
    return f"t-{number}.json"


def build_index(docs: Sequence[SearchDoc], *, shard_bytes: int = SHARD_BYTES) -> dict[str, str]:
    """Every file of the index, by name, as JSON text."""
    return SearchFiles(shard_bytes).build(docs)


class SearchFiles:
    """Builds the index files; a later `build` reuses this one's work where it can."""

    def __init__(self, shard_bytes: int = SHARD_BYTES) -> None:
        self.shard_bytes = shard_bytes
        self._docs: list[SearchDoc] = []
        self._words: list[dict[str, int]] = []
        self._postings: dict[str, list[int]] = {}
        self._encoded: dict[str, str] = {}
        self._texts: dict[str, tuple[list[str], str]] = {}
        """Shard key -> its words and its JSON text."""
        self._chunks: dict[str, tuple[list[SearchDoc], str]] = {}
        self.files: dict[str, str] = {}
        """What the last `build` returned."""

    def build(self, docs: Sequence[SearchDoc]) -> dict[str, str]:
        """Every file of the index of `docs`, by name, as JSON text."""
        changed = self._changed(docs)
        if changed is None:
            self._from_scratch(docs)
            touched = None
        else:
            touched = self._update(docs, changed)
        self._docs = list(docs)
        shards, split = _shard(self._encoded, self.shard_bytes)
        texts = {}
        for key, members in shards.items():
            kept = self._texts.get(key)
            if touched is not None and kept is not None and kept[0] == members and touched.isdisjoint(members):
                texts[key] = kept[1]
            else:
                texts[key] = "{" + ",".join(f"{json.dumps(w, ensure_ascii=False)}:{self._encoded[w]}"
                                            for w in members) + "}"
        self._texts = {key: (members, texts[key]) for key, members in shards.items()}
        where, packed = _pack(texts, self.shard_bytes)
        files = {shard_file(number): "{" + ",".join(parts) + "}" for number, parts in enumerate(packed)}
        chunks: dict[str, tuple[list[SearchDoc], str]] = {}
        for start in range(0, len(docs), CHUNK):
            name, group = f"d-{start // CHUNK}.json", list(docs[start:start + CHUNK])
            before = self._chunks.get(name)
            if before is not None and before[0] == group:
                files[name] = before[1]
            else:
                rows = [[d.url, d.title, _short(d.summary), d.kind] for d in group]
                # Titles and summaries may hold markup: none of it in a file of the site (escaping.py).
                files[name] = str(htmlsafe_json_dumps(rows, ensure_ascii=False, separators=(",", ":")))
            chunks[name] = (group, files[name])
        self._chunks = chunks
        manifest = {"version": VERSION, "docs": len(docs), "chunk": CHUNK, "shards": where, "split": sorted(split)}
        files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, separators=(",", ":"))
        self.files = files
        return files

    def _changed(self, docs: Sequence[SearchDoc]) -> list[int] | None:
        """The positions whose document differs from the last build's; None when the
        index is better built from scratch (first build, other count, many changes)."""
        if not self._docs or len(docs) != len(self._docs):
            return None
        changed = [number for number, (doc, old) in enumerate(zip(docs, self._docs, strict=True)) if doc != old]
        return changed if len(changed) <= _MOST_CHANGED else None

    def _from_scratch(self, docs: Sequence[SearchDoc]) -> None:
        postings: dict[str, list[int]] = {}
        self._words = [doc_words(doc) for doc in docs]
        for number, weights in enumerate(self._words):
            base = number << 6
            for word, weight in weights.items():
                found = postings.get(word)
                if found is None:
                    postings[word] = [base | weight]
                else:
                    found.append(base | weight)
        self._postings = postings
        self._encoded = {word: _encode(found) for word, found in postings.items()}
        self._texts, self._chunks = {}, {}

    def _update(self, docs: Sequence[SearchDoc], changed: list[int]) -> set[str]:
        """Replace the changed documents' postings; the words whose postings changed."""
        touched: set[str] = set()
        for number in changed:
            base = number << 6
            old, new = self._words[number], doc_words(docs[number])
            for word, weight in old.items():
                if new.get(word) != weight:
                    found = self._postings[word]
                    found.pop(bisect.bisect_left(found, base | weight))
                    touched.add(word)
            for word, weight in new.items():
                if old.get(word) != weight:
                    bisect.insort(self._postings.setdefault(word, []), base | weight)
                    touched.add(word)
            self._words[number] = new
        for word in touched:
            found = self._postings[word]
            if found:
                self._encoded[word] = _encode(found)
            else:
                del self._postings[word], self._encoded[word]
        return touched


def _encode(packed: list[int]) -> str:
    """`doc<<6|weight` values in doc order, as the JSON of [delta, weight, ...]."""
    values = np.array(packed, dtype=np.int64)
    flat = np.empty(2 * len(values), dtype=np.int64)
    flat[0::2] = np.diff(values >> 6, prepend=0)
    flat[1::2] = values & _MAX_WEIGHT
    return "[" + ",".join(map(str, flat.tolist())) + "]"


def _shard(encoded: Mapping[str, str], shard_bytes: int) -> tuple[dict[str, list[str]], set[str]]:
    """Group words into shards by prefix (sorted words per shard), splitting the big ones."""
    shards: dict[str, list[str]] = {}
    split: set[str] = set()
    pending: dict[str, list[str]] = {}
    for word in encoded:
        pending.setdefault(word[:2], []).append(word)
    while pending:
        key, members = pending.popitem()
        size = sum(len(encoded[w]) + len(w) + 4 for w in members)
        longer = [w for w in members if len(w) > len(key)]
        if size > shard_bytes and len(key) < _MAX_KEY and longer:
            split.add(key)
            stay = [w for w in members if len(w) == len(key)]
            if stay:
                shards[key] = sorted(stay)
            for word in longer:
                pending.setdefault(word[: len(key) + 1], []).append(word)
        else:
            shards[key] = sorted(members)
    return shards, split


def _pack(texts: Mapping[str, str], shard_bytes: int) -> tuple[dict[str, int], list[list[str]]]:
    """Shards in key order, `"key":{...}` parts gathered into files of up to `shard_bytes`
    (a shard bigger than that, which could not be split, gets a file of its own).
    Returns key -> file number, and each file's parts."""
    where: dict[str, int] = {}
    packed: list[list[str]] = []
    size = shard_bytes
    for key in sorted(texts):
        part = f"{json.dumps(key, ensure_ascii=False)}:{texts[key]}"
        if size + len(part) + 1 > shard_bytes:
            packed.append([])
            size = 1
        packed[-1].append(part)
        size += len(part) + 1
        where[key] = len(packed) - 1
    return where, packed


def _short(summary: str) -> str:
    if len(summary) <= SUMMARY_CHARS:
        return summary
    return summary[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
