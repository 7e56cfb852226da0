"""Running CP-SAT in stages: imbalance, nights, preferences, then imbalance again.

Each stage fixes the previous stage's result as a constraint and starts from
its solution as a hint. The last stage re-minimizes the imbalance with the
secondary goals held, so the reported imbalance is a figure of the household
alone, not of the order in which the solver met its members. A fixed seed
and a deterministic search make the same file give the same schedule.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ortools.sat.python import cp_model

from labor_opt.errors import NoScheduleInTimeError
from labor_opt.problem.data import Problem
from labor_opt.schedule import (
    Placement,
    Schedule,
    SolverFacts,
    StageReport,
    build_schedule,
    round_minutes,
)
from labor_opt.solver.objective import (
    most_disturbed_nights,
    scaled_imbalance,
    total_preference,
)
from labor_opt.solver.rules import VALIDITY_RULES
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


def solve_problem(problem: Problem, *, time_limit: float, workers: int = DEFAULT_WORKERS) -> Schedule:
    """Solve ``problem`` in stages within ``time_limit`` seconds of wall-clock time.

    Raises :class:`ModelInfeasible` when no schedule exists and
    :class:`~labor_opt.errors.NoScheduleInTimeError` when none was found in time.
    """
    began = time.monotonic()
    built = build_model(problem)
    model = built.model
    tolerance_units = problem.tolerance * problem.scale_denominator // built.unit
    has_nights = any(task.night for task in problem.tasks)
    has_preferences = any(any(task.preference.values()) for task in problem.tasks)

    def remaining() -> float:
        return time_limit - (time.monotonic() - began)

    def in_minutes(units: int) -> int:
        return round_minutes(problem.imbalance_in_minutes(units * built.unit))

    first_solution: list[float] = []
    reports: list[StageReport] = []
    optimal = True

    # Stage 1: the headline goal, with its proven bound.
    solver, status = _run(
        model,
        built.imbalance,
        remaining(),
        workers,
        lambda: first_solution.append(time.monotonic() - began) if not first_solution else None,
    )
    if status == cp_model.INFEASIBLE:
        raise ModelInfeasible()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise NoScheduleInTimeError(time_limit)
    best_imbalance = round(solver.objective_value)
    lower_bound = min(best_imbalance, math.ceil(solver.best_objective_bound - 1e-6)) * built.unit
    reports.append(_report("imbalance", solver, status, in_minutes, began))
    optimal &= status == cp_model.OPTIMAL
    solution = list(solver.response_proto.solution)
    if not optimal:
        return _schedule(problem, built, solution, "feasible", lower_bound, began, first_solution, reports)

    # Stage 2 and 3: inside the tolerance band, nights then preferences.
    model.add(built.imbalance <= best_imbalance + tolerance_units)
    stages: list[tuple[str, cp_model.LinearExpr, bool, Callable[[int], int]]] = []
    if has_nights:
        stages.append(("disturbed_nights", built.nights, False, int))
    if has_preferences:
        stages.append(("preference", built.preference, True, lambda score: -score))
    if stages and tolerance_units:
        stages.append(("imbalance_in_band", built.imbalance, False, in_minutes))
    for goal, expression, maximize, shown in stages:
        if remaining() <= 0:
            optimal = False
            break
        _hint(model, solution)
        solver, status = _run(model, -expression if maximize else expression, remaining(), workers)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            optimal = False  # time ran out before improving: keep the previous solution
            break
        solution = list(solver.response_proto.solution)
        reports.append(_report(goal, solver, status, shown, began))
        value = round(solver.objective_value)
        model.add((-expression if maximize else expression) <= value)
        if status != cp_model.OPTIMAL:
            optimal = False
            break
    return _schedule(
        problem, built, solution, "optimal" if optimal else "feasible", lower_bound, began, first_solution, reports
    )


def _run(
    model: cp_model.CpModel,
    objective: cp_model.LinearExpr,
    seconds: float,
    workers: int,
    on_solution: Callable[[], object] | None = None,
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus]:
    model.minimize(objective)
    solver = _solver(max(seconds, 0.01), workers)
    callback = _OnSolution(on_solution) if on_solution else None
    status = solver.solve(model, callback)
    return solver, status


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = RANDOM_SEED
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


def _hint(model: cp_model.CpModel, solution: list[int]) -> None:
    model.clear_hints()  # type: ignore[no-untyped-call]
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(solution)))
    hint.values.extend(solution)


def _report(
    goal: str, solver: cp_model.CpSolver, status: cp_model.CpSolverStatus, shown: Callable[[int], int], began: float
) -> StageReport:
    """The stage's outcome, its value as people read it (minutes, nights, score)."""
    return StageReport(
        goal,
        solver.status_name(status),
        shown(round(solver.objective_value)),
        solver.wall_time,
        time.monotonic() - began,
    )


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
    return build_schedule(
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
