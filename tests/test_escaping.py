"""Front matter that reaches HTML is escaped exactly once, whichever template prints it.

tests/hostile/ is a small site whose stories, vocabulary and docs pages carry
script, attribute breakouts and Jinja-looking text in every front-matter field
that is free text. It is built with MkDocs and Material; then every file of the
site is searched for markup a payload made, and every value must read, to a
reader, exactly as it was written (no `&lt;` shown: nothing escaped twice).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from hostilesite import (
    HOSTILE,
    MARKER,
    SITE_NAME,
    PageReader,
    build_hostile,
    front_matter,
    heading_title,
    hostile_strings,
    story,
    vocabulary,
)
from markupsafe import Markup, escape
from mkdocs.config import load_config
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from story_tools.derived.export import json_text
from story_tools.plugin.escaping import escape_meta, escaped

STORY = "stories/hostile-everything/index.html"
NEIGHBOUR = "stories/hostile-neighbour/index.html"
BINARY = (".gz", ".png", ".ico", ".svg", ".woff", ".woff2", ".ttf")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("hostile-site")
    build_hostile(site)
    return site


def text_files(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.name.endswith(BINARY):
            yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8")


def page(site: Path, path: str) -> PageReader:
    return PageReader.read((site / path).read_text(encoding="utf-8"))


# --- no markup from a payload, in any file ------------------------------------


def test_no_file_of_the_site_holds_markup_a_payload_made(site: Path) -> None:
    pages = 0
    for name, text in text_files(site):
        for match in re.finditer(re.escape(MARKER), text):
            before = text[max(0, match.start() - 40):match.start()]
            assert not re.search(r"<(script|img|svg)\b", before, re.I), (
                f"{name}: ...{text[match.start() - 80:match.end() + 20]} (HTML: escape the value;"
                " JSON: write it with jinja2.utils.htmlsafe_json_dumps)")
        for match in re.finditer(rf"on\w+={MARKER}", text):
            before = text[max(0, match.start() - 20):match.start()]
            assert "&lt;" in before or "\\u003c" in before, f"{name}: an event handler outside escaped text: {before}{match.group()}"
        if name.endswith(".html"):
            pages += 1
            assert page(site, name).markup_from_payloads() == [], name
    assert pages >= 15, "the hostile site was not built"


def test_the_payloads_are_in_the_site(site: Path) -> None:
    """The test above would pass on an empty site: the payloads must be there, as text."""
    assert MARKER in (site / STORY).read_text(encoding="utf-8")
    assert MARKER in (site / "index.html").read_text(encoding="utf-8")


def test_json_files_hold_no_markup_and_the_original_text(site: Path) -> None:
    for name in ("stories.json", "feed.json"):
        text = (site / name).read_text(encoding="utf-8")
        assert not set("<>'") & set(text), name
    records = {record["id"]: record for record in json.loads((site / "stories.json").read_text(encoding="utf-8"))}
    meta = story("hostile-everything")
    for key in ("title", "summary", "customer", "quote"):
        assert records["hostile-everything"][key] == meta[key]
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert {item["title"] for item in feed["items"]} == {meta["title"], story("hostile-neighbour")["title"]}


def test_json_in_pages_stays_in_its_script_element(site: Path) -> None:
    """The brief page embeds the vocabulary as JSON: hostile labels stay inside it."""
    scripts = [text for kind, text in page(site, "brief/index.html").scripts if kind == "application/json"]
    labels = {dimension["label"] for dimension in vocabulary().values()}
    assert any(labels <= set(hostile_strings(json.loads(text))) for text in scripts), scripts


# --- every value reads as written ---------------------------------------------


def test_story_page_shows_every_text_field_as_written(site: Path) -> None:
    meta = story("hostile-everything")
    reader = page(site, STORY)
    assert reader.title.strip() == f"{meta['title']} - {SITE_NAME}"
    consent_only = meta["consent"]["recorded_by"]
    for value in hostile_strings(meta):
        if value != consent_only:
            assert value in reader.text, value
    descriptions = [t.attrs["content"] for t in reader.tags if t.name == "meta" and t.attrs.get("name") == "description"]
    assert descriptions == [meta["summary"]]
    assert story("hostile-neighbour")["title"] in reader.text  # related list and the [[link]] text


def test_story_page_shows_term_and_dimension_labels_as_written(site: Path) -> None:
    text = page(site, STORY).text
    chips = {"touchpoint": ["support-call", "billing"], "principle": ["listening", "keep-informed"],
             "outcome": ["retained"], "industry": ["software"]}
    shown = []
    for name, dimension in vocabulary().items():
        assert dimension["label"] in text
        for term in dimension["terms"]:
            if term["slug"] in chips[name]:
                assert term["label"] in text, term["slug"]
                shown.append(term["slug"])
    assert sorted(shown) == sorted(slug for slugs in chips.values() for slug in slugs)  # every chip was looked for


def test_term_and_dimension_pages_show_vocabulary_text_as_written(site: Path) -> None:
    for name, dimension in vocabulary().items():
        reader = page(site, f"{name}/index.html")
        assert reader.title.strip() == f"{dimension['label']} - {SITE_NAME}"
        for term in dimension["terms"]:
            assert term["label"] in reader.text and term["description"] in reader.text
            term_page = page(site, f"{name}/{term['slug']}/index.html")
            assert term_page.title.strip() == f"{term['label']} - {SITE_NAME}"
            assert term["description"] in term_page.text and dimension["label"] in term_page.text


def test_index_and_coverage_show_values_as_written(site: Path) -> None:
    index = page(site, "stories/index.html").text
    for name in ("hostile-everything", "hostile-neighbour"):
        assert story(name)["title"] in index and story(name)["summary"] in index
    coverage = page(site, "coverage/index.html").text
    for dimension in vocabulary().values():
        assert dimension["label"] in coverage


def test_docs_pages_show_their_front_matter_as_written(site: Path) -> None:
    home, guide = front_matter(HOSTILE / "docs" / "index.md"), front_matter(HOSTILE / "docs" / "guide.md")
    reader = page(site, "index.html")
    assert reader.title.strip() == f"{home['title']} - {SITE_NAME}"
    metas = {t.attrs.get("name"): t.attrs.get("content") for t in reader.tags if t.name == "meta"}
    assert (metas["description"], metas["author"]) == (home["description"], home["author"])
    for value in (home["title"], home["tags"][0], guide["title"], guide["subtitle"]):
        assert value in reader.text, value  # heading, tag chip, navigation
    status = [t.attrs["class"] for t in reader.tags if "md-status" in t.attrs.get("class", "")]
    assert status == [f"md-status md-status--{guide['status']}"]
    assert page(site, "guide/index.html").title.strip() == f"{guide['title']} - {SITE_NAME}"


def test_breadcrumbs_and_tabs_show_titles_as_written(site: Path) -> None:
    home, guide = front_matter(HOSTILE / "docs" / "index.md"), front_matter(HOSTILE / "docs" / "guide.md")
    html = (site / "guides/deep/index.html").read_text(encoding="utf-8")
    path = re.search(r'<nav class="md-path".*?</nav>', html, re.DOTALL)
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', html, re.DOTALL)
    assert path and tabs, "navigation.path or navigation.tabs drew nothing"
    assert home["title"] in PageReader.read(path.group()).text
    assert home["title"] in PageReader.read(tabs.group()).text and guide["title"] in PageReader.read(tabs.group()).text
    deep = front_matter(HOSTILE / "docs" / "guides" / "deep.md")["title"]
    assert page(site, "guides/deep/index.html").title.strip() == f"{deep} - {SITE_NAME}"


def test_a_title_from_a_heading_is_text_in_the_title_element(site: Path) -> None:
    """Material's `striptags` turns entities back into markup; main.html escapes again."""
    reader = page(site, "heading/index.html")
    assert reader.title.strip() == f"{heading_title()} - {SITE_NAME}"
    assert heading_title() in reader.text


