"""The browser's stemmer (assets/story-stem.js) against the build's (PyStemmer), in Chromium.

The index is stemmed in Python at build time and the query in the browser as it
is typed: a word the two stem differently is a word search cannot find. Every
word of the example stories, the vocabulary, the docs and the domain seeds is
stemmed by both, with a list of inflected forms a sales person types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import REPO
from test_browser import chromium  # noqa: F401 - the fixture

from story_tools.derived.searchindex import stem, words

pytestmark = pytest.mark.browser

STEMMER = REPO / "story_tools" / "site" / "assets" / "story-stem.js"
SEEDS = REPO.parent / "shared" / "seeds"
INFLECTED = ["renewals", "renewed", "renewal", "renewing", "calling", "called", "calls", "caller", "refunds", "refunded", "refunding", "delivery", "deliveries", "delivered", "delivering", "cancelled", "cancelling", "cancellation", "cancellations", "billing", "billed", "invoices", "invoiced", "apologised", "apologized", "apologies", "technicians", "onboarding", "escalated", "escalations", "happiness", "happily", "relationships", "generously", "organisation", "organizations", "universities", "running", "ran", "runs"]


def vocabulary_words() -> list[str]:
    found: set[str] = set(INFLECTED)
    sources = [*REPO.joinpath("stories").rglob("*.md"), *REPO.joinpath("docs").rglob("*.md"), REPO / "vocabulary.yml"]
    sources += [path for path in SEEDS.rglob("*") if path.is_file()] if SEEDS.is_dir() else []
    for path in sources:
        found |= {word for word in words(path.read_text(encoding="utf-8", errors="replace")) if word.isalpha()}
    return sorted(found)


def test_the_browser_stems_every_word_as_the_build_does(chromium: Any) -> None:  # noqa: F811
    every = vocabulary_words()
    assert len(every) > 1000
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_content("<!doctype html><title>stems</title>")
        page.add_script_tag(path=str(STEMMER))
        browser_stems = page.evaluate(
            "words => { const s = window.snowballFactory.newStemmer('english'); return words.map(w => s.stem(w)); }",
            every,
        )
    finally:
        context.close()
    different = [(word, stem(word), theirs) for word, theirs in zip(every, browser_stems, strict=True)
                 if stem(word) != theirs]
    assert different == []
    assert stem("renewals") == stem("renewed") == "renew"


def test_the_vendored_stemmer_is_the_english_one_only() -> None:
    text = Path(STEMMER).read_text(encoding="utf-8")
    assert "englishStemmer" in text and "frenchStemmer" not in text
    assert "ISC" in text.split("*/", 1)[0]
