"""A lower bound on the imbalance from a linear relaxation of who does what.

Each occurrence is shared out in fractions among the members with time for
it, each mental load among its possible owners; caps, `assign: one` and
`people` hold, times and the no-overlap rule are left out. Whatever the
schedule, its loads are a solution of this relaxation, so the relaxation's
least imbalance is a lower bound on the household's. A linear program
(GLOP, which ships with OR-Tools) settles it in under a second where
CP-SAT, given the whole model, leaves the bound at 0 for a minute
(measured: 1,530 occurrences). Its loads also say where the work would
level out, which the large-household search aims the loads at.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from labor_opt.problem.data import Problem
from labor_opt.schedule.validity import CHORE_CAPS, MENTAL_CAPS, Rule
from labor_opt.solver.loads import load_unit

if TYPE_CHECKING:  # GLOP is loaded only when a large household needs the bound (36 ms a solve otherwise)
    from ortools.linear_solver import pywraplp

# GLOP's answers are floating point: a bound is rounded up only past this much above a whole unit.
ROUNDING_SLACK = 1e-4


@dataclass(frozen=True)
class AssignmentBound:
    """The relaxation's least imbalance, rounded up (load units), and each member's load in its solution.

    ``loads`` are share-adjusted minutes (load x scale), 0.0 for members
    outside the balance.
    """

    imbalance: int
    loads: tuple[float, ...]

    @property
    def level(self) -> float:
        """The balanced members' mean load in the relaxation: where their work would level out."""
        balanced = [load for load in self.loads if load > 0]
        return sum(balanced) / max(len(balanced), 1)


def assignment_bound(problem: Problem, leave_out: Collection[Rule] = ()) -> AssignmentBound | None:
    """The least imbalance of the relaxation, or ``None`` when it has none (or fewer than two are balanced).

    ``leave_out``: rules the model leaves out, left out here too so that
    the bound stays a bound.

    >>> import labor_opt
    >>> from labor_opt.problem.build import build_problem
    >>> from labor_opt.solver.loads import load_unit
    >>> problem = build_problem(labor_opt.load("examples/newborn.yaml"))
    >>> bound = assignment_bound(problem)
    >>> problem.imbalance_in_minutes(bound.imbalance * load_unit(problem))  # minutes: the proven optimum here
    Fraction(430, 1)
    """
    if len(problem.balanced) < 2:
        return None
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with every OR-Tools wheel
        return None
    members = range(len(problem.members))
    chores: dict[int, list[tuple[pywraplp.Variable, int]]] = {m: [] for m in members}
    mental: dict[int, list[tuple[pywraplp.Variable, int]]] = {m: [] for m in members}
    shares = _occurrence_shares(solver, problem, chores)
    _assign_one(solver, problem, shares)
    _owners(solver, problem, shares, mental)
    for member, facts in enumerate(problem.members):
        if facts.max_chores is not None and CHORE_CAPS not in leave_out:
            _at_most(solver, chores[member], facts.max_chores)
        if facts.max_mental is not None and MENTAL_CAPS not in leave_out:
            _at_most(solver, mental[member], facts.max_mental)
    unit = load_unit(problem)
    top, bottom = solver.NumVar(0, solver.infinity(), "top"), solver.NumVar(0, solver.infinity(), "bottom")
    loads = {}
    for member in problem.balanced:
        facts = problem.members[member]
        terms = [(variable, facts.scale * minutes) for variable, minutes in chores[member] + mental[member]]
        loads[member] = (terms, facts.scale * facts.fixed_load)
        # unit x top >= load >= unit x bottom, each with the load's terms on one side
        for end, sign in ((top, 1), (bottom, -1)):
            row = solver.Constraint(sign * loads[member][1], solver.infinity())
            row.SetCoefficient(end, sign * unit)
            for variable, coefficient in terms:
                row.SetCoefficient(variable, -sign * coefficient)
    solver.Minimize(top - bottom)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    value = solver.Objective().Value()
    solved = [0.0] * len(problem.members)
    for member, (terms, fixed) in loads.items():
        solved[member] = fixed + sum(variable.solution_value() * coefficient for variable, coefficient in terms)
    return AssignmentBound(max(math.ceil(value - ROUNDING_SLACK), 0), tuple(solved))


def _occurrence_shares(
    solver: pywraplp.Solver, problem: Problem, chores: dict[int, list[tuple[pywraplp.Variable, int]]]
) -> dict[tuple[int, int], pywraplp.Variable]:
    """Each occurrence's share per member with time for it, summing to its `people`."""
    shares = {}
    for index, occurrence in enumerate(problem.occurrences):
        task = problem.tasks[occurrence.task]
        row = solver.Constraint(task.people, task.people)
        for member in occurrence.members_with_time():
            if member in task.length:
                shares[index, member] = share = solver.NumVar(0, 1, "")
                row.SetCoefficient(share, 1)
                chores[member].append((share, task.length[member]))
    return shares


def _assign_one(solver: pywraplp.Solver, problem: Problem, shares: dict[tuple[int, int], pywraplp.Variable]) -> None:
    """`assign: one`: a member's share is the same in every occurrence of the task."""
    for task in problem.tasks:
        if not task.assign_one:
            continue
        for member in task.allowed:
            first, *others = task.occurrences
            if any((index, member) not in shares for index in task.occurrences):
                for index in task.occurrences:  # no time for one of them: does none
                    if (index, member) in shares:
                        shares[index, member].SetUb(0)
                continue
            for index in others:
                row = solver.Constraint(0, 0)
                row.SetCoefficient(shares[first, member], 1)
                row.SetCoefficient(shares[index, member], -1)


def _owners(
    solver: pywraplp.Solver,
    problem: Problem,
    shares: dict[tuple[int, int], pywraplp.Variable],
    mental: dict[int, list[tuple[pywraplp.Variable, int]]],
) -> None:
    """Each mental load shared among its possible owners; under `assign: one` only as much as the owner does it."""
    for task in problem.tasks:
        if not task.mental_load:
            continue
        row = solver.Constraint(1, 1)
        for member in task.allowed:
            owner = solver.NumVar(0, 1, "")
            row.SetCoefficient(owner, 1)
            mental[member].append((owner, task.mental_load))
            if task.assign_one:
                share = shares.get((task.occurrences[0], member))
                if share is None:
                    owner.SetUb(0)
                else:
                    doer = solver.Constraint(-solver.infinity(), 0)
                    doer.SetCoefficient(owner, 1)
                    doer.SetCoefficient(share, -1)


def _at_most(solver: pywraplp.Solver, terms: list[tuple[pywraplp.Variable, int]], most: int) -> None:
    """A cap: the terms sum to at most ``most``."""
    row = solver.Constraint(-solver.infinity(), most)
    for variable, coefficient in terms:
        row.SetCoefficient(variable, coefficient)
