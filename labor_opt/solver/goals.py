"""The goals, as data: each an expression to minimize, its range, and how people read its value.

:data:`GOALS` names every goal the solver knows; :func:`band_order` chooses,
from the household's settings, which of them are optimized inside the
tolerance band and in which order. Adding a goal is adding a builder here
and its name to the order; the stage runner needs no change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python.cp_model_helper import FlatIntExpr

from labor_opt.household.units import round_minutes
from labor_opt.problem.data import Baseline, Problem
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.loads import load_unit, member_load, most_load
from labor_opt.solver.nights import nights_of
from labor_opt.solver.stability import moved_occurrences
from labor_opt.solver.variables import Variables

Values = Sequence[int]  # a solution: the value of every model variable, by index


def evaluate(expression: cp_model.LinearExprT, values: Values) -> int:
    """The value of a linear expression in a solution."""
    if not isinstance(expression, cp_model.LinearExpr):
        return int(expression)
    flat = FlatIntExpr(expression)
    return int(flat.offset + sum(c * values[v.index] for v, c in zip(flat.vars, flat.coeffs)))


@dataclass(frozen=True)
class Goal:
    """One objective, minimized: an expression over the model's variables and its range.

    ``shown`` turns a value of the expression into the figure people read
    (minutes, nights, a score). ``exact`` computes the value from a solution
    where the expression is only a bound until it is proven (the imbalance's
    highest and lowest load are bounds the solver pushes tight).
    """

    name: str
    expression: cp_model.LinearExprT
    low: int
    high: int
    shown: Callable[[int], int] = int
    exact: Callable[[Values], int] | None = None
    tolerance: int = 0  # how far above its optimum the later goals may push it (the tolerance band)

    def value(self, values: Values) -> int:
        """The goal's value in a solution, in the model's units."""
        return self.exact(values) if self.exact is not None else evaluate(self.expression, values)

    def reading(self, values: Values) -> int:
        """The goal's value in a solution, as people read it."""
        return self.shown(self.value(values))

    def in_band(self, best: int) -> Goal:
        """This goal optimized again inside its band: between ``best`` and ``best + tolerance``."""
        return replace(self, name=f"{self.name}_in_band", low=best, high=best + self.tolerance, tolerance=0)


@dataclass(frozen=True)
class GoalContext:
    """What a goal is built from."""

    model: cp_model.CpModel
    problem: Problem
    variables: Variables
    baseline: Baseline | None


def imbalance(context: GoalContext) -> list[Goal]:
    """Highest minus lowest share-adjusted load among balanced members, in whole load units.

    The highest and lowest are plain linear bounds (``unit x top >= load x
    scale``), which the solver pushes tight, rather than max/min equalities.
    Loads are counted in their common unit (:func:`load_unit`).
    """
    model, problem, variables = context.model, context.problem, context.variables
    balanced = problem.balanced
    if len(balanced) < 2:
        return [Goal("imbalance", 0, 0, 0)]
    unit = load_unit(problem)
    most = max(problem.members[m].scale * most_load(problem, m) for m in balanced) // unit
    top = model.new_int_var(0, most, "highest_load")
    bottom = model.new_int_var(0, most, "lowest_load")
    scaled = {}
    for member in balanced:
        scaled[member] = problem.members[member].scale * member_load(problem, variables, member)
        model.add(unit * top >= scaled[member])
        model.add(unit * bottom <= scaled[member])

    def exact(values: Values) -> int:
        loads = [evaluate(load, values) for load in scaled.values()]
        return (max(loads) - min(loads)) // unit

    def minutes(units: int) -> int:
        return round_minutes(problem.imbalance_in_minutes(units * unit))

    tolerance = math.floor(problem.tolerance * problem.scale_denominator / unit)
    return [Goal("imbalance", top - bottom, 0, most, minutes, exact, tolerance)]