def test_nothing_is_escaped_twice(site: Path) -> None:
    pages = 0
    for name, text in text_files(site):
        if name.endswith(".html"):
            pages += 1
            reader = PageReader.read(text)
            for value in [reader.title, reader.text, *reader.attribute_values()]:
                assert not re.search(r"&(lt|gt|amp|quot|#\d+);", value), f"{name}: {value[:200]}"
    assert pages >= 15, "the hostile site was not built"


def test_no_override_of_the_site_drops_the_title_block() -> None:
    """A site's overrides/main.html wins over story_tools/plugin/theme/main.html: whichever main.html the
    repository's site renders with must escape the <title> (a meta title and a heading's title)."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    main = config.theme.get_env().get_template("main.html")
    assert "htmltitle" in main.blocks, f"{main.filename} does not redefine the htmltitle block of story_tools/plugin/theme/main.html"
    page = Page(None, File("guide.md", config.docs_dir, config.site_dir, True), config)
    site_name = escape(config.site_name)
    for meta, title, shown in [
        ({"title": escape("</title><script>x()</script> & co")}, None, "&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; &amp; co"),
        ({}, "&lt;/title&gt;&lt;script&gt;y()&lt;/script&gt;", "&lt;/title&gt;&lt;script&gt;y()&lt;/script&gt;"),
    ]:
        page.meta, page.title = meta, title
        html = "".join(main.blocks["htmltitle"](main.new_context({"page": page, "config": config})))
        assert html.strip() == f"<title>{shown} - {site_name}</title>", main.filename


def test_jinja_looking_text_is_not_run(site: Path) -> None:
    text = page(site, STORY).text
    assert "{{ 7*7 }} & co" in text
    assert "49 & co" not in text


# --- the escaping itself, and client code ----------------------------------------


def test_escaped_escapes_every_string_once() -> None:
    value = {"title": "<b>", "tags": ["a&b", 3], "when": None, "search": {"boost": "'"}}
    once = escaped(value)
    assert once == {"title": "&lt;b&gt;", "tags": ["a&amp;b", 3], "when": None, "search": {"boost": "&#39;"}}
    assert isinstance(once["title"], Markup)
    assert escaped(once) == once  # Markup is never escaped again
    meta = {"title": Markup("&lt;b&gt;"), "hide": ["toc"]}
    escape_meta(meta)
    assert meta == {"title": "&lt;b&gt;", "hide": ["toc"]}


def test_published_json_is_the_same_data_without_markup() -> None:
    data = {"title": "</script><script>alert('x')</script> & <!--", "n": [1, "é"]}
    text = json_text([data, data])
    assert not set("<>&'") & set(text)
    assert json.loads(text) == [data, data]


CLIENT_SINKS = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment)\b")


def test_client_code_puts_text_in_the_page_with_text_content() -> None:
    """Our JavaScript never parses strings as HTML: data goes in with textContent."""
    package = Path(__file__).parent.parent / "story_tools"
    sources = {path: path.read_text(encoding="utf-8") for path in sorted(package.glob("**/assets/*.js"))}
    templates = sorted([*package.glob("**/templates/**/*.html"), *package.glob("**/theme/**/*.html")])
    assert len(sources) >= 4 and len(templates) >= 8, "the scripts and templates were not found: has the package moved?"
    for path in templates:
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", path.read_text(encoding="utf-8"), re.DOTALL)
        sources[path] = "\n".join(scripts)
    found = [f"{path.relative_to(package)}: {match.group()}" for path, text in sources.items()
             for match in CLIENT_SINKS.finditer(text)]
    assert found == []
