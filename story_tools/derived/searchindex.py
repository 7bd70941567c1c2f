"""A small, sharded full-text index of the archive, written as static JSON files.

Material's search loads one index of the whole site before it answers: 27 MB
and 7.5 s at 10,000 stories. This index is cut into shards by the first letters
of each word, so the browser fetches a small manifest, one shard per typed word
and the few document chunks it shows; it works from any static host.

    manifest.json   {"version", "docs", "chunk", "shards": {key: n}, "split": [key...]}
    t-<n>.json      {key: {word: [doc, weight, doc, weight, ...]}, ...}   doc numbers delta-coded
    d-<n>.json      [[url, title, summary, kind], ...]        `chunk` documents each

Each word's English stem (Snowball 2.2's English stemmer, from Snowball's C
library through PyPI's PyStemmer 2.2; the same algorithm as
assets/story-stem.js in the browser) is indexed too, as
`<stem>~` (no word holds a `~`) when it differs from the word: "renewals",
"renewed" and "renewal" all post to `renew~`, so a search for any of them,
stemmed the same way in the browser, finds the others.

A word lives in the shard of its first two characters; a shard bigger than
SHARD_BYTES is split by one more character (words no longer than the key stay
in it). Shards are packed, in key order, into files of up to SHARD_BYTES, and
the manifest says which file holds each key: a small archive gets a dozen files
rather than hundreds (every file written costs the build about a millisecond
on a virtual disk), and a typed word still costs one file of at most SHARD_BYTES.

searchfiles.py turns the documents into these files. The client
(assets/story-search.js) must split words exactly as `words()` does: NFKD,
combining marks dropped, lower case, runs of letters and digits, at least two
characters long.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import Stemmer

from ..archive.vocabulary import Vocabulary
from ..model.story import Story

__all__ = [
    "CHUNK",
    "SHARD_BYTES",
    "STEM_MARK",
    "SUMMARY_CHARS",
    "VERSION",
    "SearchDoc",
    "Weight",
    "doc_words",
    "page_doc",
    "stem",
    "story_docs",
    "term_docs",
    "words",
]

CHUNK = 32
"""Documents per chunk file."""
SHARD_BYTES = 48_000
"""A shard bigger than this is split by one more character."""
STEM_MARK = "~"
"""Marks an indexed stem: `renew~` posts every document with a word whose stem is `renew`."""
VERSION = 2
"""The format of the files (searchfiles.py writes them); story-search.js reads this one."""
SUMMARY_CHARS = 200


class Weight:
    """How much a word counts by where it stands (a word in several fields adds them up)."""

    TITLE = 8
    TERM = 6
    CUSTOMER = 6
    SUMMARY = 3
    QUOTE = 2
    BODY = 1


@dataclass(frozen=True)
class SearchDoc:
    """One search result: where it goes, what it shows, and the text it is found by."""

    url: str
    """Relative to the site root."""
    title: str
    summary: str
    kind: str
    """Shown beside the title: 'Story', a dimension's label, 'Page'."""
    fields: tuple[tuple[int, str], ...]
    """(weight, text) pairs; the title is not repeated here."""


_STEMMER = Stemmer.Stemmer("english")
_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """The English stem of a word as `words()` gives it (remembered: an archive repeats its words)."""
    found = _STEMS.get(word)
    if found is None:
        found = _STEMS[word] = _STEMMER.stemWord(word) if word.isalpha() else word
    return found


_WORD = re.compile(r"[^\W_]{2,}")
_MARKS = re.compile(r"[\u0300-\u036f]")


_SINGLES = frozenset(chr(c) for c in range(128) if chr(c).isalnum())
_ASCII_GAPS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def words(text: str) -> list[str]:
    """The words of `text` as the index and the browser see them."""
    if text.isascii():
        return [word for word in text.lower().translate(_ASCII_GAPS).split() if len(word) > 1]
    return _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", text)).lower())


