"""The hostile fixture site (tests/hostile/) in headless Chromium: no payload runs.

Every built page is opened with an init script that records any call to
`__xss` (what every payload calls), `alert`, `confirm`, `prompt` and `print`,
and with a listener for dialogs; a payload's `<img src=x>` would also show as a
failed local request. The search box, when there is one, is given a word
that matches hostile titles on the home page, so results are drawn too.
Nothing may run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, PageWatch, block_external, chromium_available, chromium_session, serve
from ciskips import unavailable
from hostilesite import MARKER, SITE_NAME, build_hostile, heading_title, story, vocabulary

pytestmark = pytest.mark.browser

TIMEOUT_MS = 10_000

RECORDER = f"""
(() => {{
  const report = (what, args) => window.__xssReport(what, Array.from(args).map(String).join(", "));
  window.{MARKER} = function () {{ report("{MARKER}", arguments); }};
  for (const name of ["alert", "confirm", "prompt", "print"]) {{
    window[name] = function () {{ report(name, arguments); }};
  }}
}})();
"""


def _chromium_or_skip() -> None:
    if not chromium_available():  # skipped; in CI failed: browser tests never skip there
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    _chromium_or_skip()
    site = tmp_path_factory.mktemp("hostile-browser")
    build_hostile(site)
    with serve(site) as url:
        yield site, url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    _chromium_or_skip()
    with chromium_session() as browser:
        yield browser


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the site, as a path below its root ('' for the home page)."""
    paths = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


class Visit:
    """One page in a fresh browser context that records what ran."""

    def __init__(self, browser: Any, url: str) -> None:
        self.calls: list[str] = []
        self.dialogs: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.blocked = block_external(self.context)
        self.context.expose_function("__xssReport", lambda what, args: self.calls.append(f"{what}({args})"))
        self.context.add_init_script(RECORDER)
        self.page = self.context.new_page()
        self.page.on("dialog", self._on_dialog)
        self.watch = PageWatch().attach(self.page)
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def search(self, word: str) -> None:
        box = self.page.locator("input[type=search], .md-search__input").first
        if box.count() and box.is_visible():
            box.click()
            box.press_sequentially(word, delay=50)  # key by key: fill() alone draws no results
            self.page.wait_for_timeout(2000)  # the search worker loads its index first

    def close(self) -> None:
        self.context.close()


def test_no_payload_runs_on_any_page(chromium: Any, hostile_site: tuple[Path, str]) -> None:
    site, url = hostile_site
    paths = page_paths(site)
    assert len(paths) >= 15, paths
    ran: dict[str, list[str]] = {}
    for path in paths:
        visit = Visit(chromium, url + path)
        try:
            visit.page.mouse.wheel(0, 5000)  # anything that draws on scroll
            if path == "":
                visit.search("title")  # the same search box and index on every page
            visit.page.wait_for_timeout(100)
            trouble = visit.calls + visit.dialogs + visit.watch.page_errors + visit.watch.local_failures
            if trouble:
                ran[path] = trouble
        finally:
            visit.close()
    assert ran == {}


@pytest.mark.parametrize("path", ["stories/?principle=listening&q=title", "brief/?principle=listening&n=5"])
def test_pages_drawn_by_our_scripts_show_hostile_text_as_text(
    chromium: Any, hostile_site: tuple[Path, str], path: str
) -> None:
    """The browse page and the brief put titles and labels in with JavaScript, from
    stories.json and the embedded vocabulary: they read as written, and nothing runs."""
    _, url = hostile_site
    title = story("hostile-everything")["title"]
    label = next(t["label"] for t in vocabulary()["principle"]["terms"] if t["slug"] == "listening")
    visit = Visit(chromium, url + path)
    try:
        visit.page.wait_for_timeout(300)
        text = visit.page.evaluate("document.querySelector('.md-content').textContent")
        assert title in text and label in text
        assert visit.calls + visit.dialogs + visit.watch.page_errors == []
    finally:
        visit.close()


def test_the_recorder_would_see_a_payload_run(chromium: Any, hostile_site: tuple[Path, str]) -> None:
    """The test above is only as good as its recorder: a payload that runs is caught."""
    _, url = hostile_site
    visit = Visit(chromium, url)
    try:
        visit.page.evaluate(f"""() => {{
            const img = document.createElement("img");
            img.setAttribute("onerror", "{MARKER}('probe')");
            img.src = "x";
            document.body.append(img);
            alert("probe");
        }}""")
        visit.page.wait_for_timeout(500)
        assert f"{MARKER}(probe)" in visit.calls and "alert(probe)" in visit.calls
    finally:
        visit.close()


def test_titles_read_as_written_in_the_browser(chromium: Any, hostile_site: tuple[Path, str]) -> None:
    _, url = hostile_site
    title = story("hostile-everything")["title"]
    for path, expected in (("stories/hostile-everything/", title), ("heading/", heading_title())):
        visit = Visit(chromium, url + path)
        try:
            assert visit.page.title() == f"{expected} - {SITE_NAME}"
            assert visit.page.locator("h1").first.text_content().strip().rstrip("¶") == expected
        finally:
            visit.close()
