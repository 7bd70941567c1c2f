"""The browse page, the call-prep brief and the story header, in a real browser.

Expectations are computed from the story files (a small reference of the
rules written in README, "The site"), never from the page under test. The
repository's own archive is built once for the module; a fixture archive with
a quote the customer did not approve is built for the brief's quote marking.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import test_browser as shared
import yaml
from browser import REPO, build_site, serve
from conftest import FIXTURE_PROJECT
from test_browser import CHIP_COLOURS_JS, Tab, contrast, front_matter, over, parse_colour, story_files, text

pytestmark = pytest.mark.browser

WHITE = (255.0, 255.0, 255.0)

# The browser, the repository's site (built again for this module) and a fresh tab per test.
chromium, site_url, tab = shared.chromium, shared.site_url, shared.tab


# --- the archive as the story files say, and the rules as README says --------


def _vocabulary() -> dict[str, Any]:
    return yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))["dimensions"]  # type: ignore[no-any-return]


def _catalog() -> list[dict[str, Any]]:
    """Every story: id, title, summary, date, terms {dimension: [slug]}; newest first, then id."""
    vocabulary = _vocabulary()
    slugs = {name: {key: term["slug"] for term in dimension["terms"] for key in (term["slug"], *term.get("aliases", []))}
             for name, dimension in vocabulary.items()}
    stories = []
    for path in story_files():
        meta = front_matter(path)[0]
        terms = {}
        for name in vocabulary:
            values = meta.get(name) or []
            values = values if isinstance(values, list) else [values]
            if values:
                terms[name] = [slugs[name][str(value)] for value in values]
        stories.append({"id": path.stem, "title": meta["title"], "summary": " ".join(meta["summary"].split()),
                        "date": meta["date"], "terms": terms, "meta": meta})
    return sorted(stories, key=lambda s: (-s["date"].toordinal(), s["id"]))


def _fold(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c)).lower()


def expected(picked: dict[str, list[str]], q: str = "", sort: str = "relevance") -> tuple[list[str], dict[str, int]]:
    """(titles in the page's order, {"dimension/slug": count}) for a filter."""
    words = _fold(q).split()
    counts: dict[str, int] = {}
    matches = []
    for index, story in enumerate(_catalog()):
        title, summary = _fold(story["title"]), _fold(story["summary"])
        if any(w not in title and w not in summary for w in words):
            continue
        score = sum(3 * (w in title) + (w in summary) for w in words)
        failed = []
        for name, values in picked.items():
            hits = len(set(values) & set(story["terms"].get(name, [])))
            score += 2 * hits
            if not hits:
                failed.append(name)
        for name, slugs in story["terms"].items():
            if not failed or failed == [name]:
                for slug in slugs:
                    counts[f"{name}/{slug}"] = counts.get(f"{name}/{slug}", 0) + 1
        if not failed:
            matches.append((-score if sort == "relevance" else 0, index, story["title"]))
    return [title for _, _, title in sorted(matches)], counts


def _two_facets() -> dict[str, list[str]]:
    """An outcome and a touchpoint that narrow the archive without emptying it."""
    catalog = _catalog()
    for outcome in sorted({s for story in catalog for s in story["terms"]["outcome"]}):
        with_outcome = [story for story in catalog if outcome in story["terms"]["outcome"]]
        for touchpoint in sorted({s for story in with_outcome for s in story["terms"]["touchpoint"]}):
            titles, _ = expected({"outcome": [outcome], "touchpoint": [touchpoint]})
            if 1 < len(titles) < len(with_outcome):
                return {"outcome": [outcome], "touchpoint": [touchpoint]}
    for outcome in sorted({s for story in catalog for s in story["terms"]["outcome"]}):
        for touchpoint in sorted({s for story in catalog for s in story["terms"]["touchpoint"]}):
            if expected({"outcome": [outcome], "touchpoint": [touchpoint]})[0]:
                return {"outcome": [outcome], "touchpoint": [touchpoint]}
    raise AssertionError("no outcome and touchpoint share a story")


# --- reading the page ---------------------------------------------------------


def open_browse(tab: Tab, query: str = "") -> Any:
    page = tab.open("stories/" + query)
    page.wait_for_selector("html[data-st-browse=ready]")
    return page


def shown_titles(page: Any) -> list[str]:
    return [text(card.locator(".st-card__title")) for card in page.locator(".st-cards > .st-card:visible").all()]


def shown_counts(page: Any) -> dict[str, int]:
    return page.locator(".st-facet__value").evaluate_all(
        "values => Object.fromEntries(values.map(v => [v.querySelector('input').name + '/' +"
        " v.querySelector('input').value, Number(v.querySelector('.st-facet__count').textContent)]))")


def box(page: Any, name: str, slug: str) -> Any:
    return page.locator(f'input[type=checkbox][name="{name}"][value="{slug}"]')


def worst_contrast(page: Any, selector: str) -> tuple[float, str]:
    found = page.locator(selector).evaluate_all(CHIP_COLOURS_JS)
    assert found, f"nothing matches {selector}"
    ratios = []
    for item in found:
        background = WHITE
        for layer in reversed(item["backgrounds"]):
            background = over(parse_colour(layer), background)
        ratios.append((contrast(over(parse_colour(item["color"]), background), background), item["text"]))
    return min(ratios)


def no_errors(tab: Tab) -> None:
    assert tab.watch.page_errors == [] and tab.watch.console_errors == [] and tab.watch.local_failures == []


# --- the browse page ------------------------------------------------------------


def test_two_facets_show_exactly_their_stories_and_counts(tab: Tab) -> None:
    picked = _two_facets()
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
    catalog = _catalog()
    outcomes = sorted({s for story in catalog for s in story["terms"]["outcome"]},
                      key=lambda slug: -sum(slug in story["terms"]["outcome"] for story in catalog))[:2]
    page = open_browse(tab, "?" + urlencode([("outcome", slug) for slug in outcomes]))
    titles = expected({"outcome": outcomes})[0]
    assert shown_titles(page) == titles  # both outcomes first, then newest first
    assert all(box(page, "outcome", slug).is_checked() for slug in outcomes)
    word = _fold(catalog[-1]["title"]).split()[-1]
    page.locator("input[name=q]").fill(word)
    assert shown_titles(page) == expected({"outcome": outcomes}, word)[0]
    page.locator("select[name=sort]").select_option("date")
    assert shown_titles(page) == expected({"outcome": outcomes}, word, "date")[0]
    no_errors(tab)


def test_the_address_keeps_the_state_through_a_reload(tab: Tab) -> None:
    picked = _two_facets()
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
    word = _fold(_catalog()[0]["title"]).split()[0]
    page.keyboard.type(word)
    assert shown_titles(page) == expected({}, word)[0]
    page.keyboard.press("Tab")  # the order
    assert page.evaluate("document.activeElement.name") == "sort"
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
    picked = _two_facets()
    page = open_browse(tab, "?" + urlencode([(name, values[0]) for name, values in picked.items()]))
    for selector in (".st-facet legend", ".st-facet__label", ".st-facet__count", ".st-filter-status",
                     ".st-browse label[for]", ".st-browse__brief", ".st-story__facts dd"):
        if selector == ".st-story__facts dd":
            page = tab.open(f"stories/{_catalog()[0]['id']}/")
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
        no_errors(phone)
    finally:
        phone.close()


# --- the call-prep brief ----------------------------------------------------------


def test_brief_shows_the_top_stories_of_the_filter_and_prints_without_chrome(tab: Tab) -> None:
    picked = _two_facets()
    page = open_browse(tab)
    for name, values in picked.items():
        box(page, name, values[0]).check()
    page.locator("a.st-browse__brief").click()
    page.wait_for_selector(".st-brief[data-st-brief=ready]")
    assert dict(parse_qsl(urlsplit(page.url).query)) == {name: values[0] for name, values in picked.items()}
    titles = expected(picked)[0]
    stories = page.locator(".st-brief__story")
    assert [text(s.locator(".st-brief__title a")) for s in stories.all()] == titles[:3]
    by_title = {story["title"]: story for story in _catalog()}
    for story in stories.all():
        source = by_title[text(story.locator(".st-brief__title a"))]
        assert text(story.locator(".st-brief__summary")) == source["summary"]
        assert story.locator(".st-brief__title a").get_attribute("href") == f"{tab.site_url}stories/{source['id']}/"
        quote = source["meta"].get("quote")
        quotes = story.locator(".st-brief__quote-text")
        assert [text(q) for q in quotes.all()] == ([quote] if quote else [])
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".st-brief__actions"):
        assert page.locator(chrome).first.is_hidden(), f"{chrome} is printed"
    assert page.locator(".st-brief__story").first.is_visible()
    no_errors(tab)


