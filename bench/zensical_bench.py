"""Benchmark: the archive on Zensical (`story-tools generate` + `zensical build`) against
Zensical building the same Markdown without the archive.

Per archive size N (stories made by check_bench.generate, projects made as in
build_bench.make_projects):

* floor: `zensical build --clean` of the floor project: the repository's pages
  and the same story files as plain Markdown pages under docs/stories/;
* archive: `story-tools generate` (check, catalog, related stories, every page,
  the search index) and then `zensical build --clean` of the archive project
  (the repository's mkdocs.yml settings, with the archive's style sheet in
  extra_css), both timed together, as a user runs them.

`--clean` drops Zensical's cache, so every build is a full one. Floor and
archive are interleaved after one warm-up of each; medians are reported, and
the ratio archive/floor. The generate step alone is reported too.

Usage:
  python bench/zensical_bench.py [--stories 1000 10000] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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
from build_bench import byte_compile, make_projects

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def run(project: Path, *command: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=project, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} in {project.name} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    return seconds


def bench(count: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="zensical-bench-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, count)
        config = yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))
        config["extra_css"] = ["assets/story-tools/story-tools.css"]
        (archive / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        times: dict[str, list[float]] = {"floor": [], "archive": [], "generate": []}
        for round_ in range(repeat + 1):
            floor_s = run(floor, "zensical", "build", "--clean")
            shutil.rmtree(floor / "site")
            generate_s = run(archive, "story-tools", "generate")
            build_s = run(archive, "zensical", "build", "--clean")
            pages = sum(1 for _ in (archive / "site").rglob("index.html"))
            shutil.rmtree(archive / "site")
            print(f"  {count}: round {round_}{' (warm-up)' if round_ == 0 else ''}: floor {floor_s:.1f} s, "
                  f"archive {generate_s + build_s:.1f} s (generate {generate_s:.1f} s), {pages} pages", file=sys.stderr)
            if round_:
                times["floor"].append(floor_s)
                times["archive"].append(generate_s + build_s)
                times["generate"].append(generate_s)
        result: dict[str, Any] = {"stories": count, "pages": pages, "runs": times}
        for label, values in times.items():
            result[label] = statistics.median(values)
        result["ratio"] = result["archive"] / result["floor"]
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"zensical {version('zensical')}")
    print(byte_compile())
    results = [bench(count, args.repeat) for count in args.stories]
    print("| stories | pages | floor (s) | archive (s) | of which generate (s) | archive/floor |")
    print("|--:|--:|--:|--:|--:|--:|")
    for r in results:
        print(f"| {r['stories']:,} | {r['pages']:,} | {r['floor']:.1f} | {r['archive']:.1f} | {r['generate']:.1f} "
              f"| **{r['ratio']:.2f}** |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
