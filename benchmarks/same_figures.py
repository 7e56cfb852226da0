"""Do every example and scenario still get the same figures? This tree against a commit, compared by a program.

Solves every example (each of its scenarios too, and the scenario files
beside them) with this tree's code and with the code of the commit given
(checked out in a temporary folder), each as ``labor-opt solve FILE
--format json`` in a fresh process, and compares what a household reads:
the household's figures (the status, the imbalance, its proven lower bound,
the most disturbed nights of a member, the disturbed nights of all, the
preference score: what the solver optimizes, so what makes one schedule
better than another) and each member's disturbed nights and preference
score (which of several equally good schedules came back). The households in
``examples/no_schedule`` have no schedule on purpose: their exit codes are
compared instead. Solves are deterministic (one worker, a fixed seed, and
every example proven optimal far inside its limit), so equal code gives
equal figures on every run.

    python benchmarks/same_figures.py --against 584716b

Prints two rows per household (this tree, the commit) and exits 1 if a
household figure differs, 2 if only the split between members of equally
good schedules does, 0 if every figure is the same.
Results: benchmarks/results/same_figures.txt (what is printed).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from commits import NOW, Case, Code, Tee, code_of, example_cases, imported_from, machine, unsolvable_cases  # noqa: E402
from commits import run_labor_opt as run  # noqa: E402

RESULTS = HERE / "results"


def figures(case: Case, code: Code) -> dict[str, Any]:
    """What one household reads from its schedule at ``code``, or the exit code when there is none."""
    done = run(code, ["solve", *case.arguments(), "--format", "json", "--quiet"])
    if done.exit_code != 0:
        return {"household": {"exit code": done.exit_code}, "members": {}}
    schedule = json.loads(done.stdout)
    members = sorted(schedule["members"].items())
    nights = {member: row["disturbed_nights"] for member, row in members}
    preference = {member: row["preference"] for member, row in members}
    return {
        "household": {
            "status": schedule["status"],
            "imbalance": schedule["fairness"]["imbalance"],
            "lower bound": schedule["fairness"]["lower_bound"],
            "most nights": max(nights.values(), default=0),
            "all nights": sum(nights.values()),
            "preference": sum(preference.values()),
        },
        "members": {"nights": nights, "preference": preference},
    }


def _household(found: dict[str, Any]) -> str:
    if "exit code" in found:
        return f"no schedule, exit {found['exit code']}"
    return (
        f"{found['status']:8} {found['imbalance']:>4} / {found['lower bound']:<4} "
        f"{found['most nights']:>2} {found['all nights']:>3} {found['preference']:>4}"
    )


def _members(found: dict[str, Any]) -> str:
    if not found:
        return ""
    nights = " ".join(str(value) for value in found["nights"].values())
    preference = " ".join(str(value) for value in found["preference"].values())
    return f"{nights:14} {preference}"


def compare(cases: list[Case], now: Code, before: Code) -> tuple[list[str], list[str]]:
    """Print each household's figures at both codes; the labels of those whose household figures differ,
    and of those where only the split between members differs (equally good schedules: a tie chosen otherwise)."""
    print(f"machine: {machine()}")
    print(
        "household figures: status, imbalance / lower bound (minutes), the most disturbed nights of a member,\n"
        "the disturbed nights of all, the preference score; then each member's nights and preference (members by id)\n"
    )
    print(f"{'household':40} {'':7} {'status':8} {'imbalance':>11} {'most':>2} {'all':>3} {'pref':>4}  "
          f"{'nights':14} {'preference':22} same")  # fmt: skip
    differ, ties = [], []
    for case in cases:
        mine, theirs = figures(case, now), figures(case, before)
        same = "yes"
        if mine["household"] != theirs["household"]:
            same, differ = "NO", [*differ, case.label]
        elif mine["members"] != theirs["members"]:
            same, ties = "tie", [*ties, case.label]
        print(
            f"{case.label:40} {now.label:>7} {_household(mine['household']):36} {_members(mine['members']):37} {same}"
        )
        print(f"{'':40} {before.label:>7} {_household(theirs['household']):36} {_members(theirs['members'])}")
    alike = len(cases) - len(differ)
    print(f"\n{len(cases)} households: household figures the same in {alike}, each member's too in {alike - len(ties)}")
    if differ:
        print(f"household figures differ: {', '.join(differ)}")
    if ties:
        print(f"only the split between members differs (the same household figures): {', '.join(ties)}")
    return differ, ties


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", metavar="COMMIT", required=True, help="the commit whose figures must not change")
    parser.add_argument("--no-save", action="store_true", help="do not write benchmarks/results/same_figures.txt")
    args = parser.parse_args()
    printed = Tee(sys.stdout)
    with code_of(args.against) as before:
        for code in (NOW, before):
            print(f"{code.label}: labor_opt from {imported_from(code)}", file=sys.stderr)
        with redirect_stdout(printed):
            differ, ties = compare([*example_cases(), *unsolvable_cases()], NOW, before)
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "same_figures.txt").write_text(printed.getvalue(), encoding="utf-8")
    raise SystemExit(1 if differ else 2 if ties else 0)


if __name__ == "__main__":
    main()