def test_brief_takes_n_stories_and_goes_back_to_the_same_filter(tab: Tab) -> None:
    page = tab.open("brief/?n=5&sort=date")
    page.wait_for_selector(".st-brief[data-st-brief=ready]")
    titles = [text(t) for t in page.locator(".st-brief__title a").all()]
    assert titles == expected({}, sort="date")[0][:5]
    assert text(page.locator(".st-brief__status")).startswith("All stories: the top 5 of")
    page.locator("a.st-brief__back").click()
    page.wait_for_selector("html[data-st-browse=ready]")
    assert urlsplit(page.url).query == "sort=date"
    no_errors(tab)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/fixtures/project: good-one is public and has a quote but no consent for it."""
    shared._require_chromium()
    root = tmp_path_factory.mktemp("fixture") / "archive"
    shutil.copytree(FIXTURE_PROJECT, root)
    site = root / "site"
    build_site(root / "mkdocs.yml", site)
    with serve(site) as url:
        yield url


def test_a_quote_without_consent_is_marked_internal_only(chromium: Any, fixture_site: str) -> None:
    view = Tab(chromium, fixture_site)
    try:
        page = view.open("brief/?industry=software")
        page.wait_for_selector(".st-brief[data-st-brief=ready]")
        quote = page.locator(".st-brief__quote")
        assert text(quote.locator(".st-brief__quote-text")) == "You called before I had to."
        assert text(quote.locator(".st-brief__quote-note")).startswith("Internal only: do not quote")
        page = view.open("stories/good-one/")
        assert text(page.locator(".st-quote-note")).startswith("Internal only: do not quote")
        no_errors(view)
    finally:
        view.close()


# --- the story page -----------------------------------------------------------------


def test_story_header_chips_related_and_backlinks(tab: Tab) -> None:
    catalog = _catalog()
    cited = {}
    for story in catalog:
        for target in story["meta"].get("related") or []:
            cited.setdefault(target, []).append(story["title"])
    story = next(s for s in catalog if s["id"] in cited and s["meta"].get("quote"))
    page = tab.open(f"stories/{story['id']}/")
    vocabulary = _vocabulary()
    facts = {text(d.locator("dt")): text(d.locator("dd")) for d in page.locator(".st-story__facts > div").all()}
    for name in ("industry", "segment", "outcome"):
        labels = {t["slug"]: t["label"] for t in vocabulary[name]["terms"]}
        assert facts[vocabulary[name]["label"]] == ", ".join(labels[s] for s in story["terms"][name])
    chips = page.locator(".st-story__terms .st-chip")
    assert chips.count() == sum(len(slugs) for slugs in story["terms"].values())
    href = chips.first.get_attribute("href") or ""
    assert re.search(r"/touchpoint/[a-z0-9-]+/$", href), href
    assert page.locator(".st-related__list li").count() >= 1
    backlinks = [text(a) for a in page.locator(".st-backlinks li > a").all()]
    assert set(cited[story["id"]]) <= set(backlinks)
    assert page.locator(".st-quote-note").count() == 0  # its consent approves the quote
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden() and page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".st-story__quote").is_visible() and page.locator(".st-related").is_visible()
    no_errors(tab)

