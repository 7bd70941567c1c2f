"""Benchmark: the full `mkdocs build` of the archive against bare mkdocs-material.

What is measured, per archive size N (stories made by check_bench.generate):

* related: `related_stories(catalog.stories, catalog.vocabulary, count=3)`,
  in this process, on the loaded catalog; median of 3 (load_catalog is timed
  too, for context).
* floor: bare mkdocs-material (theme material, `font: false`, plugins [search],
  the repo's markdown_extensions but the archive's own) building the same story files as plain
  Markdown pages under docs/stories/ (same subfolders; their front matter is
  read as page meta), left out of the navigation with `not_in_nav: /stories/`.
* archive: a project like the repo's: its mkdocs.yml (theme, nav, plugins
  search + story-tools, markdown_extensions), its overrides/, a docs/index.md,
  and the generated stories/ and vocabulary.yml beside it.

Each build is a fresh `python -m mkdocs build -q -d <new folder>` subprocess
(wall time, and its CPU time, which a VM's neighbours inflate less but still do:
the same build here took 5.8 s and 8.1 s of user CPU minutes apart),
as a user would run it, into a folder that does not exist yet (removed after
timing). Floor and archive are interleaved after one warm-up of each, the
order alternating (floor, archive; archive, floor; ...); medians are reported.
At the larger sizes the warm-up is skipped when the estimated total would exceed
about 12 minutes (it is said so).

Target: archive/floor at most 1.2 at 1,000 and at 10,000 stories, and both
growing linearly (10k/1k about 10).

The story_tools package is byte-compiled first, as `pip install` does for an
installed package (MkDocs and Material are); `--source-only` leaves it as this
VM's PYTHONDONTWRITEBYTECODE leaves an editable install: compiled by every build.

Usage:
  python bench/build_bench.py [--stories 1000 10000] [--repeat 5] [--json out.json] [--source-only]
  python bench/build_bench.py --profile 10000   # one in-process build under cProfile
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_bench import generate

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.derived.relate import related_stories

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.2
WARMUP_BUDGET = 12 * 60  # seconds: skip the warm-up if warm-up + runs would take longer
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def repo_config() -> dict[str, Any]:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def archive_nav(nav: list[Any]) -> list[Any]:
    """The repo's nav without its hand-written pages other than index.md (only index.md is made here)."""
    kept = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(target, list):
            target = archive_nav(target)
            if target:
                kept.append({title: target})
        elif target == "index.md" or "://" in target or not (REPO / "docs" / target).is_file():
            kept.append(item)
        else:
            print(f"  nav: left out {target} (a hand-written page of the repo)", file=sys.stderr)
    return kept


def make_projects(tmp: Path, count: int) -> tuple[Path, Path]:
    """The archive project and the floor project, both under `tmp`."""
    repo = repo_config()
    archive, floor = tmp / "archive", tmp / "floor"
    archive.mkdir()
    generate(archive, count)
    # Both projects get the repository's own pages (home, contributing guide).
    shutil.copytree(REPO / "docs", archive / "docs")
    theme = dict(repo["theme"], font=False)
    if "custom_dir" in theme:
        shutil.copytree(REPO / theme["custom_dir"], archive / theme["custom_dir"])
    archive_cfg = {
        "site_name": repo.get("site_name", "Retention story archive"),
        "docs_dir": "docs",
        "strict": repo.get("strict", False),
        "theme": theme,
        "nav": archive_nav(repo["nav"]),
        "plugins": repo["plugins"],
        "markdown_extensions": repo.get("markdown_extensions", []),
    }
    (archive / "mkdocs.yml").write_text(yaml.safe_dump(archive_cfg, sort_keys=False), encoding="utf-8")

    shutil.copytree(REPO / "docs", floor / "docs")
    shutil.copytree(archive / "stories", floor / "docs" / "stories")
    floor_cfg = {
        "site_name": archive_cfg["site_name"],
        "docs_dir": "docs",
        "theme": {"name": "material", "font": False},
        "nav": [{"Home": "index.md"}],
        "not_in_nav": "/stories/",
        "plugins": ["search"],
        # Bare Material: the repository's extensions but the archive's own (story_tools.site.htmlblocks).
        "markdown_extensions": [ext for ext in archive_cfg["markdown_extensions"] if not _ours(ext)],
    }
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(floor_cfg, sort_keys=False), encoding="utf-8")
    return archive, floor


