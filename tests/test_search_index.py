"""The sharded search index: words, shards, postings and chunks (core), and
what a real build writes (the index, and Material's own index left empty)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import Project
from hypothesis import given, settings
from hypothesis import strategies as st

from story_tools.derived.searchfiles import SearchFiles, build_index, shard_file
from story_tools.derived.searchindex import (
    CHUNK,
    STEM_MARK,
    SearchDoc,
    Weight,
    page_doc,
    stem,
    words,
)


def reference_words(text: str) -> list[str]:
    """What the browser does: NFKD, marks dropped, lower case, letters and digits, 2+ long."""
    text = re.sub(r"[\u0300-\u036f]", "", unicodedata.normalize("NFKD", text)).lower()
    return re.findall(r"[^\W_]{2,}", text)


class Index:
    """Reads the written files the way story-search.js does."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files
        self.manifest = json.loads(files["manifest.json"])
        self.split = set(self.manifest["split"])

    def shard_key(self, word: str) -> str:
        size = 2
        while word[:size] in self.split and len(word) > size:
            size += 1
        return word[:size]

    def postings(self, word: str) -> dict[int, int]:
        """doc number -> weight of one indexed word (empty when not indexed)."""
        key = self.shard_key(word)
        if key not in self.manifest["shards"]:
            return {}
        flat = self.shard(key).get(word, [])
        found, doc = {}, 0
        for delta, weight in zip(flat[0::2], flat[1::2], strict=True):
            doc += delta
            found[doc] = weight
        return found

    def shard(self, key: str) -> dict[str, list[int]]:
        """One shard: its part of the file the manifest names."""
        part: dict[str, list[int]] = json.loads(self.files[shard_file(self.manifest["shards"][key])])[key]
        return part

    def doc(self, number: int) -> list[str]:
        chunk = json.loads(self.files[f"d-{number // self.manifest['chunk']}.json"])
        return chunk[number % self.manifest["chunk"]]


def test_words_split_like_the_browser() -> None:
    assert words("Café-owner's BILLING query, 2024! a b") == ["cafe", "owner", "billing", "query", "2024"]
    assert words("renewal-at-risk") == ["renewal", "at", "risk"]
    assert words("Ünïcödé naïve") == ["unicode", "naive"]
    assert words("snake_case") == ["snake", "case"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_words_fast_path_equals_the_reference(text: str) -> None:
    assert words(text) == reference_words(text)


def _doc(number: int, title: str, body: str) -> SearchDoc:
    return SearchDoc(f"stories/s{number}/", title, f"Summary {number}", "Story", ((Weight.BODY, body),))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text("abcde ", max_size=12), st.text("abcdeé ", max_size=80)), max_size=70),
       st.sampled_from([60, 400, 48_000]))
def test_every_word_is_found_where_the_browser_looks(texts: list[tuple[str, str]], shard_bytes: int) -> None:
    docs = [_doc(n, title, body) for n, (title, body) in enumerate(texts)]
    files = build_index(docs, shard_bytes=shard_bytes)
    index = Index(files)
    assert index.manifest["docs"] == len(docs)
    shard_files = {name for name in files if name.startswith("t-")}
    assert shard_files == {shard_file(number) for number in index.manifest["shards"].values()}
    indexed: set[str] = set()
    for key in index.manifest["shards"]:
        shard = index.shard(key)
        assert all(index.shard_key(word) == key for word in shard), "a word is in a shard the browser never opens"
        indexed |= set(shard)
    # Every file holds exactly the shards the manifest places in it.
    for name in shard_files:
        held = {key for key, number in index.manifest["shards"].items() if shard_file(number) == name}
        assert set(json.loads(files[name])) == held
    for number, doc in enumerate(docs):
        title_words, body_words = set(words(doc.title)), set(words(doc.fields[0][1]))
        for word in title_words | body_words:
            expected = Weight.TITLE * (word in title_words) + Weight.BODY * (word in body_words)
            assert index.postings(word).get(number) == expected
        assert index.doc(number) == [doc.url, doc.title, doc.summary, "Story"]
        # A stem posts the document with the best weight of its words.
        by_stem: dict[str, int] = {}
        for word in title_words | body_words:
            if stem(word) != word:
                weight = Weight.TITLE * (word in title_words) + Weight.BODY * (word in body_words)
                by_stem[stem(word) + STEM_MARK] = max(by_stem.get(stem(word) + STEM_MARK, 0), weight)
        for key, weight in by_stem.items():
            assert index.postings(key).get(number) == weight
    plain = {w for w in indexed if not w.endswith(STEM_MARK)}
    assert plain == {w for doc in docs for w in words(doc.title) + words(doc.fields[0][1])}
    assert indexed - plain == {stem(w) + STEM_MARK for w in plain if stem(w) != w}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.text("abcde ", max_size=12), st.text("abcdeé ", max_size=80)), min_size=1, max_size=70),
       st.lists(st.tuples(st.integers(0, 69), st.text("abcdefé ", max_size=12), st.text("abcdefé ", max_size=80)),
                max_size=5),
       st.sampled_from([60, 400, 48_000]))
