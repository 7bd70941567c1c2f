"""The generator's pages: the Markdown extension that passes their HTML blocks through, the
split the MkDocs plugin makes of them (site/htmlblocks.py), and their relative links."""

from __future__ import annotations

import datetime
import posixpath
import re

import frontmatter
import markdown
import pytest
from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.derived.relate import related_stories
from story_tools.site.generate import generate_site
from story_tools.site.htmlblocks import END, START, html_block, split_blocks
from story_tools.site.render import relative_url

TODAY = datetime.date(2026, 6, 1)
MARKERS = re.compile(rf"\s*(?:{re.escape(START)}|{re.escape(END)})\s*")


def _pages() -> dict[str, str]:
    settings = ArchiveSettings.at(REPO, "stories", "vocabulary.yml")
    catalog = load_catalog(settings, today=TODAY)
    related = related_stories(catalog.stories, catalog.vocabulary, count=3)
    files = generate_site(catalog, related, url_prefix="stories", today=TODAY, site_name="Archive")
    return {path: text for path, text in files.items() if path.endswith(".md") and isinstance(text, str)}


PAGES = _pages()


def _html(text: str, *, blocks: bool) -> str:
    extensions = ["admonition", "attr_list", "toc"] + (["story_tools.site.htmlblocks"] if blocks else [])
    html = markdown.Markdown(extensions=extensions).convert(frontmatter.loads(text).content)
    return re.sub(r"\s+", " ", MARKERS.sub("\n", html)).strip()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_every_generated_page_renders_the_same_with_and_without_the_extension(path: str) -> None:
    text = PAGES[path]
    assert START in text and END in text
    assert _html(text, blocks=True) == _html(text, blocks=False)


def test_the_extension_stores_each_block_whole_and_drops_the_markers() -> None:
    text = "Before\n" + html_block('<div class="x">\n\n  <p>*not emphasis*</p>\n\n</div>') + "\nAfter *yes*\n"
    html = markdown.markdown(text, extensions=["story_tools.site.htmlblocks"])
    assert html == '<p>Before</p>\n<div class="x">\n\n  <p>*not emphasis*</p>\n\n</div>\n<p>After <em>yes</em></p>'


def test_a_block_without_its_end_is_left_to_markdown() -> None:
    text = f"{START}\n<div>open</div>\n\n*text*\n"
    assert markdown.markdown(text, extensions=["story_tools.site.htmlblocks"]) == markdown.markdown(text)


def test_a_story_page_splits_into_header_body_and_related_list() -> None:
    path = next(p for p in sorted(PAGES) if p.startswith("stories/") and p.count("/") == 2)
    head, body, tail = split_blocks(frontmatter.loads(PAGES[path]).content)
    assert head.startswith('<div class="st-story">') and 'class="st-story__header"' in head
    assert tail.startswith('<div class="st-story st-story__after">')
    assert body.strip().startswith("## ") and START not in body and END not in body


@given(st.lists(st.sampled_from([START, END, "text", "", "<div>", "</div>", " "]), max_size=12))
def test_no_story_text_moves_out_of_the_middle(lines: list[str]) -> None:
    """Whatever marker lines a story's own text holds, all of it stays in the part Markdown
    renders and the plugin sanitises: the header and related list are the generator's blocks."""
    body = "\n".join(["Own text", *lines, "last line"])
    page = html_block('<div class="st-story">\n<h1>Title</h1>\n</div>') + "\n" + body + "\n" + html_block(
        '<div class="st-story st-story__after">\n<h2>Related</h2>\n</div>')
    head, middle, tail = split_blocks(page)
    assert head == '<div class="st-story">\n<h1>Title</h1>\n</div>'
    assert tail == '<div class="st-story st-story__after">\n<h2>Related</h2>\n</div>'
    assert middle.strip("\n") == body


@given(st.lists(st.sampled_from(["stories", "a", "b", "x-1", "index.html", "."]), max_size=4),
       st.lists(st.sampled_from(["stories", "a", "b", "x-1", "."]), max_size=4), st.booleans())
def test_links_between_generated_pages_are_posix_relative_paths(target: list[str], page: list[str],
                                                                folder: bool) -> None:
    """The generator's own relative paths (render.py, no abspath) are posixpath.relpath's."""
    path = "/".join(target) + ("/" if folder and target else "")
    expected = posixpath.relpath(path or ".", "/".join(page) or ".")
    if (not path or path.endswith("/")) and not expected.endswith("/"):
        expected += "/"
    assert relative_url(path, "/".join(page)) == expected
    if path:  # "#part" alone is a link within the page, left as it is
        assert relative_url(f"{path}#part", "/".join(page)) == f"{expected}#part"