def _ours(extension: Any) -> bool:
    name = next(iter(extension)) if isinstance(extension, dict) else extension
    return str(name).startswith("story_tools")


CPU_SECONDS: list[float] = []
"""The CPU time (user + system) of each build, in order: unlike wall time, it does not
count the time the VM's CPUs were taken by other guests."""


def mkdocs_build(project: Path, site: Path, quiet: bool = True) -> float:
    """Seconds for one `python -m mkdocs build` subprocess; raises if it fails.
    Its CPU seconds are appended to CPU_SECONDS."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(site)] + (["-q"] if quiet else [])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=project, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"build of {project.name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    warnings = [line for line in done.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    if warnings:
        print(f"  {project.name}: {len(warnings)} warnings, e.g. {warnings[0]}", file=sys.stderr)
    return seconds


def byte_compile() -> str:
    """Byte-compile the story_tools package, as `pip install` does for an installed package
    (MkDocs and Material in site-packages are). Python reads the .pyc files even where
    PYTHONDONTWRITEBYTECODE is set, as it is on this VM: without them every build would
    compile the package's ~90 modules from source again (about 0.15 s of CPU), which a
    user's second build does not. Returns what was done, for the report."""
    import compileall

    compileall.compile_dir(str(REPO / "story_tools"), quiet=1)
    return "story_tools byte-compiled first (as `pip install` does)"


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def time_related(root: Path, repeat: int = 3) -> dict[str, float]:
    settings = ArchiveSettings.at(root)
    loads, relates = [], []
    catalog = None
    for _ in range(repeat):
        start = time.perf_counter()
        catalog = load_catalog(settings)
        loads.append(time.perf_counter() - start)
    assert catalog is not None and not catalog.findings, catalog.findings[:3] if catalog else None
    for _ in range(repeat):
        start = time.perf_counter()
        related_stories(catalog.stories, catalog.vocabulary, count=3)
        relates.append(time.perf_counter() - start)
    return {"load_catalog": statistics.median(loads), "related": statistics.median(relates)}