def test_an_updated_index_is_the_index_built_from_scratch(
    texts: list[tuple[str, str]], edits: list[tuple[int, str, str]], shard_bytes: int,
) -> None:
    """What `mkdocs serve` does when a writer saves: the last build's index, updated."""
    docs = [_doc(n, title, body) for n, (title, body) in enumerate(texts)]
    builder = SearchFiles(shard_bytes)
    builder.build(docs)
    for position, title, body in edits:
        docs[position % len(docs)] = _doc(position % len(docs), title, body)
        assert builder.build(docs) == build_index(docs, shard_bytes=shard_bytes)
    docs.append(_doc(len(docs), "one more", "story"))  # another count: from scratch
    assert builder.build(docs) == build_index(docs, shard_bytes=shard_bytes)


def test_inflected_forms_post_to_their_stem() -> None:
    docs = [_doc(0, "Renewals", "two renewals"), _doc(1, "Renewed", "renewed early"), _doc(2, "Renewal", "a renewal"),
            _doc(3, "Renew", "renew now"), _doc(4, "Deliveries", "late deliveries")]
    index = Index(build_index(docs))
    assert set(index.postings("renew~")) == {0, 1, 2}  # "renew" itself is found as the word it is
    assert set(index.postings("renew")) == {3}
    assert set(index.postings("deliveri~")) == {4}
    assert stem("delivery") == "deliveri" and stem("calling") == stem("called") == "call"
    assert stem("2024") == "2024" and stem("h2o") == "h2o"  # only words of letters are stemmed


def test_big_shards_are_split_and_small_ones_are_not() -> None:
    body = " ".join(f"co{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(26))
    docs = [_doc(n, f"Story {n}", body) for n in range(40)]
    index = Index(build_index(docs, shard_bytes=20_000))
    assert "co" in index.split
    assert index.shard_key("coab") == "coa"
    assert all(len(index.files[shard_file(n)]) <= 20_000 for n in index.manifest["shards"].values())
    assert len(index.postings("coab")) == 40


def test_small_shards_are_packed_into_few_files() -> None:
    # 26 x 26 two-letter keys, each a small shard: a few files, not 676, none over the size.
    body = " ".join(f"{chr(97 + i)}{chr(97 + j)}x" for i in range(26) for j in range(26))
    docs = [_doc(n, f"Story {n}", body) for n in range(3)]
    files = build_index(docs, shard_bytes=4_000)
    index = Index(files)
    names = [name for name in files if name.startswith("t-")]
    assert len(index.manifest["shards"]) >= 676
    assert 2 <= len(names) <= 12
    assert all(len(files[name]) <= 4_000 for name in names)
    assert index.postings("qrx") == {0: Weight.BODY, 1: Weight.BODY, 2: Weight.BODY}
    # Keys stay in order across files: a file holds a run of neighbouring keys.
    numbers = [index.manifest["shards"][key] for key in sorted(index.manifest["shards"])]
    assert numbers == sorted(numbers)


def test_documents_come_in_chunks() -> None:
    docs = [_doc(n, f"Story {n}", "body") for n in range(CHUNK * 2 + 5)]
    files = build_index(docs)
    assert sorted(name for name in files if name.startswith("d-")) == ["d-0.json", "d-1.json", "d-2.json"]
    assert Index(files).doc(CHUNK * 2 + 4)[1] == f"Story {CHUNK * 2 + 4}"


def test_page_summaries_are_short() -> None:
    doc = page_doc("contributing/", "Contributing", "word " * 200)
    assert len(doc.summary) <= 200 and doc.summary.endswith("…")


# --- a real build ---------------------------------------------------------------


def site_index(site: Path) -> Index:
    folder = site / "search" / "story"
    return Index({path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()})


def test_build_writes_the_index_and_leaves_materials_empty(project: Project,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    result = project.build(caplog)
    assert result.ok, result.log
    index = site_index(result.site)
    titles = [index.doc(n)[1] for n in range(index.manifest["docs"])]
    assert {"Support call", "Keep them informed"} <= set(titles), "term pages are found"
    assert any(kind == "Page" for kind in (index.doc(n)[3] for n in range(index.manifest["docs"])))
    # Stories by an alias of their terms: 'phone-support' is an alias of support-call.
    found = {index.doc(n)[0] for n in index.postings("phone")}
    assert "stories/good-one/" in found
    material = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [], "Material's own index is left empty: nothing loads it"
    home = result.html("index.html")
    assert 'name="story-search"' in home and 'name="search"' not in home
    assert "assets/story-tools/story-search.js" in home
    assert (result.site / "assets" / "story-tools" / "story-search.js").is_file()
