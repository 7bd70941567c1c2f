"""The real site in a real browser: the repository's own archive, built with
MkDocs, served locally and opened in headless Chromium through Playwright.

Every request that would leave the machine is aborted and recorded, so these
tests never touch the network.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser import (
    CHROMIUM,
    REPO,
    PageWatch,
    block_external,
    build_site,
    chromium_available,
    chromium_session,
    serve,
)
from ciskips import unavailable

pytestmark = pytest.mark.browser

STORIES = REPO / "stories"
STORY_ID = "the-customer-who-called-every-day"
STORY_URL = f"stories/{STORY_ID}/"
PAGES = {"home": "", "index": "stories/", "story": STORY_URL, "coverage": "coverage/",
         "term": "principle/keep-them-informed/", "dimension": "principle/"}
TIMEOUT_MS = 10_000


# --- the site, the server and the browser, once per module -----------------


def _require_chromium() -> None:
    if not chromium_available():  # skipped; in CI failed: browser tests never skip there
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own site, built once and served on 127.0.0.1."""
    _require_chromium()
    site = tmp_path_factory.mktemp("site")
    build_site(REPO / "mkdocs.yml", site)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    _require_chromium()
    with chromium_session() as browser:
        yield browser


class Tab:
    """A fresh context and page, with every external request blocked and every error recorded."""

    def __init__(self, browser: Any, site_url: str, **context_options: Any) -> None:
        self.site_url = site_url
        self.context = browser.new_context(base_url=site_url, **context_options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.blocked = block_external(self.context)
        self.page = self.context.new_page()
        self.watch = PageWatch().attach(self.page)

    def open(self, path: str) -> Any:
        response = self.page.goto(self.site_url + path, wait_until="networkidle")
        assert response is not None and response.ok, f"{path!r}: HTTP {response and response.status}"
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(chromium: Any, site_url: str) -> Iterator[Tab]:
    tab = Tab(chromium, site_url, viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


# --- expectations read from the sources, never hard-coded --------------------


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n(.*)", text, re.DOTALL)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def story_files() -> list[Path]:
    return sorted(STORIES.rglob("*.md"))


def expected_terms(meta: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(dimension label, [chip labels]) for each dimension the story uses, in vocabulary order."""
    vocabulary = yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))
    expected = []
    for name, dimension in vocabulary["dimensions"].items():
        values = meta.get(name)
        if not values:
            continue
        labels = {}
        for term in dimension["terms"]:
            for key in (term["slug"], *term.get("aliases", [])):
                labels[key] = term["label"]
        values = values if isinstance(values, list) else [values]
        expected.append((dimension["label"], [labels[str(value)] for value in values]))
    return expected


def text(locator: Any) -> str:
    """Text as written in the HTML (inner_text would apply CSS text-transform)."""
    return " ".join((locator.text_content() or "").split())


# --- colour contrast (WCAG 2.x) ---------------------------------------------

CHIP_COLOURS_JS = """
chips => chips.map(chip => {
  const layers = [];
  for (let el = chip; el; el = el.parentElement) {
    layers.push(getComputedStyle(el).backgroundColor);
  }
  return {text: chip.textContent.trim(), color: getComputedStyle(chip).color, backgrounds: layers};
})
"""


def parse_colour(css: str) -> tuple[float, float, float, float]:
    match = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)", css.strip())
    assert match, f"unexpected computed colour {css!r}"
    r, g, b, a = match.groups()
    alpha = 1.0 if a is None else (float(a[:-1]) / 100 if a.endswith("%") else float(a))
    return float(r), float(g), float(b), alpha


def over(top: tuple[float, float, float, float], bottom: tuple[float, float, float]) -> tuple[float, float, float]:
    alpha = top[3]
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom, strict=True))  # type: ignore[return-value]


def luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helpers() -> None:
    white, black = (255.0, 255.0, 255.0), (0.0, 0.0, 0.0)
    assert contrast(white, black) == pytest.approx(21)
    assert contrast(white, white) == pytest.approx(1)
    assert over(parse_colour("rgba(0, 0, 0, 0.5)"), white) == pytest.approx((127.5, 127.5, 127.5))
    assert parse_colour("rgb(10, 20, 30)") == (10, 20, 30, 1.0)


# --- the tests ----------------------------------------------------------------


def test_story_page_shows_front_matter_and_body(tab: Tab) -> None:
    meta, body = front_matter(STORIES / f"{STORY_ID}.md")
    page = tab.open(STORY_URL)

    h1 = page.locator("h1")
    assert h1.count() == 1
    assert text(h1) == meta["title"]
    assert h1.is_visible()
    assert page.title().startswith(meta["title"])

    summary = page.locator(".st-story__summary")
    assert text(summary) == " ".join(meta["summary"].split())
    assert summary.is_visible()

    dimensions = page.locator(".st-story__terms .st-dimension")
    shown = []
    for i in range(dimensions.count()):
        dimension = dimensions.nth(i)
        label = dimension.locator(".st-dimension__label")
        chips = dimension.locator(".st-chip")
        assert label.is_visible() and chips.first.is_visible()
        shown.append((text(label), [text(chips.nth(j)) for j in range(chips.count())]))
    assert shown == expected_terms(meta)
    assert {"Touchpoint", "Principle", "Outcome"} <= {label for label, _ in shown}

    quote = page.locator(".st-story__quote p")
    assert text(quote) == meta["quote"]
    assert quote.is_visible()

    headings = [line[3:].strip() for line in body.splitlines() if line.startswith("## ")]
    assert "The situation" in headings
    shown_headings = [text(h).rstrip("¶").strip() for h in page.locator(".md-content__inner > h2").all()]
    assert shown_headings == headings
    assert page.locator(".md-content__inner > h2", has_text="The situation").is_visible()


def test_index_lists_every_story_and_links_to_it(tab: Tab) -> None:
    titles = [front_matter(path)[0]["title"] for path in story_files()]
    assert titles, "no stories found"
    page = tab.open(PAGES["index"])

    cards = page.locator(".st-cards > .st-card")
    assert cards.count() == len(titles)
    shown = [text(card.locator(".st-card__title")) for card in cards.all()]
    assert sorted(shown) == sorted(titles)
    dates = [d.get_attribute("datetime") for d in page.locator(".st-card__meta time").all()]
    assert dates == sorted(dates, reverse=True), "cards are not newest first"

    title = front_matter(STORIES / f"{STORY_ID}.md")[0]["title"]
    page.locator(".st-card__title", has_text=title).click()
    page.wait_for_url(tab.site_url + STORY_URL)
    assert text(page.locator("h1")) == title


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_console_or_page_errors(tab: Tab, path: str) -> None:
    page = tab.open(path)
    page.wait_for_timeout(200)  # let late scripts (search worker) report
    assert tab.watch.page_errors == []
    assert tab.watch.console_errors == []
    assert tab.watch.local_failures == []


def test_no_external_requests(tab: Tab) -> None:
    for path in PAGES.values():
        tab.open(path)
    assert tab.blocked == []


@pytest.mark.parametrize("path", [STORY_URL, PAGES["index"]], ids=["story", "index"])
def test_phone_viewport_has_no_horizontal_scroll(chromium: Any, site_url: str, path: str) -> None:
    phone = Tab(chromium, site_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.open(path)
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert width[1] == 390
        assert width[0] <= width[1] + 1, f"page is {width[0]}px wide in a {width[1]}px viewport"
    finally:
        phone.close()


@pytest.mark.parametrize("path", [STORY_URL, PAGES["index"]], ids=["story", "index"])
def test_chip_text_contrast(tab: Tab, path: str) -> None:
    page = tab.open(path)
    chips = page.locator(".st-chip").evaluate_all(CHIP_COLOURS_JS)
    assert chips, "no chips on the page"
    white = (255.0, 255.0, 255.0)
    worst = []
    for chip in chips:
        background = white
        for layer in reversed(chip["backgrounds"]):  # from <html> inwards
            background = over(parse_colour(layer), background)
        foreground = over(parse_colour(chip["color"]), background)
        worst.append((contrast(foreground, background), chip["text"], chip["color"], chip["backgrounds"][0]))
    ratio, label, color, background = min(worst)
    assert ratio >= 4.5, f"chip {label!r}: {color} on {background} is {ratio:.2f}:1"


def _slugs_by_alias() -> dict[str, dict[str, str]]:
    vocabulary = yaml.safe_load((REPO / "vocabulary.yml").read_text(encoding="utf-8"))
    return {
        name: {key: term["slug"] for term in dimension["terms"] for key in (term["slug"], *term.get("aliases", []))}
        for name, dimension in vocabulary["dimensions"].items()
    }


def _stories_with(rows: str, row: str, columns: str, column: str) -> set[str]:
    """Story titles carrying both terms, read from the story files themselves."""
    slugs = _slugs_by_alias()
    titles = set()
    for path in story_files():
        meta = front_matter(path)[0]

        def carried(name: str, meta: dict[str, Any] = meta) -> set[str]:
            values = meta.get(name) or []
            return {slugs[name][str(v)] for v in (values if isinstance(values, list) else [values])}

        if row in carried(rows) and column in carried(columns):
            titles.add(meta["title"])
    return titles


def test_coverage_cell_opens_exactly_its_stories(tab: Tab) -> None:
    page = tab.open(PAGES["coverage"])
    cell = page.locator("table.st-matrix td.st-cell a").first
    count = int(text(cell))
    href = cell.get_attribute("href") or ""
    query = dict(pair.split("=") for pair in href.split("?", 1)[1].split("&"))
    (rows, row), (columns, column) = list(query.items())
    cell.click()
    page.wait_for_url(re.compile(r".*/stories/\?.*"))
    visible = [text(card.locator(".st-card__title")) for card in page.locator(".st-card:visible").all()]
    assert set(visible) == _stories_with(rows, row, columns, column)
    assert len(visible) == count
    status = text(page.locator(".st-filter-status"))
    assert status.startswith(f"{count} stor") and "Show all stories" in status
    page.locator(".st-filter-status a").click()
    page.wait_for_url(re.compile(r".*/stories/$"))
    assert page.locator(".st-card:visible").count() == len(story_files())
    assert tab.watch.console_errors == [] and tab.watch.page_errors == []


def test_story_page_shows_related_stories_with_reasons(tab: Tab) -> None:
    page = tab.open(STORY_URL)
    items = page.locator(".st-related__list li")
    assert items.count() == 3
    for item in items.all():
        assert text(item.locator(".st-related__why"))
    item = items.first
    title = text(item.locator("a"))
    item.locator("a").click()
    assert text(page.locator("h1")) == title