def disturbed_nights(context: GoalContext) -> list[Goal]:
    """The largest number of disturbed nights of any member, balanced or not (when there are night tasks)."""
    model, problem = context.model, context.problem
    if not any(task.night for task in problem.tasks):
        return []
    most = model.new_int_var(0, 7, "most_disturbed_nights")
    for member in range(len(problem.members)):
        model.add(most >= nights_of(problem, context.variables, member))
    return [Goal("disturbed_nights", most, 0, 7)]


def total_disturbed_nights(context: GoalContext) -> list[Goal]:
    """A tie-break: nobody woken needlessly, so the fewest disturbed nights over all members."""
    problem = context.problem
    if not any(task.night for task in problem.tasks):
        return []
    total = cp_model.LinearExpr.sum([nights_of(problem, context.variables, m) for m in range(len(problem.members))])
    return [Goal("total_disturbed_nights", total, 0, 7 * len(problem.members))]


def preference(context: GoalContext) -> list[Goal]:
    """The household's preference score (likes minus dislikes), maximized: its negation is minimized."""
    problem, variables = context.problem, context.variables
    terms = [
        (does, problem.tasks[problem.occurrences[index].task].preference[member])
        for (index, member), does in variables.does.items()
    ]
    terms = [(does, weight) for does, weight in terms if weight]
    most = sum(abs(weight) for _, weight in terms)
    if not most:
        return []
    score = cp_model.LinearExpr.weighted_sum([d for d, _ in terms], [w for _, w in terms])
    return [Goal("preference", -score, -most, most, lambda value: -value)]


def stability(context: GoalContext) -> list[Goal]:
    """Against a baseline: occurrences changing member, then changing time, then mental loads changing owner."""
    if context.baseline is None:
        return []
    moves = moved_occurrences(context.model, context.problem, context.variables, context.baseline)
    return [
        Goal("moved_members", moves.members, 0, moves.matched),
        Goal("moved_times", moves.times, 0, moves.matched),
        Goal("moved_owners", moves.owners, 0, moves.owned),
    ]


def leximin(context: GoalContext) -> list[Goal]:
    """With ``fairness.objective: leximin``: the highest share-adjusted load, then the two highest together, ...

    Minimizing the sums of the k largest loads in turn, k = 1, 2, ..., makes
    the highest load as low as possible, then the next, and so on. Each sum
    is ``k t + sum(max(0, load - t))`` over a free threshold ``t``, which the
    minimization pushes to the k-th largest load.
    """
    model, problem, variables = context.model, context.problem, context.variables
    balanced = problem.balanced
    if not problem.leximin or len(balanced) < 2:
        return []
    unit = load_unit(problem)
    scaled = [problem.members[m].scale * member_load(problem, variables, m) for m in balanced]
    most = max(problem.members[m].scale * most_load(problem, m) for m in balanced) // unit

    def minutes(units: int) -> int:  # the k highest loads together, as people read them
        return round_minutes(problem.imbalance_in_minutes(units * unit))

    goals = []
    for k in range(1, len(balanced)):
        threshold = model.new_int_var(0, most, f"leximin_threshold[{k}]")
        excess = [model.new_int_var(0, most, f"leximin_excess[{k},{m}]") for m in balanced]
        for load, above in zip(scaled, excess):
            model.add(unit * (threshold + above) >= load)
        goals.append(Goal(f"leximin_{k}", k * threshold + sum(excess), 0, k * most, minutes))
    return goals


def routine(context: GoalContext) -> list[Goal]:
    """With ``fairness.routine: balance``: the most minus the least routine chore minutes among balanced members."""
    model, problem, variables = context.model, context.problem, context.variables
    balanced = problem.balanced
    if not problem.balance_routine or len(balanced) < 2:
        return []
    most = max(problem.members[m].scale * most_load(problem, m) for m in balanced)
    top = model.new_int_var(0, most, "most_routine")
    bottom = model.new_int_var(0, most, "least_routine")
    for member in balanced:
        mine = [(index, does) for (index, m), does in variables.does.items() if m == member]
        tasks = [problem.tasks[problem.occurrences[index].task] for index, _ in mine]
        minutes = cp_model.LinearExpr.weighted_sum(
            [does for _, does in mine], [task.length[member] if task.routine_for(member) else 0 for task in tasks]
        )
        model.add(top >= problem.members[member].scale * minutes)
        model.add(bottom <= problem.members[member].scale * minutes)
    return [Goal("routine", top - bottom, 0, most, lambda value: round_minutes(problem.imbalance_in_minutes(value)))]


