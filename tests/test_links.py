"""Story links in bodies (`[[id]]` and `.md` links), their rewriting, and backlinks."""

from __future__ import annotations

import datetime

import pytest

from story_tools.archive.links import (
    Backlink,
    StoryLink,
    backlinks,
    escape_link_text,
    find_story_links,
    rewrite_story_links,
)
from story_tools.model.findings import Finding, Severity
from story_tools.model.story import Story

HERE = "here"
KNOWN = {
    HERE: "stories/field-service/here.md",
    "judy-called-every-day": "stories/judy-called-every-day.md",
    "the-overbilling-refund": "stories/the-overbilling-refund.md",
    "the-bakery": "stories/field-service/the-bakery.md",
    "the-smoking-surge-protector": "stories/field-service/the-smoking-surge-protector.md",
}
TITLES = {
    HERE: "Here",
    "judy-called-every-day": "Judy called every day",
    "the-overbilling-refund": "The overbilling refund",
    "the-bakery": "The bakery [almost] cancelled",
    "the-smoking-surge-protector": "The smoking surge protector",
}


def make_story(
    body: str, *, story_id: str = HERE, path: str | None = None, body_line: int = 1,
    related: tuple[str, ...] = (),
) -> Story:
    return Story(
        id=story_id, path=path or KNOWN.get(story_id, f"stories/{story_id}.md"), title=story_id.title(),
        date=datetime.date(2023, 1, 2), summary="Something went right.", terms=(), body=body,
        body_line=body_line, related=related,
    )


def href(story_id: str) -> str:
    return f"/stories/{story_id}/"


def links_of(body: str, body_line: int = 1) -> tuple[tuple[StoryLink, ...], tuple[Finding, ...]]:
    return find_story_links(make_story(body, body_line=body_line), KNOWN)


# body -> [(target, line, column, text)], for a story in stories/field-service/ whose body starts on line 1
RESOLVED = [
    pytest.param("[[judy-called-every-day]]", [("judy-called-every-day", 1, 1, None)], id="wiki"),
    pytest.param("See [[ judy-called-every-day ]] now.", [("judy-called-every-day", 1, 5, None)], id="wiki-spaces"),
    pytest.param("[[judy-called-every-day|the daily caller]]",
                 [("judy-called-every-day", 1, 1, "the daily caller")], id="wiki-text"),
    pytest.param("[[ judy-called-every-day | the daily caller ]]",
                 [("judy-called-every-day", 1, 1, "the daily caller")], id="wiki-text-spaces"),
    pytest.param("[[judy-called-every-day|]]", [("judy-called-every-day", 1, 1, None)], id="wiki-empty-text"),
    pytest.param("[[judy-called-every-day#what-we-did]]", [("judy-called-every-day", 1, 1, None)], id="wiki-anchor"),
    pytest.param("[the bakery](the-bakery.md)", [("the-bakery", 1, 1, "the bakery")], id="md-sibling"),
    pytest.param("[refund](../the-overbilling-refund.md)", [("the-overbilling-refund", 1, 1, "refund")], id="md-parent"),
    pytest.param("[refund](../the-overbilling-refund.md#what-we-did)",
                 [("the-overbilling-refund", 1, 1, "refund")], id="md-anchor"),
    pytest.param("[refund](<../the-overbilling-refund.md>)", [("the-overbilling-refund", 1, 1, "refund")],
                 id="md-angle-brackets"),
    pytest.param('[refund](../the-overbilling-refund.md "The refund")', [("the-overbilling-refund", 1, 1, "refund")],
                 id="md-title"),
    pytest.param("[s](./../field-service/the-smoking-surge-protector.md)",
                 [("the-smoking-surge-protector", 1, 1, "s")], id="md-normalised"),
    pytest.param("[refund](the-overbilling-refund.md)", [("the-overbilling-refund", 1, 1, "refund")],
                 id="md-copied-from-other-folder"),
    pytest.param("[refund](../../the-overbilling-refund.md)", [("the-overbilling-refund", 1, 1, "refund")],
                 id="md-copied-outside-stories"),
    pytest.param("[](the-bakery.md)", [("the-bakery", 1, 1, None)], id="md-no-text"),
    pytest.param("[a [nested] text](the-bakery.md)", [("the-bakery", 1, 1, "a [nested] text")], id="md-nested-brackets"),
    pytest.param("[the `bakery` story](the-bakery.md)", [("the-bakery", 1, 1, "the `bakery` story")],
                 id="md-code-in-text"),
    pytest.param("[over two\nlines](the-bakery.md)", [("the-bakery", 1, 1, "over two\nlines")], id="md-two-lines"),
    pytest.param("[see [the bakery](the-bakery.md)]", [("the-bakery", 1, 6, "the bakery")], id="md-inside-brackets"),
    pytest.param("[[the-bakery]] and [x](../judy-called-every-day.md) and [[the-overbilling-refund]]",
                 [("the-bakery", 1, 1, None), ("judy-called-every-day", 1, 20, "x"),
                  ("the-overbilling-refund", 1, 57, None)], id="several-on-one-line"),
    pytest.param("[[the-bakery]]\n\nText\n   [[judy-called-every-day]]",
                 [("the-bakery", 1, 1, None), ("judy-called-every-day", 4, 4, None)], id="later-lines"),
    pytest.param("é ü [[the-bakery]]", [("the-bakery", 1, 5, None)], id="column-in-characters"),
    pytest.param("```\n[[nope]]\n```\n[[the-bakery]]", [("the-bakery", 4, 1, None)], id="after-a-fence"),
    pytest.param("`code` then [[the-bakery]] then `more`", [("the-bakery", 1, 13, None)], id="between-code-spans"),
    pytest.param("\\\\[[the-bakery]]", [("the-bakery", 1, 3, None)], id="escaped-backslash"),
]


