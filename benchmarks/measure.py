"""Measuring helpers shared by the benchmark scripts."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any


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


def measure_solve(path: str, scenario: str | None = None, time_limit: float | None = None) -> dict[str, Any]:
    """Load, solve and check one household in this process; its figures as a benchmark row."""
    import labor_opt

    began = time.perf_counter()
    household = labor_opt.load(path)
    schedule = labor_opt.solve(household, scenario=scenario, time_limit=time_limit)
    total = time.perf_counter() - began
    assert labor_opt.check(household, schedule).valid
    stage = schedule.solver.stages[0]
    return {
        "occurrences": len(schedule.assignments),
        "status": schedule.status,
        "first_s": schedule.solver.first_solution_seconds,
        "proven_s": stage.finished_at if stage.status == "OPTIMAL" else None,
        "solver_s": schedule.solver.seconds,
        "total_s": total,
        "imbalance": schedule.fairness.imbalance,
        "lower_bound": schedule.fairness.lower_bound,
        "peak_mb": peak_memory_mb(),
    }