GOALS: dict[str, Callable[[GoalContext], list[Goal]]] = {
    "imbalance": imbalance,
    "leximin": leximin,
    "routine": routine,
    "stability": stability,
    "disturbed_nights": disturbed_nights,
    "preference": preference,
    "total_disturbed_nights": total_disturbed_nights,
}


def band_order(problem: Problem, baseline: Baseline | None) -> tuple[str, ...]:
    """The goal groups optimized inside the tolerance band, in order.

    The most disturbed nights of anyone come first: night care is never
    traded for evener totals (the contract orders every optional refinement
    after the nights). Then, with ``fairness.objective: leximin``, the loads
    evened out: the highest as low as possible, then the next; with
    ``fairness.routine: balance``, routine minutes; with a baseline (stable
    re-planning), keeping to it (never bought with one parent's nights);
    then preferences, as the household format orders them. The tie-breaks
    after them: the fewest disturbed nights in total, and last the imbalance
    again, held in its band, so that the reported figure depends on the
    household alone, not on the order in which the solver met its members.
    """
    return (
        "disturbed_nights",
        "leximin",
        "routine",
        "stability",
        "preference",
        "total_disturbed_nights",
        "imbalance",
    )


def lexicographic(goals: Sequence[Goal]) -> cp_model.LinearExpr:
    """One objective whose optimum is the goals' lexicographic optimum.

    Each goal's weight exceeds the whole range of every goal after it; see
    :func:`in_solvable_groups` for keeping the weights within 64 bits.
    """
    weight, terms = 1, []
    for goal in reversed(goals):
        terms.append(weight * (goal.expression - goal.low))
        weight *= goal.high - goal.low + 1
    return cp_model.LinearExpr.sum(terms)


MAX_WEIGHT = 2**60  # CP-SAT's coefficients are 64-bit integers; keep a margin for the sums


def in_solvable_groups(goals: Sequence[Goal]) -> list[list[Goal]]:
    """The goals in order, split so that each group's lexicographic objective fits in 64 bits.

    Solving the groups one after the other, each held at its optimum, gives
    the same lexicographic optimum as one solve of all of them. CP-SAT
    refuses an objective (or a constraint holding it) whose terms could add
    up past 64 bits, judged from its variables' domains, which are wider
    than the goal's range (the leximin's threshold and excesses, say): both
    the weights and that sum are kept below :data:`MAX_WEIGHT`.
    """
    groups: list[list[Goal]] = []
    product = largest = MAX_WEIGHT + 1
    for goal in goals:
        span, size = goal.high - goal.low + 1, magnitude(goal)
        if product * span > MAX_WEIGHT or largest * span + size > MAX_WEIGHT:
            groups.append([])
            product, largest = 1, 0  # an empty group: nothing weighted, nothing summed yet
        groups[-1].append(goal)
        # Each goal already in the group is weighted ``span`` times more by the one added after it.
        product, largest = product * span, largest * span + size
    return groups


def magnitude(goal: Goal) -> int:
    """The most ``goal.expression - goal.low`` could be in absolute value, judged term by term as CP-SAT judges it."""
    expression = goal.expression
    if not isinstance(expression, cp_model.LinearExpr):
        return abs(int(expression) - goal.low)
    flat = FlatIntExpr(expression)
    return abs(int(flat.offset) - goal.low) + sum(
        abs(coeff) * max((abs(end) for end in variable.proto.domain), default=0)
        for variable, coeff in zip(flat.vars, flat.coeffs)
    )
