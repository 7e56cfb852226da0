"""Measuring helpers shared by the benchmark scripts."""

from __future__ import annotations

import hashlib
import json
import resource
import time
from pathlib import Path
from typing import Any

# The short limit at which "the time limit is held" is measured, model building included.
HELD_LIMIT_S = 2.0


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB.

    /proc's high-water mark starts afresh at exec; ru_maxrss would include the
    parent's memory from before the fork.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def schedule_digest(schedule: Any) -> str:
    """A short fingerprint of who does what when: equal digests, the same schedule."""
    rows = [(a.task, a.occurrence, a.day, a.start, list(a.members)) for a in schedule.assignments]
    text = json.dumps([rows, sorted(schedule.owners.items())])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def measure_solve(
    path: str, scenario: str | None = None, time_limit: float | None = None, held: bool = False
) -> dict[str, Any]:
    """Load, solve and check one household in this process; its figures as a benchmark row.

    A solve that finds no schedule in time (an earlier version may) is a
    row too, its figures empty. With ``held``, the household is solved once
    more with a limit of :data:`HELD_LIMIT_S` and the seconds that call took
    (building the model included) are added: how well the time limit is kept.
    """
    import labor_opt

    began = time.perf_counter()
    household = labor_opt.load(path)
    row: dict[str, Any] = dict.fromkeys(
        ("occurrences", "first_s", "proven_s", "solver_s", "imbalance", "lower_bound", "tolerance", "most_nights")
    )
    row.update(status="no schedule", digest="")
    try:
        schedule = labor_opt.solve(household, scenario=scenario, time_limit=time_limit)
    except labor_opt.NoScheduleInTimeError:
        schedule = None
    row["total_s"] = time.perf_counter() - began
    if schedule is not None:
        assert labor_opt.check(household, schedule).valid
        stage = schedule.solver.stages[0]
        row.update(
            occurrences=len(schedule.assignments),
            status=schedule.status,
            first_s=schedule.solver.first_solution_seconds,
            proven_s=stage.finished_at if stage.status == "OPTIMAL" else None,
            solver_s=schedule.solver.seconds,
            imbalance=schedule.fairness.imbalance,
            lower_bound=schedule.fairness.lower_bound,
            tolerance=schedule.fairness.tolerance,
            most_nights=max(member.disturbed_nights for member in schedule.members.values()),
            digest=schedule_digest(schedule),
        )
    row["peak_mb"] = peak_memory_mb()  # before the short solve, which builds the model again
    if held:
        began = time.perf_counter()
        try:
            short = labor_opt.solve(household, scenario=scenario, time_limit=HELD_LIMIT_S)
        except labor_opt.NoScheduleInTimeError:
            short = None  # still timed: the limit is about when the answer comes, even "none in time"
        row["held_s"] = time.perf_counter() - began  # the solve alone, not the check below
        assert short is None or labor_opt.check(household, short).valid
    return row
