"""Comparing what-ifs: the base and every scenario solved within one time limit, each against the base."""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from labor_opt.analysis.comparison import Comparison, ScenarioFailure, compare_schedules
from labor_opt.analysis.solving import half_time_base, solve, solve_settings
from labor_opt.household.document import scenario_household
from labor_opt.household.models import Household
from labor_opt.kernel.errors import (
    InfeasibleError,
    NoScheduleInTimeError,
    within_the_time_limit,
)
from labor_opt.schedule.model import Schedule
from labor_opt.solve_params import SolveParams, StopToken, TimeShares
from labor_opt.solver.interruption import ctrl_c_stops_the_search


def compare(
    household: Household,
    scenarios: Iterable[str] | None = None,
    *,
    stable: bool | None = None,
    baseline: Schedule | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    jobs: int | None = None,
    portfolio: bool | None = None,
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> Comparison:
    """Solve the base and each scenario, and compare them member by member.

    ``scenarios`` defaults to every scenario of the household. ``baseline``
    (the schedule the household follows now) stands in for the base instead
    of solving it; ``stable`` re-plans each scenario keeping as many of the
    base's assignments as the tolerance band allows. Up to ``jobs`` solves
    run at once (default: one per core); each is deterministic, so the
    result does not depend on it (unless ``portfolio``: see :func:`solve`).
    A scenario with no schedule is reported in ``failures`` with its
    reasons; the others are compared as usual. ``params`` and ``stop`` are
    as for :func:`solve`: one token stops every solve of the comparison.

    >>> import labor_opt
    >>> comparison = compare(labor_opt.load("examples/newborn.yaml"), ["baby_arrives"])
    >>> baby = comparison.scenario("baby_arrives")
    >>> baby.members["noor"].paid_and_commute
    -1440
    """
    params, stop = solve_settings(params, stop, household, time_limit, workers, stable, baseline, portfolio)
    stable, baseline = params.stable, params.baseline
    names = list(household.scenarios) if scenarios is None else list(scenarios)
    in_order = _largest_first(household, names)
    with ctrl_c_stops_the_search(stop):
        base, solving = _side_by_side(household, in_order, params, stop, jobs or os.cpu_count() or 1)
    descriptions = {name: household.scenarios[name].description for name in names}
    outcomes = {name: _outcome(name, descriptions[name], solving[name]) for name in names}
    return Comparison(
        household=household.name,
        base=base,
        base_source="solved" if baseline is None else "baseline",
        scenarios=tuple(
            compare_schedules(name, descriptions[name], base, outcome, stable=stable)
            for name, outcome in outcomes.items()
            if isinstance(outcome, Schedule)
        ),
        failures=tuple(outcome for outcome in outcomes.values() if isinstance(outcome, ScenarioFailure)),
    )


def _side_by_side(
    household: Household, in_order: list[str], params: SolveParams, stop: StopToken, at_once: int
) -> tuple[Schedule, dict[str, Future[Schedule]]]:
    """The base (the baseline given, or solved) and each scenario's solve, ``at_once`` at a time, in one time limit.

    With ``stable`` the base comes first, in half of the time; each other
    solve, as it starts, gets its share of what is left (:class:`TimeShares`).
    """
    shared, deadline = replace(params, stable=False, baseline=None), params.deadline(household)
    solving_base = params.baseline is None and not params.stable
    base = params.baseline
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        if base is None and params.stable:
            base = half_time_base(household, shared, stop)
        shares = TimeShares(deadline, len(in_order) + solving_base, at_once)

        def solve_one(name: str | None = None, keep_to: Schedule | None = None) -> Schedule:
            # CP-SAT releases the interpreter while it searches, so solves overlap.
            with within_the_time_limit(deadline.limit):
                return solve(household, name, params=shared.within(shares.next()), baseline=keep_to, stop=stop)

        base_solve = pool.submit(solve_one) if solving_base else None
        solving = {name: pool.submit(solve_one, name, base if params.stable else None) for name in in_order}
        if base_solve is not None:
            base = base_solve.result()
    assert base is not None
    return base, solving


def _outcome(name: str, description: str | None, solving: Future[Schedule]) -> Schedule | ScenarioFailure:
    """A scenario's schedule, or why it has none (the base's own failure is raised instead)."""
    try:
        return solving.result()
    except InfeasibleError as error:
        return ScenarioFailure(name, description, "infeasible", error.reasons, int(error.exit_code))
    except NoScheduleInTimeError as error:
        return ScenarioFailure(name, description, "timeout", (str(error),), int(error.exit_code))


def _largest_first(household: Household, names: list[str]) -> list[str]:
    """The scenarios, largest first, so that the cores finish together; an unknown name is an input error now."""
    sizes = {name: _occurrence_count(scenario_household(household, name)) for name in names}
    return sorted(names, key=lambda name: -sizes[name])


def _occurrence_count(household: Household) -> int:
    return sum(task.repeat.count * task.people for task in household.tasks)
