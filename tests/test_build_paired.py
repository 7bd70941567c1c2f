"""bench/build_paired.py: the interval its verdict rests on, and one real side-by-side run.

The bench is not timed here (timings are the bench's business, not a test's); this
checks that its statistics are the sign test's and that the script still runs end to
end on a tiny archive, so that the figure quoted in README can be reproduced."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
from build_paired import median_interval


def _coverage(n: int, k: int) -> float:
    """P(X_(k) <= median <= X_(n-k+1)) for n values: 1 - 2 P(Binomial(n, 1/2) < k)."""
    return 1 - 2 * sum(math.comb(n, i) for i in range(k)) / 2**n


@pytest.mark.parametrize(("n", "k"), [(8, 1), (10, 2), (15, 4), (20, 6), (30, 10)])
def test_the_interval_is_the_sign_tests_order_statistics(n: int, k: int) -> None:
    values = [float(i) for i in range(1, n + 1)]
    low, high = median_interval(list(reversed(values)))
    assert (low, high) == (values[k - 1], values[n - k])
    assert _coverage(n, k) >= 0.95
    if k < n // 2:  # the next narrower interval would not reach 95 %
        assert _coverage(n, k + 1) < 0.95


def test_too_few_values_give_the_whole_range() -> None:
    assert median_interval([1.3, 0.9, 1.1]) == (0.9, 1.3)
    assert median_interval([1.0]) == (1.0, 1.0)


def test_the_bench_runs_side_by_side_on_a_small_archive() -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, str(REPO / "bench" / "build_paired.py"), "--stories", "5", "--rounds", "1"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| 5 |" in done.stdout and "5 stories: target <= 1.2" in done.stdout, done.stdout
    assert "5: round 1:" in done.stderr and "(warm-up)" in done.stderr
