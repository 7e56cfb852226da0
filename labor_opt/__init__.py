"""labor-opt: divide household work fairly.

The public API is imported on first use, so that reading a household (or
a mistake in one) does not wait for the solver's libraries to load.

>>> import labor_opt
>>> schedule = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml"))
>>> schedule.fairness.imbalance <= schedule.fairness.lower_bound + schedule.fairness.tolerance
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from labor_opt.kernel.version import __version__ as __version__

# Each public name, and the module it lives in.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        ("check", "compare", "load", "load_scenario_file", "load_schedule", "read_schedule", "solve"), "labor_opt.api"
    ),
    **dict.fromkeys(("Audit", "Finding", "Move", "TodaySplit", "audit"), "labor_opt.analysis.audits"),
    **dict.fromkeys(("BatchReport", "run_batch"), "labor_opt.batch.running"),
    **dict.fromkeys(("CheckReport", "Violation"), "labor_opt.checker"),
    **dict.fromkeys(
        ("Comparison", "MemberDelta", "Reassignment", "ScenarioComparison", "ScenarioFailure"),
        "labor_opt.analysis.comparison",
    ),
    **dict.fromkeys(
        (
            "ExitCode",
            "InfeasibleError",
            "InputError",
            "Issue",
            "LaborOptError",
            "NoScheduleInTimeError",
            "SearchInterrupted",
        ),
        "labor_opt.kernel.errors",
    ),
    **dict.fromkeys(("Alternative", "Explanation", "Share"), "labor_opt.analysis.explanation_figures"),
    "explain": "labor_opt.analysis.explanations",
    "Household": "labor_opt.household.models",
    **dict.fromkeys(("household_from_data", "parse_household"), "labor_opt.household.reading"),
    "Relaxation": "labor_opt.analysis.relaxations",
    **dict.fromkeys(("Deadline", "SolveParams", "StopRequested", "StopToken"), "labor_opt.solve_params"),
    **dict.fromkeys(("Assignment", "MemberSummary", "Schedule", "Stability", "Status"), "labor_opt.schedule.model"),
}
__all__ = [
    "Alternative",
    "Assignment",
    "Audit",
    "BatchReport",
    "CheckReport",
    "Comparison",
    "Deadline",
    "ExitCode",
    "Explanation",
    "Finding",
    "Household",
    "InfeasibleError",
    "InputError",
    "Issue",
    "LaborOptError",
    "MemberDelta",
    "MemberSummary",
    "Move",
    "NoScheduleInTimeError",
    "Reassignment",
    "Relaxation",
    "ScenarioComparison",
    "ScenarioFailure",
    "Schedule",
    "SearchInterrupted",
    "Share",
    "SolveParams",
    "Stability",
    "Status",
    "StopRequested",
    "StopToken",
    "TodaySplit",
    "Violation",
    "audit",
    "check",
    "compare",
    "explain",
    "household_from_data",
    "load",
    "load_scenario_file",
    "load_schedule",
    "parse_household",
    "read_schedule",
    "run_batch",
    "solve",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'labor_opt' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from labor_opt.analysis.audits import Audit, Finding, Move, TodaySplit, audit
    from labor_opt.analysis.comparison import Comparison, MemberDelta, Reassignment, ScenarioComparison, ScenarioFailure
    from labor_opt.analysis.explanation_figures import Alternative, Explanation, Share
    from labor_opt.analysis.explanations import explain
    from labor_opt.analysis.relaxations import Relaxation
    from labor_opt.api import check, compare, load, load_scenario_file, load_schedule, read_schedule, solve
    from labor_opt.batch.running import BatchReport, run_batch
    from labor_opt.checker import CheckReport, Violation
    from labor_opt.household.models import Household
    from labor_opt.household.reading import household_from_data, parse_household
    from labor_opt.kernel.errors import (
        ExitCode,
        InfeasibleError,
        InputError,
        Issue,
        LaborOptError,
        NoScheduleInTimeError,
        SearchInterrupted,
    )
    from labor_opt.schedule.model import Assignment, MemberSummary, Schedule, Stability, Status
    from labor_opt.solve_params import Deadline, SolveParams, StopRequested, StopToken
