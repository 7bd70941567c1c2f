"""The browse page in a real browser: facets, counts, text filter, order, the
address, keyboard alone, no JavaScript, phone width and contrast. Expectations
come from the story files (browse_reference.py), never from the page."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from urllib.request import urlopen

import pytest
import test_browser as shared
from browse_reference import (
    box,
    expected,
    fold,
    has_term,
    no_errors,
    open_browse,
    read_catalog,
    read_vocabulary,
    shown_counts,
    shown_titles,
    story_files,
    two_facets,
    worst_contrast,
)
from browser import REPO, build_site, serve
from conftest import FIXTURE_PROJECT, copy_archive, story_text
from test_browser import Tab, text

from story_tools.derived.browsedata import PAGE

pytestmark = pytest.mark.browser

sys.path.insert(0, str(REPO / "bench"))

# The browser, the repository's site (built again for this module) and a fresh tab per test.
chromium, site_url, tab = shared.chromium, shared.site_url, shared.tab


# --- the browse page ------------------------------------------------------------


def test_two_facets_show_exactly_their_stories_and_counts(tab: Tab) -> None:
    picked = two_facets()
    page = open_browse(tab)
    assert len(shown_titles(page)) == len(story_files())
    everything = expected({})[1]
    assert shown_counts(page) == everything, "counts before any filter are the archive's"
    for name, values in picked.items():
        box(page, name, values[0]).check()
    titles, counts = expected(picked)
    assert shown_titles(page) == titles
    assert shown_counts(page) == {key: counts.get(key, 0) for key in everything}
    status = text(page.locator(".st-filter-status"))
    assert status.startswith(f"{len(titles)} stor") and "Show all stories" in status
    query = dict(parse_qsl(urlsplit(page.url).query))
    assert query == {name: values[0] for name, values in picked.items()}
    no_errors(tab)


def test_or_within_a_dimension_and_relevance_order(tab: Tab) -> None:
    catalog = read_catalog()
    outcomes = sorted({s for story in catalog for s in story["terms"]["outcome"]},
                      key=lambda slug: -sum(slug in story["terms"]["outcome"] for story in catalog))[:2]
    page = open_browse(tab, "?" + urlencode([("outcome", slug) for slug in outcomes]))
    titles = expected({"outcome": outcomes})[0]
    assert shown_titles(page) == titles  # both outcomes first, then newest first
    assert all(box(page, "outcome", slug).is_checked() for slug in outcomes)
    word = fold(catalog[-1]["title"]).split()[-1]
    page.locator("input[name=q]").fill(word)
    assert shown_titles(page) == expected({"outcome": outcomes}, word)[0]
    page.locator("select[name=sort]").select_option("date")
    assert shown_titles(page) == expected({"outcome": outcomes}, word, "date")[0]
    no_errors(tab)


def test_the_address_keeps_the_state_through_a_reload(tab: Tab) -> None:
    picked = two_facets()
    page = open_browse(tab)
    for name, values in picked.items():
        box(page, name, values[0]).check()
    page.locator("select[name=sort]").select_option("date")
    before = shown_titles(page)
    url = page.url
    assert "sort=date" in url
    page.reload(wait_until="networkidle")
    page.wait_for_selector("html[data-st-browse=ready]")
    assert page.url == url
    assert shown_titles(page) == before == expected(picked, sort="date")[0]
    assert all(box(page, name, values[0]).is_checked() for name, values in picked.items())
    assert page.locator("select[name=sort]").input_value() == "date"
    no_errors(tab)


def test_keyboard_alone_filters(tab: Tab) -> None:
    page = open_browse(tab)
    first = page.locator(".st-facet input[type=checkbox]").first
    name, slug = first.get_attribute("name"), first.get_attribute("value")
    for _ in range(80):  # from the top of the page, Tab until the text filter has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        raise AssertionError("Tab never reached the text filter")
    word = fold(read_catalog()[0]["title"]).split()[0]
    page.keyboard.type(word)
    assert shown_titles(page) == expected({}, word)[0]
    page.keyboard.press("Tab")  # the order
    assert page.evaluate("document.activeElement.name") == "sort"
    page.keyboard.press("Tab")  # the summary of the facets (open on a wide screen)
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")  # the first value of the first dimension
    assert page.evaluate("[document.activeElement.name, document.activeElement.value]") == [name, slug]
    page.keyboard.press("Space")
    assert first.is_checked()
    assert shown_titles(page) == expected({str(name): [str(slug)]}, word)[0]
    assert f"{name}={slug}" in page.url
    no_errors(tab)


def test_without_javascript_the_page_is_the_plain_list(chromium: Any, site_url: str) -> None:
    plain = Tab(chromium, site_url, java_script_enabled=False)
    try:
        page = plain.open("stories/?outcome=renewed")
        assert page.locator("form.st-browse").is_hidden()
        assert len(shown_titles(page)) == len(story_files())
        assert page.locator(".st-count").is_visible()
    finally:
        plain.close()


def test_new_text_is_readable(tab: Tab) -> None:
    picked = two_facets()
    page = open_browse(tab, "?" + urlencode([(name, values[0]) for name, values in picked.items()]))
    for selector in (".st-facet legend", ".st-facet__label", ".st-facet__count", ".st-filter-status",
                     ".st-browse label[for]", ".st-browse__brief", ".st-story__facts dd"):
        if selector == ".st-story__facts dd":
            page = tab.open(f"stories/{read_catalog()[0]['id']}/")
        ratio, label = worst_contrast(page, selector)
        assert ratio >= 4.5, f"{selector} {label!r}: {ratio:.2f}:1"


@pytest.mark.parametrize("path", ["stories/?outcome=retained", "brief/?outcome=retained"])
def test_phone_viewport_has_no_horizontal_scroll(chromium: Any, site_url: str, path: str) -> None:
    phone = Tab(chromium, site_url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = phone.open(path)
        page.wait_for_selector("html[data-st-browse=ready], .st-brief[data-st-brief=ready]")
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] + 1, f"{path} is {width[0]}px wide in a {width[1]}px viewport"
        if path.startswith("stories/"):  # the facets are folded away, the stories come first
            assert page.evaluate("document.querySelector('details.st-browse__facets').open") is False
            assert page.locator(".st-card").first.is_visible()
        no_errors(phone)
    finally:
        phone.close()


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture archive with 150 more stories: more than one page of cards (100)."""
    shared._require_chromium()
    root = tmp_path_factory.mktemp("long") / "archive"
    shutil.copytree(FIXTURE_PROJECT, root)
    for number in range(150):
        extra = "industry: telecom\n" if number % 3 == 0 else ""
        (root / "stories" / f"many-{number:03d}.md").write_text(story_text(f"Story {number:03d}", extra), encoding="utf-8")
    build_site(root / "mkdocs.yml", root / "site")
    with serve(root / "site") as url:
        yield url