@pytest.mark.parametrize(("body", "expected"), RESOLVED)
def test_links_are_found(body: str, expected: list[tuple[str, int, int, str | None]]) -> None:
    links, findings = links_of(body)
    assert findings == ()
    assert links == tuple(StoryLink(HERE, target, line, column, text) for target, line, column, text in expected)


@pytest.mark.parametrize(("body", "expected"), RESOLVED)
def test_rewriting_leaves_no_story_link_behind(body: str, expected: list[tuple[str, int, int, str | None]]) -> None:
    rewritten = rewrite_story_links(make_story(body), TITLES, href)
    assert rewritten.count("](/stories/") == len(expected)
    assert links_of(rewritten) == ((), ())


IGNORED = [
    pytest.param("```\n[[nope]] [x](nope.md)\n```", id="backtick-fence"),
    pytest.param("~~~markdown\n[[nope]]\n~~~", id="tilde-fence-with-info"),
    pytest.param("```python title=\"x.py\"\n[[nope]]\n```", id="fence-with-attributes"),
    pytest.param("````\n```\n[[nope]]\n```\n````", id="fence-in-longer-fence"),
    pytest.param("~~~\n```\n[[nope]]\n~~~", id="other-fence-char-does-not-close"),
    pytest.param("```\n[[nope]]", id="unclosed-fence"),
    pytest.param("- item\n\n    ```\n    [[nope]]\n    ```", id="indented-fence-in-list"),
    pytest.param("Write `[[nope]]` for a link.", id="code-span"),
    pytest.param("Write ``a ` [[nope]]`` for a link.", id="double-backtick-span"),
    pytest.param("A span `over\n[[nope]]` two lines.", id="code-span-over-lines"),
    pytest.param("[x](`nope.md`)", id="code-as-destination"),
    pytest.param("\\[[nope]]", id="escaped-bracket"),
    pytest.param("![a picture](nope.md)", id="image"),
    pytest.param("[site](https://example.com/nope.md)", id="https"),
    pytest.param("[site](http://example.com/nope.md)", id="http"),
    pytest.param("[mail](mailto:someone@nope.md)", id="mailto"),
    pytest.param("[abs](/stories/nope.md)", id="absolute"),
    pytest.param("[docs](../../docs/index.md)", id="outside-stories"),
    pytest.param("[page](nope.html)", id="not-md"),
    pytest.param("[heading](#what-we-did)", id="anchor-only"),
    pytest.param("[[]] [[ ]] [[#top]] [x] [y][z] [a]()", id="not-links"),
    pytest.param("[[unclosed and [also](", id="unclosed"),
]


