"""How long comparing the base and its scenarios takes, against solving the base alone.

Runs on the shipped example with the most occurrences (it has three
scenarios). Each figure is the median of several runs in this process, after
one warm-up run.

    python benchmarks/compare_scenarios.py [--runs 7]

Target (issue 4): comparing the base and three scenarios of the largest
example takes less than 4x the time of solving the base alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import labor_opt

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 4.0


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    households = {path: labor_opt.load(path) for path in sorted((ROOT / "examples").glob("*.yaml"))}
    path, household = max(households.items(), key=lambda item: len(labor_opt.solve(item[1]).assignments))
    names = list(household.scenarios)
    base = median_seconds(lambda: labor_opt.solve(household), args.runs)
    plain = median_seconds(lambda: labor_opt.compare(household), args.runs)
    stable = median_seconds(lambda: labor_opt.compare(household, stable=True), args.runs)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"household: {path.name}, base and {len(names)} scenarios ({', '.join(names)})")
    print(f"solve base alone:       {base:.3f}s")
    print(f"compare (all):          {plain:.3f}s  = {plain / base:.2f}x the base")
    print(f"compare --stable (all): {stable:.3f}s  = {stable / base:.2f}x the base")
    met = plain / base < TARGET_RATIO
    print(f"target (compare < {TARGET_RATIO:g}x the base): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
