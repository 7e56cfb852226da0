"""The public API: load a household, solve it, check a schedule.

The command line uses nothing else, so anything it does can be done here.

>>> import labor_opt
>>> household = labor_opt.load("examples/dual_earners_toddler.yaml")
>>> schedule = labor_opt.solve(household)
>>> labor_opt.check(household, schedule).valid
True
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from labor_opt.analysis.audits import audit
from labor_opt.analysis.claims import verify_claims
from labor_opt.analysis.comparing import compare
from labor_opt.analysis.explanations import explain
from labor_opt.analysis.solving import solve
from labor_opt.checker import CheckReport, check_schedule, check_split
from labor_opt.household.document import scenario_household
from labor_opt.household.edits import with_scenario_file
from labor_opt.household.models import Household
from labor_opt.household.reading import read_household
from labor_opt.kernel.errors import (
    InputError,
    Issue,
)
from labor_opt.problem.build import nights_in_reach
from labor_opt.schedule.model import Schedule
from labor_opt.schedule.reading import completed_schedule, read_schedule_file

__all__ = [
    "audit",
    "check",
    "compare",
    "explain",
    "load",
    "load_scenario_file",
    "load_schedule",
    "read_schedule",
    "solve",
    "verify_claims",
]


def load(path: str | Path) -> Household:
    """Read and validate a household file, and each of its scenarios once.

    Raises :class:`~labor_opt.kernel.errors.InputError` listing every problem in the
    file, each with its line and what to write instead. Warnings (values
    rounded to the grid) are on ``household.warnings``; the file as read
    (every scenario's household, the data with its lines) is
    ``household.document``, which :func:`solve` and :func:`compare` take
    each scenario from.

    >>> household = load("examples/shared_house.yaml")
    >>> len(household.members)
    6
    """
    return read_household(path)


def load_scenario_file(household: Household, path: str | Path) -> tuple[Household, str]:
    """Add the what-if kept in ``path`` to ``household``; returns it and the scenario's name.

    The file holds the keys of one ``scenarios:`` entry; it is named after
    the file (``baby.yaml`` -> ``baby``).

    >>> household, name = load_scenario_file(load("examples/newborn.yaml"), "examples/scenarios/twins.yaml")
    >>> solve(household, scenario=name).scenario
    'twins'
    """
    return with_scenario_file(household, path)


def read_schedule(path: str | Path) -> dict[str, Any]:
    """A schedule file's data (JSON, or YAML by its extension), as :func:`check` takes it.

    Raises :class:`~labor_opt.kernel.errors.InputError` when the file cannot be
    read or holds no schedule.
    """
    return read_schedule_file(path)


def load_schedule(household: Household, path: str | Path) -> tuple[Schedule, CheckReport]:
    """Read a schedule file (JSON or YAML, as ``solve -o`` writes it) of ``household``.

    The file may hold only ``assignments`` and ``owners`` (a split written
    by hand): every figure is recomputed from the household by the checker,
    whose report of the rules the schedule breaks comes back too: a
    schedule a household follows may break a rule, and that is for the
    caller to show. What the file claims and labor-opt has not verified is
    not carried over: the schedule is ``feasible`` with a lower bound of 0
    (see :func:`~labor_opt.schedule.reading.completed_schedule`); its
    ``concerns`` say who is woken on every night they can be only when it
    keeps to the rules (else only of seven nights of seven). Raises
    :class:`~labor_opt.kernel.errors.InputError` when the file is not a schedule.
    """
    data = read_schedule_file(path)
    name = data.get("scenario")
    target = scenario_household(household, name) if isinstance(name, str) else household
    report = check_split(target, data)
    try:
        schedule = Schedule.from_dict(completed_schedule(target, data, report.members, report.imbalance))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputError(
            [
                Issue(
                    f"the schedule file lacks or garbles {error}",
                    "give a file labor-opt solve -o wrote",
                    file=str(path),
                )
            ]
        ) from None
    if report.rules_hold:  # woken on every night they can be is said of a split that keeps to who and when
        schedule = replace(schedule, nights_in_reach=nights_in_reach(target))
    return schedule, report


def check(household: Household, schedule: Schedule | dict[str, Any]) -> CheckReport:
    """Check a schedule against the spec's validity rules and recompute its figures.

    ``schedule`` is a :class:`Schedule` or its JSON shape (as read from a
    file). A schedule of a scenario is checked against that scenario.
    ``report.valid`` is the strict verdict (every rule holds and every
    figure in the file is right: labor-opt's own output); ``report.rules_hold``
    is ``check``'s, with ``report.problems`` apart from ``report.stale_figures``
    (a hand edit's out-of-date totals, a hand-written split's missing ones).

    >>> household = load("examples/dual_earners_toddler.yaml")
    >>> report = check(household, {"assignments": [], "owners": {}})
    >>> report.valid
    False
    """
    data = schedule.to_dict() if isinstance(schedule, Schedule) else schedule
    name = data.get("scenario") if isinstance(data, dict) else None
    if isinstance(name, str):  # anything else is reported by the checker, not raised
        household = scenario_household(household, name)
    return check_schedule(household, data)
