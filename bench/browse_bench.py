"""Benchmark: the browse page and the call-prep brief in headless Chromium, at N stories.

What is measured (medians of --repeat fresh page loads, each in a new browser context):

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
            note("brief ready (fetch + parse stories.json, top 3)", page.evaluate(MARKS, "st-brief-ready")[2])
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
        sizes = {path: (site / path).stat().st_size for path in ("stories/index.html", "stories.json")}
        print(f"site: {site}; " + ", ".join(f"{path} {size / 1e6:.1f} MB" for path, size in sizes.items()))
        results = measure(site, args.repeat)
    print(f"\nmedian of {args.repeat} fresh loads, headless Chromium, local server\n")
    print("| measure | ms (or stories) |\n|---|--:|")
    for key, value in results.items():
        print(f"| {key} | {value:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
