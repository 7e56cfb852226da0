"""The stage runner: one solve's clock, budget, first solution and stage reports, finished in one place.

The clock starts when the solve is asked for, so building the problem and
the model count against the time limit. Every way a solve can end (proven,
cut short by the time limit or by Ctrl-C, or only the greedy start in hand)
goes through :meth:`StageRunner.finish`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from labor_opt.kernel.errors import NoScheduleInTimeError, SearchInterrupted
from labor_opt.problem.data import Baseline, Forcing, Placement, Problem
from labor_opt.schedule.figures import build_schedule, imbalance_of
from labor_opt.schedule.model import Schedule, SolverFacts, StageReport, Status
from labor_opt.schedule.validity import Rule
from labor_opt.solve_params import DEFAULT_WORKERS, Deadline, StopToken
from labor_opt.solver.engine import Outcome, Search
from labor_opt.solver.goals import Goal
from labor_opt.solver.greedy import GreedySchedule
from labor_opt.solver.model import ScheduleModel


@dataclass(frozen=True)
class StageParams:
    """How the stage runner solves one problem, derived from the public :class:`~labor_opt.SolveParams`.

    The wall-clock budget, solver threads, the schedule to keep close to,
    and the solve's stop token. ``leave_out`` solves as if some validity rules did not exist: for
    diagnosis and for showing what each rule does, never for a household's
    schedule.
    """

    time_limit: float
    workers: int = DEFAULT_WORKERS
    baseline: Baseline | None = None
    leave_out: frozenset[Rule] = frozenset()
    forcing: Forcing | None = None  # an alternative forced, to measure its cost
    portfolio: bool = False  # workers run CP-SAT's parallel portfolio: faster, not reproducible
    stop: StopToken = field(default_factory=StopToken)

    @property
    def search(self) -> Search:
        """How this solve's CP-SAT searches run."""
        return Search(self.workers, self.portfolio, self.stop)


class StageRunner:
    """The state of one solve; see the module's description."""

    def __init__(self, problem: Problem, params: StageParams, began: float | None = None) -> None:
        self.problem = problem
        self.params = params
        self.began = time.monotonic() if began is None else began  # the time limit's clock: the command's
        self.solving_since = time.monotonic()  # the reported seconds: the solve's own, reading the file not counted
        self.first_solution: float | None = None
        self.reports: list[StageReport] = []

    def elapsed(self) -> float:
        """Seconds since the solve was asked for."""
        return time.monotonic() - self.began

    def solving_seconds(self) -> float:
        """Seconds since the solver got the problem (building the model counts), as the schedule reports them."""
        return time.monotonic() - self.solving_since

    def deadline(self) -> Deadline:
        """The solve's time limit as a :class:`~labor_opt.solve_params.Deadline`, to hand out budgets from."""
        return Deadline(self.params.time_limit, self.began)

    def remaining(self) -> float:
        """Seconds left of the time limit (a sliver at least, so that a search can still return its best)."""
        return max(self.params.time_limit - self.elapsed(), 0.01)

    def found_solution(self) -> None:
        """Note the time of the first valid schedule."""
        if self.first_solution is None:
            self.first_solution = self.solving_seconds()

    def record(self, stage: int, goal: Goal | str, status: str, value: int = 0, seconds: float = 0.0) -> None:
        """Report one goal's outcome in its stage, its value as people read it."""
        name = goal if isinstance(goal, str) else goal.name
        self.reports.append(StageReport(stage, name, status, value, seconds, self.solving_seconds()))

    def record_goals(self, stage: int, goals: Sequence[Goal], outcome: Outcome) -> None:
        """Report each goal solved together in ``outcome``, its value read from the solution itself."""
        assert outcome.values is not None
        for goal in goals:
            self.record(stage, goal, outcome.status.name, goal.reading(outcome.values), outcome.seconds)

    def finish(
        self,
        built: ScheduleModel,
        values: Sequence[int],
        status: Status,
        bound: float,
        tolerance_used_by: str | None = None,
    ) -> Schedule:
        """The schedule of the solution ``values``, with its proven lower bound and the stages' reports."""
        placements, owners = built.placements(values)
        return self.schedule(placements, owners, status, _lower_bound(built.imbalance, bound), tolerance_used_by)

    def fall_back(self, greedy: GreedySchedule | None, outcome: Outcome, built: ScheduleModel | None) -> Schedule:
        """CP-SAT found no schedule: the greedy one stands (it is valid), or the solve failed."""
        if greedy is None:
            raise SearchInterrupted() if outcome.interrupted else NoScheduleInTimeError(self.params.time_limit)
        value = imbalance_of(self.problem, greedy.placements, greedy.owners)
        self.record(1, "imbalance", "INTERRUPTED" if outcome.interrupted else "GREEDY", value, self.solving_seconds())
        bound = _lower_bound(built.imbalance, outcome.bound) if built is not None else 0
        status = Status.INTERRUPTED if outcome.interrupted else Status.FEASIBLE
        return self.schedule(greedy.placements, greedy.owners, status, bound)

    def schedule(
        self,
        placements: list[Placement],
        owners: dict[int, int],
        status: Status,
        bound: int,
        tolerance_used_by: str | None = None,
    ) -> Schedule:
        """Assemble the schedule; every figure is computed from the problem, not from solver variables."""
        return build_schedule(
            self.problem,
            placements,
            owners,
            status=status,
            lower_bound=bound,
            tolerance_used_by=tolerance_used_by,
            solver=SolverFacts(
                seconds=self.solving_seconds(),
                status=self.reports[-1].status if self.reports else "UNKNOWN",
                first_solution_seconds=self.first_solution,
                stages=tuple(self.reports),
            ),
        )


def _lower_bound(imbalance: Goal, bound: float) -> int:
    """A proven bound on the imbalance, in minutes as people read it."""
    return imbalance.shown(max(0, math.ceil(bound - 1e-6))) if math.isfinite(bound) else 0
