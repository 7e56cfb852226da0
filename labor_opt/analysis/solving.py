"""Solving one household (or one of its scenarios): the fairest valid schedule, refereed, or why there is none.

The API (:func:`labor_opt.solve`) is this function; explain, audit and check --verify solve through it too.
"""

from __future__ import annotations

from dataclasses import replace

from labor_opt.analysis.comparison import baseline_of, stability_of
from labor_opt.checker import check_schedule
from labor_opt.household.document import scenario_household
from labor_opt.household.models import Household
from labor_opt.kernel.errors import (
    InfeasibleError,
    InputError,
    Issue,
    NoScheduleInTimeError,
    SearchInterrupted,
    within_the_time_limit,
)
from labor_opt.kernel.safe_text import shown
from labor_opt.problem.build import build_problem
from labor_opt.problem.data import Problem
from labor_opt.schedule.model import Schedule, Status
from labor_opt.solve_params import MAX_WORKERS, Deadline, SolveParams, StopRequested, StopToken, settled
from labor_opt.solver.interruption import ctrl_c_stops_the_search


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
    comes back ``interrupted``, or :class:`~labor_opt.kernel.errors.SearchInterrupted`
    when there was none.

    Raises :class:`~labor_opt.kernel.errors.InfeasibleError` (with reasons) when no
    schedule exists, :class:`~labor_opt.kernel.errors.NoScheduleInTimeError` when
    none was found in time. The same household gives the same schedule every
    run.

    >>> import labor_opt
    >>> schedule = solve(labor_opt.load("examples/dual_earners_toddler.yaml"), scenario="new_job")
    >>> schedule.scenario, schedule.status
    ('new_job', <Status.OPTIMAL: 'optimal'>)
    """
    params, stop = solve_settings(params, stop, household, time_limit, workers, stable, baseline, portfolio)
    baseline = params.baseline
    if (params.stable or baseline is not None) and scenario is None:
        message = "stable re-planning (--stable, --baseline) keeps a scenario close to the base, and none is named"
        raise InputError([Issue(message, "name one with --scenario or --scenario-file", file=household.source)])
    target = household if scenario is None else scenario_household(household, scenario)  # a typo: before solving
    if params.stable and baseline is None:  # one time limit for both: the base gets half, the scenario the rest
        baseline = half_time_base(household, replace(params, stable=False), stop)
    with ctrl_c_stops_the_search(stop):  # from here a Ctrl-C asks the search to stop: it is never an exception
        schedule = _solved(target, params, baseline, stop)
    if baseline is None:
        return schedule
    return replace(schedule, stability=stability_of(baseline, schedule))


def half_time_base(household: Household, params: SolveParams, stop: StopToken) -> Schedule:
    """The base schedule that stable re-planning keeps to, solved in half of the time left."""
    deadline = params.deadline(household)
    with within_the_time_limit(deadline.limit):
        return solve(household, params=params.within(deadline.budget(fraction=0.5)), stop=stop)


def solve_settings(
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
    A stop (Ctrl-C) while finding out gives :class:`~labor_opt.kernel.errors.SearchInterrupted`:
    a diagnosis cut short could name the wrong cause, or too few changes.
    """
    from labor_opt.analysis.infeasibility import explain_infeasibility, has_schedule
    from labor_opt.analysis.relaxations import find_relaxations

    try:
        conflicts = explain_infeasibility(household, problem, deadline.budget(fraction=0.5), stop)
        tasks = {task for conflict in conflicts for task in conflict.tasks}
        members = {member for conflict in conflicts for member in conflict.capped}
        members |= {m for task in tasks for m in problem.tasks[task].allowed}
        relaxations, unsettled = find_relaxations(
            household,
            tasks,
            members,
            deadline,
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
    elif unsettled:
        kinds = "kind of change was" if unsettled == 1 else "kinds of change were"
        cut_short = f"{unsettled} {kinds} not settled in the time each had; a longer --time-limit may find more"
    return InfeasibleError([conflict.text for conflict in conflicts], relaxations, cut_short)
