"""Running CP-SAT: its parameters, a sequential portfolio of settings, and stopping on request.

Everything here returns an :class:`Outcome`, a plain value (the status, the
best solution as a list of values, the proven bound), so that the stage
runner never holds a solver object. A fixed seed and a deterministic search
make the same model give the same solution.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ortools.sat.python.cp_model_helper import FlatIntExpr

from labor_opt.solve_params import DEFAULT_WORKERS, RANDOM_SEED, StopToken
from labor_opt.solver.cp_sat import cp_model

# A sequential portfolio: CP-SAT settings tried in turn, each starting from the
# best solution so far. Without probing most households solve fastest, but
# some (a capped member whose chores must add up exactly) need it. The first
# two tries stop after a fixed amount of CP-SAT's deterministic time, never of
# wall-clock time, so which try solves a household is the same on every run.
Try = tuple[int, float | None]  # (probing level, deterministic time limit or None: the time left)
PORTFOLIO: tuple[Try, ...] = ((0, 1.0), (2, 1.0), (0, None))
SINGLE_TRY: tuple[Try, ...] = ((0, None),)


@dataclass(frozen=True)
class Search:
    """How one solve's searches run: solver threads, CP-SAT's parallel portfolio or not, and its stop token.

    With ``portfolio``, several workers run CP-SAT's usual parallel
    portfolio instead of its deterministic interleaved search: often better
    on large households in the same time, not the same schedule every run.
    """

    workers: int = DEFAULT_WORKERS
    portfolio: bool = False
    stop: StopToken = field(default_factory=StopToken)


class SearchStatus(Enum):
    """What a search established."""

    OPTIMAL = "optimal"  # its objective is proven best
    FEASIBLE = "feasible"  # a solution, not proven best
    INFEASIBLE = "infeasible"  # proven that no solution exists
    UNKNOWN = "unknown"  # nothing found in time


@dataclass(frozen=True)
class Outcome:
    """The result of one search: its status, the best solution found and the proven bound."""

    status: SearchStatus
    values: tuple[int, ...] | None = None  # every variable's value, by index
    objective: int | None = None
    bound: float = -math.inf
    seconds: float = 0.0  # the solver's own wall time
    interrupted: bool = False  # Ctrl-C stopped it

    @property
    def proven(self) -> bool:
        """True when the objective is proven best."""
        return self.status is SearchStatus.OPTIMAL


_STATUSES = {
    cp_model.OPTIMAL: SearchStatus.OPTIMAL,
    cp_model.FEASIBLE: SearchStatus.FEASIBLE,
    cp_model.INFEASIBLE: SearchStatus.INFEASIBLE,
}


def minimize(
    model: cp_model.CpModel,
    objective: cp_model.LinearExprT,
    *,
    seconds: float,
    search_with: Search | None = None,
    tries: Sequence[Try] = SINGLE_TRY,
    on_solution: Callable[[], object] | None = None,
) -> Outcome:
    """Minimize ``objective`` over ``model`` within ``seconds``, trying the settings in ``tries`` in turn.

    Each try after the first starts from the best solution so far; the
    bounds of all tries together may prove it optimal.
    """
    model.minimize(objective)
    settings = search_with or Search()
    began = time.monotonic()
    best: Outcome | None = None
    bound = -math.inf
    outcome = Outcome(SearchStatus.UNKNOWN)
    for probing, deterministic_limit in tries:
        left = seconds - (time.monotonic() - began)
        if left <= 0.01 and best is not None:
            break
        outcome = search(model, max(left, 0.01), settings, probing, deterministic_limit, on_solution, objective)
        if outcome.status in (SearchStatus.OPTIMAL, SearchStatus.INFEASIBLE):
            return outcome
        bound = max(bound, outcome.bound)
        if outcome.values is not None and (best is None or _better(outcome, best)):
            best = outcome
            hint(model, outcome.values)
        if outcome.interrupted:
            break
    if best is None:
        return Outcome(SearchStatus.UNKNOWN, bound=bound, interrupted=outcome.interrupted)
    proven = best.objective is not None and bound >= best.objective - 1e-6  # the tries together proved it
    return Outcome(
        SearchStatus.OPTIMAL if proven and not outcome.interrupted else SearchStatus.FEASIBLE,
        best.values,
        best.objective,
        bound,
        best.seconds,
        outcome.interrupted,
    )


def _better(outcome: Outcome, than: Outcome) -> bool:
    return outcome.objective is not None and (than.objective is None or outcome.objective < than.objective)


def search(
    model: cp_model.CpModel,
    seconds: float,
    search_with: Search | None = None,
    probing: int = 0,
    deterministic_limit: float | None = None,
    on_solution: Callable[[], object] | None = None,
    objective: cp_model.LinearExprT | None = None,
) -> Outcome:
    """One CP-SAT search of ``model`` (its objective, if any, is minimized).

    The objective and its bound are read back as integers, never through
    CP-SAT's floating-point ``objective_value``: a lexicographic group's
    value passes 2^53, where a float loses its last units and a bound held
    at it would cut off the optimum. ``objective`` (the expression the model
    minimizes) gives the exact constant offset, which the model keeps as a
    float.
    """
    settings = search_with or Search()
    solver = solver_for(seconds, settings.workers, settings.portfolio)
    solver.parameters.cp_model_probing_level = probing
    if deterministic_limit is not None:
        solver.parameters.max_deterministic_time = deterministic_limit
    callback = _OnSolution(on_solution) if on_solution else None
    status = _solve_in_helper(solver, model, callback, settings.stop)
    if status is None:
        return Outcome(SearchStatus.UNKNOWN, interrupted=True)
    if status == cp_model.MODEL_INVALID:  # a bug in the model, never the household's fault
        raise RuntimeError(f"CP-SAT found the model invalid: {model.validate() or solver.solution_info()}")
    found = _STATUSES.get(status, SearchStatus.UNKNOWN)
    interrupted = settings.stop.requested()
    values = tuple(solver.response_proto.solution) if found in (SearchStatus.OPTIMAL, SearchStatus.FEASIBLE) else None
    value, bound = None, -math.inf
    if values is not None and model.has_objective():
        value, bound = _exact_objective(model, solver, values, objective)
    return Outcome(found, values, value, bound, solver.wall_time, interrupted)


# Below this, CP-SAT's inner bound means "no bound known".
_NO_BOUND = -(2**62)


def _exact_objective(
    model: cp_model.CpModel, solver: cp_model.CpSolver, values: Sequence[int], objective: cp_model.LinearExprT | None
) -> tuple[int, float]:
    """The minimized objective's value in ``values`` and its proven lower bound, in integer arithmetic."""
    proto = model.proto.objective
    if objective is None:
        offset = round(proto.offset)
    elif isinstance(objective, cp_model.LinearExpr):
        offset = int(FlatIntExpr(objective).offset)
    else:
        offset = int(objective)
    inner = sum(
        coeff * (values[ref] if ref >= 0 else -values[-ref - 1]) for ref, coeff in zip(proto.vars, proto.coeffs)
    )
    lowest = solver.response_proto.inner_objective_lower_bound
    return offset + inner, offset + lowest if lowest > _NO_BOUND else -math.inf


