"""The public API: load a household, solve it, check a schedule.

The command line uses nothing else, so anything it does can be done here.

>>> import labor_opt
>>> household = labor_opt.load("examples/dual_earners_toddler.yaml")
>>> schedule = labor_opt.solve(household)
>>> labor_opt.check(household, schedule).valid
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labor_opt.checker import CheckReport, check_schedule
from labor_opt.errors import InfeasibleError
from labor_opt.household.models import Household
from labor_opt.household.reading import read_household, scenario_household
from labor_opt.problem.build import build_problem
from labor_opt.schedule import Schedule
from labor_opt.solver.infeasible import explain_infeasibility
from labor_opt.solver.solve import DEFAULT_WORKERS, ModelInfeasible, solve_problem


def load(path: str | Path) -> Household:
    """Read and validate a household file.

    Raises :class:`~labor_opt.errors.InputError` listing every problem in the
    file, each with its line and what to write instead. Warnings (values
    rounded to the grid) are on ``household.warnings``.

    >>> household = load("examples/shared_house.yaml")
    >>> len(household.members)
    6
    """
    return read_household(path)


def solve(
    household: Household,
    scenario: str | None = None,
    time_limit: float | None = None,
    workers: int = DEFAULT_WORKERS,
) -> Schedule:
    """The fairest valid weekly schedule for ``household`` (or one of its scenarios).

    ``time_limit`` (seconds) overrides ``settings.time_limit``. Raises
    :class:`~labor_opt.errors.InfeasibleError` (with reasons) when no schedule
    exists, :class:`~labor_opt.errors.NoScheduleInTimeError` when none was
    found in time. The same household gives the same schedule every run.

    >>> schedule = solve(load("examples/dual_earners_toddler.yaml"), scenario="new_job")
    >>> schedule.scenario, schedule.status
    ('new_job', 'optimal')
    """
    if scenario is not None:
        household = scenario_household(household, scenario)
    limit = time_limit if time_limit is not None else household.settings.time_limit
    problem = build_problem(household)
    try:
        return solve_problem(problem, time_limit=limit, workers=workers)
    except ModelInfeasible:
        raise InfeasibleError(explain_infeasibility(household, problem, limit)) from None


def check(household: Household, schedule: Schedule | dict[str, Any]) -> CheckReport:
    """Check a schedule against the spec's validity rules and recompute its figures.

    ``schedule`` is a :class:`Schedule` or its JSON shape (as read from a
    file). A schedule of a scenario is checked against that scenario.

    >>> household = load("examples/dual_earners_toddler.yaml")
    >>> report = check(household, {"assignments": [], "owners": {}})
    >>> report.valid
    False
    """
    data = schedule.to_dict() if isinstance(schedule, Schedule) else schedule
    name = data.get("scenario")
    if name is not None:
        household = scenario_household(household, name)
    return check_schedule(household, data)