def bench(count: int, repeat: int, estimate: float | None) -> dict[str, Any]:
    """`estimate`: expected seconds of one floor + one archive build at this size (None: unknown)."""
    with tempfile.TemporaryDirectory(prefix="build-bench-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, count)
        result: dict[str, Any] = {"stories": count, **time_related(archive)}
        warmup = estimate is None or estimate * (repeat + 1) <= WARMUP_BUDGET
        result["warmup"] = warmup
        if not warmup:
            print(f"  {count}: warm-up skipped (estimated {estimate * (repeat + 1) / 60:.1f} min "
                  f"> {WARMUP_BUDGET / 60:.0f} min)", file=sys.stderr)
        times: dict[str, list[float]] = {"floor": [], "archive": []}
        cpu: dict[str, list[float]] = {"floor": [], "archive": []}
        for round_ in range(repeat + (1 if warmup else 0)):
            timed = round_ >= (1 if warmup else 0)
            this: dict[str, float] = {}
            pair = (("floor", floor), ("archive", archive))
            # Alternate which builds first, so that neither always follows the other (and its disk writes).
            for label, project in pair if round_ % 2 == 0 else pair[::-1]:
                site = tmp / f"site-{label}-{round_}"
                # The warm-up runs without -q, so that warnings are seen.
                this[label] = mkdocs_build(project, site, quiet=timed)
                if timed:
                    times[label].append(this[label])
                    cpu[label].append(CPU_SECONDS[-1])
                if round_ == 0:
                    result[f"{label}_html_files"] = html_pages(site)
                shutil.rmtree(site)
            print(f"  {count}: round {round_}{'' if timed else ' (warm-up)'}: "
                  f"floor {this['floor']:.1f} s, archive {this['archive']:.1f} s", file=sys.stderr)
        result["floor_runs"], result["archive_runs"] = times["floor"], times["archive"]
        result["floor"] = statistics.median(times["floor"])
        result["archive"] = statistics.median(times["archive"])
        result["ratio"] = result["archive"] / result["floor"]
        result["floor_cpu"] = statistics.median(cpu["floor"])
        result["archive_cpu"] = statistics.median(cpu["archive"])
        result["cpu_ratio"] = result["archive_cpu"] / result["floor_cpu"]
        # Each round's floor and archive ran back to back: the median of the rounds'
        # ratios is the least disturbed by the VM slowing down between rounds.
        result["round_ratios"] = [a / f for a, f in zip(times["archive"], times["floor"], strict=True)]
        result["round_ratio"] = statistics.median(result["round_ratios"])
        return result


def machine() -> dict[str, Any]:
    uname = platform.uname()
    return {
        "processor": platform.processor() or uname.machine, "system": f"{uname.system} {uname.release}",
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "material": version("mkdocs-material"),
    }


def profile(count: int, top: int = 30) -> None:
    """One in-process build of the `count`-story archive under cProfile; the top functions."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory(prefix="build-profile-") as name:
        archive, _ = make_projects(Path(name), count)
        config = load_config(str(archive / "mkdocs.yml"), site_dir=str(Path(name) / "site"))
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        build(config)
        profiler.disable()
        print(f"in-process build of {count:,} stories: {time.perf_counter() - start:.1f} s (under cProfile)")
        out = Path(tempfile.gettempdir()) / f"build_bench_{count}.pstats"
        profiler.dump_stats(out)
        print(f"profile written to {out}")
        for key in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).strip_dirs().sort_stats(key).print_stats(top)
            print(f"\n=== sorted by {key} ===")
            print(text.getvalue().split("\n\n", 2)[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--source-only", action="store_true",
                        help="do not byte-compile story_tools first (each build compiles it when "
                             "PYTHONDONTWRITEBYTECODE is set)")
    parser.add_argument("--profile", type=int, metavar="N", default=None,
                        help="instead: profile one in-process build of an N-story archive")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if args.profile:
        profile(args.profile)
        return 0
    info = machine()
    print(f"machine: {info['processor']}, {info['system']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['material']}")
    info["bytecode"] = "story_tools from source, compiled by each build" if args.source_only else byte_compile()
    print(info["bytecode"])
    results: list[dict[str, Any]] = []
    for count in sorted(args.stories):
        estimate = None
        if results:
            last = results[-1]
            estimate = (last["floor"] + last["archive"]) * count / last["stories"]
        results.append(bench(count, args.repeat, estimate))
        print(f"  ... {count} stories done", file=sys.stderr)
    print(f"\nmedian of {args.repeat} interleaved fresh-process builds (warm-up: "
          + ", ".join(f"{r['stories']:,} {'yes' if r['warmup'] else 'SKIPPED'}" for r in results) + ")\n")
    print("| stories | load_catalog (s) | related (s) | floor build (s) | archive build (s) "
          "| archive/floor | median of round ratios | CPU s floor / archive | CPU ratio "
          "| html files floor / archive |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in results:
        print(f"| {r['stories']:,} | {r['load_catalog']:.3f} | {r['related']:.3f} | {r['floor']:.1f} "
              f"| {r['archive']:.1f} | {r['ratio']:.2f} | {r['round_ratio']:.2f} "
              f"| {r['floor_cpu']:.1f} / {r['archive_cpu']:.1f} "
              f"| {r['cpu_ratio']:.2f} | {r['floor_html_files']:,} / {r['archive_html_files']:,} |")
        print(f"  {r['stories']:,}: round ratios " + ", ".join(f"{x:.2f}" for x in r["round_ratios"]),
              file=sys.stderr)
    growth: dict[str, float] = {}
    if len(results) > 1:
        small, large = results[0], results[-1]
        factor = large["stories"] / small["stories"]
        for key in ("related", "floor", "archive"):
            growth[key] = large[key] / small[key]
        print(f"\ngrowth {large['stories']:,}/{small['stories']:,} (linear = {factor:g}): "
              + ", ".join(f"{key} x{value:.1f}" for key, value in growth.items()))
    sizes = {r["stories"] for r in results}
    met = all(r["ratio"] <= TARGET for r in results)
    verdict = ("TARGET MET" if met else "TARGET MISSED") + (
        "" if {1000, 10000} <= sizes else " (not measured at both 1,000 and 10,000)")
    print(f"\n{verdict}: archive/floor " + ", ".join(f"{r['stories']:,}: {r['ratio']:.2f}" for r in results)
          + f"; target <= {TARGET} at each size")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "repeat": args.repeat, "target": TARGET,
                                         "results": results, "growth": growth, "verdict": verdict},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
