"""Where a build's time goes: CPU seconds per phase of cold `mkdocs build` processes,
the archive beside the floor (the same two projects as build_bench.py).

Each build is a fresh process (this script with --worker) that wraps MkDocs' page
functions, file writing and plugin events with `time.process_time` and prints the
totals as JSON. Floor and archive alternate; medians are reported. Phases nest:
`write_file` happens inside `build:<template>`, and plugin events inside the page
functions, so the rows do not add up to the whole.

Usage:
  python bench/build_phases.py [--stories 1000] [--repeat 6]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

START = time.process_time()


def worker(project: Path, site: Path) -> None:
    """One build, instrumented; prints {phase: CPU seconds} as JSON."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    import logging

    import mkdocs.commands.build as build_module
    import mkdocs.plugins as plugins
    import mkdocs.structure.files as files
    import mkdocs.utils as utils
    from mkdocs.config import load_config

    spent: dict[str, float] = defaultdict(float)
    spent["import mkdocs"] = time.process_time() - START

    def wrap(owner: Any, name: str, phase: Callable[..., str]) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[phase(*args, **kwargs)] += time.process_time() - start

        setattr(owner, name, timed)

    def template(page: Any, *_: Any, **__: Any) -> str:
        name = page.meta.get("template") if page.meta else None
        return "build:" + (name or ("story page" if page.file.src_uri.startswith("stories/") else "page"))

    def markdown(page: Any, *_: Any, **__: Any) -> str:
        return "markdown:" + ("stories" if page.file.src_uri.startswith("stories/") else "other pages")

    wrap(build_module, "_populate_page", markdown)
    wrap(build_module, "_build_page", template)
    wrap(build_module, "_build_theme_template", lambda *_, **__: "theme pages (404, sitemap)")
    wrap(utils, "write_file", lambda *_, **__: "write_file")
    wrap(files.Files, "copy_static_files", lambda *_, **__: "copy_static_files")
    wrap(plugins.PluginCollection, "run_event", lambda _self, name, *_, **__: f"event:{name}")
    start = time.process_time()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    spent["load_config (imports the plugins)"] = time.process_time() - start
    logging.disable(logging.WARNING)
    start = time.process_time()
    build_module.build(config)
    spent["build"] = time.process_time() - start
    spent["whole process"] = time.process_time()
    print(json.dumps(spent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=6)
    parser.add_argument("--worker", nargs=2, type=Path, metavar=("PROJECT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    from build_bench import ENV, byte_compile, make_projects

    print(byte_compile())

    runs: dict[str, dict[str, list[float]]] = {"archive": defaultdict(list), "floor": defaultdict(list)}
    with tempfile.TemporaryDirectory(prefix="build-phases-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, args.stories)
        for _ in range(args.repeat):
            for label, project in (("floor", floor), ("archive", archive)):
                site = tmp / f"site-{label}"
                done = subprocess.run(
                    [sys.executable, __file__, "--worker", str(project), str(site)],
                    cwd=project, env=ENV, capture_output=True, text=True, check=True,
                )
                shutil.rmtree(site, ignore_errors=True)
                for phase, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
                    runs[label][phase].append(seconds)
    phases = sorted(set(runs["archive"]) | set(runs["floor"]),
                    key=lambda phase: -statistics.median(runs["archive"].get(phase) or runs["floor"][phase]))
    print(f"CPU seconds per phase, {args.stories:,} stories, medians of {args.repeat} cold builds each\n")
    print("| phase | archive | floor |\n|---|--:|--:|")
    for phase in phases:
        cells = [f"{statistics.median(runs[label][phase]):.2f}" if runs[label].get(phase) else ""
                 for label in ("archive", "floor")]
        print(f"| {phase} | {cells[0]} | {cells[1]} |")
    whole = [a / f for a, f in zip(runs["archive"]["whole process"], runs["floor"]["whole process"], strict=True)]
    print("\nwhole process, archive/floor per round: " + ", ".join(f"{ratio:.2f}" for ratio in whole)
          + f" (median {statistics.median(whole):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
