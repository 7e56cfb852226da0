"""Running CP-SAT in stages: imbalance, nights, preferences, then imbalance again.

Each stage fixes the previous stage's result as a constraint and starts from
its solution as a hint. The last stage re-minimizes the imbalance with the
secondary goals held, so the reported imbalance is a figure of the household
alone, not of the order in which the solver met its members. A fixed seed
and a deterministic search make the same file give the same schedule.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from labor_opt.errors import NoScheduleInTimeError, SearchInterrupted
from labor_opt.problem.data import Baseline, Problem
from labor_opt.schedule import (
    Placement,
    Schedule,
    SolverFacts,
    StageReport,
    build_schedule,
    round_minutes,
)
from labor_opt.solver.greedy import GreedySchedule, GreedyStuck, greedy_schedule
from labor_opt.solver.objective import (
    most_disturbed_nights,
    scaled_imbalance,
    total_preference,
)
from labor_opt.solver.rules import VALIDITY_RULES
from labor_opt.solver.stability import moved_occurrences
from labor_opt.solver.variables import Variables, create_variables

DEFAULT_WORKERS = 1  # measured: one worker proves the examples fastest, and is deterministic
RANDOM_SEED = 20261123


class ModelInfeasible(Exception):
    """CP-SAT proved that no schedule satisfies every rule."""


@dataclass
class _Model:
    model: cp_model.CpModel
    variables: Variables
    imbalance: cp_model.LinearExpr  # in units of ``unit`` scaled minutes
    unit: int
    nights: cp_model.IntVar
    preference: cp_model.LinearExpr


def build_model(problem: Problem, skip_rules: Collection[str] = (), explain: bool = False) -> _Model:
    """The CP-SAT model of ``problem``.

    For diagnosis, ``skip_rules`` leaves rules out and ``explain`` makes
    each occurrence's staffing switchable (see :func:`conflicting_occurrences`).
    """
    model = cp_model.CpModel()
    variables = create_variables(model, problem, explain)
    for name, add_rule in VALIDITY_RULES.items():
        if name not in skip_rules:
            add_rule(model, problem, variables)
    imbalance, unit = scaled_imbalance(model, problem, variables)
    return _Model(
        model,
        variables,
        imbalance,
        unit,
        most_disturbed_nights(model, problem, variables),
        total_preference(problem, variables),
    )


def is_feasible(
    problem: Problem, skip_rules: Collection[str], time_limit: float, required: Collection[int] | None = None
) -> bool | None:
    """Whether some schedule exists with ``skip_rules`` left out (``None``: unknown in time).

    With ``required``, only those occurrences need to be placed.
    """
    built = build_model(problem, skip_rules, explain=required is not None)
    if required is not None:
        built.model.add_assumptions([built.variables.required[index] for index in required])
    status = _solver(time_limit, workers=1).solve(built.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if status == cp_model.INFEASIBLE else None


def conflicting_occurrences(problem: Problem, time_limit: float) -> list[int] | None:
    """A small set of occurrences that cannot all be placed together, or ``None``.

    CP-SAT returns a set of assumptions (occurrences) sufficient for
    infeasibility; dropping each one that is not needed makes it minimal, so
    the message names only what really conflicts.
    """
    began = time.monotonic()
    built = build_model(problem, explain=True)
    literals = built.variables.required
    occurrence_of = {literal.index: index for index, literal in literals.items()}

    def infeasible(subset: list[int]) -> tuple[bool, list[int]]:
        built.model.clear_assumptions()
        built.model.add_assumptions([literals[index] for index in subset])
        solver = _solver(max(time_limit - (time.monotonic() - began), 0.01), workers=1)
        if solver.solve(built.model) != cp_model.INFEASIBLE:
            return False, subset
        core = [occurrence_of[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in occurrence_of]
        return True, sorted(core) or subset

    found, core = infeasible(list(literals))
    if not found:
        return None
    for index in list(core):
        if index in core and time.monotonic() - began < time_limit:
            smaller, smaller_core = infeasible([i for i in core if i != index])
            if smaller:
                core = smaller_core
    return core


@dataclass(frozen=True)
class _Goal:
    """One goal inside the tolerance band: an expression to minimize and its range."""

    name: str
    expression: cp_model.LinearExpr
    low: int
    high: int
    shown: Callable[[int], int]  # the value as people read it (minutes, nights, score)


def solve_problem(
    problem: Problem,
    *,
    time_limit: float,
    workers: int = DEFAULT_WORKERS,
    baseline: Baseline | None = None,
) -> Schedule:
    """Solve ``problem`` in stages within ``time_limit`` seconds of wall-clock time.

    Stage 1 minimizes the imbalance and proves its bound. Stage 2, inside the
    tolerance band, optimizes the secondary goals lexicographically in one
    solve: with a ``baseline``, first the occurrences that change member, then
    those that change time, then the mental loads that change owner; then the
    most disturbed nights; then (maximizing)
    the preference score; last the imbalance again, so that the reported
    figure does not depend on the order in which the solver met the members.

    Raises :class:`ModelInfeasible` when no schedule exists and
    :class:`~labor_opt.errors.NoScheduleInTimeError` when none was found in time.
    """
    began = time.monotonic()
    built = build_model(problem)
    model = built.model

    def remaining() -> float:
        return time_limit - (time.monotonic() - began)

    def in_minutes(units: int) -> int:
        return round_minutes(problem.imbalance_in_minutes(units * built.unit))

    greedy = _greedy(problem)
    first_solution: list[float] = [] if greedy is None else [time.monotonic() - began]
    if greedy is not None:
        _hint_greedy(model, problem, built.variables, greedy)
    interrupted = False
    try:
        decomposed, relaxed_bound = (
            _assignment_first(problem, remaining() * 2 / 3, workers)
            if len(problem.occurrences) > PROBING_UP_TO_OCCURRENCES
            else (None, -math.inf)
        )
        if decomposed is not None:
            solver, status, bound = decomposed, cp_model.OPTIMAL, relaxed_bound
            first_solution = first_solution or [time.monotonic() - began]
        else:
            solver, status, bound = _run(
                model,
                built.imbalance,
                remaining(),
                workers,
                len(problem.occurrences),
                lambda: first_solution.append(time.monotonic() - began) if not first_solution else None,
            )
            bound = max(bound, relaxed_bound)
            if status == cp_model.FEASIBLE and bound >= solver.objective_value - 1e-6:
                status = cp_model.OPTIMAL  # the relaxation's bound proves it
    except (Interrupted, KeyboardInterrupt) as stop:  # Ctrl-C, while solving or building: keep the best so far
        interrupted = True
        stopped: cp_model.CpSolver | None = getattr(stop, "solver", None)
        solver = stopped or cp_model.CpSolver()
        status = cp_model.FEASIBLE if stopped else cp_model.UNKNOWN
        bound = stopped.best_objective_bound if stopped else -math.inf
    if status == cp_model.INFEASIBLE:
        raise ModelInfeasible()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if greedy is None:
            raise SearchInterrupted() if interrupted else NoScheduleInTimeError(time_limit)
        # CP-SAT found nothing better in time: the greedy schedule is valid, so it stands.
        lower_bound = max(0, math.ceil(bound - 1e-6)) * built.unit if math.isfinite(bound) else 0
        elapsed = time.monotonic() - began
        report = StageReport(1, "imbalance", "INTERRUPTED" if interrupted else "GREEDY", 0, elapsed, elapsed)
        return _with_actual_imbalance(
            build_schedule(
                problem,
                greedy.placements,
                greedy.owners,
                status="feasible",
                lower_bound_scaled=lower_bound,
                solver=SolverFacts(time.monotonic() - began, "GREEDY", first_solution[0], (report,)),
            )
        )
    best = round(solver.objective_value)
    lower_bound = min(best, math.ceil(bound - 1e-6)) * built.unit
    reports = [_report(1, "imbalance", solver, status, in_minutes(best), began)]
    if interrupted:
        reports.append(StageReport(1, "imbalance", "INTERRUPTED", 0, 0.0, time.monotonic() - began))
    solution = list(solver.response_proto.solution)
    if status != cp_model.OPTIMAL or interrupted:
        return _schedule(problem, built, solution, "feasible", lower_bound, began, first_solution, reports)

    tolerance_units = problem.tolerance * problem.scale_denominator // built.unit
    model.add(built.imbalance <= best + tolerance_units)
    goals = _secondary_goals(model, problem, built, best, tolerance_units, baseline, in_minutes)
    if not goals:
        return _schedule(problem, built, solution, "optimal", lower_bound, began, first_solution, reports)
    _hint(model, solution)
    try:
        solver, status, _ = _run(model, _lexicographic(goals), remaining(), workers, len(problem.occurrences))
    except (Interrupted, KeyboardInterrupt) as stop:
        reports.append(StageReport(2, "interrupted", "INTERRUPTED", 0, 0.0, time.monotonic() - began))
        stopped = getattr(stop, "solver", None)
        if stopped is None:
            return _schedule(problem, built, solution, "feasible", lower_bound, began, first_solution, reports)
        solution = list(stopped.response_proto.solution)
        return _schedule(problem, built, solution, "feasible", lower_bound, began, first_solution, reports)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # time ran out before the band was explored: the stage-1 schedule stands
        return _schedule(problem, built, solution, "feasible", lower_bound, began, first_solution, reports)
    solution = list(solver.response_proto.solution)
    reports += [
        _report(2, goal.name, solver, status, goal.shown(solver.value(goal.expression)), began) for goal in goals
    ]
    final = "optimal" if status == cp_model.OPTIMAL else "feasible"
    return _schedule(problem, built, solution, final, lower_bound, began, first_solution, reports)


def _secondary_goals(
    model: cp_model.CpModel,
    problem: Problem,
    built: _Model,
    best: int,
    tolerance_units: int,
    baseline: Baseline | None,
    in_minutes: Callable[[int], int],
) -> list[_Goal]:
    goals = []
    if baseline is not None:
        moves = moved_occurrences(model, problem, built.variables, baseline)
        goals.append(_Goal("moved_members", moves.members, 0, moves.matched, int))
        goals.append(_Goal("moved_times", moves.times, 0, moves.matched, int))
        goals.append(_Goal("moved_owners", moves.owners, 0, moves.owned, int))
    if any(task.night for task in problem.tasks):
        goals.append(_Goal("disturbed_nights", built.nights, 0, 7, int))
    most_preference = sum(
        abs(task.preference[m]) * len(task.occurrences) for task in problem.tasks for m in task.preference
    )
    if most_preference:
        goals.append(_Goal("preference", -built.preference, -most_preference, most_preference, lambda v: -v))
    if goals and tolerance_units:
        goals.append(_Goal("imbalance_in_band", built.imbalance, best, best + tolerance_units, in_minutes))
    return goals


def _lexicographic(goals: list[_Goal]) -> cp_model.LinearExpr:
    """One objective whose optimum is the goals' lexicographic optimum.

    Each goal's weight exceeds the whole range of every goal after it.
    """
    weight, terms = 1, []
    for goal in reversed(goals):
        terms.append(weight * (goal.expression - goal.low))
        weight *= goal.high - goal.low + 1
    return cp_model.LinearExpr.sum(terms)


# A sequential portfolio: CP-SAT settings tried in turn, each starting from the
# best schedule so far. Without probing most households solve fastest, but
# some (a capped member whose chores must add up exactly) need it. The first
# two tries stop after a fixed amount of CP-SAT's deterministic time, never of
# wall-clock time, so which try solves a household is the same on every run.
PORTFOLIO: tuple[tuple[int, float | None], ...] = (
    (0, 1.0),  # (probing level, deterministic time limit)
    (2, 1.0),
    (0, None),  # whatever wall-clock time is left
)
# On large households probing alone outlasts its budget (measured: 25 s on 800
# occurrences) and the first try's search is the one worth continuing.
PROBING_UP_TO_OCCURRENCES = 300


def _run(
    model: cp_model.CpModel,
    objective: cp_model.LinearExpr,
    seconds: float,
    workers: int,
    occurrences: int,
    on_solution: Callable[[], object] | None = None,
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, float]:
    """Minimize ``objective``: the solver holding the best solution, its status, and the best bound proven."""
    model.minimize(objective)
    began = time.monotonic()
    callback = _OnSolution(on_solution) if on_solution else None
    best: tuple[cp_model.CpSolver, cp_model.CpSolverStatus] | None = None
    bound = -math.inf
    solver, status = cp_model.CpSolver(), cp_model.UNKNOWN
    tries = PORTFOLIO if occurrences <= PROBING_UP_TO_OCCURRENCES else ((0, None),)
    for probing, deterministic_limit in tries:
        left = seconds - (time.monotonic() - began)
        if left <= 0.01 and best is not None:
            break
        solver = _solver(max(left, 0.01), workers)
        solver.parameters.cp_model_probing_level = probing
        if deterministic_limit is not None:
            solver.parameters.max_deterministic_time = deterministic_limit
        status, interrupted = _solve_interruptibly(solver, model, callback)
        if interrupted:
            if status == cp_model.FEASIBLE and (best is None or solver.objective_value < best[0].objective_value):
                best = (solver, status)
            raise Interrupted(best[0] if best else None)
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return solver, status, solver.best_objective_bound
        bound = max(bound, solver.best_objective_bound)
        if status == cp_model.FEASIBLE and (best is None or solver.objective_value < best[0].objective_value):
            best = (solver, status)
            _hint(model, list(solver.response_proto.solution))
    if best is None:
        return solver, status, bound
    if bound >= best[0].objective_value - 1e-6:  # the tries together proved it
        return best[0], cp_model.OPTIMAL, bound
    return best[0], best[1], bound


class Interrupted(Exception):
    """Ctrl-C stopped the search; ``solver`` holds the best solution of the stage, if any."""

    def __init__(self, solver: cp_model.CpSolver | None) -> None:
        super().__init__("interrupted")
        self.solver = solver


def _solve_interruptibly(
    solver: cp_model.CpSolver, model: cp_model.CpModel, callback: cp_model.CpSolverSolutionCallback | None
) -> tuple[cp_model.CpSolverStatus, bool]:
    """Solve in a helper thread, so that Ctrl-C reaches this one and stops the search gracefully."""
    outcome: list[cp_model.CpSolverStatus] = []
    worker = threading.Thread(target=lambda: outcome.append(solver.solve(model, callback)), daemon=True)
    worker.start()
    interrupted = False
    while worker.is_alive():
        try:
            worker.join(0.05)
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    return outcome[0] if outcome else cp_model.UNKNOWN, interrupted


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is ours: see _solve_interruptibly
    # CP-SAT 9.15's symmetry detection crashed on a household our property
    # tests found (tests/test_rules.py::test_regression_solver_crash...); the
    # examples solve as fast without it.
    solver.parameters.symmetry_level = 0
    # Deterministic parallel search: the same model gives the same solution.
    solver.parameters.interleave_search = workers > 1
    return solver


class _OnSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, action: Callable[[], object]) -> None:
        super().__init__()
        self._action = action

    def on_solution_callback(self) -> None:
        self._action()


def _assignment_first(problem: Problem, seconds: float, workers: int) -> tuple[cp_model.CpSolver | None, float]:
    """Who does what first, then when: the way to prove large households optimal.

    The imbalance depends only on who does what. Without the no-overlap rule
    the model is much easier, and its optimum is a lower bound for the real
    one. If times can then be found for that very assignment, the schedule
    has exactly that imbalance, so it is optimal. Returns the solver holding
    that schedule (for a model built like :func:`build_model`'s, so the
    variables match), or ``None``, and the bound proven either way.
    """
    began = time.monotonic()
    relaxed = build_model(problem, skip_rules={"no_overlap"})
    relaxed.model.minimize(relaxed.imbalance)
    solver = _solver(max(seconds / 2, 0.01), workers)
    status, interrupted = _solve_interruptibly(solver, relaxed.model, None)
    if interrupted:
        raise Interrupted(None)
    bound = solver.best_objective_bound if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else -math.inf
    if status != cp_model.OPTIMAL:
        return None, bound
    fixed = build_model(problem)
    variables = fixed.variables
    for decision in (*variables.does.values(), *variables.owner.values(), *variables.doer.values()):
        fixed.model.add(decision == solver.value(decision))
    fixed.model.minimize(fixed.imbalance)
    timing = _solver(max(seconds - (time.monotonic() - began), 0.01), workers)
    status, interrupted = _solve_interruptibly(timing, fixed.model, None)
    if interrupted:
        raise Interrupted(None)
    if status == cp_model.OPTIMAL and timing.objective_value <= solver.objective_value + 1e-6:
        return timing, bound
    return None, bound


def _greedy(problem: Problem) -> GreedySchedule | None:
    """A greedy schedule to start from (a few milliseconds), or ``None`` when the greedy gets stuck."""
    for order in ("constrained", "longest"):
        try:
            return greedy_schedule(problem, order)
        except GreedyStuck:
            continue
    return None


def _hint_greedy(model: cp_model.CpModel, problem: Problem, variables: Variables, greedy: GreedySchedule) -> None:
    """Start the search from the greedy schedule.

    On large households this gives CP-SAT a schedule to improve at once
    instead of after a long search; on small ones it costs little.
    """
    for placement in greedy.placements:
        index = placement.occurrence
        model.add_hint(variables.start[index], placement.start)
        for member in problem.occurrences[index].members_with_time():
            model.add_hint(variables.does[index, member], member in placement.members)
        for (occurrence, day), on_day in variables.on_day.items():
            if occurrence == index:
                model.add_hint(on_day, greedy.days[index] == day)
    for (task, member), owner in variables.owner.items():
        model.add_hint(owner, greedy.owners.get(task) == member)
    for (task, member), doer in variables.doer.items():
        doers = {m for p in greedy.placements if problem.occurrences[p.occurrence].task == task for m in p.members}
        model.add_hint(doer, member in doers)


def _hint(model: cp_model.CpModel, solution: list[int]) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)


def _report(
    stage: int, goal: str, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus, value: int, began: float
) -> StageReport:
    """A goal's outcome in its stage, its value as people read it."""
    return StageReport(stage, goal, solver.status_name(status), value, solver.wall_time, time.monotonic() - began)


