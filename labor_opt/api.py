"""The public API: load a household, solve it, check a schedule.

The command line uses nothing else, so anything it does can be done here.

>>> import labor_opt
>>> household = labor_opt.load("examples/dual_earners_toddler.yaml")
>>> schedule = labor_opt.solve(household)
>>> labor_opt.check(household, schedule).valid
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from labor_opt.checker import CheckReport, check_schedule, check_split
from labor_opt.comparison import Comparison, ScenarioFailure, baseline_of, compare_schedules, stability_of
from labor_opt.errors import (
    InfeasibleError,
    InputError,
    Issue,
    NoScheduleInTimeError,
    SearchInterrupted,
    within_the_time_limit,
)
from labor_opt.household.document import scenario_household
from labor_opt.household.edits import with_scenario_file
from labor_opt.household.models import Household
from labor_opt.household.reading import read_household
from labor_opt.problem.build import build_problem
from labor_opt.problem.data import Problem
from labor_opt.safe_text import shown
from labor_opt.schedule import Schedule, Status
from labor_opt.schedule_file import completed_schedule, read_schedule_file
from labor_opt.solve_params import Deadline, SolveParams, StopRequested, StopToken, TimeShares, settled
from labor_opt.solver.defaults import MAX_WORKERS
from labor_opt.solver.interruption import ctrl_c_stops_the_search


def load(path: str | Path) -> Household:
    """Read and validate a household file, and each of its scenarios once.

    Raises :class:`~labor_opt.errors.InputError` listing every problem in the
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


