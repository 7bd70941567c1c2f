"""Benchmark: `story-tools check` (load_catalog) against a same-process floor.

What is measured, per archive size N:

* floor: list the story files, then for each one read the bytes, decode them,
  split off the front matter (the text between the first two '---' lines) and
  `yaml.load(front_matter, Loader=yaml.CSafeLoader)` (SafeLoader without
  libyaml). That is the least any checker must do with the same files.
* check: `load_catalog(ArchiveSettings.at(root))`: discovery, reading, the
  position-keeping YAML reader, every field and vocabulary rule, cross-checks.

Absolute times depend on the machine and its load, so the figure that matters
is the ratio check/floor, both timed in the same run, interleaved (floor, check,
floor, check, ...) after one warm-up of each; medians are reported. The target
is a ratio of at most 1.5 at 10,000 stories with libyaml. A secondary line
times both sides with the pure-Python parser. Tests should assert ratios
against such a baseline, never absolute times.

Usage: python bench/check_bench.py [--stories 1000 10000] [--repeat 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from story_tools.archive.catalog import load_catalog
from story_tools.archive.settings import ArchiveSettings
from story_tools.archive.vocabulary import load_vocabulary

REPO = Path(__file__).resolve().parent.parent
SEED = 20240531
TARGET = 1.5
HAS_LIBYAML = hasattr(yaml, "CSafeLoader")
FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FOLDERS = ("field-service", "billing", "enterprise-accounts", "front-line")
SECTIONS = ("The situation", "What we did", "How it turned out", "The lesson")
WORDS = [
    'customer', 'team', 'call', 'visit', 'invoice', 'refund', 'renewal', 'contract', 'route',
    'technician', 'account', 'note', 'week', 'month', 'promise', 'problem', 'answer', 'question',
    'plan', 'review', 'service', 'support', 'order', 'delivery', 'manager', 'partner', 'site',
    'quickly', 'carefully', 'again', 'together', 'early', 'late', 'first', 'second', 'every', 'their',
    'our', 'the', 'a', 'to', 'of', 'and', 'with', 'for', 'on', 'after', 'before', 'kept', 'fixed',
    'called', 'wrote', 'explained', 'checked', 'listened', 'noticed', 'offered', 'returned',
]


def _words(rng: random.Random, count: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def _story(rng: random.Random, index: int, ids: list[str], terms: dict[str, list[str]]) -> str:
    """One valid story: front matter in the shape of stories/*.md and ~250 words of body."""
    def pick(dim: str, low: int, high: int) -> str:
        return "[" + ", ".join(rng.sample(terms[dim], rng.randint(low, high))) + "]"
    year, month, day = rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28)
    related = rng.sample([i for i in rng.sample(ids, 4) if i != ids[index]][:3], rng.randint(0, 2))
    lines = [
        "---",
        f'title: "Story {index}: {_words(rng, 6)[:-1]}"',
        f"date: {year}-{month:02d}-{day:02d}",
        f'summary: "{_words(rng, 30)}"',
        f"touchpoint: {pick('touchpoint', 1, 3)}",
        f"principle: {pick('principle', 2, 4)}",
        f"outcome: {pick('outcome', 1, 2)}",
        f'customer: "{_words(rng, 5)[:-1]}"',
        f"industry: {rng.choice(terms['industry'])}",
        f"segment: {rng.choice(terms['segment'])}",
        f"region: {rng.choice(terms['region'])}",
        f"product: {rng.choice(terms['product'])}",
        f'team: "Team {rng.randint(1, 40)}"',
        'author: "Bench Writer"',
        f'quote: "{_words(rng, 12)}"',
        "metrics:",
        f'  contacts per month: "{rng.randint(5, 30)} → {rng.randint(0, 4)}"',
        f"  saved accounts: {rng.randint(1, 50)}",
        f"related: [{', '.join(related)}]",
        f"visibility: {rng.choice(('internal', 'public'))}",
        "consent:",
        "  approved: [story, quote]",
        '  recorded_by: "Bench Writer"',
        f"  recorded_on: {year}-{month:02d}-{day:02d}",
        "---",
    ]
    body = [f"\n## {title}\n\n{_words(rng, 62)}\n" for title in SECTIONS]
    return "\n".join(lines) + "\n" + "".join(body)


def generate(root: Path, count: int) -> None:
    """An archive of `count` stories (every fifth in a subfolder) and the repo's vocabulary."""
    shutil.copy(REPO / "vocabulary.yml", root / "vocabulary.yml")
    vocabulary, problems = load_vocabulary(root / "vocabulary.yml", "vocabulary.yml")
    if problems:
        raise SystemExit(f"vocabulary.yml has findings: {problems[:3]}")
    terms = {d.name: [t.slug for t in d.terms] for d in vocabulary.dimensions}
    rng = random.Random(SEED)
    ids = [f"story-{i:05d}" for i in range(count)]
    for index, story_id in enumerate(ids):
        folder = root / "stories" / (FOLDERS[index // 5 % len(FOLDERS)] if index % 5 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{story_id}.md").write_text(_story(rng, index, ids, terms), encoding="utf-8")


def floor(root: Path, loader: Any) -> int:
    """List, read, decode, split and YAML-load every story's front matter."""
    parsed = 0
    for folder, _dirs, files in os.walk(root / "stories"):
        for name in files:
            if not name.endswith(".md"):
                continue
            text = Path(folder, name).read_bytes().decode("utf-8-sig")
            _, _, rest = text.partition("---\n")
            front_matter, _, _ = rest.partition("\n---\n")
            if yaml.load(front_matter, Loader=loader) is not None:
                parsed += 1
    return parsed


def measure(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """One warm-up of each, then `repeat` interleaved rounds; the median seconds of each."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(repeat + 1):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            if round_:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def bench(count: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="story-bench-") as tmp:
        root = Path(tmp)
        generate(root, count)
        settings = ArchiveSettings.at(root)
        catalog = load_catalog(settings)
        if catalog.findings or len(catalog.stories) != count:
            for finding in catalog.findings[:10]:
                print(finding, file=sys.stderr)
            raise SystemExit(f"generated archive of {count} is not clean: {len(catalog.findings)} findings")
        assert floor(root, FAST_LOADER) == count
        result: dict[str, Any] = {"stories": count}
        for label, loader, use_libyaml in (("libyaml", FAST_LOADER, None), ("pure", yaml.SafeLoader, False)):
            medians = measure({
                "floor": lambda loader=loader: floor(root, loader),
                "check": lambda use=use_libyaml: load_catalog(settings, use_libyaml=use),
            }, repeat)
            result[label] = {**medians, "ratio": medians["check"] / medians["floor"]}
        return result


def machine() -> dict[str, Any]:
    uname = platform.uname()
    return {
        "processor": platform.processor() or uname.machine, "system": f"{uname.system} {uname.release}",
        "cpus": os.cpu_count(), "python": platform.python_version(), "pyyaml": yaml.__version__,
        "libyaml": HAS_LIBYAML, "floor_loader": FAST_LOADER.__name__,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()
    info = machine()
    print(f"machine: {info['processor']}, {info['system']}, {info['cpus']} CPUs, Python {info['python']}, "
          f"PyYAML {info['pyyaml']}, libyaml {'yes' if HAS_LIBYAML else 'NO'} (floor uses {info['floor_loader']})")
    results = []
    for count in args.stories:
        results.append(bench(count, args.repeat))
        print(f"  ... {count} stories done", file=sys.stderr)
    print(f"\nmedian of {args.repeat} interleaved runs after one warm-up\n")
    print("| stories | parser | floor (s) | check (s) | check/floor |")
    print("|--:|---|--:|--:|--:|")
    for r in results:
        for label in ("libyaml", "pure"):
            name = (info["floor_loader"] if label == "libyaml" else "SafeLoader") + " / " + (
                "use_libyaml=None" if label == "libyaml" else "use_libyaml=False")
            m = r[label]
            print(f"| {r['stories']:,} | {name} | {m['floor']:.3f} | {m['check']:.3f} | {m['ratio']:.2f} |")
    at_10k = next((r["libyaml"]["ratio"] for r in results if r["stories"] == 10_000), None)
    verdict = "NOT MEASURED (no 10000 run)" if at_10k is None else (
        "TARGET MET" if at_10k <= TARGET and HAS_LIBYAML else "TARGET MISSED")
    print(f"\n{verdict}: check/floor at 10,000 stories (libyaml) = "
          f"{'n/a' if at_10k is None else f'{at_10k:.2f}'}, target <= {TARGET}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "repeat": args.repeat, "target": TARGET,
                                         "results": results, "verdict": verdict}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
