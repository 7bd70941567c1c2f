"""Benchmark: the writer's preview, seconds from saving one story to `mkdocs serve`'s reload.

Runs the real `mkdocs serve` on 127.0.0.1 for the archive plus N generated
stories (bench/build_bench.py's project), waits for its first build, then saves
stories --repeat times each way, a different story each time:

* body: a sentence added to the body (the save a writer makes twenty times);
* title: the title changed (its card on Browse, its term pages, related lists);
* terms: one outcome replaced by another (term pages, counts, related stories).

Saves are PAUSE seconds after the last reload. Each figure is the wall time from the write
to serve's "Reloading browsers" line (the browser reloads then), and the served page must
show the change (HTTP GET, checked after the timing). The baseline, in the same run: `mkdocs serve --clean`,
which builds like `mkdocs build` (every page, every time), for the body save.

Usage:
  python bench/serve_bench.py --stories 1000 10000 [--repeat 5] [--baseline-repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import byte_compile, machine, make_projects

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAUSE = 4.0
"""Seconds between the reload and the next save. The plugin collects the garbage of a
rebuild 1.5 s after it (plugin/preview.py); a save within that moment waits for it."""
PREVIEW = re.compile(r"Preview: ([\d,]+) of ([\d,]+) archive pages")
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


class Server:
    """One `mkdocs serve` process and the lines of its log, read by a thread."""

    def __init__(self, project: Path, clean: bool) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"] + (["--clean"] if clean else [])
        self.process = subprocess.Popen(cmd, cwd=project, env=ENV, stderr=subprocess.PIPE, text=True)
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._lock:
                self.lines.append((time.perf_counter(), line))
                self._lock.notify_all()

    def wait_for(self, pattern: str, after: int, timeout: float) -> tuple[float, int]:
        """Time and index of the first line from `after` on that matches."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for index in range(after, len(self.lines)):
                    if re.search(pattern, self.lines[index][1]):
                        return self.lines[index][0], index
                after = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    tail = "".join(line for _, line in self.lines[-30:])
                    raise SystemExit(f"mkdocs serve never logged {pattern!r}:\n{tail}")
                self._lock.wait(min(left, 1))

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _save(path: Path, kind: str, round_: int) -> str:
    """Change the story file one way; the text the served page must then show."""
    text = path.read_text(encoding="utf-8")
    if kind == "body":
        marker = f"Saved while writing, round {round_}."
        path.write_text(text.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
    elif kind == "title":
        marker = f"Retitled {round_}"
        changed = re.sub(r'^title: "', f'title: "{marker} ', text, count=1, flags=re.M)
        assert changed != text, f"{path}: no quoted title"
        path.write_text(changed, encoding="utf-8")
    else:
        outcomes = ("renewed", "retained", "won-back", "expanded")
        current = re.search(r"^outcome: *\[?([\w-]+)", text, re.M)
        assert current, f"{path} has no outcome line"
        line = text[current.start():text.index("\n", current.start())]
        new = next(o for o in outcomes if o not in re.findall(r"[\w-]+", line.partition(":")[2]))
        path.write_text(text.replace(current[0], current[0].replace(current[1], new), 1), encoding="utf-8")
        marker = new
    return marker


def measure(project: Path, kinds: list[str], repeat: int, clean: bool, first: int) -> dict[str, Any]:
    server = Server(project, clean)
    result: dict[str, Any] = {}
    try:
        start = time.perf_counter()
        server.wait_for(r"Serving on", 0, timeout=3600)
        result["first_build"] = time.perf_counter() - start
        stories = sorted((project / "stories").glob("*.md"))
        number = first
        for kind in kinds:
            times, rendered, builds = [], [], []
            for round_ in range(repeat):
                story = stories[number % len(stories)]
                number += 7
                time.sleep(PAUSE)  # a writer reads the preview before the next save
                after = len(server.lines)
                marker = _save(story, kind, round_)
                saved = time.perf_counter()
                done, index = server.wait_for(r"Reloading browsers", after, timeout=900)
                times.append(done - saved)
                found = [PREVIEW.search(line) for _, line in server.lines[after:index]]
                counts = [m for m in found if m]
                if counts:
                    rendered.append(int(counts[-1][1].replace(",", "")))
                built = [m for m in (BUILT.search(line) for _, line in server.lines[after:index]) if m]
                if built:
                    builds.append(float(built[-1][1]))
                page = server.get(f"stories/{story.stem}/")
                if kind != "terms":
                    assert marker in page, f"the served page of {story.stem} does not show {marker!r}"
                print(f"    {'clean' if clean else 'preview'} {kind} {round_}: {times[-1]:.2f} s"
                      + (f" (MkDocs: built in {builds[-1]:.2f} s)" if built else "")
                      + (f", {rendered[-1]} pages rendered" if counts else ""), file=sys.stderr)
            result[kind] = {"runs": times, "median": statistics.median(times), "builds": builds,
                            "pages_rendered": statistics.median(rendered) if rendered else None}
    finally:
        server.stop()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline-repeat", type=int, default=2, help="body saves under `mkdocs serve --clean`")
    parser.add_argument("--kinds", nargs="+", default=["body", "title", "terms"], choices=["body", "title", "terms"])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "sizes": [], "bytecode": byte_compile()}
    for count in args.stories:
        with tempfile.TemporaryDirectory(prefix="serve-bench-") as name:
            archive, _ = make_projects(Path(name), count)
            preview = measure(archive, args.kinds, args.repeat, clean=False, first=1)
            baseline = measure(archive, ["body"], args.baseline_repeat, clean=True, first=3) \
                if args.baseline_repeat and "body" in args.kinds else None
        size: dict[str, Any] = {"stories": count, "preview": preview, "clean": baseline}
        results["sizes"].append(size)
        line = (f"{count:>7,} stories: first build {preview['first_build']:.1f} s; save to reload "
                f"(median of {args.repeat}): " + ", ".join(f"{kind} {preview[kind]['median']:.2f} s"
                                                            for kind in args.kinds))
        if baseline:
            line += (f"; serve --clean body {baseline['body']['median']:.1f} s "
                     f"({baseline['body']['median'] / preview['body']['median']:.0f}x)")
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