def _with_actual_imbalance(schedule: Schedule) -> Schedule:
    """Report the schedule's own imbalance for an imbalance stage that was not proven optimal.

    Until it is optimal, the model's highest and lowest load are only bounds,
    looser than the schedule's real figures.
    """

    def looser(stage: StageReport) -> bool:
        imbalance = (stage.stage == 1 and stage.goal == "imbalance") or stage.goal == "imbalance_in_band"
        return imbalance and stage.status not in ("OPTIMAL", "INTERRUPTED")

    stages = tuple(
        replace(stage, value=schedule.fairness.imbalance) if looser(stage) else stage
        for stage in schedule.solver.stages
    )
    return replace(schedule, solver=replace(schedule.solver, stages=stages))


def _schedule(
    problem: Problem,
    built: _Model,
    solution: list[int],
    status: str,
    lower_bound: int,
    began: float,
    first_solution: list[float],
    reports: list[StageReport],
) -> Schedule:
    variables = built.variables

    def value(var: cp_model.IntVar) -> int:
        return solution[var.index]

    placements = [
        Placement(
            occurrence=index,
            start=value(variables.start[index]),
            members=tuple(m for m in problem.occurrences[index].members_with_time() if value(variables.does[index, m])),
        )
        for index in range(len(problem.occurrences))
    ]
    owners = {task: member for (task, member), owner in variables.owner.items() if value(owner)}
    return _with_actual_imbalance(
        build_schedule(
            problem,
            placements,
            owners,
            status="optimal" if status == "optimal" else "feasible",
            lower_bound_scaled=lower_bound,
            solver=SolverFacts(
                seconds=time.monotonic() - began,
                status=reports[-1].status if reports else "UNKNOWN",
                first_solution_seconds=first_solution[0] if first_solution else None,
                stages=tuple(reports),
            ),
        )
    )