@pytest.mark.parametrize("body", IGNORED)
def test_code_and_other_links_are_ignored(body: str) -> None:
    assert links_of(body) == ((), ())
    assert rewrite_story_links(make_story(body), TITLES, href) == body


NO_ID = "Use the file name of another story, without '.md'."
NO_FILE = "Link to the .md file of another story, relative to this story, or write [[id]] with its file name."
SELF = "Remove the link; to point at a heading of this story, use [text](#heading)."

# (body, body_line) -> (rule, line, column, message, suggestion), for stories/field-service/here.md
FINDINGS = [
    pytest.param("[[judy-calls-every-day]]", 5, ("unknown-story-link", 5, 1,
                 "There is no story with the id 'judy-calls-every-day' to link to.", "Did you mean 'judy-called-every-day'?"),
                 id="unknown-id-did-you-mean"),
    pytest.param("[[Judy-Called-Every-Day|Judy]]", 5, ("unknown-story-link", 5, 1,
                 "There is no story with the id 'Judy-Called-Every-Day' to link to.",
                 "Did you mean 'judy-called-every-day'?"), id="ids-are-exact"),
    pytest.param("Text\n  and [[zzzzqqq]] here", 12, ("unknown-story-link", 13, 7,
                 "There is no story with the id 'zzzzqqq' to link to.", NO_ID), id="unknown-id-no-suggestion"),
    pytest.param("# A heading\n\nSome text with `code` and [bad](zzzzqqq.md)", 20, ("unknown-story-link", 22, 27,
                 "The link 'zzzzqqq.md' points to 'stories/field-service/zzzzqqq.md', but there is no story there.",
                 NO_FILE), id="unknown-file-no-suggestion"),
    pytest.param("[x](the-bakry.md)", 3, ("unknown-story-link", 3, 1,
                 "The link 'the-bakry.md' points to 'stories/field-service/the-bakry.md', but there is no story there.",
                 "Did you mean 'the-bakery.md'?"), id="unknown-file-sibling-suggestion"),
    pytest.param("x [x](../the-overbiling-refund.md#top)", 3, ("unknown-story-link", 3, 3,
                 "The link '../the-overbiling-refund.md#top' points to 'stories/the-overbiling-refund.md', "
                 "but there is no story there.", "Did you mean '../the-overbilling-refund.md'?"),
                 id="unknown-file-relative-suggestion"),
    pytest.param("```\n[[nope]]\n```\n\n[[here]]", 8, ("self-link", 12, 1, "A story cannot link to itself.", SELF),
                 id="self-wiki"),
    pytest.param("See [me](here.md#top).", 8, ("self-link", 8, 5, "A story cannot link to itself.", SELF),
                 id="self-md"),
]


@pytest.mark.parametrize(("body", "body_line", "expected"), FINDINGS)
def test_bad_links_are_findings(body: str, body_line: int, expected: tuple[str, int, int, str, str]) -> None:
    rule, line, column, message, suggestion = expected
    links, findings = links_of(body, body_line=body_line)
    assert links == ()
    assert findings == (
        Finding("stories/field-service/here.md", line, column, rule, Severity.ERROR, message, suggestion),
    )


def test_bad_links_are_left_as_written() -> None:
    body = "[[judy-calls-every-day]], [x](the-bakry.md), [[here]] and [me](here.md#top)"
    assert rewrite_story_links(make_story(body), TITLES, href) == body


