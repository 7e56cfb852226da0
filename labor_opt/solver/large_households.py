"""Large households: a greedy start, a bound from a relaxation, then neighbourhood by neighbourhood.

From :data:`~labor_opt.solver.decomposition.DECOMPOSE_FROM_OCCURRENCES`
occurrences on, one CP-SAT search of the whole model rarely improves on its
start within a minute (measured: 1,530 occurrences, 30 s, none). Here:

1. the greedy schedule, completed into a solution of the model;
2. a lower bound on the imbalance from a relaxation without the no-overlap
   rule (:func:`~labor_opt.solver.decomposition.assignment_first`), whose
   assignment, when its times fit, is proven optimal at once;
3. :func:`~labor_opt.solver.neighbourhoods.improve` lowers the imbalance
   until it meets the bound (proven optimal) or its share of the time is up;
4. the secondary goals (nights first) get the rest of the time, the same
   way, with the imbalance held where stage 1 left it (or inside the
   tolerance band when stage 1 proved it), so that a time limit that
   strikes early still shares the nights.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ortools.sat.python import cp_model

from labor_opt.solver.decomposition import assignment_first
from labor_opt.solver.engine import Outcome, SearchStatus, minimize
from labor_opt.solver.goals import Goal, Values, evaluate
from labor_opt.solver.greedy import GreedySchedule
from labor_opt.solver.loads import member_load
from labor_opt.solver.model import ScheduleModel
from labor_opt.solver.neighbourhoods import improve
from labor_opt.solver.nights import nights_of
from labor_opt.solver.runner import StageRunner

# Of the time left once the model is built: stage 1's share (the rest is for the other goals),
# and, of stage 1's, the relaxation's.
IMBALANCE_SHARE = 0.7
RELAXATION_SHARE = 0.25


def minimize_imbalance(built: ScheduleModel, runner: StageRunner, greedy: GreedySchedule) -> Outcome:
    """Stage 1 on a large household: the imbalance from the greedy start, proven when it meets the bound."""
    budget = runner.remaining() * IMBALANCE_SHARE
    began = runner.elapsed()
    start = _completed(built, greedy, runner)
    if start.values is None:
        return start
    objective = built.imbalance.expression
    relaxed = assignment_first(built, budget * RELAXATION_SHARE, runner.params.workers)
    if relaxed.values is not None or relaxed.interrupted:
        return relaxed  # the relaxation's assignment fits in time: proven optimal
    bound = max(relaxed.bound, 0.0) if math.isfinite(relaxed.bound) else 0.0
    left = budget - (runner.elapsed() - began)
    outcome = improve(
        built,
        objective,
        start.values,
        seconds=left,
        workers=runner.params.workers,
        rank=lambda values: by_load(built, values),
        # Within the tolerance of the bound is as fair as the household asked for: the rest of the time
        # is better spent on the nights and the other goals (the band lowers the imbalance again last).
        good_enough=math.ceil(bound - 1e-6) + built.imbalance.tolerance,
    )
    assert outcome.values is not None and outcome.objective is not None
    proven = outcome.objective <= bound + 1e-6
    status = SearchStatus.OPTIMAL if proven else SearchStatus.FEASIBLE
    return Outcome(status, outcome.values, outcome.objective, bound, outcome.seconds, outcome.interrupted)


def refine(built: ScheduleModel, runner: StageRunner, first: Outcome, goals: list[Goal]) -> Outcome:
    """Stage 2 on a large household: each goal in turn, neighbourhood by neighbourhood, then held.

    One goal at a time rather than one weighted objective: the weights of a
    lexicographic objective overflow CP-SAT's 64-bit bounds in a constraint,
    and each neighbourhood keeps only strictly better schedules by one. The
    first goal (the nights) gets half the time left, the others share the rest.
    """
    assert first.values is not None and first.objective is not None
    held = first.objective + (built.imbalance.tolerance if first.proven else 0)
    built.model.add(built.imbalance.expression <= held)
    values: Values = first.values
    for position, goal in enumerate(goals):
        nights_first = goal.name == "disturbed_nights"
        share = 0.5 if position == 0 and len(goals) > 1 else 1 / (len(goals) - position)
        outcome = improve(
            built,
            goal.expression,
            values,
            seconds=runner.remaining() * share,
            workers=runner.params.workers,
            rank=(lambda v: by_nights(built, v)) if nights_first else (lambda v: by_load(built, v)),
            focus=night_occurrences(built) if nights_first else frozenset(),
            good_enough=goal.low,
        )
        assert outcome.values is not None
        values = outcome.values
        if outcome.interrupted:
            return Outcome(SearchStatus.FEASIBLE, tuple(values), first.objective, first.bound, interrupted=True)
        runner.record_goals(2, [goal], outcome)
        built.model.add(goal.expression <= goal.value(values))
    return Outcome(SearchStatus.FEASIBLE, tuple(values), first.objective, first.bound)


def night_occurrences(built: ScheduleModel) -> frozenset[int]:
    """The occurrences of night tasks."""
    problem = built.problem
    return frozenset(i for i, occurrence in enumerate(problem.occurrences) if problem.tasks[occurrence.task].night)


def by_load(built: ScheduleModel, values: Values) -> Sequence[int]:
    """The most loaded balanced member, everyone outside the balance, then the rest down to the least loaded."""
    problem, variables = built.problem, built.variables
    balanced = sorted(
        problem.balanced,
        key=lambda m: (-problem.members[m].scale * evaluate(member_load(problem, variables, m), values), m),
    )
    others = [m for m in range(len(problem.members)) if m not in problem.balanced]
    return [*balanced[:1], *others, *balanced[1:]]


def by_nights(built: ScheduleModel, values: Values) -> Sequence[int]:
    """The member with the most disturbed nights first, down to the fewest."""
    problem, variables = built.problem, built.variables
    return sorted(range(len(problem.members)), key=lambda m: (-evaluate(nights_of(problem, variables, m), values), m))


def _completed(built: ScheduleModel, greedy: GreedySchedule, runner: StageRunner) -> Outcome:
    """The greedy schedule as a full solution of the model (the goals' helper variables filled in, tight)."""
    disturbed = list(built.variables.disturbed.values())
    weight = len(disturbed) + 1
    objective = cp_model.LinearExpr.weighted_sum(
        [built.imbalance.expression, *disturbed], [weight] + [1] * len(disturbed)
    )
    return minimize(built.with_greedy(greedy), objective, seconds=runner.remaining(), workers=runner.params.workers)
