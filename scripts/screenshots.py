"""Regenerate docs/assets/screenshots/{home,stories,story,brief,search,tell,tell-check}.png.

Builds the repository's site into a temporary folder, serves it on 127.0.0.1
and photographs its pages in headless Chromium (/usr/bin/chromium), at a
1280x900 viewport (the visible window, not the full page). Requests to other
hosts are blocked, so the shots never depend on the network (Material's
Google Fonts fall back to the system sans-serif).

    python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import block_external, build_site, chromium_available, launch, serve  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

OUT = REPO / "docs" / "assets" / "screenshots"
SHOTS = {
    "home": "",
    # Browse with two facets picked, and the call-prep brief of the same filter.
    "stories": "stories/?touchpoint=account-management&outcome=retained",
    "story": "stories/the-customer-who-called-every-day/",
    "brief": "brief/?touchpoint=account-management&outcome=retained",
    # The home page with the search box open: a word typed, the results below it.
    "search": "",
    # Tell a story: the form filled in, and a misspelt term with its did-you-mean.
    "tell": "tell/",
    "tell-check": "tell/",
}
SEARCH_QUERY = "renewal"
VIEWPORT = {"width": 1280, "height": 900}


def tell(page: Page, name: str) -> None:
    """Fill in the Tell-a-story form as a rep would; for tell-check, misspell a principle."""
    page.wait_for_selector("html[data-st-tell-ready]")
    page.get_by_label("Title (required)").fill("The florist who nearly left")
    page.get_by_label("Summary (required)").fill(
        "Her delivery van broke down before Mother's Day; we lent her ours and she renewed for two years.")
    page.get_by_label("Date (required)").fill("2024-05-10")
    page.get_by_label("Customer (optional)").fill("A family-run florist")
    if name == "tell-check":
        find = page.get_by_label("Type a principle")
        find.fill("keep-them-informd")
        find.press("Enter")
        page.evaluate("document.querySelector('[data-dimension=principle] .st-tell__find')"
                      ".scrollIntoView({block: 'center'})")
    page.evaluate("document.activeElement.blur()")
    page.wait_for_timeout(300)  # the page checks 120 ms after the last keystroke


def main() -> int:
    if not chromium_available():
        print("screenshots: /usr/bin/chromium is missing", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="site-") as tmp:
        site = Path(tmp) / "site"
        build_site(REPO / "mkdocs.yml", site)
        with serve(site) as base, sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
                blocked = block_external(context)
                page = context.new_page()
                for name, path in SHOTS.items():
                    response = page.goto(base + path, wait_until="networkidle")
                    if response is None or not response.ok:
                        print(f"screenshots: {base + path} answered {response and response.status}", file=sys.stderr)
                        return 1
                    if name.startswith("tell"):
                        tell(page, name)
                    if name == "search":
                        page.keyboard.press("/")
                        page.keyboard.type(SEARCH_QUERY)
                        page.locator("[data-story-search-results] .md-search-result__item").first.wait_for()
                        page.wait_for_timeout(300)  # the last keystroke's results
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target), full_page=False, animations="disabled")
                    print(f"wrote {target.relative_to(REPO)}")
                context.close()
            finally:
                browser.close()
        for url in sorted(set(blocked)):
            print(f"blocked external request: {url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
