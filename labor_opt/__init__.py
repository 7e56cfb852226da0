"""labor-opt: divide household work fairly.

>>> import labor_opt
>>> schedule = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml"))
>>> schedule.fairness.imbalance <= schedule.fairness.lower_bound + schedule.fairness.tolerance
True
"""

from labor_opt.api import check, compare, load, load_scenario_file, load_schedule, read_schedule, solve
from labor_opt.batch import BatchReport, run_batch
from labor_opt.checker import CheckReport, Violation
from labor_opt.comparison import Comparison, MemberDelta, Reassignment, ScenarioComparison, ScenarioFailure
from labor_opt.errors import (
    ExitCode,
    InfeasibleError,
    InputError,
    Issue,
    LaborOptError,
    NoScheduleInTimeError,
    SearchInterrupted,
)
from labor_opt.household.models import Household
from labor_opt.household.reading import household_from_data, parse_household
from labor_opt.schedule import Assignment, MemberSummary, Schedule, Stability, Status

__all__ = [
    "Assignment",
    "BatchReport",
    "run_batch",
    "CheckReport",
    "Comparison",
    "MemberDelta",
    "Reassignment",
    "ScenarioComparison",
    "ScenarioFailure",
    "Stability",
    "compare",
    "load_scenario_file",
    "load_schedule",
    "read_schedule",
    "Status",
    "ExitCode",
    "Household",
    "InfeasibleError",
    "InputError",
    "Issue",
    "LaborOptError",
    "MemberSummary",
    "NoScheduleInTimeError",
    "Schedule",
    "SearchInterrupted",
    "Violation",
    "check",
    "household_from_data",
    "load",
    "parse_household",
    "solve",
]
__version__ = "0.1.0"