def test_a_page_of_cards_at_a_time_and_all_without_javascript(chromium: Any, long_site: str) -> None:
    assert PAGE == 50  # the numbers below are worked out for 152 stories in pages of 50
    view = Tab(chromium, long_site)
    try:
        page = open_browse(view)
        assert len(shown_titles(page)) == 50
        more = page.locator("button.st-browse__more")
        for shown, label in ((100, "Show 50 more of the 102 not shown"), (150, "Show 50 more of the 52 not shown"),
                             (152, "Show 2 more of the 2 not shown")):
            assert text(more) == label
            more.click()
            assert len(shown_titles(page)) == shown
        every = shown_titles(page)
        assert len(set(every)) == 152 and more.is_hidden()
        box(page, "industry", "telecom").check()  # a new filter starts again at one page
        assert len(shown_titles(page)) == 50 and text(more) == "Show 1 more of the 1 not shown"  # good-two too
        assert text(page.locator(".st-filter-status")).startswith("51 stories with Industry: Telecom")
        no_errors(view)
    finally:
        view.close()
    plain = Tab(chromium, long_site, java_script_enabled=False)
    try:
        page = plain.open("stories/")
        titles = shown_titles(page)
        assert len(titles) == 50
        while page.locator(".st-pages a[rel=next]").count():
            page.locator(".st-pages a[rel=next]").click()
            titles += shown_titles(page)
        assert page.url.endswith("/browse/4/") and titles == every  # the same stories in the same order
        page.locator(".st-pages a[rel=prev]").click()
        assert page.url.endswith("/browse/3/")
    finally:
        plain.close()


def test_back_and_forward_restore_the_filter(tab: Tab) -> None:
    picked = two_facets()
    (first, [one]), (second, [two]) = picked.items()
    page = open_browse(tab)
    box(page, first, one).check()
    page.evaluate("location.hash = 'st-later'")  # a new history entry (as a permalink click makes)
    box(page, second, two).check()
    assert shown_titles(page) == expected(picked)[0]
    page.go_back()
    page.wait_for_function(f"!location.search.includes('{second}=')")
    assert not box(page, second, two).is_checked() and box(page, first, one).is_checked()
    assert shown_titles(page) == expected({first: [one]})[0]
    no_errors(tab)


