"""The CP-SAT model's size and the time to solve it, per instance: to show a change does not bloat the model.

For each shipped example and each generated instance up to 800 occurrences,
prints the model's variables and constraints (exact: the same household
always builds the same model), the seconds to build it, and the median of
three solves to the end (wall-clock: compare on one machine only).

    python benchmarks/model_size.py                      # print
    python benchmarks/model_size.py --csv FILE.csv       # and record
    python benchmarks/model_size.py --compare BEFORE.csv # print the change against an earlier record
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

import labor_opt  # noqa: E402
from labor_opt.problem.build import build_problem  # noqa: E402
from labor_opt.solver.model import ScheduleModel  # noqa: E402

INSTANCES = [
    *sorted((ROOT / "examples").glob("*.yaml")),
    *(HERE / "instances" / name for name in ("xs_2m_100o_15min.yaml", "s_3m_200o_30min.yaml", "m_5m_400o_10min.yaml")),
]
FIELDS = ("instance", "variables", "constraints", "build_s", "solve_s", "imbalance", "status")


def measure(path: Path, repeats: int) -> dict[str, object]:
    household = labor_opt.load(path)
    began = time.perf_counter()
    built = ScheduleModel(build_problem(household))
    build = time.perf_counter() - began
    proto = built.model.proto
    times, schedule = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        schedule = labor_opt.solve(household)
        times.append(time.perf_counter() - began)
    assert schedule is not None and labor_opt.check(household, schedule).valid
    return {
        "instance": path.stem,
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        "build_s": round(build, 3),
        "solve_s": round(statistics.median(times), 3),
        "imbalance": schedule.fairness.imbalance,
        "status": schedule.status.in_file,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", type=Path, help="record the rows in this file")
    parser.add_argument("--compare", type=Path, help="an earlier record to compare with")
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    rows = [measure(path, arguments.repeats) for path in INSTANCES]
    before = {}
    if arguments.compare:
        with arguments.compare.open(encoding="utf-8") as handle:
            before = {row["instance"]: row for row in csv.DictReader(handle)}
    columns = "{instance:28} {variables:>9} {constraints:>11} {build_s:>8} {solve_s:>8}"
    print(
        columns.format(
            instance="instance", variables="variables", constraints="constraints", build_s="build s", solve_s="solve s"
        )
        + "  change (variables, constraints, solve)"
    )
    for row in rows:
        line = columns.format(**row)
        earlier = before.get(str(row["instance"]))
        if earlier:
            changes = [
                f"{100 * (float(row[key]) / float(earlier[key]) - 1):+.0f}%"  # type: ignore[arg-type]
                for key in ("variables", "constraints", "solve_s")
            ]
            line += "  " + ", ".join(changes)
        print(line)
    if arguments.csv:
        with arguments.csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        print(f"recorded in {arguments.csv}", file=sys.stderr)


if __name__ == "__main__":
    main()
