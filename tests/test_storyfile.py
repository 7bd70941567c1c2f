"""Story files as written by `archive/storyfile.py`: read back with python-frontmatter
(plain PyYAML) and with `check`'s own reader, every value is what was meant."""

from __future__ import annotations

import datetime
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from story_tools.archive.storyfile import OUTLINE, Draft, slugify, unique_id, write_front_matter
from story_tools.archive.validate import parse_story
from story_tools.archive.vocabulary import load_vocabulary
from story_tools.model.findings import has_errors
from story_tools.reading.source import split_source

REPO = Path(__file__).parent.parent
VOCABULARY = load_vocabulary(REPO / "vocabulary.yml", "vocabulary.yml")[0]
TERMS = {"touchpoint": ["support-call"], "principle": ["great-listening"], "outcome": ["retained"]}

HOSTILE = ["NO", "no", "2024", "1:20", "a: b", "# not a comment", "---", "--- x", '"quoted"', "'single'",
           "line\nbreak", "tab\there", "[a, b]", "{a: 1}", "&anchor", "*alias", "!tag", "%YAML", "@at",
           "`tick`", "null", "~", "yes", "0x1F", "1e3", ".inf", "<script>alert(1)</script>", "é\u0301",
           "  padded  ", "\u2028separator", "emoji 🙂", "trailing \\"]


def _check(text: str) -> list[str]:
    source, findings = split_source(text.encode("utf-8"), "stories/x.md", story_id="x")
    assert source is not None, findings
    story, more = parse_story(source, VOCABULARY)
    findings += more
    assert not has_errors(findings), [f.format() for f in findings]
    assert story is not None
    return [story.title, story.summary, story.customer or "", story.quote or ""]


@pytest.mark.parametrize("value", HOSTILE)
def test_values_yaml_would_misread_are_read_back_as_written(value: str) -> None:
    draft = Draft(f"T {value}", datetime.date(2024, 5, 31), f"S {value}", TERMS, customer=f"C {value}",
                  quote=f"Q {value}", visibility="public")
    text = draft.text(VOCABULARY)
    post = frontmatter.loads(text)
    assert (post["title"], post["summary"], post["customer"], post["quote"]) == (
        f"T {value}", f"S {value}", f"C {value}", f"Q {value}")
    assert post["date"] == datetime.date(2024, 5, 31) and post["visibility"] == "public"
    assert post.content == OUTLINE.strip()
    # check's reader trims the ends of every text field, and nothing else
    assert _check(text) == [f"T {value}".strip(), f"S {value}".strip(), f"C {value}".strip(), f"Q {value}".strip()]


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip))
def test_any_text_reads_back_as_written(value: str) -> None:
    text = write_front_matter({"title": value, "template": "story.html", "hide": ["toc", value]})
    assert frontmatter.loads(text).metadata == {"title": value, "template": "story.html", "hide": ["toc", value]}


def test_the_file_lays_out_fields_in_order_and_leaves_empty_ones_out() -> None:
    draft = Draft("The welcome letter", datetime.date(2024, 1, 2), "A note.", {**TERMS, "industry": []},
                  related=["the-overbilling-refund"], body="Body.")
    assert draft.text(VOCABULARY) == (
        '---\ntitle: "The welcome letter"\ndate: 2024-01-02\nsummary: "A note."\n'
        "touchpoint: [support-call]\nprinciple: [great-listening]\noutcome: [retained]\n"
        "related: [the-overbilling-refund]\nvisibility: internal\n---\n\nBody.\n")


@pytest.mark.parametrize(("title", "taken", "expected"), [
    ("The welcome letter", set(), "the-welcome-letter"),
    ("The welcome letter", {"the-welcome-letter"}, "the-welcome-letter-2"),
    ("The Welcome Letter", {"the-welcome-letter", "the-welcome-letter-2"}, "the-welcome-letter-3"),
    ("!!!", set(), "story"),
    ("!!!", {"story"}, "story-2"),
])
def test_unique_id(title: str, taken: set[str], expected: str) -> None:
    assert unique_id(title, taken) == expected
    assert slugify(expected) == expected