def test_line_numbers_follow_the_body_offset() -> None:
    body = "Intro.\n\n```\n[[x]]\n```\n\nThen [[the-bakery]] and\n[refund](../the-overbilling-refund.md) [[nope]]"
    links, findings = links_of(body, body_line=27)
    assert [(link.line, link.column) for link in links] == [(33, 6), (34, 1)]
    assert [(f.line, f.column) for f in findings] == [(34, 40)]


def test_a_custom_stories_folder() -> None:
    story = make_story("[x](nope.md) [y](../nope.md)", story_id="a", path="archive/a.md")
    _, findings = find_story_links(story, {"a": "archive/a.md"}, stories_dir="archive")
    assert [f.column for f in findings] == [1]


REWRITES = [
    pytest.param("[[judy-called-every-day]]", "[Judy called every day](/stories/judy-called-every-day/)", id="wiki"),
    pytest.param("Before [[ the-overbilling-refund ]] after.",
                 "Before [The overbilling refund](/stories/the-overbilling-refund/) after.", id="wiki-in-text"),
    pytest.param("[[the-bakery]]", "[The bakery \\[almost\\] cancelled](/stories/the-bakery/)", id="wiki-title-escaped"),
    pytest.param("[[the-bakery|our *favourite* one]]", "[our *favourite* one](/stories/the-bakery/)",
                 id="wiki-written-text-kept"),
    pytest.param("[[the-bakery#what-we-did|there]]", "[there](/stories/the-bakery/#what-we-did)", id="wiki-anchor"),
    pytest.param("[the refund](../the-overbilling-refund.md)", "[the refund](/stories/the-overbilling-refund/)",
                 id="md"),
    pytest.param("[the refund](../the-overbilling-refund.md#what-we-did)",
                 "[the refund](/stories/the-overbilling-refund/#what-we-did)", id="md-anchor-kept"),
    pytest.param('[r](<../the-overbilling-refund.md> "Read it")', '[r](/stories/the-overbilling-refund/ "Read it")',
                 id="md-title-kept"),
    pytest.param("[](the-bakery.md)", "[The bakery \\[almost\\] cancelled](/stories/the-bakery/)", id="md-no-text"),
    pytest.param("[over\ntwo lines](the-bakery.md)", "[over\ntwo lines](/stories/the-bakery/)", id="md-two-lines"),
    pytest.param("`[[the-bakery]]` [[the-bakery|b]] [[nope]] [x](https://e.org/the-bakery.md)",
                 "`[[the-bakery]]` [b](/stories/the-bakery/) [[nope]] [x](https://e.org/the-bakery.md)",
                 id="only-story-links-change"),
    pytest.param("```md\n[[the-bakery]]\n```\n[[the-bakery|b]]\n",
                 "```md\n[[the-bakery]]\n```\n[b](/stories/the-bakery/)\n", id="fence-kept"),
]


@pytest.mark.parametrize(("body", "expected"), REWRITES)
def test_links_are_rewritten(body: str, expected: str) -> None:
    assert rewrite_story_links(make_story(body), TITLES, href) == expected


def test_a_url_with_spaces_is_wrapped() -> None:
    rewritten = rewrite_story_links(make_story("[[the-bakery|b]]"), TITLES, lambda i: f"my site/{i}.html")
    assert rewritten == "[b](<my site/the-bakery.html>)"


@pytest.mark.parametrize(("title", "escaped"), [
    ("A [b] c", "A \\[b\\] c"),
    ("*bold*", "\\*bold\\*"),
    ("<script>", "&lt;script>"),
    ("snake_case", "snake\\_case"),
    ("back\\slash", "back\\\\slash"),
    ("`tick`", "\\`tick\\`"),
    ("Plain words, 100% & more", "Plain words, 100% & more"),
])
def test_titles_are_escaped(title: str, escaped: str) -> None:
    assert escape_link_text(title) == escaped
    rewritten = rewrite_story_links(make_story("[[the-bakery]]"), {**TITLES, "the-bakery": title}, href)
    assert rewritten == f"[{escaped}](/stories/the-bakery/)"


