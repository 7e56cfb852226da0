"""Solve every shipped example (and its scenarios) and print how fast, and how much memory.

Per household: seconds to the first valid schedule, to the proven imbalance
optimum, to the end of all stages (solver time), the whole run including
reading the file, and the peak memory of the process. Each household runs in
a fresh process so that its peak memory is its own.

    python benchmarks/solve_examples.py            # all examples
    python benchmarks/solve_examples.py --csv out.csv

Target (issue 3): each example proven optimal in under 1 s of solver time on
a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from measure import measure_solve  # noqa: E402

TARGET_SECONDS = 1.0


def measure_one(path: str, scenario: str | None) -> dict[str, object]:
    """Solve one household in this process and return its figures."""
    row = measure_solve(path, scenario)
    return {
        "household": Path(path).name,
        "scenario": scenario or "base",
        "occurrences": row["occurrences"],
        "status": row["status"],
        "first_schedule_s": row["first_s"],
        "imbalance_proven_s": row["proven_s"],
        "solver_s": row["solver_s"],
        "total_s": row["total_s"],
        "peak_mb": row["peak_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--one", nargs=2, metavar=("FILE", "SCENARIO"), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help="also write the rows to this CSV file")
    args = parser.parse_args()
    if args.one:
        path, scenario = args.one
        print(json.dumps(measure_one(path, None if scenario == "-" else scenario)))
        return

    import labor_opt

    rows = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        for scenario in [None, *labor_opt.load(path).scenarios]:
            completed = subprocess.run(
                [sys.executable, __file__, "--one", str(path), scenario or "-"],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(completed.stdout))
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    header = (
        f"{'household':28} {'scenario':20} {'occ':>4} {'first':>7} {'proven':>7} "
        f"{'solver':>7} {'total':>7} {'peak MB':>8}  status"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['household']:28} {row['scenario']:20} {row['occurrences']:>4} "
            f"{_seconds(row['first_schedule_s'])} {_seconds(row['imbalance_proven_s'])} "
            f"{_seconds(row['solver_s'])} {_seconds(row['total_s'])} {row['peak_mb']:8.0f}  {row['status']}"
        )
    worst = max(float(row["solver_s"]) for row in rows)
    all_optimal = all(row["status"] == "optimal" for row in rows)
    met = all_optimal and worst < TARGET_SECONDS
    print(
        f"\nslowest solver time: {worst:.3f}s; all optimal: {all_optimal}; "
        f"target (< {TARGET_SECONDS:g}s, optimal): {'met' if met else 'NOT met'}"
    )
    if args.csv:
        with args.csv.open("w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def _seconds(value: object) -> str:
    return f"{float(value):7.3f}" if value is not None else "      -"


if __name__ == "__main__":
    main()
