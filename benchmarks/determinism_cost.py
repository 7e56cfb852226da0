"""What determinism costs: the same instances solved deterministically and not.

labor-opt solves with one CP-SAT worker by default, or with N workers in
CP-SAT's deterministic interleaved search (``--workers N``); both give the
same schedule run after run. CP-SAT's usual parallel portfolio is faster on
some models but not reproducible. This script times all three on the
examples and a generated 400-occurrence household.

    python benchmarks/determinism_cost.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SIZES, generate  # noqa: E402

import labor_opt  # noqa: E402
from labor_opt.solver import engine  # noqa: E402

MODES = {
    "1 worker (default, deterministic)": (1, None),
    "2 workers, interleaved (deterministic)": (2, True),
    "2 workers, portfolio (NOT deterministic)": (2, False),
}


def timed(household: labor_opt.Household, workers: int, interleave: bool | None) -> tuple[float, str]:
    original = engine.solver_for

    def patched(seconds: float, count: int) -> object:
        solver = original(seconds, count)
        if interleave is not None:
            solver.parameters.interleave_search = interleave
        return solver

    engine.solver_for = patched  # type: ignore[assignment]
    try:
        began = time.perf_counter()
        schedule = labor_opt.solve(household, workers=workers, time_limit=60)
        return time.perf_counter() - began, schedule.status
    finally:
        engine.solver_for = original


def main() -> None:
    households = {path.stem: labor_opt.load(path) for path in sorted((HERE.parent / "examples").glob("*.yaml"))}
    size = SIZES[2]
    households[f"generated {size.name}"] = labor_opt.household_from_data(
        generate(size.members, size.types, size.occurrences, size.resolution, seed=1)
    )
    print(f"{'household':24} " + " ".join(f"{mode[:28]:>30}" for mode in MODES))
    for name, household in households.items():
        cells = []
        for workers, interleave in MODES.values():
            runs = [timed(household, workers, interleave) for _ in range(3)]
            cells.append(f"{statistics.median(s for s, _ in runs):8.3f}s {runs[0][1]:>10}")
        print(f"{name:24} " + " ".join(f"{cell:>30}" for cell in cells))


if __name__ == "__main__":
    main()
