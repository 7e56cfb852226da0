"""Solving in stages: the imbalance first and proven, then the other goals inside the tolerance band.

Stage 1 minimizes the imbalance (on large households through
:mod:`~labor_opt.solver.decomposition`) and proves its bound. Stage 2 holds
the imbalance within the tolerance of that best and optimizes the goals of
:func:`~labor_opt.solver.goals.band_order` lexicographically in one solve,
starting from stage 1's solution.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from labor_opt.problem.canonical import canonical_order
from labor_opt.problem.data import Problem
from labor_opt.schedule.figures import in_order_of
from labor_opt.schedule.model import Schedule, Status
from labor_opt.solve_params import Deadline
from labor_opt.solver import large_households
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.decomposition import DECOMPOSE_FROM_OCCURRENCES, assignment_first
from labor_opt.solver.engine import (
    PORTFOLIO,
    SINGLE_TRY,
    Outcome,
    SearchStatus,
    Try,
    hint,
    minimize,
    search,
)
from labor_opt.solver.goals import Goal, band_order, in_solvable_groups, lexicographic
from labor_opt.solver.greedy import warm_start
from labor_opt.solver.interruption import StopRequested
from labor_opt.solver.model import ScheduleModel, TimeUp
from labor_opt.solver.runner import StageParams, StageRunner

# Building the model takes about 1-2 ms per occurrence here (measured: 0.9 s at
# 816 occurrences, 5.5 s at 3,046); with less time than that left, the greedy
# schedule is the answer, so that the time limit holds.
BUILD_SECONDS_PER_OCCURRENCE = 0.0015

# Telling which goal the tolerance went to is a figure that explains a result,
# not part of it: it gets at most this share of the time limit, and at most
# TOLERANCE_FIGURE_SECONDS left, so that a proven solve ends soon after its proof.
TOLERANCE_FIGURE_SHARE = 0.1
TOLERANCE_FIGURE_SECONDS = 2.0
# The figure's search is bounded in CP-SAT's deterministic time, so that whether it settles is the same every
# run; the seconds above only guard a very busy machine (about 1 unit is a second on an idle one).
TOLERANCE_FIGURE_DETERMINISTIC = 1.0  # each goal's yes-or-no question
TOLERANCE_FIGURE_WALL_SECONDS = 6.0

# On large households probing alone outlasts its budget (measured: 25 s on 800
# occurrences) and the first try's search is the one worth continuing.
PROBING_UP_TO_OCCURRENCES = 300


class ModelInfeasible(Exception):
    """CP-SAT proved that no schedule satisfies every rule."""


def solve_problem(
    problem: Problem, params: StageParams, *, began: float | None = None, model: ScheduleModel | None = None
) -> Schedule:
    """Solve ``problem`` in stages within ``params.time_limit`` seconds counted from ``began``.

    ``model``, a model of ``problem`` in canonical order (:func:`~labor_opt.problem.canonical.canonical_order`)
    built once for several solves (with ``params``' rules and baseline), is searched in a copy with
    ``params.forcing`` fixed, and left as it was; without it, one is built.

    Raises :class:`ModelInfeasible` when no schedule exists,
    :class:`~labor_opt.kernel.errors.NoScheduleInTimeError` when none was found in
    time and :class:`~labor_opt.kernel.errors.SearchInterrupted` when ``params.stop`` was requested before any.
    """
    reordering = canonical_order(problem)  # the same speed and schedule however the file lists things
    forcing = reordering.forcing(params.forcing) if params.forcing is not None else None
    # A shared model is built of the canonical problem (see explain); one of another order is not used.
    shared = model if model is not None and model.problem == reordering.problem else None
    solved = _solve_in_stages(reordering.problem, replace(params, forcing=forcing), began, shared)
    return in_order_of(problem, solved)


def _solve_in_stages(
    problem: Problem, params: StageParams, began: float | None, shared: ScheduleModel | None
) -> Schedule:
    runner = StageRunner(problem, params, began)
    # The greedy start knows nothing of a forced alternative: it could stand in for one that was never met.
    greedy = warm_start(problem) if params.forcing is None else None
    if greedy is not None:
        runner.found_solution()
        if runner.remaining() < BUILD_SECONDS_PER_OCCURRENCE * len(problem.occurrences):
            return runner.fall_back(greedy, Outcome(SearchStatus.UNKNOWN), None)  # no time to build the model
    # Building is bounded too: past the limit the greedy schedule stands, or there is no schedule in time.
    try:
        built = _model(problem, params, runner.began + params.time_limit, shared)
    except StopRequested:  # Ctrl-C while building: keep the greedy schedule, if any
        return runner.fall_back(greedy, Outcome(SearchStatus.UNKNOWN, interrupted=True), None)
    except TimeUp:  # the time limit struck while building: the greedy schedule stands
        return runner.fall_back(greedy, Outcome(SearchStatus.UNKNOWN), None)
    if greedy is not None:
        built.hint_greedy(greedy)
    large = greedy is not None and len(problem.occurrences) >= DECOMPOSE_FROM_OCCURRENCES
    if large and greedy is not None:
        first = large_households.minimize_imbalance(built, runner, greedy)
    else:
        first = _minimize_imbalance(built, runner)
    if first.status is SearchStatus.INFEASIBLE:
        raise ModelInfeasible()
    if first.values is None:
        return runner.fall_back(greedy, first, built)
    runner.found_solution()  # no-op if one was noted; otherwise the decomposition's, noted when it returned
    runner.record_goals(1, [built.imbalance], first)
    if first.interrupted:
        runner.record(1, "imbalance", "INTERRUPTED")
        return runner.finish(built, first.values, Status.INTERRUPTED, first.bound)
    if large:
        return _refine_large(built, runner, first)
    if not first.proven:
        return runner.finish(built, first.values, Status.FEASIBLE, first.bound)
    return _refine_in_band(built, runner, first)


def _model(problem: Problem, params: StageParams, deadline: float, shared: ScheduleModel | None) -> ScheduleModel:
    """The model to search: ``shared`` copied, or one built now (past ``deadline``, :class:`TimeUp`); forced."""
    if shared is None:
        shared = ScheduleModel(
            problem, leave_out=params.leave_out, baseline=params.baseline, deadline=deadline, stop=params.stop
        )
        if params.forcing is None:  # built for this solve alone: nothing to keep unchanged
            return shared
    return shared.forced(params.forcing)


def _refine_large(built: ScheduleModel, runner: StageRunner, first: Outcome) -> Schedule:
    """Stage 2 on a large household, proven or not: the secondary goals get the time that is left."""
    assert first.objective is not None and first.values is not None
    floor = large_households.band_floor(built, first)
    goals = built.band_goals(band_order(built.problem, runner.params.baseline), floor)
    status = Status.OPTIMAL if first.proven and not goals else Status.FEASIBLE
    if not goals:
        return runner.finish(built, first.values, status, first.bound)
    second = large_households.refine(built, runner, first, goals)
    assert second.values is not None
    if second.interrupted:
        runner.record(2, "interrupted", "INTERRUPTED")
        return runner.finish(built, second.values, Status.INTERRUPTED, first.bound)
    return runner.finish(built, second.values, status, first.bound)


def _minimize_imbalance(built: ScheduleModel, runner: StageRunner) -> Outcome:
    """Stage 1: the least imbalance, proven when the time allows."""
    search_with = runner.params.search
    relaxed_bound = -math.inf
    if len(built.problem.occurrences) >= DECOMPOSE_FROM_OCCURRENCES:
        decomposed = assignment_first(built, runner.remaining() * 2 / 3, search_with)
        if decomposed.values is not None or decomposed.interrupted:
            return decomposed
        relaxed_bound = decomposed.bound
    outcome = minimize(
        built.model,
        built.imbalance.expression,
        seconds=runner.remaining(),
        search_with=search_with,
        tries=_tries(built.problem),
        on_solution=runner.found_solution,
    )
    if outcome.values is None or outcome.objective is None or relaxed_bound <= outcome.bound:
        return outcome
    proven = relaxed_bound >= outcome.objective - 1e-6 and not outcome.interrupted  # the relaxation proves it
    status = SearchStatus.OPTIMAL if proven else outcome.status
    return Outcome(status, outcome.values, outcome.objective, relaxed_bound, outcome.seconds, outcome.interrupted)


def _refine_in_band(built: ScheduleModel, runner: StageRunner, first: Outcome) -> Schedule:
    """Stage 2: inside the tolerance band, the other goals lexicographically, from stage 1's solution."""
    assert first.values is not None and first.objective is not None
    imbalance = built.imbalance
    floor = large_households.band_floor(built, first)
    goals = built.band_goals(band_order(built.problem, runner.params.baseline), floor)
    if not goals:
        return runner.finish(built, first.values, Status.OPTIMAL, first.bound)
    built.model.add(imbalance.expression <= first.objective + imbalance.tolerance)
    band = built.model.clone()  # before the goals are held: to measure what the tolerance bought
    second = _minimize_in_groups(built.model, goals, first.values, runner, record=True)
    if second.interrupted:
        runner.record(2, "interrupted", "INTERRUPTED")
        return runner.finish(built, second.values or first.values, Status.INTERRUPTED, first.bound)
    if second.values is None:  # time ran out before the band was explored: stage 1's schedule stands
        return runner.finish(built, first.values, Status.FEASIBLE, first.bound)
    status = Status.OPTIMAL if second.proven else Status.FEASIBLE
    used_by = _tolerance_used_by(band, built, runner, first, second, goals)
    return runner.finish(built, second.values, status, first.bound, used_by)


def _minimize_in_groups(
    model: cp_model.CpModel,
    goals: list[Goal],
    start: Sequence[int],
    runner: StageRunner,
    record: bool,
    within: Deadline | None = None,
    tries: Sequence[Try] | None = None,
) -> Outcome:
    """The goals lexicographically, one solvable group after another, each held at its optimum before the next.

    Returns the last group's outcome (its values hold every group's), proven
    only if every group was; without values when the first group found none.
    ``within`` bounds them more tightly than the solve's own time limit.
    """
    values: Sequence[int] = start
    proven, outcome = True, Outcome(SearchStatus.UNKNOWN)
    for position, group in enumerate(in_solvable_groups(goals)):
        hint(model, values)
        objective = lexicographic(group)
        outcome = minimize(
            model,
            objective,
            seconds=runner.remaining() if within is None else max(within.remaining(), 0.01),
            search_with=runner.params.search,
            tries=_tries(runner.problem) if tries is None else tries,
        )
        if outcome.values is None or outcome.objective is None:
            if position == 0:
                return outcome
            return Outcome(SearchStatus.FEASIBLE, tuple(values), interrupted=outcome.interrupted)
        if record:
            runner.record_goals(2, group, outcome)
        values, proven = outcome.values, proven and outcome.proven
        if outcome.interrupted:
            break
        model.add(objective <= outcome.objective)
    status = SearchStatus.OPTIMAL if proven and not outcome.interrupted else SearchStatus.FEASIBLE
    return Outcome(status, tuple(values), outcome.objective, outcome.bound, outcome.seconds, outcome.interrupted)


def _tolerance_used_by(
    band: cp_model.CpModel,
    built: ScheduleModel,
    runner: StageRunner,
    first: Outcome,
    second: Outcome,
    goals: list[Goal],
) -> str | None:
    """Which goal the imbalance above the least possible went to, measured rather than guessed.

    With the imbalance held at its least, each of the band's goals in turn
    is asked whether it can be as good as the plan has it (the goals before
    it held so): the first that cannot is the one the tolerance bought.
    ``None`` when the imbalance is at its least; ``"band"`` when its own
    small budget (see :data:`TOLERANCE_FIGURE_SHARE`) could not tell.
    """
    assert first.values is not None and second.values is not None and first.objective is not None
    imbalance = built.imbalance
    if imbalance.value(second.values) <= first.objective:
        return None
    seconds = min(runner.params.time_limit * TOLERANCE_FIGURE_SHARE, TOLERANCE_FIGURE_SECONDS)
    if runner.deadline().remaining() < seconds:  # too little time left to settle it the same way every run
        return "band"
    budget = runner.deadline().budget(seconds=TOLERANCE_FIGURE_WALL_SECONDS)
    if budget.expired():
        return "band"
    band.add(imbalance.expression <= first.objective)
    band.clear_objective()  # type: ignore[no-untyped-call]
    hint(band, first.values)
    # Goal by goal, in their order: can the least imbalance have it as good as the plan has? The first that
    # cannot is what the tolerance bought (a yes or no settles sooner than an optimum, the same answer).
    for goal in (goal for goal in goals if goal.expression is not imbalance.expression):
        band.add(goal.expression <= goal.value(second.values))
        settled = search(
            band,
            max(budget.remaining(), 0.01),
            runner.params.search,
            deterministic_limit=TOLERANCE_FIGURE_DETERMINISTIC,
        ).status
        if settled is SearchStatus.INFEASIBLE:
            return "leximin" if goal.name.startswith("leximin_") else goal.name  # one name for the whole leximin
        if settled not in (SearchStatus.OPTIMAL, SearchStatus.FEASIBLE):
            return "band"
    return "band"


def _tries(problem: Problem) -> tuple[Try, ...]:
    return PORTFOLIO if len(problem.occurrences) <= PROBING_UP_TO_OCCURRENCES else SINGLE_TRY
