"""Benchmark: time to the first search result, and bytes transferred before it.

The archive's search (sharded index, story-search.js) against Material's
built-in search, measured in the same run, on the same generated archive
(check_bench.generate), both sites built by build_bench.make_projects: the
archive project (story-tools) and the floor project (bare mkdocs-material with
its search plugin indexing every story page).

Each site is built once, served on 127.0.0.1 by a Python HTTP server (no
compression: bytes are what a plain static server sends), and opened in
Debian's headless Chromium through Playwright, in a fresh browser context per
run (empty cache). One run: start the clock, open the home page, open the
search box as soon as the page has parsed, type the query, stop the clock when
the first result is in the page. Bytes: the sum of every response (headers and
body) that finished before the first result. Median of --repeat runs per query,
the two sites interleaved.

Target (the search issue): first result within 1 s at 10,000 stories, with at
most 2 MB transferred before it.

Usage:
  python bench/search_bench.py [--stories 1000 10000] [--repeat 5] [--json out.json]
  python bench/search_bench.py --site built-site [--path search/] [--repeat 5]
  (--site: only the archive's search, on a site built by any engine; Zensical keeps its own
  search in the header, so there the archive's search page is used)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import launch, serve
from build_bench import machine, make_projects, mkdocs_build

TARGET_SECONDS = 1.0
TARGET_BYTES = 2_000_000
TIMEOUT_MS = 120_000

QUERIES = {
    "body word": "technician",
    "title words": "story 123",
    "term alias": "helpdesk",
}
"""What is typed: a word of the generated bodies, a story's title, a vocabulary alias
(Material has no way to find stories by alias: the page text does not carry it)."""

SITES = {
    # (the search box in the header of a 1280-pixel wide page, the result count line, a result)
    "archive": ("form[name=story-search] input[name=query]", "[data-story-search-meta]",
                "[data-story-search-results] .md-search-result__item"),
    "material": ("input[data-md-component=search-query]", "[data-md-component=search-result] .md-search-result__meta",
                 "[data-md-component=search-result] .md-search-result__item"),
}
ANSWERED = """([meta, item]) => document.querySelector(item) !== null
    || /^(no |0 )/i.test(document.querySelector(meta).textContent.trim())"""
"""A first result, or the search saying it found nothing (both sites say 'No matching documents')."""


def first_result(browser: Any, url: str, site: str, query: str) -> dict[str, Any]:
    """One cold run: seconds from opening the page to the first result, and bytes before it."""
    field, meta, result = SITES[site]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    responses: list[Any] = []
    page.on("requestfinished", lambda request: responses.append(request))
    try:
        start = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.click(field)
        page.fill(field, query)
        page.keyboard.press("End")  # Material reads the query on keyup
        page.wait_for_function(ANSWERED, arg=[meta, result], timeout=TIMEOUT_MS, polling="raf")
        seconds = time.perf_counter() - start
        found = page.locator(result).count() > 0
        finished = list(responses)
        size = 0
        for response in finished:
            sizes = response.sizes()
            size += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return {"seconds": seconds, "found": found, "bytes": size, "requests": len(finished)}
    finally:
        context.close()


def bench(count: int, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="search-bench-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, count)
        sites = {"archive": tmp / "site-archive", "material": tmp / "site-material"}
        build = {label: mkdocs_build(project, sites[label])
                 for label, project in (("archive", archive), ("material", floor))}
        index_bytes = {
            "archive": sum(p.stat().st_size for p in (sites["archive"] / "search" / "story").iterdir()),
            "material": (sites["material"] / "search" / "search_index.json").stat().st_size,
        }
        result: dict[str, Any] = {"stories": count, "build_seconds": build, "index_bytes": index_bytes, "queries": {}}
        with serve(sites["archive"]) as archive_url, serve(sites["material"]) as material_url, \
                sync_playwright() as playwright:
            browser = launch(playwright)
            urls = {"archive": archive_url, "material": material_url}
            for label, query in QUERIES.items():
                runs: dict[str, list[dict[str, Any]]] = {"archive": [], "material": []}
                for _ in range(repeat):
                    for site in ("archive", "material"):
                        runs[site].append(first_result(browser, urls[site], site, query))
                result["queries"][label] = {site: _summary(found) for site, found in runs.items()}
                print(f"  {count}: {label!r} done", file=sys.stderr)
            browser.close()
        return result


def one_site(site: Path, path: str, repeat: int) -> dict[str, dict[str, Any]]:
    """The archive's search on a site already built (by any engine), opened at `path`."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, Any]] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for label, query in QUERIES.items():
            found[label] = _summary([first_result(browser, url + path, "archive", query) for _ in range(repeat)])
        browser.close()
    return found


def _summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "seconds": statistics.median(run["seconds"] for run in runs),
        "found": all(run["found"] for run in runs),
        "bytes": statistics.median(run["bytes"] for run in runs),
        "runs": [run["seconds"] for run in runs],
    }


def _cell(found: dict[str, Any]) -> str:
    answer = f"{found['seconds']:.2f} s" if found["found"] else f"no result (said so after {found['seconds']:.2f} s)"
    return f"{answer}, {found['bytes'] / 1e6:.2f} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--site", type=Path, default=None,
                        help="measure only the archive's search on this built site (e.g. by zensical build)")
    parser.add_argument("--path", default="search/",
                        help="with --site: the page whose search box is used (default: the archive's search page)")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    info = machine()
    print(f"machine: {info['processor']}, {info['system']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['material']}; Chromium /usr/bin/chromium")
    if args.site is not None:
        found = one_site(args.site, args.path, args.repeat)
        print(f"\n{args.site}, {args.path}: median of {args.repeat} cold runs each\n")
        for label, summary in found.items():
            print(f"| {label} ({QUERIES[label]!r}) | {_cell(summary)} |")
        missed = [label for label, r in found.items()
                  if not r["found"] or r["seconds"] > TARGET_SECONDS or r["bytes"] > TARGET_BYTES]
        print("target: " + ("met" if not missed else "MISSED for " + ", ".join(missed)))
        return 1 if missed else 0
    results = []
    for count in sorted(args.stories):
        results.append(bench(count, args.repeat))
    print(f"\nmedian of {args.repeat} cold runs each: time from opening the home page to the first result, "
          "and bytes transferred before it\n")
    print("| stories | query | archive search | Material search | index on disk (archive / Material) |")
    print("|--:|---|--:|--:|--:|")
    failed = []
    for r in results:
        sizes = r["index_bytes"]
        for label, found in r["queries"].items():
            on_disk = f"{sizes['archive'] / 1e6:.1f} MB / {sizes['material'] / 1e6:.1f} MB"
            print(f"| {r['stories']:,} | {label} ({QUERIES[label]!r}) | {_cell(found['archive'])} "
                  f"| {_cell(found['material'])} | {on_disk} |")
            ours = found["archive"]
            if not ours["found"] or ours["seconds"] > TARGET_SECONDS or ours["bytes"] > TARGET_BYTES:
                failed.append(f"{r['stories']:,} stories, {label}")
    print(f"\ntarget: first result within {TARGET_SECONDS:g} s with at most {TARGET_BYTES / 1e6:g} MB: "
          + ("met" if not failed else "MISSED for " + "; ".join(failed)))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2), encoding="utf-8")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
