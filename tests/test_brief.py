"""The call-prep brief and the story page's header in a real browser; a fixture
archive with a quote the customer did not approve shows the "internal only" marking."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import test_browser as shared
from browse_reference import (
    box,
    expected,
    no_errors,
    open_browse,
    read_catalog,
    read_vocabulary,
    two_facets,
)
from browser import build_site, serve
from conftest import FIXTURE_PROJECT
from test_browser import Tab, text

pytestmark = pytest.mark.browser

# The browser, the repository's site (built again for this module) and a fresh tab per test.
chromium, site_url, tab = shared.chromium, shared.site_url, shared.tab


# --- the call-prep brief ----------------------------------------------------------


def test_brief_shows_the_top_stories_of_the_filter_and_prints_without_chrome(tab: Tab) -> None:
    picked = two_facets()
    page = open_browse(tab)
    for name, values in picked.items():
        box(page, name, values[0]).check()
    page.locator("a.st-browse__brief").click()
    page.wait_for_selector(".st-brief[data-st-brief=ready]")
    assert dict(parse_qsl(urlsplit(page.url).query)) == {name: values[0] for name, values in picked.items()}
    titles = expected(picked)[0]
    stories = page.locator(".st-brief__story")
    assert [text(s.locator(".st-brief__title a")) for s in stories.all()] == titles[:3]
    by_title = {story["title"]: story for story in read_catalog()}
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
    catalog = read_catalog()
    cited = {}
    for story in catalog:
        for target in story["meta"].get("related") or []:
            cited.setdefault(target, []).append(story["title"])
    story = next(s for s in catalog if s["id"] in cited and s["meta"].get("quote"))
    page = tab.open(f"stories/{story['id']}/")
    vocabulary = read_vocabulary()
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