def assumptions_core(model: cp_model.CpModel, seconds: float, stop: StopToken) -> tuple[SearchStatus, list[int]]:
    """Solve ``model`` under its assumptions; when infeasible, the indexes of assumptions sufficient for it."""
    solver = solver_for(seconds, workers=1)
    status = _solve_in_helper(solver, model, None, stop)
    found = SearchStatus.UNKNOWN if status is None else _STATUSES.get(status, SearchStatus.UNKNOWN)
    core = list(solver.sufficient_assumptions_for_infeasibility()) if found is SearchStatus.INFEASIBLE else []
    return found, core


def hint(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Start the next search of ``model`` from a solution."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    solution_hint = model.proto.solution_hint
    solution_hint.vars.extend(range(len(values)))
    solution_hint.values.extend(values)


def solver_for(seconds: float, workers: int, portfolio: bool = False) -> cp_model.CpSolver:
    """A CP-SAT solver with the project's settings: bounded in time, seeded, deterministic (unless ``portfolio``)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = RANDOM_SEED
    solver.parameters.catch_sigint_signal = False  # Ctrl-C is ours: see labor_opt.solver.interruption
    # CP-SAT 9.15's symmetry detection crashed on a household our property
    # tests found (tests/test_rules.py::test_regression_solver_crash...); the
    # examples solve as fast without it.
    solver.parameters.symmetry_level = 0
    # Deterministic parallel search: the same model gives the same solution (unless the portfolio was chosen).
    solver.parameters.interleave_search = workers > 1 and not portfolio
    return solver


def _solve_in_helper(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None,
    stop: StopToken,
) -> cp_model.CpSolverStatus | None:
    """Solve in a helper thread while this one waits, so that Ctrl-C's handler (run here) can stop the search.

    ``stop`` reaches the search wherever it is requested from (Ctrl-C's
    handler, or another thread of a program running several solves).

    Returns ``None`` when a stop was requested before the search began. The
    helper is always joined: a process that exits while CP-SAT's threads run
    is aborted.
    """
    if stop.requested():
        return None
    result: list[cp_model.CpSolverStatus] = []
    done = threading.Event()

    def run() -> None:
        try:
            result.append(solver.solve(model, callback))
        finally:
            done.set()

    with stop.searching(solver):
        if stop.requested():  # Ctrl-C between the first look and the registration: it reached no search
            return None
        helper = threading.Thread(target=run, daemon=True)
        helper.start()
        while not done.wait(0.05):  # between waits this thread runs signal handlers
            if stop.requested():  # again and again: a stop asked as CP-SAT starts could be lost in its start
                solver.stop_search()
        helper.join()
    if not result:
        raise RuntimeError("CP-SAT stopped without an answer")
    return result[0]


class _OnSolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, action: Callable[[], object]) -> None:
        super().__init__()
        self._action = action

    def on_solution_callback(self) -> None:
        self._action()
