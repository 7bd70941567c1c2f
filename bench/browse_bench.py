"""Benchmark: the browse page and the call-prep brief in headless Chromium, at N stories.

First, what a rep waits for (the targets of the sales-pages issue: first story
visible within 1 s, at most 2 MB transferred in all), each a cold load in a
new browser context, median of --repeat:

* Browse unfiltered (stories/), Browse with two facets in the address
  (stories/?outcome=..&touchpoint=..), Brief with one facet (brief/?outcome=..):
  seconds from the start of navigation to the first story card visible, and the
  bytes of every response (headers and body) until the network is idle.

Then the interaction (medians of --repeat fresh page loads, each in a new browser context):

* browse load: navigation start to DOMContentLoaded, to the load event, and to
  `st-browse-ready` (story-browse.js has read every card, applied the address
  and shown the form: the page is interactive);
* filter: one checkbox click, from the click to the end of the next frame
  (`apply` alone is also reported: its own time in story-browse.js); picks an
  outcome, then a touchpoint (two dimensions), then clears them;
* text: typing one more letter into the text filter, to the next frame;
* brief: navigation start to `st-brief-ready` (stories.json fetched, parsed,
  filtered and the top 3 shown), for a two-facet filter.

The site is served by Python's http.server on 127.0.0.1 (no compression, no
network latency: on GitHub Pages add the download time of the page itself).
The archive is bench/check_bench.generate's, built like bench/build_bench.py's.

Usage:
  python bench/browse_bench.py --stories 10000 [--repeat 5] [--site built-site-folder]
  (--site: a site built by `mkdocs build` or by `story-tools generate && zensical build`)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import build_site, launch, serve
from build_bench import make_projects

CLICK = r"""async ([name, value]) => {
  const box = document.querySelector(`input[name="${name}"][value="${value}"]`);
  const start = performance.now();
  box.click();
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return [performance.now() - start, Number(document.querySelector("form.st-browse").dataset.stTook),
          Number((document.querySelector(".st-filter-status").textContent.match(/\d+/) || [NaN])[0])];
}"""
TYPE = """async (letter) => {
  const input = document.querySelector("input[name=q]");
  const start = performance.now();
  input.value += letter;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  return [performance.now() - start, Number(document.querySelector("form.st-browse").dataset.stTook)];
}"""
MARKS = """(name) => [performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
  performance.getEntriesByType("navigation")[0].loadEventEnd, performance.getEntriesByName(name)[0].startTime]"""


def median(values: list[float]) -> float:
    return statistics.median(values)


TARGET_SECONDS, TARGET_BYTES = 1.0, 2_000_000
FIRST = {"browse": ".st-cards > .st-card", "brief": ".st-brief__story"}


VISIBLE = """(mark) => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const shown = mark ? performance.getEntriesByName(mark)[0].startTime : 0;
  const painted = paint ? paint.startTime : performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd;
  return Math.max(painted, shown) / 1000;
}"""
"""Seconds from the start of navigation until the first story is on screen: the first paint
(the unfiltered Browse page has its cards in its HTML), or, when a script puts them there,
its mark (st-browse-shown, st-brief-ready), whichever is later."""


def cold(browser: Any, url: str, kind: str) -> tuple[float, int]:
    """Seconds to the first story visible, and bytes transferred until the network is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        if kind == "brief":
            page.wait_for_selector(".st-brief[data-st-brief=ready]", timeout=120_000)
            mark = "st-brief-ready"
        else:
            page.wait_for_selector("html[data-st-browse=ready]", timeout=120_000)
            mark = "st-browse-shown" if "?" in url else None
        if mark:
            page.wait_for_function(f"performance.getEntriesByName('{mark}').length > 0", timeout=120_000)
        page.locator(FIRST[kind]).first.wait_for(state="visible")
        seconds = page.evaluate(VISIBLE, mark)
        page.wait_for_load_state("networkidle", timeout=120_000)
        size = 0
        for request in finished:
            sizes = request.sizes()
            size += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return seconds, size
    finally:
        context.close()


