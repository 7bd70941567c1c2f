"""Benchmark: search recall on a labelled set: the archive's search against Material's.

bench/recall/stories/ holds ten stories written for this, and
bench/recall/queries.yml what a sales person types (inflected forms the
stories do not use, typos, vocabulary aliases, customer names) with the
stories each query must find. Both sites are built from them as in
build_bench.make_projects: the archive (story-tools, its sharded index and
story-search.js) and the floor (bare mkdocs-material, its search plugin
indexing every story page). Each query is typed into each site's search box in
Debian's headless Chromium; recall is the share of the expected stories among
the first ten results.

Usage:
  python bench/search_recall.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import launch, serve
from build_bench import REPO, archive_nav, machine, mkdocs_build, repo_config
from search_bench import ANSWERED, SITES, TIMEOUT_MS

HERE = Path(__file__).resolve().parent / "recall"
TOP = 10


def make_projects(tmp: Path) -> tuple[Path, Path]:
    """The archive and the floor project, both holding the recall stories."""
    repo = repo_config()
    archive, floor = tmp / "archive", tmp / "floor"
    for project in (archive, floor):
        shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(HERE / "stories", archive / "stories")
    shutil.copy(REPO / "vocabulary.yml", archive / "vocabulary.yml")
    theme = dict(repo["theme"], font=False)
    shutil.copytree(REPO / theme["custom_dir"], archive / theme["custom_dir"])
    config = {key: repo[key] for key in ("site_name", "docs_dir", "plugins", "markdown_extensions", "extra_css")}
    (archive / "mkdocs.yml").write_text(yaml.safe_dump(
        {**config, "theme": theme, "nav": archive_nav(repo["nav"])}, sort_keys=False), encoding="utf-8")
    shutil.copytree(HERE / "stories", floor / "docs" / "stories")
    (floor / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": repo["site_name"], "theme": {"name": "material", "font": False}, "nav": [{"Home": "index.md"}],
        "not_in_nav": "/stories/", "plugins": ["search"], "markdown_extensions": repo["markdown_extensions"],
    }, sort_keys=False), encoding="utf-8")
    return archive, floor


def results(browser: Any, url: str, site: str, query: str) -> list[str]:
    """The story ids among the first TOP results for `query`, in order."""
    field, meta, result = SITES[site]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.click(field)
        page.fill(field, query)
        page.keyboard.press("End")  # Material reads the query on keyup
        page.wait_for_function(ANSWERED, arg=[meta, result], timeout=TIMEOUT_MS, polling="raf")
        page.wait_for_timeout(400)  # the debounced last search, and Material's rendering of it
        ids: list[str] = []
        for href in page.locator(f"{result} a").evaluate_all("links => links.map(a => a.href)"):
            parts = [p for p in urlsplit(href).path.split("/") if p]
            if len(parts) >= 2 and parts[-2] == "stories" and parts[-1] not in ids:
                ids.append(parts[-1])
        return ids[:TOP]
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    queries = yaml.safe_load((HERE / "queries.yml").read_text(encoding="utf-8"))
    texts = {path.stem: path.read_text(encoding="utf-8").lower() for path in (HERE / "stories").glob("*.md")}
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="search-recall-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp)
        sites = {"archive": tmp / "site-archive", "material": tmp / "site-material"}
        mkdocs_build(archive, sites["archive"])
        mkdocs_build(floor, sites["material"])
        with serve(sites["archive"]) as archive_url, serve(sites["material"]) as material_url, \
                sync_playwright() as playwright:
            browser = launch(playwright)
            urls = {"archive": archive_url, "material": material_url}
            for item in queries:
                expected = item["expect"]
                literal = sum(item["query"].lower() in texts[story] for story in expected)
                row = {**item, "literal": literal}
                for site in ("archive", "material"):
                    found = results(browser, urls[site], site, item["query"])
                    row[site] = {"found": found, "recall": sum(s in found for s in expected) / len(expected)}
                rows.append(row)
            browser.close()
    info = machine()
    print(f"machine: {info['processor']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"mkdocs-material {info['material']}; Chromium /usr/bin/chromium\n")
    print(f"recall: share of the expected stories among the first {TOP} results\n")
    print("| kind | query | stories to find | of them with the word as typed | archive | Material |")
    print("|---|---|--:|--:|--:|--:|")
    for row in rows:
        print(f"| {row['kind']} | `{row['query']}` | {len(row['expect'])} | {row['literal']} "
              f"| {row['archive']['recall']:.0%} | {row['material']['recall']:.0%} |")
    print("\n| kind | queries | archive mean recall | Material mean recall |")
    print("|---|--:|--:|--:|")
    for kind in dict.fromkeys(row["kind"] for row in rows):
        mine = [row for row in rows if row["kind"] == kind]
        mean = {site: sum(row[site]["recall"] for row in mine) / len(mine) for site in ("archive", "material")}
        print(f"| {kind} | {len(mine)} | {mean['archive']:.0%} | {mean['material']:.0%} |")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