def body_link(source: str, target: str, line: int = 1) -> StoryLink:
    return StoryLink(source, target, line, 1, None)


BACKLINKS = [
    pytest.param({"a": (), "b": ()}, [], {"a": (), "b": ()}, id="every-story-has-an-entry"),
    pytest.param({"a": ("b",), "b": ()}, [body_link("a", "b")],
                 {"a": (), "b": (Backlink("a", "body"), Backlink("a", "related"))}, id="related-and-body-merged"),
    pytest.param({"a": (), "b": (), "c": ()}, [body_link("c", "b", 3), body_link("c", "b", 9), body_link("a", "b")],
                 {"a": (), "b": (Backlink("a", "body"), Backlink("c", "body")), "c": ()}, id="one-entry-per-source"),
    pytest.param({"zeta": ("b",), "alpha": ("b", "b"), "b": (), "mid": ()}, [body_link("mid", "b")],
                 {"alpha": (), "b": (Backlink("alpha", "related"), Backlink("mid", "body"),
                                     Backlink("zeta", "related")), "mid": (), "zeta": ()}, id="sorted-by-source"),
    pytest.param({"a": ("a",), "b": ()}, [body_link("a", "a")], {"a": (), "b": ()}, id="never-to-itself"),
    pytest.param({"a": ("gone",), "b": ()}, [body_link("a", "gone"), body_link("gone", "b")], {"a": (), "b": ()},
                 id="unknown-stories-left-out"),
    pytest.param({"a": ("b",), "b": ("a",)}, [body_link("b", "a")],
                 {"a": (Backlink("b", "body"), Backlink("b", "related")), "b": (Backlink("a", "related"),)},
                 id="both-ways"),
]


@pytest.mark.parametrize(("related", "links", "expected"), BACKLINKS)
def test_backlinks(
    related: dict[str, tuple[str, ...]], links: list[StoryLink], expected: dict[str, tuple[Backlink, ...]],
) -> None:
    stories = [make_story("", story_id=story_id, related=refs) for story_id, refs in related.items()]
    result = backlinks(stories, links)
    assert result == expected
    assert list(result) == sorted(expected)


def test_backlinks_from_found_links() -> None:
    stories = [
        make_story("See [[the-bakery]] and [[the-bakery|again]].", story_id="judy-called-every-day",
                   related=("the-bakery",)),
        make_story("[refund](../the-overbilling-refund.md) and [[here]]", story_id="the-bakery"),
        make_story("[[the-bakery]] [[here]]", story_id=HERE, related=("the-overbilling-refund",)),
        make_story("Nothing.", story_id="the-overbilling-refund"),
    ]
    found = [find_story_links(story, KNOWN)[0] for story in stories]
    result = backlinks(stories, (link for links in found for link in links))
    assert result == {
        HERE: (Backlink("the-bakery", "body"),),
        "judy-called-every-day": (),
        "the-bakery": (Backlink(HERE, "body"), Backlink("judy-called-every-day", "body"),
                       Backlink("judy-called-every-day", "related")),
        "the-overbilling-refund": (Backlink(HERE, "related"), Backlink("the-bakery", "body")),
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("See [[secret]].", "See another story."),
        ("See [[secret|what happened next]].", "See what happened next."),
        ("See [the fix](secret.md#what-we-did) and [[b]].", "See the fix and [B title](b.md)."),
    ],
)
def test_links_to_withheld_stories_keep_only_their_text(body: str, expected: str) -> None:
    source = Story(id="a", path="stories/a.md", title="A", date=datetime.date(2024, 1, 1), summary="s",
                   terms=(), body=body, body_line=10)
    rewritten = rewrite_story_links(source, {"a": "A", "b": "B title"}, lambda target: f"{target}.md",
                                    withheld={"secret": ""})
    assert rewritten == expected
    assert "secret" not in rewritten.lower()
