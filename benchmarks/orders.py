"""Is a household's speed luck? Each example and generated size solved in 20 random orders of its members and tasks.

A household file lists its members and tasks in whatever order its author
wrote them; the ids, and so the household, stay the same. For each example
(every scenario too), the scenario files and the generated ``xs`` and ``s``
households, this writes 20 copies with those lists shuffled (seeded: the same
copies every run; a scenario's ``add_members`` and ``add_tasks`` shuffled
too) and runs ``labor-opt solve COPY --format json`` on each, as a user
would: a fresh ``python -m labor_opt`` process, timed from before it starts.
With ``--against COMMIT``, that commit's code (checked out in a temporary
folder) runs the very same copies in the same run, one process after the
other, so both see the same machine.

Per household and code, it prints the median and slowest solver seconds
(the schedule's own ``solver.seconds``: building the model and every stage)
over the orders, slowest / median, the median and slowest whole-process
wall time, and the slowest process's CPU seconds (user and system: near
enough its wall time on an idle machine, when others share this one). It
also checks that every order gave the same figures (imbalance, bound, each
member's nights and preference). Both codes run from compiled bytecode, as
an installed package does (see ``commits.compiled``).

    python benchmarks/orders.py --against 584716b            # about 15 minutes on 2 cores
    python benchmarks/orders.py --against 584716b --repeat 3 # each order's least of 3 runs: a busy machine
    python benchmarks/orders.py --only newborn --orders 5    # a quick look

Targets (issue 21, item 5): slowest order within 2x of the median for every
household, and every example's slowest whole solve under 1 s wall.
Results: benchmarks/results/orders.csv (one row per process) and orders.txt
(what is printed).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, redirect_stdout
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from commits import NOW, Case, Code, Run, Tee, code_of, compiled, example_cases, generated_cases, imported_from, machine  # noqa: E402
from commits import run_labor_opt as run  # noqa: E402

from labor_opt.household.yaml_core import CoreLoader  # noqa: E402

RESULTS = HERE / "results"
RATIO_TARGET = 2.0
WALL_TARGET = 1.0  # seconds, every example's slowest order
NO_SCHEDULE = 3  # the exit code of a household (or what-if) with no schedule


def shuffled(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of a household (or scenario file) with its lists of members and tasks in a random order."""
    copy = dict(data)
    for key in ("members", "tasks", "add_members", "add_tasks"):
        if isinstance(copy.get(key), list):
            copy[key] = rng.sample(copy[key], len(copy[key]))
    if isinstance(copy.get("scenarios"), dict):
        copy["scenarios"] = {name: shuffled(edits, rng) for name, edits in copy["scenarios"].items()}
    return copy


def write_orders(case: Case, count: int, folder: Path) -> list[list[str]]:
    """``count`` reordered copies of the case's files in ``folder``: the ``labor-opt solve`` arguments of each."""
    arguments = []
    for number in range(count):
        rng = random.Random(f"{case.label}:{number}")
        place = folder / f"order{number:02}"
        place.mkdir()
        file = _write(shuffled(_read(case.file), rng), place / case.file.name)
        scenario_file = None
        if case.scenario_file is not None:
            scenario_file = _write(shuffled(_read(case.scenario_file), rng), place / case.scenario_file.name)
        arguments.append(case.arguments(file, scenario_file))
    return arguments


def _read(path: Path) -> dict[str, Any]:
    return dict(yaml.load(path.read_text(encoding="utf-8"), Loader=CoreLoader))  # noqa: S506 (a safe loader)


def _write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def figures(schedule: dict[str, Any]) -> dict[str, Any]:
    """What the order of a file must not change: the fairness figures, each member's nights and preference."""
    return {
        "status": schedule["status"],
        "imbalance": schedule["fairness"]["imbalance"],
        "lower_bound": schedule["fairness"]["lower_bound"],
        "nights": {member: row["disturbed_nights"] for member, row in sorted(schedule["members"].items())},
        "preference": {member: row["preference"] for member, row in sorted(schedule["members"].items())},
    }