def _word_set(text: str) -> set[str]:
    """The distinct words of `text` (the fast path of `words` for long ASCII text)."""
    if text.isascii():
        found = set(text.lower().translate(_ASCII_GAPS).split())
        found -= _SINGLES
        return found
    return set(words(text))


def story_docs(
    stories: Iterable[Story], vocabulary: Vocabulary, urls: Mapping[str, str], bodies: Mapping[str, str] | None = None,
    *, memo: dict[Hashable, SearchDoc] | None = None,
) -> list[SearchDoc]:
    """One document per story: found by its title, every term's label, slug and
    aliases, its customer, summary, quote and body (`bodies[id]` when given:
    the text as published, else the Markdown source). `memo`: the documents of
    an earlier call with this vocabulary (`mkdocs serve`), replaced by this call's."""
    described: dict[tuple[str, str], str] = {}
    for dimension in vocabulary.dimensions:
        for term in dimension.terms:
            described[(dimension.name, term.slug)] = " ".join((term.label, term.slug, *term.aliases))
    docs: list[SearchDoc] = []
    made: dict[Hashable, SearchDoc] = {}
    for story in stories:
        body = story.body if bodies is None else bodies.get(story.id, "")
        key = (story, urls[story.id], body) if memo is not None else None
        found = memo.get(key) if memo is not None else None
        if found is None:
            found = _story_doc(story, described, urls[story.id], body)
        docs.append(found)
        if memo is not None:
            made[key] = found
    if memo is not None:
        memo.clear()
        memo.update(made)
    return docs


def _story_doc(story: Story, described: Mapping[tuple[str, str], str], url: str, body: str) -> SearchDoc:
    terms = " ".join(described.get((name, slug), slug) for name, slugs in story.terms for slug in slugs)
    # The body first: it is the longest, and the first field is counted in one call.
    fields = [(Weight.BODY, body), (Weight.TERM, terms), (Weight.SUMMARY, story.summary)]
    if story.customer:
        fields.append((Weight.CUSTOMER, story.customer))
    if story.quote:
        fields.append((Weight.QUOTE, story.quote))
    kind = "Story" if story.visibility == "public" else "Internal story"
    return SearchDoc(url, story.title, story.summary, kind, tuple(fields))


def term_docs(
    vocabulary: Vocabulary, urls: Mapping[str, str], counts: Mapping[tuple[str, str], int]
) -> list[SearchDoc]:
    """One document per term page: found by the term's label, slug and aliases
    (as strongly as a title) and its description."""
    docs = []
    for dimension in vocabulary.dimensions:
        for term in dimension.terms:
            count = counts.get((dimension.name, term.slug), 0)
            told = f"{count} {'story' if count == 1 else 'stories'}" if count else "No story yet"
            summary = f"{told}. {term.description}" if term.description else f"{told}."
            fields = ((Weight.TITLE, " ".join((term.slug, *term.aliases))), (Weight.SUMMARY, term.description or ""))
            docs.append(SearchDoc(urls[f"{dimension.name}/{term.slug}"], term.label, summary, dimension.label, fields))
    return docs


def page_doc(url: str, title: str, text: str) -> SearchDoc:
    """A hand-written page of the site (home, contributing guide), found by its text."""
    summary = " ".join(text.split())
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return SearchDoc(url, title, summary, "Page", ((Weight.BODY, text),))


def doc_words(doc: SearchDoc) -> dict[str, int]:
    """Each word of a document (and each word's stem, marked) with its weight: the sum of
    the weights of the fields it is in (at most 26 < 64)."""
    weights: dict[str, int] = {}
    for weight, text in doc.fields:
        if weights:
            for word in _word_set(text):
                weights[word] = weights.get(word, 0) + weight
        else:
            weights = dict.fromkeys(_word_set(text), weight)
    for word in set(words(doc.title)):
        weights[word] = weights.get(word, 0) + Weight.TITLE
    stems: dict[str, int] = {}
    for word, weight in weights.items():
        root = stem(word)
        if root != word:
            key = root + STEM_MARK
            if stems.get(key, 0) < weight:
                stems[key] = weight
    weights.update(stems)
    return weights
