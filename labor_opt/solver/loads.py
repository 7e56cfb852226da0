"""A member's load as solver expressions: chore minutes, mental load, the measured load.

Shared by the rules (caps) and the goals (imbalance); the figures a schedule
reports are computed again from the problem in :mod:`labor_opt.schedule.model`.
"""

from __future__ import annotations

import math

from labor_opt.problem.data import Problem
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.variables import Variables


def chore_minutes(problem: Problem, variables: Variables, member: int) -> cp_model.LinearExpr:
    """The member's weekly assignment minutes."""
    mine = [(index, does) for (index, m), does in variables.does.items() if m == member]
    return cp_model.LinearExpr.weighted_sum(
        [does for _, does in mine],
        [problem.tasks[problem.occurrences[index].task].length[member] for index, _ in mine],
    )


def mental_minutes(problem: Problem, variables: Variables, member: int) -> cp_model.LinearExpr:
    """The mental load the member owns, in minutes a week."""
    owned = [(task, owner) for (task, m), owner in variables.owner.items() if m == member]
    return cp_model.LinearExpr.weighted_sum(
        [owner for _, owner in owned], [problem.tasks[task].mental_load for task, _ in owned]
    )


def member_load(problem: Problem, variables: Variables, member: int) -> cp_model.LinearExpr:
    """The member's measured load: fixed (paid + commute under `total`) + chores + mental."""
    return (
        problem.members[member].fixed_load
        + chore_minutes(problem, variables, member)
        + mental_minutes(problem, variables, member)
    )


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


def most_load(problem: Problem, member: int) -> int:
    """An upper bound on the member's measured load: every chore and mental load they may take."""
    return problem.members[member].fixed_load + sum(
        task.length[member] * len(task.occurrences) + task.mental_load
        for task in problem.tasks
        if member in task.length
    )