def solve(
    household: Household,
    scenario: str | None = None,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    stable: bool | None = None,
    baseline: Schedule | None = None,
    portfolio: bool | None = None,
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> Schedule:
    """The fairest valid weekly schedule for ``household`` (or one of its scenarios).

    ``time_limit`` (seconds, counted from this call: reading the household
    into a model counts) overrides ``settings.time_limit``. With ``stable``,
    a scenario is re-planned keeping to the base schedule, which is solved
    first; with ``baseline`` (the schedule the household follows now),
    keeping to that one instead. Among the schedules within the tolerance
    band of the fairest, the one that changes the fewest occurrences'
    members (then their times, then mental-load owners) is chosen; how many
    moved is in ``schedule.stability``. With ``portfolio``, ``workers``
    threads run CP-SAT's parallel portfolio: often a fairer schedule on a
    large household within the same time, but not the same one every run.
    ``params`` gives these settings in one :class:`~labor_opt.SolveParams`
    (a keyword given here wins over its field). ``stop``, a
    :class:`~labor_opt.StopToken`, stops this solve from another thread
    (Ctrl-C in the main thread requests it too): the best schedule so far
    comes back ``interrupted``, or :class:`~labor_opt.errors.SearchInterrupted`
    when there was none.

    Raises :class:`~labor_opt.errors.InfeasibleError` (with reasons) when no
    schedule exists, :class:`~labor_opt.errors.NoScheduleInTimeError` when
    none was found in time. The same household gives the same schedule every
    run.

    >>> schedule = solve(load("examples/dual_earners_toddler.yaml"), scenario="new_job")
    >>> schedule.scenario, schedule.status
    ('new_job', <Status.OPTIMAL: 'optimal'>)
    """
    params, stop = _settings(params, stop, household, time_limit, workers, stable, baseline, portfolio)
    baseline = params.baseline
    if (params.stable or baseline is not None) and scenario is None:
        message = "stable re-planning (--stable, --baseline) keeps a scenario close to the base, and none is named"
        raise InputError([Issue(message, "name one with --scenario or --scenario-file", file=household.source)])
    if params.stable and baseline is None:  # one time limit for both: the base gets half, the scenario the rest
        baseline = _half_time_base(household, replace(params, stable=False), stop)
    target = household if scenario is None else scenario_household(household, scenario)
    with ctrl_c_stops_the_search(stop):  # from here a Ctrl-C asks the search to stop: it is never an exception
        schedule = _solved(target, params, baseline, stop)
    if baseline is None:
        return schedule
    return replace(schedule, stability=stability_of(baseline, schedule))


def _half_time_base(household: Household, params: SolveParams, stop: StopToken) -> Schedule:
    """The base schedule that stable re-planning keeps to, solved in half of the time left."""
    deadline = params.deadline(household)
    with within_the_time_limit(deadline.limit):
        return solve(household, params=params.within(deadline.budget(fraction=0.5)), stop=stop)


def _settings(
    params: SolveParams | None,
    stop: StopToken | None,
    household: Household,
    time_limit: float | None,
    workers: int | None,
    stable: bool | None,
    baseline: Schedule | None,
    portfolio: bool | None,
) -> tuple[SolveParams, StopToken]:
    """The settings of a call (its keywords over ``params``, its clock started), checked, and its stop token."""
    params = settled(
        params, time_limit=time_limit, workers=workers, stable=stable, baseline=baseline, portfolio=portfolio
    ).counting()
    _check_workers(params.workers, household)
    return params, stop if stop is not None else StopToken()


def _check_workers(workers: int, household: Household) -> None:
    """Solver threads from 1 to :data:`MAX_WORKERS`: CP-SAT refuses more than it can start, with no clear word."""
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS:
        message = f"workers must be a whole number from 1 to {MAX_WORKERS}, not {shown(workers)}"
        raise InputError([Issue(message, f"pass from 1 to {MAX_WORKERS} solver threads", file=household.source)])


def _solved(household: Household, params: SolveParams, baseline: Schedule | None, stop: StopToken) -> Schedule:
    """Solve a household (scenario applied) within its time limit, counted from now."""
    # The solver's libraries load only when something is solved (reading a household does not need them).
    from labor_opt.solver.runner import StageParams
    from labor_opt.solver.solve import ModelInfeasible, solve_problem

    deadline = params.deadline(household)
    problem = build_problem(household)
    stage_params = StageParams(
        deadline.limit,
        params.workers,
        baseline_of(baseline) if baseline is not None else None,
        portfolio=params.portfolio,
        stop=stop,
    )
    try:
        schedule = solve_problem(problem, stage_params, began=deadline.started)
    except ModelInfeasible:
        raise _infeasible(household, problem, deadline, stop) from None
    return _passed_by_the_checker(household, schedule, deadline.limit)


def _passed_by_the_checker(household: Household, schedule: Schedule, time_limit: float) -> Schedule:
    """``schedule``, only if the checker finds that it keeps every rule: no schedule that breaks one is returned.

    A schedule cut short (the greedy start when the time limit struck or
    Ctrl-C came before CP-SAT had one) may break a rule the greedy could not
    keep: then there is no valid schedule to give, and the error says why.
    """
    report = check_schedule(household, schedule.to_dict())
    if report.valid:
        return schedule
    if schedule.status is Status.INTERRUPTED:
        raise SearchInterrupted()
    if schedule.status is Status.FEASIBLE:
        raise NoScheduleInTimeError(time_limit)
    # CP-SAT proved this schedule best under rules the checker says it breaks: a bug, never the household's fault.
    raise RuntimeError("the solver's schedule breaks a rule: " + "; ".join(str(v) for v in report.violations[:3]))


def _infeasible(
    household: Household, problem: Problem, deadline: Deadline, stop: StopToken
) -> InfeasibleError | SearchInterrupted:
    """Why no schedule exists, and what would make one exist (each change tried by solving), by ``deadline``.

    The diagnosis gets half of the time left, the changes the rest (each
    change's solve at most 2 s of it); what the time limit cut short is said.
    A stop (Ctrl-C) while finding out gives :class:`~labor_opt.errors.SearchInterrupted`:
    a diagnosis cut short could name the wrong cause, or too few changes.
    """
    from labor_opt.relaxations import find_relaxations
    from labor_opt.solver.infeasible import explain_infeasibility, has_schedule

    try:
        conflicts = explain_infeasibility(household, problem, deadline.budget(fraction=0.5), stop)
        tasks = {task for conflict in conflicts for task in conflict.tasks}
        members = {member for conflict in conflicts for member in conflict.capped}
        members |= {m for task in tasks for m in problem.tasks[task].allowed}
        relaxations = find_relaxations(
            household,
            tasks,
            members,
            deadline.remaining(),
            lambda relaxed: has_schedule(relaxed, deadline.budget(seconds=2.0).limit, stop),
            stop,
        )
    except StopRequested:  # Ctrl-C while a model was being built
        return SearchInterrupted()
    if stop.requested():
        return SearchInterrupted()
    cut_short = None
    if deadline.expired():
        cut_short = (
            f"stopped looking for changes after {deadline.elapsed():.1f}s: the time limit; "
            "a longer --time-limit may find more"
        )
    return InfeasibleError([conflict.text for conflict in conflicts], relaxations, cut_short)


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

    >>> comparison = compare(load("examples/newborn.yaml"), ["baby_arrives"])
    >>> baby = comparison.scenario("baby_arrives")
    >>> baby.members["noor"].paid_and_commute
    -1440
    """
    params, stop = _settings(params, stop, household, time_limit, workers, stable, baseline, portfolio)
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
            base = _half_time_base(household, shared, stop)
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

    Raises :class:`~labor_opt.errors.InputError` when the file cannot be
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
    (see :func:`~labor_opt.schedule_file.completed_schedule`). Raises :class:`~labor_opt.errors.InputError` when the
    file is not a schedule.
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
    return schedule, report


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
    name = data.get("scenario") if isinstance(data, dict) else None
    if isinstance(name, str):  # anything else is reported by the checker, not raised
        household = scenario_household(household, name)
    return check_schedule(household, data)
