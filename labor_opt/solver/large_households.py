"""Large households: a greedy start, a bound from a relaxation, then neighbourhood by neighbourhood.

From :data:`~labor_opt.solver.decomposition.DECOMPOSE_FROM_OCCURRENCES`
occurrences on, one CP-SAT search of the whole model rarely improves on its
start within a minute (measured: 1,530 occurrences, 30 s, none). Here:

1. the greedy schedule, completed into a solution of the model;
2. a lower bound on the imbalance from a linear relaxation
   (:func:`~labor_opt.solver.assignment_bound.assignment_bound`), and up to
   :data:`RELAXATION_UP_TO_OCCURRENCES` one from CP-SAT without the
   no-overlap rule (:func:`~labor_opt.solver.decomposition.assignment_first`),
   whose assignment, when its times fit, is proven optimal at once;
3. :func:`~labor_opt.solver.neighbourhoods.improve` lowers the imbalance
   until it is within the tolerance of the bound or its share of the time
   is up, aiming the loads at the level the linear relaxation finds;
4. the secondary goals (nights first) get the rest of the time, the same
   way, inside the tolerance band (:func:`band_floor`), so that a time
   limit that strikes early still shares the nights.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from labor_opt.schedule.validity import ASSIGN_ONE
from labor_opt.solver.assignment_bound import assignment_bound
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.decomposition import assignment_first
from labor_opt.solver.engine import Outcome, SearchStatus, minimize
from labor_opt.solver.goals import Goal, Values, evaluate
from labor_opt.solver.greedy import GreedySchedule
from labor_opt.solver.loads import member_load, most_load
from labor_opt.solver.model import ScheduleModel
from labor_opt.solver.neighbourhoods import Rank, Ranking, improve
from labor_opt.solver.nights import fewest_most_nights, nights_of
from labor_opt.solver.runner import StageRunner

# Of the time left once the model is built: stage 1's share (the rest is for the other goals; stage 1
# hands its time on as soon as it is within the tolerance, and fairness comes first: measured, 1,530
# occurrences got there at 45 s of 60), and, of stage 1's, the relaxation's.
IMBALANCE_SHARE = 0.85
RELAXATION_SHARE = 0.25
# Above this many occurrences CP-SAT never settles the relaxation in a minute (measured: proven in 0.3 s at
# 400 occurrences and 1.2 s at 816, never in 60 s at 1,530); the linear one alone gives the bound there.
RELAXATION_UP_TO_OCCURRENCES = 1000
# The linear relaxation takes about 0.5 ms per occurrence (measured: 0.14 s at 816, 1.65 s at 3,046);
# with less time left than that, the search goes on without it.
BOUND_SECONDS_PER_OCCURRENCE = 0.0006
# Of the time left for stage 2: the first goal's share (the nights, as a rule); the others share the rest.
FIRST_GOAL_SHARE = 0.7
# Reading the schedule back once the stages are over takes about 0.1 ms per occurrence (measured: 0.25 s
# at 3,046): kept back from stage 2, so that the time limit holds.
FINISH_SECONDS_PER_OCCURRENCE = 0.0001


def minimize_imbalance(built: ScheduleModel, runner: StageRunner, greedy: GreedySchedule) -> Outcome:
    """Stage 1 on a large household: the imbalance from the greedy start, proven when it meets the bound."""
    budget = runner.remaining() * IMBALANCE_SHARE
    began = runner.elapsed()
    start = _completed(built, greedy, runner)
    if start.values is None:
        return start
    enough_time = runner.remaining() > BOUND_SECONDS_PER_OCCURRENCE * len(built.problem.occurrences)
    levels = assignment_bound(built.problem, built.leave_out) if enough_time else None
    bound = float(levels.imbalance) if levels else 0.0
    if len(built.problem.occurrences) <= RELAXATION_UP_TO_OCCURRENCES:
        relaxed = assignment_first(built, budget * RELAXATION_SHARE, runner.params.search)
        if relaxed.values is not None or relaxed.interrupted:
            return relaxed  # the relaxation's assignment fits in time: proven optimal
        bound = max(bound, relaxed.bound if math.isfinite(relaxed.bound) else 0.0)
    left = budget - (runner.elapsed() - began)
    imbalance = built.imbalance
    # Within the tolerance of the bound is as fair as the household asked for: the rest of the time is
    # better spent on the nights and the other goals (the band lowers the imbalance again last).
    enough = math.ceil(bound - 1e-6) + imbalance.tolerance
    spread, widest, values = _spread(built, start.values, levels.level if levels else None)
    outcome = improve(
        built,
        cp_model.LinearExpr.weighted_sum([imbalance.expression, spread], [widest + 1, 1]),
        values,
        seconds=left,
        search_with=runner.params.search,
        rank=by_load(built),
        done=lambda values: imbalance.value(values) <= enough,
    )
    assert outcome.values is not None
    value = imbalance.value(outcome.values)
    status = SearchStatus.OPTIMAL if value <= bound + 1e-6 else SearchStatus.FEASIBLE
    return Outcome(status, outcome.values, value, bound, outcome.seconds, outcome.interrupted)


def _spread(built: ScheduleModel, values: Values, level: float | None) -> tuple[cp_model.LinearExpr, int, Values]:
    """How far the balanced loads lie from ``level``, the most it can be, and ``values`` with it.

    The imbalance alone cannot tell apart two schedules with several
    members tied at the highest load; this tie-break can, so that a
    neighbourhood that lowers one of them counts as progress. ``level`` is
    where the relaxation levels the loads out (the mean of ``values``
    without one): aiming there, rather than at the start's mean, lets a
    neighbourhood that hands work to a quicker member count as progress
    when that is what levelling out takes (measured: 1,530 occurrences,
    all but one member stuck about 120 minutes above the one who can take
    no more).
    """
    model, problem, variables = built.model, built.problem, built.variables
    loads = {m: problem.members[m].scale * member_load(problem, variables, m) for m in problem.balanced}
    if level is None:
        level = sum(evaluate(load, values) for load in loads.values()) / max(len(loads), 1)
    mean = round(level)
    widest = 0
    deviations, extended = [], list(values)
    for member, load in loads.items():
        most = problem.members[member].scale * most_load(problem, member)
        widest += max(most, mean)
        deviation = model.new_int_var(0, max(most, mean), f"spread[{member}]")
        model.add(deviation >= load - mean)
        model.add(deviation >= mean - load)
        deviations.append(deviation)
        extended.append(abs(evaluate(load, values) - mean))  # the new variable comes last
    return cp_model.LinearExpr.sum(deviations), widest, tuple(extended)


def refine(built: ScheduleModel, runner: StageRunner, first: Outcome, goals: list[Goal]) -> Outcome:
    """Stage 2 on a large household: each goal in turn, neighbourhood by neighbourhood, then held.

    One goal at a time rather than one weighted objective: the weights of a
    lexicographic objective overflow CP-SAT's 64-bit bounds in a constraint,
    and each neighbourhood keeps only strictly better schedules by one. The
    first goal (the nights) gets :data:`FIRST_GOAL_SHARE` of the time left, the others share the rest.
    """
    assert first.values is not None
    # The band: the household's tolerance above band_floor. Held at exactly the best found, no night feed
    # could change hands without changing someone's load (measured: 7 nights stayed 7).
    built.model.add(built.imbalance.expression <= band_floor(built, first) + built.imbalance.tolerance)
    floor = 0 if ASSIGN_ONE in built.leave_out else fewest_most_nights(built.problem)
    values: Values = first.values
    finishing = FINISH_SECONDS_PER_OCCURRENCE * len(built.problem.occurrences)
    for position, goal in enumerate(goals):
        nights_first = goal.name == "disturbed_nights"
        share = FIRST_GOAL_SHARE if position == 0 and len(goals) > 1 else 1 / (len(goals) - position)
        objective: cp_model.LinearExprT = goal.expression
        if nights_first:
            objective, values = _with_tie_break(built, goal, values)
        outcome = improve(
            built,
            objective,
            values,
            seconds=max(runner.remaining() - finishing, 0.0) * share,
            search_with=runner.params.search,
            rank=by_nights(built) if nights_first else by_load(built),
            focus=night_occurrences(built) if nights_first else frozenset(),
            done=_at_least(goal, floor if nights_first else goal.low),
        )
        assert outcome.values is not None
        values = outcome.values
        if outcome.interrupted:
            return Outcome(SearchStatus.FEASIBLE, tuple(values), first.objective, first.bound, interrupted=True)
        runner.record_goals(2, [goal], outcome)
        built.model.add(goal.expression <= goal.value(values))
    return Outcome(SearchStatus.FEASIBLE, tuple(values), first.objective, first.bound)


def _with_tie_break(built: ScheduleModel, goal: Goal, values: Values) -> tuple[cp_model.LinearExpr, Values]:
    """The most disturbed nights, then the sum of 2 ** nights over members, and ``values`` with it.

    With two members woken every night, neither can be spared alone within
    one neighbourhood; the sum of powers tells that sparing one of them a
    night is progress, and counts a night taken off the most woken more
    than one taken off anyone else.
    """
    model, problem, variables = built.model, built.problem, built.variables
    powers, extended = [], list(values)
    for member in range(len(problem.members)):
        expression = nights_of(problem, variables, member)
        nights = model.new_int_var(0, 7, f"nights[{member}]")
        model.add(nights == expression)
        power = model.new_int_var(1, 2**7, f"nights_power[{member}]")
        model.add_element(nights, [2**count for count in range(8)], power)
        powers.append(power)
        count = evaluate(expression, values)
        extended += [count, 2**count]  # the new variables come last, in this order
    weight = len(powers) * 2**7 + 1
    objective = cp_model.LinearExpr.weighted_sum([goal.expression, *powers], [weight] + [1] * len(powers))
    return objective, tuple(extended)


def _at_least(goal: Goal, least: int) -> Callable[[Values], bool]:
    """Whether a solution has ``goal`` at its least possible value, ``least`` (or its own low, if higher)."""
    return lambda values: goal.value(values) <= max(goal.low, least)


def band_floor(built: ScheduleModel, first: Outcome) -> int:
    """The lower edge of the tolerance band after stage 1: the bound when the best found is within the tolerance
    of it (as on a household proven optimal), else the best found."""
    assert first.objective is not None
    bound = math.ceil(first.bound - 1e-6) if math.isfinite(first.bound) else 0
    return bound if first.objective <= bound + built.imbalance.tolerance else first.objective


def night_occurrences(built: ScheduleModel) -> frozenset[int]:
    """The occurrences of night tasks."""
    problem = built.problem
    return frozenset(i for i, occurrence in enumerate(problem.occurrences) if problem.tasks[occurrence.task].night)


def by_load(built: ScheduleModel) -> Rank:
    """Balanced members by share-adjusted load, highest first; members outside the balance unscored."""
    problem, variables = built.problem, built.variables
    loads = {m: problem.members[m].scale * member_load(problem, variables, m) for m in problem.balanced}

    def rank(values: Values) -> Ranking:
        scored = sorted(
            ((m, evaluate(load, values)) for m, load in loads.items()), key=lambda pair: (-pair[1], pair[0])
        )
        others: Ranking = [(m, None) for m in range(len(problem.members)) if m not in loads]
        return [*scored[:1], *others, *scored[1:]]

    return rank


def by_nights(built: ScheduleModel) -> Rank:
    """Members by disturbed nights, most first."""
    problem, variables = built.problem, built.variables
    nights = {m: nights_of(problem, variables, m) for m in range(len(problem.members))}

    def rank(values: Values) -> Ranking:
        return sorted(((m, evaluate(count, values)) for m, count in nights.items()), key=lambda p: (-p[1], p[0]))

    return rank


def _completed(built: ScheduleModel, greedy: GreedySchedule, runner: StageRunner) -> Outcome:
    """The greedy schedule as a full solution of the model (the goals' helper variables filled in, tight)."""
    disturbed = list(built.variables.disturbed.values())
    weight = len(disturbed) + 1
    objective = cp_model.LinearExpr.weighted_sum(
        [built.imbalance.expression, *disturbed], [weight] + [1] * len(disturbed)
    )
    return minimize(built.with_greedy(greedy), objective, seconds=runner.remaining(), search_with=runner.params.search)