def measure(case: Case, codes: list[Code], count: int, repeat: int = 1) -> Iterator[dict[str, Any]]:
    """One row per order and code: solver seconds, wall seconds, figures (or the exit code when it failed).

    With ``repeat``, each order is solved that many times and each of its
    times is the least of them: the work is the same every time (one worker,
    a fixed seed), so only a busy moment of the machine makes one run slower.
    """
    with tempfile.TemporaryDirectory(prefix="labor-opt-orders-") as folder:
        for number, arguments in enumerate(write_orders(case, count, Path(folder))):
            rows = {code.label: _row(case, code, number) for code in codes}
            for _ in range(repeat):
                for code in codes:  # one after the other, order by order: both see the same moments of the machine
                    _measured(rows[code.label], run(code, ["solve", *arguments, "--format", "json", "--quiet"]))
            yield from rows.values()


def _row(case: Case, code: Code, number: int) -> dict[str, Any]:
    return dict.fromkeys(("exit_code", "wall_s", "cpu_s", "solver_s", "occurrences", "figures")) | {
        "household": case.label,
        "code": code.label,
        "order": number,
    }


def _measured(row: dict[str, Any], done: Run) -> None:
    """Fold one run into its order's row: the least of each time, the figures (or why it failed)."""
    for key, value in (("wall_s", done.wall), ("cpu_s", done.cpu)):
        row[key] = round(min(value, row[key] if row[key] is not None else value), 3)
    row["exit_code"] = done.exit_code if row["exit_code"] in (None, 0) else row["exit_code"]
    if done.exit_code != 0:
        row["figures"] = done.stderr.strip()[-200:]
        return
    schedule = json.loads(done.stdout)
    seconds = schedule["solver"]["seconds"]
    row["solver_s"] = min(seconds, row["solver_s"] if row["solver_s"] is not None else seconds)
    row["occurrences"] = len(schedule["assignments"])
    found = json.dumps(figures(schedule), sort_keys=True)
    row["figures"] = found if row["figures"] in (None, found) else "differ from run to run"


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One household at one code: median and slowest of the orders, and whether their figures agree."""
    solved = [row for row in rows if row["exit_code"] == 0]
    if rows and all(int(row["exit_code"]) == NO_SCHEDULE for row in rows):
        return {"no_schedule": len(rows)}  # a what-if with no schedule, in every order: as it should be
    if not solved:
        return {"failed": len(rows)}
    solver = [float(row["solver_s"]) for row in solved]
    wall = [float(row["wall_s"]) for row in solved]
    median = statistics.median(solver)
    return {
        "failed": len(rows) - len(solved),
        "occurrences": solved[0]["occurrences"],
        "median": median,
        "slowest": max(solver),
        "ratio": max(solver) / median if median > 0 else float("inf"),
        "wall_median": statistics.median(wall),
        "wall_slowest": max(wall),
        "cpu_slowest": max(float(row["cpu_s"]) for row in solved),
        "figure_sets": len({row["figures"] for row in solved}),
    }


def _cell(summary_: dict[str, Any]) -> str:
    if "no_schedule" in summary_:
        return f"{'no schedule in all ' + str(summary_['no_schedule']) + ' (exit 3)':>44}"
    if "median" not in summary_:
        return f"{'all ' + str(summary_['failed']) + ' failed':>44}"
    failed = f" ({summary_['failed']} failed)" if summary_["failed"] else ""
    return (
        f"{summary_['median']:7.3f} {summary_['slowest']:7.3f} {summary_['ratio']:6.2f}x "
        f"{summary_['wall_median']:7.2f} {summary_['wall_slowest']:7.2f} {summary_['cpu_slowest']:6.2f} "
        f"{summary_['figure_sets']:>5}{failed}"
    )


def report(rows: list[dict[str, Any]], codes: list[Code], count: int, repeat: int) -> None:
    """The table: per household, each code's orders summarised; then the targets, for the current tree."""
    print(f"\nmachine: {machine()}")
    each = f", each the least of {repeat} runs" if repeat > 1 else ""
    print(f"{count} orders per household{each}; seconds; 'figures': distinct sets of figures over the orders")
    columns = "  solver: median slowest  ratio | wall: median slowest    cpu | figures"
    print(f"{'household':44} {'occ':>4} {'code':>8}{columns}")
    households = list(dict.fromkeys(row["household"] for row in rows))
    worst: dict[str, list[tuple[str, dict[str, Any]]]] = {code.label: [] for code in codes}
    for household in households:
        for code in codes:
            found = summary([row for row in rows if row["household"] == household and row["code"] == code.label])
            worst[code.label].append((household, found))
            print(f"{household:44} {found.get('occurrences') or '-':>4} {code.label:>8} {_cell(found)}")
    for code in codes:
        _targets(code.label, worst[code.label])


