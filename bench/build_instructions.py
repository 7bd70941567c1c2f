"""The build's instructions, not its time: `mkdocs build` of the archive and of the floor
(the same two projects as build_bench.py) counted by Valgrind's cachegrind.

On a shared VM a build's wall and CPU time swing by a fifth between identical runs;
the number of instructions a build executes does not depend on what else runs there.
It is not the time (the archive's own work runs more of its instructions in C, at a
higher rate, than MkDocs' template rendering does), so it does not replace
build_bench.py's ratio; it shows whether a change made the build do less, and how much,
where timing cannot tell. The two builds run side by side (one per CPU), each about 35
times slower than without Valgrind: about 5 minutes at 1,000 stories, 45 at 10,000.

Needs Valgrind (Debian: `apt-get install valgrind`). story_tools is byte-compiled
first, as in build_bench.py.

Usage:
  python bench/build_instructions.py [--stories 1000]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import ENV, byte_compile, machine, make_projects

_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def start(project: Path, site: Path) -> subprocess.Popen[str]:
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    cmd = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    return subprocess.Popen(cmd, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def instructions(process: subprocess.Popen[str], label: str) -> int:
    _, err = process.communicate()
    found = _REFS.search(err)
    if process.returncode != 0 or found is None:
        raise SystemExit(f"{label} build failed ({process.returncode}):\n{err[-3000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    args = parser.parse_args()
    info = machine()
    print(f"machine: {info['processor']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"mkdocs {info['mkdocs']}, mkdocs-material {info['material']}; {byte_compile()}")
    with tempfile.TemporaryDirectory(prefix="build-instructions-") as name:
        tmp = Path(name)
        archive, floor = make_projects(tmp, args.stories)
        running = {label: start(project, tmp / f"site-{label}") for label, project in
                   (("floor", floor), ("archive", archive))}
        counts = {label: instructions(process, label) for label, process in running.items()}
    ratio = counts["archive"] / counts["floor"]
    print(f"\n| stories | floor (instructions) | archive (instructions) | archive/floor |\n|--:|--:|--:|--:|\n"
          f"| {args.stories:,} | {counts['floor']:,} | {counts['archive']:,} | {ratio:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
