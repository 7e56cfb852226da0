"""The goals, in the spec's order: imbalance, then disturbed nights, then preferences.

Each goal is a linear expression; :mod:`labor_opt.solver.solve` optimizes
them one stage at a time, fixing each stage's result before the next.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from labor_opt.problem.data import Problem
from labor_opt.solver.rules import chore_minutes
from labor_opt.solver.variables import Variables


def member_load(problem: Problem, variables: Variables, member: int) -> cp_model.LinearExpr:
    """The member's measured load: fixed (paid + commute under `total`) + chores + mental."""
    mental = cp_model.LinearExpr.weighted_sum(
        [owner for (task, m), owner in variables.owner.items() if m == member],
        [problem.tasks[task].mental_load for (task, m) in variables.owner if m == member],
    )
    return problem.members[member].fixed_load + chore_minutes(problem, variables, member) + mental


def load_unit(problem: Problem) -> int:
    """The largest number of scaled minutes that every balanced load is a multiple of.

    Loads made of 15-minute pieces differ by multiples of 15; counting in
    that unit lets the solver prove a bound of 14 minutes means 15.
    """
    pieces = []
    for member in problem.balanced:
        facts = problem.members[member]
        pieces.append(facts.scale * facts.fixed_load)
        pieces += [facts.scale * task.length[member] for task in problem.tasks if member in task.length]
        pieces += [facts.scale * task.mental_load for task in problem.tasks if member in task.allowed]
    return math.gcd(*pieces) or 1


def scaled_imbalance(
    model: cp_model.CpModel, problem: Problem, variables: Variables
) -> tuple[cp_model.LinearExpr, int]:
    """Highest minus lowest share-adjusted load among balanced members, in whole units.

    Returns the expression and the unit (scaled minutes per unit, see
    :func:`load_unit`). The highest and lowest are plain linear bounds
    (``top >= load x scale``), which the solver pushes tight, rather than
    max/min equalities.
    """
    balanced = problem.balanced
    if len(balanced) < 2:
        return cp_model.LinearExpr.constant(0), 1
    unit = load_unit(problem)
    most = max(problem.members[m].scale * (problem.members[m].fixed_load + _most_chores(problem, m)) for m in balanced)
    top = model.new_int_var(0, most // unit, "highest_load")
    bottom = model.new_int_var(0, most // unit, "lowest_load")
    for member in balanced:
        facts = problem.members[member]
        load = member_load(problem, variables, member)
        model.add(unit * top >= facts.scale * load)
        model.add(unit * bottom <= facts.scale * load)
    return top - bottom, unit


def most_disturbed_nights(model: cp_model.CpModel, problem: Problem, variables: Variables) -> cp_model.IntVar:
    """The largest number of disturbed nights of any member, balanced or not.

    A sleep period is disturbed when the member does a night occurrence that
    overlaps it: ``does and start in hits(period) => disturbed``.
    """
    for (index, member), does in variables.does.items():
        occurrence = problem.occurrences[index]
        hits_by_start = occurrence.sleep_hits.get(member, {})
        if not hits_by_start:
            continue
        all_starts = [s for by_day in occurrence.starts[member].values() for s in by_day]
        for period in {p for hits in hits_by_start.values() for p in hits}:
            outside = [s for s in all_starts if period not in hits_by_start.get(s, ())]
            disturbed = variables.disturbed[member, period]
            if outside:
                model.add_linear_expression_in_domain(
                    variables.start[index], cp_model.Domain.from_values(outside)
                ).only_enforce_if([does, disturbed.Not()])
            else:
                model.add_implication(does, disturbed)
    most = model.new_int_var(0, 7, "most_disturbed_nights")
    for member_index, facts in enumerate(problem.members):
        periods = [variables.disturbed[member_index, p] for p in range(len(facts.sleep_periods))]
        model.add(most >= cp_model.LinearExpr.sum(periods))
    return most


def total_preference(problem: Problem, variables: Variables) -> cp_model.LinearExpr:
    """Likes minus dislikes, over every (occurrence, member) assignment."""
    terms = [
        (does, problem.tasks[problem.occurrences[index].task].preference[member])
        for (index, member), does in variables.does.items()
    ]
    terms = [(does, weight) for does, weight in terms if weight]
    return cp_model.LinearExpr.weighted_sum([d for d, _ in terms], [w for _, w in terms])


def _most_chores(problem: Problem, member: int) -> int:
    return sum(
        task.length[member] * len(task.occurrences) + task.mental_load
        for task in problem.tasks
        if member in task.length
    )
