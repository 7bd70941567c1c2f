"""The build-time target measured side by side: in each round the archive and the floor
(the same two projects as build_bench.py) build at the same moment, one per CPU, so both
meet the same neighbours on a shared VM; the result is the median of the rounds' ratios
with a distribution-free 95 % interval.

Why a second way: build_bench.py builds floor, archive, floor, ... one after the other,
and on this VM the same code's ratio moved between 1.11 and 1.34 from one run to the
next, because the host's load changes between two builds a few seconds apart. Building
both at once puts each pair in the same few seconds; what is left (one CPU slowed more
than the other) differs from round to round and is what the interval shows. Needs two
CPUs; the start order alternates between rounds, and the CPU whose build ends first
builds the floor again, untimed, until the other ends (so that no build runs its last
part alone). One warm-up round is not counted.

The interval is the sign test's confidence interval for a median (order statistics of
the rounds' ratios, binomial with p = 1/2): it asks nothing of the noise's shape.
With 8 rounds it spans the lowest to the highest ratio; 15 rounds give the 4th to the
12th, 20 the 6th to the 15th.

Target: the median ratio at most 1.2 at 1,000 and at 10,000 stories; the report says
whether the whole interval is below it too.

Usage:
  python bench/build_paired.py [--stories 1000 10000] [--rounds 15]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import ENV, TARGET, byte_compile, machine, make_projects


def median_interval(values: list[float], level: float = 0.95) -> tuple[float, float]:
    """The distribution-free interval for the median of `values` at (at least) `level`:
    the k-th lowest and k-th highest value, k the largest with P(Binomial(n, 1/2) < k)
    at most (1 - level) / 2; the whole range when there are too few values for that."""
    ordered = sorted(values)
    n = len(ordered)
    tail, k = 0.0, 0
    while True:
        tail += math.comb(n, k) / 2**n
        if tail > (1 - level) / 2:
            break
        k += 1
    k = max(k, 1)
    return ordered[k - 1], ordered[n - k]


def _start(project: Path, site: Path, label: str) -> int:
    """A `mkdocs build -q` of `project` into site/label; its process id."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site / label)]
    with (site / f"{label}.log").open("w") as log:  # a file, not a pipe: nothing waits on a full pipe
        return subprocess.Popen(cmd, cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=log).pid


def build_pair(floor: Path, archive: Path, site: Path, archive_first: bool) -> dict[str, tuple[float, float]]:
    """Start both builds at once; {label: (wall seconds from the common start, CPU seconds)}.

    The CPU whose build ends first builds the floor again (a filler, not timed, stopped
    when the other build ends): otherwise the longer build would run its last part
    alone, without the neighbour that slowed its first part (shared cache and memory),
    and its ratio would come out low."""
    order = [("archive", archive), ("floor", floor)]
    if not archive_first:
        order.reverse()
    site.mkdir()
    start = time.perf_counter()
    running = {_start(project, site, label): label for label, project in order}
    done: dict[str, tuple[float, float]] = {}
    fillers = 0
    while len(done) < 2:
        pid, status, usage = os.wait4(-1, 0)
        label = running.pop(pid)
        if status != 0:
            log_text = (site / f"{label}.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"build of {label} failed ({status}):\n{log_text}")
        if not label.startswith("filler"):
            done[label] = (time.perf_counter() - start, usage.ru_utime + usage.ru_stime)
        if len(done) == 1:  # one build still timed: keep its neighbour busy
            fillers += 1
            running[_start(floor, site, f"filler-{fillers}")] = f"filler-{fillers}"
    for pid in running:  # the filler still running
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    shutil.rmtree(site)
    return done


@dataclass(frozen=True)
class Paired:
    """One size's rounds: the median builds and each round's archive/floor ratio."""

    stories: int
    floor: float
    archive: float
    ratios: list[float]
    cpu_ratios: list[float]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios)

    @property
    def interval(self) -> tuple[float, float]:
        return median_interval(self.ratios)

    @property
    def cpu_interval(self) -> tuple[float, float]:
        return median_interval(self.cpu_ratios)


def bench(count: int, rounds: int) -> Paired:
    with tempfile.TemporaryDirectory(prefix="build-paired-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, count)
        walls: dict[str, list[float]] = {"floor": [], "archive": []}
        cpus: dict[str, list[float]] = {"floor": [], "archive": []}
        for round_ in range(rounds + 1):
            done = build_pair(floor, archive, tmp / "site", archive_first=round_ % 2 == 0)
            note = " (warm-up)" if round_ == 0 else ""
            print(f"  {count}: round {round_}{note}: floor {done['floor'][0]:.1f} s, archive {done['archive'][0]:.1f} s"
                  f" ({done['archive'][0] / done['floor'][0]:.2f})", file=sys.stderr)
            if round_:
                for label, (wall, cpu) in done.items():
                    walls[label].append(wall)
                    cpus[label].append(cpu)
    return Paired(
        count, statistics.median(walls["floor"]), statistics.median(walls["archive"]),
        [a / f for a, f in zip(walls["archive"], walls["floor"], strict=True)],
        [a / f for a, f in zip(cpus["archive"], cpus["floor"], strict=True)],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if (os.cpu_count() or 1) < 2:
        raise SystemExit("side-by-side builds need two CPUs")
    info = machine()
    print(f"machine: {info['processor']}, {info['system']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['material']}")
    print(byte_compile())
    results = [bench(count, args.rounds) for count in sorted(args.stories)]
    print(f"\nfloor and archive built side by side, {args.rounds} rounds (+1 warm-up); medians\n")
    print("| stories | floor (s) | archive (s) | median round ratio | its 95 % interval "
          "| CPU: median ratio | its 95 % interval |")
    print("|--:|--:|--:|--:|--:|--:|--:|")
    for r in results:
        (low, high), (cpu_low, cpu_high) = r.interval, r.cpu_interval
        print(f"| {r.stories:,} | {r.floor:.1f} | {r.archive:.1f} | **{r.ratio:.2f}** | {low:.2f}-{high:.2f} "
              f"| {r.cpu_ratio:.2f} | {cpu_low:.2f}-{cpu_high:.2f} |")
        print(f"  {r.stories:,}: round ratios " + ", ".join(f"{x:.2f}" for x in r.ratios), file=sys.stderr)
    for r in results:
        verdict = "met" if r.ratio <= TARGET else "MISSED"
        whole = "the whole interval is below it" if r.interval[1] <= TARGET else "the interval reaches above it"
        print(f"{r.stories:,} stories: target <= {TARGET} {verdict} (median {r.ratio:.2f}); {whole}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