def test_browse_and_brief_fetch_only_the_records_they_show(chromium: Any, long_site: str) -> None:
    """The page holds its first cards; a filter fetches the table and the chunks of the cards it
    shows; the brief fetches the table and its top stories' chunks. Neither reads stories.json."""
    view = Tab(chromium, long_site)
    requested: list[str] = []
    view.page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    try:
        page = open_browse(view)
        page.wait_for_load_state("networkidle")
        assert not any(path.endswith(".json") and "/browse/data/r-" in path for path in requested)
        box(page, "industry", "telecom").check()
        shown = shown_titles(page)
        chunks = {path for path in requested if "/browse/data/r-" in path}
        table = json.loads(urlopen(long_site + "browse/data/facets.json").read())
        telecom = table["terms"].index(next(t for t in table["terms"] if t[0] == "industry/telecom"))
        bits = urlopen(long_site + "browse/data/facets.bin").read()
        assert len(bits) == 4 * table["words"] * len(table["terms"]) and table["words"] == -(-table["count"] // 32)
        numbers = [n for n in range(table["count"]) if has_term(bits, table["words"], telecom, n)][:PAGE]
        assert len(shown) == len(numbers) == PAGE
        # The page's own cards (the first PAGE in the Browse order) are used as they are.
        assert chunks == {f"/browse/data/r-{n // table['chunk']}.json" for n in numbers if n >= PAGE}
        assert chunks  # some telecom stories are older than the first page
        assert not any(path.endswith("/stories.json") or path.endswith("/text.json") for path in requested)
        page.locator("input[name=q]").fill("story")  # words: the titles and summaries, once
        shown_titles(page)
        assert sum(path.endswith("/browse/data/text.json") for path in requested) == 1
        requested.clear()
        page.goto(long_site + "brief/?industry=telecom&n=2")
        page.wait_for_selector(".st-brief[data-st-brief=ready]")
        briefed = {path for path in requested if "/browse/data/" in path}
        assert briefed == {"/browse/data/facets.json", "/browse/data/facets.bin",
                           f"/browse/data/r-{numbers[0] // table['chunk']}.json",
                           f"/browse/data/r-{numbers[1] // table['chunk']}.json"}
        no_errors(view)
    finally:
        view.close()


GENERATED = 130
"""Stories check_bench.generate adds to the example archive: five 32-bit words of facets.bin, the last
one partly used, and terms spread by chance over the whole vocabulary."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The example archive plus GENERATED stories: its site's address, and its stories as their files say."""
    from check_bench import generate

    shared._require_chromium()
    root = tmp_path_factory.mktemp("generated") / "archive"
    root.mkdir()
    generate(root, GENERATED)
    copy_archive(root)
    build_site(root / "mkdocs.yml", root / "site")
    with serve(root / "site") as url:
        yield url, read_catalog(root)


@pytest.mark.parametrize("address", [
    [("outcome", 0)],
    [("outcome", 0), ("touchpoint", 1)],
    [("principle", 0), ("principle", 2), ("industry", 0)],
    [("touchpoint", 0), ("q", "story 1")],
    [("segment", 1), ("sort", "date")],
])
def test_counts_and_order_from_the_bits_match_the_story_files(
    chromium: Any, generated: tuple[str, list[dict[str, Any]]], address: list[tuple[str, Any]]
) -> None:
    """Counts and order across every word of facets.bin (bits 0 and 31 of a word, the last word's
    unused bits) equal what the story files give, on Browse and on the brief."""
    url, catalog = generated
    used = {name: sorted({slug for story in catalog for slug in story["terms"].get(name, [])})
            for name in read_vocabulary()}
    query = [(name, value if name in ("q", "sort") else used[name][value]) for name, value in address]
    picked: dict[str, list[str]] = {}
    for name, value in query:
        if name not in ("q", "sort"):
            picked.setdefault(name, []).append(value)
    words, order = dict(query).get("q", ""), dict(query).get("sort", "relevance")
    titles, counts = expected(picked, words, order, catalog)
    assert 0 < len(titles) < len(catalog)
    view = Tab(chromium, url)
    try:
        page = open_browse(view, "?" + urlencode(query))
        assert shown_titles(page) == titles[:PAGE]
        assert shown_counts(page) == {key: counts.get(key, 0) for key in shown_counts(page)}
        assert set(shown_counts(page)) == {f"{name}/{slug}" for name, slugs in used.items() for slug in slugs}
        page.goto(url + "brief/?" + urlencode([*query, ("n", "5")]))
        page.wait_for_selector(".st-brief[data-st-brief=ready]")
        assert [text(title) for title in page.locator(".st-brief__title > a").all()] == titles[:5]
        no_errors(view)
    finally:
        view.close()