def first_story(site: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """(seconds, MB) per page: medians of `repeat` cold loads."""
    import json

    from playwright.sync_api import sync_playwright

    table = json.loads((site / "browse" / "data" / "facets.json").read_text(encoding="utf-8"))
    keys = [key for key, _ in table["terms"]]
    bits = (site / "browse" / "data" / "facets.bin").read_bytes()
    size = 4 * table["words"]
    used = {key for at, key in enumerate(keys) if any(bits[at * size:(at + 1) * size])}
    outcome = next(key.split("/")[1] for key in keys if key.startswith("outcome/") and key in used)
    touchpoint = next(key.split("/")[1] for key in keys if key.startswith("touchpoint/") and key in used)
    pages = {
        "Browse, unfiltered": ("stories/", "browse"),
        f"Browse, two facets (outcome={outcome}, touchpoint={touchpoint})":
            (f"stories/?outcome={outcome}&touchpoint={touchpoint}", "browse"),
        f"Brief, one facet (outcome={outcome})": (f"brief/?outcome={outcome}", "brief"),
    }
    found: dict[str, list[tuple[float, int]]] = {label: [] for label in pages}
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for _ in range(repeat):
            for label, (path, kind) in pages.items():
                found[label].append(cold(browser, url + path, kind))
        browser.close()
    return {label: (median([s for s, _ in runs]), median([b for _, b in runs]) / 1e6) for label, runs in found.items()}


def measure(site: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {}

    def note(key: str, value: float) -> None:
        times.setdefault(key, []).append(value)

    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url + "stories/", wait_until="load", timeout=120_000)
            page.wait_for_selector("html[data-st-browse=ready]", timeout=120_000)
            dom, load, ready = page.evaluate(MARKS, "st-browse-ready")
            note("browse DOMContentLoaded", dom)
            note("browse load event", load)
            note("browse interactive (st-browse-ready)", ready)
            outcome = page.locator("input[name=outcome]").first.get_attribute("value")
            touchpoint = page.locator("input[name=touchpoint]").first.get_attribute("value")
            steps = (("pick 1st facet", ("outcome", outcome)), ("pick 2nd facet", ("touchpoint", touchpoint)),
                     ("unpick 2nd facet", ("touchpoint", touchpoint)), ("unpick 1st facet", ("outcome", outcome)))
            for label, pick in steps:
                frame, took, shown = page.evaluate(CLICK, list(pick))
                note(f"{label}: click to next frame", frame)
                note(f"{label}: apply()", took)
                note(f"{label}: stories matching", shown)
            for letter in "re":
                frame, took = page.evaluate(TYPE, letter)
                note(f"type '{letter}': input to next frame", frame)
                note(f"type '{letter}': apply()", took)
            page.goto(url + f"brief/?outcome={outcome}&touchpoint={touchpoint}", wait_until="load")
            page.wait_for_selector(".st-brief[data-st-brief=ready]", timeout=120_000)
            note("brief ready (the table, the top 3 records)", page.evaluate(MARKS, "st-brief-ready")[2])
            context.close()
        browser.close()
    return {key: median(values) for key, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--site", type=Path, default=None, help="an already built site (skips generate and build)")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory(prefix="browse-bench-") as name:
        site = args.site
        if site is None:
            archive, _ = make_projects(Path(name), args.stories)
            site = Path(name) / "site"
            build_site(archive / "mkdocs.yml", site)
        sizes = {path: (site / path).stat().st_size
                 for path in ("stories/index.html", "stories.json", "browse/data/facets.json",
                              "browse/data/facets.bin", "browse/data/text.json")}
        print(f"site: {site}; " + ", ".join(f"{path} {size / 1e6:.2f} MB" for path, size in sizes.items()))
        first = first_story(site, args.repeat)
        results = measure(site, args.repeat)
    print(f"\n{args.stories:,} stories; median of {args.repeat} cold loads, headless Chromium, local server\n")
    print("| page | first story visible (s) | transferred in all (MB) |\n|---|--:|--:|")
    missed = []
    for label, (seconds, megabytes) in first.items():
        print(f"| {label} | {seconds:.2f} | {megabytes:.2f} |")
        if seconds > TARGET_SECONDS or megabytes * 1e6 > TARGET_BYTES:
            missed.append(label)
    print(f"\ntarget: within {TARGET_SECONDS:g} s and {TARGET_BYTES / 1e6:g} MB: "
          + ("met" if not missed else "MISSED for " + "; ".join(missed)))
    print(f"\nmedian of {args.repeat} fresh loads, headless Chromium, local server\n")
    print("| measure | ms (or stories) |\n|---|--:|")
    for key, value in results.items():
        print(f"| {key} | {value:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