def _targets(label: str, found: list[tuple[str, dict[str, Any]]]) -> None:
    solved = [(name, row) for name, row in found if "median" in row and not row["failed"]]
    ratio_name, ratio = max(((name, row["ratio"]) for name, row in solved), key=lambda item: item[1])
    examples = [(name, row) for name, row in solved if not name.startswith("generated")]
    wall_name, wall = max(((name, row["wall_slowest"]) for name, row in examples), key=lambda item: item[1])
    meant = [(name, row) for name, row in found if "no_schedule" not in row]
    same = all(row["figure_sets"] == 1 for _, row in solved) and len(solved) == len(meant)
    print(f"\n{label}:")
    print(f"  [{'met' if ratio <= RATIO_TARGET else 'NOT met'}] slowest order within {RATIO_TARGET:g}x of the "
          f"median, every household: worst {ratio:.2f}x ({ratio_name})")  # fmt: skip
    print(f"  [{'met' if wall < WALL_TARGET else 'NOT met'}] every example's slowest whole solve under "
          f"{WALL_TARGET:g} s wall: slowest {wall:.2f} s ({wall_name})")  # fmt: skip
    print(f"  [{'met' if same else 'NOT met'}] every order of a household solved, with the same figures"
          " (a what-if meant to have no schedule: exit 3 in every order)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", metavar="COMMIT", help="also run this commit's code on the same orders")
    parser.add_argument("--orders", type=int, default=20, help="random orders per household (default 20)")
    parser.add_argument("--repeat", type=int, default=1, help="solve each order this often, keep its least times")
    parser.add_argument("--only", help="only households whose label contains this text")
    parser.add_argument("--no-scenarios", action="store_true", help="examples' bases only (and the generated sizes)")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/orders.*")
    args = parser.parse_args()
    cases = [*example_cases(not args.no_scenarios), *generated_cases()]
    cases = [case for case in cases if args.only is None or args.only in case.label]
    printed = Tee(sys.stdout)
    rows: list[dict[str, Any]] = []
    with ExitStack() as stack:
        codes = [compiled(NOW)] + ([compiled(stack.enter_context(code_of(args.against)))] if args.against else [])
        for code in codes:
            print(f"{code.label}: labor_opt from {imported_from(code)}", file=sys.stderr)
        for case in cases:
            rows += measure(case, codes, args.orders, args.repeat)
            print(f"measured {case.label}", file=sys.stderr, flush=True)
        with redirect_stdout(printed):
            report(rows, codes, args.orders, args.repeat)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "orders.txt").write_text(printed.getvalue(), encoding="utf-8")
        with (RESULTS / "orders.csv").open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        print(f"written: {RESULTS / 'orders.txt'}, {RESULTS / 'orders.csv'}")


if __name__ == "__main__":
    main()
