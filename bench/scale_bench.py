"""Benchmark: the archive at 10,000 and 100,000 stories, one run each.

For each size: generate the archive (bench/build_bench.py's project), build it
with `mkdocs build` in a process of its own (wall time, CPU time and the peak
resident memory of that process, from `os.wait4`), count its pages, then serve
the site on 127.0.0.1 and measure in headless Chromium, as browse_bench.py and
search_bench.py do (cold loads, medians of --repeat): Browse unfiltered, with
two facets, and the brief with one facet, to the first story visible; and the
search box to the first result, for a body word, title words and a term alias.
The last rows say how each figure grew from the first size to the next
(linear growth: the same factor as the stories).

Usage:
  python bench/scale_bench.py --stories 10000 100000 [--repeat 3] [--json out.json] [--keep folder]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browse_bench import first_story
from browser import launch, serve
from build_bench import ENV, byte_compile, html_pages, machine, make_projects
from search_bench import QUERIES, _summary, first_result


def build(project: Path, site: Path) -> dict[str, float]:
    """One `mkdocs build` process: wall seconds, CPU seconds, peak resident memory (MB)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project,
                               env=ENV, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{errors[-3000:]}")
    # ru_maxrss is in kilobytes on Linux.
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def search(site: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    found: dict[str, Any] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for label, query in QUERIES.items():
            found[label] = _summary([first_result(browser, url, "archive", query) for _ in range(repeat)])
        browser.close()
    return found


def one_size(count: int, repeat: int, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as name:
        tmp = Path(name) if keep is None else keep / str(count)
        tmp.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        archive, _ = make_projects(tmp, count)
        made = time.perf_counter() - start
        print(f"  {count:,}: generated in {made:.0f} s", file=sys.stderr)
        site = tmp / "site"
        result: dict[str, Any] = {"stories": count, "generate_seconds": made, "build": build(archive, site)}
        result["html_pages"] = html_pages(site)
        print(f"  {count:,}: built in {result['build']['seconds']:.0f} s, "
              f"peak {result['build']['peak_mb']:,.0f} MB, {result['html_pages']:,} pages", file=sys.stderr)
        result["browse"] = {label: {"seconds": s, "mb": mb} for label, (s, mb) in first_story(site, repeat).items()}
        result["search"] = search(site, repeat)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--keep", type=Path, default=None,
                        help="generate and build in KEEP/<stories>/ (an empty folder) and leave it there")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    print(byte_compile())
    results = {"machine": machine(), "sizes": [one_size(count, args.repeat, args.keep) for count in args.stories]}
    print(f"\nmedian of {args.repeat} cold loads, headless Chromium, local server\n")
    print("| stories | build (s) | CPU (s) | peak memory (MB) | pages | " + " | ".join(
        [*results["sizes"][0]["browse"], *(f"search: {q}" for q in QUERIES)]) + " |")
    print("|--:" * (5 + len(results["sizes"][0]["browse"]) + len(QUERIES)) + "|")
    for size in results["sizes"]:
        cells = [f"{size['stories']:,}", f"{size['build']['seconds']:.0f}", f"{size['build']['cpu_seconds']:.0f}",
                 f"{size['build']['peak_mb']:,.0f}", f"{size['html_pages']:,}"]
        cells += [f"{v['seconds']:.2f} s, {v['mb']:.2f} MB" for v in size["browse"].values()]
        cells += [f"{v['seconds']:.2f} s, {v['bytes'] / 1e6:.2f} MB" + ("" if v["found"] else " (none)")
                  for v in size["search"].values()]
        print("| " + " | ".join(cells) + " |")
    for small, large in zip(results["sizes"], results["sizes"][1:], strict=False):
        factor = large["stories"] / small["stories"]
        print(f"\nfrom {small['stories']:,} to {large['stories']:,} stories (x{factor:g}): build time "
              f"x{large['build']['seconds'] / small['build']['seconds']:.1f}, CPU "
              f"x{large['build']['cpu_seconds'] / small['build']['cpu_seconds']:.1f}, peak memory "
              f"x{large['build']['peak_mb'] / small['build']['peak_mb']:.1f}, pages "
              f"x{large['html_pages'] / small['html_pages']:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
