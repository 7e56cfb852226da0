"""Disturbed nights as solver expressions.

A sleep period is disturbed when the member does a night occurrence that
overlaps it: ``does and start in hits(period) => disturbed``. The solver may
leave a period marked disturbed that is not (it has no reason to), so the
count of marked periods is an upper bound that the goals and caps push down;
the schedule's reported figures are computed from the placements.
"""

from __future__ import annotations

from labor_opt.problem.data import Problem
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.variables import Variables


def link_disturbed_nights(model: cp_model.CpModel, problem: Problem, variables: Variables) -> None:
    """Mark a member's sleep period disturbed whenever one of their night occurrences overlaps it."""
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
                variables.start_in(model, index, outside).only_enforce_if([does, disturbed.Not()])
            else:
                model.add_implication(does, disturbed)


def nights_of(problem: Problem, variables: Variables, member: int) -> cp_model.LinearExpr:
    """How many of the member's seven sleep periods are marked disturbed."""
    periods = range(len(problem.members[member].sleep_periods))
    return cp_model.LinearExpr.sum([variables.disturbed[member, period] for period in periods])


def fewest_most_nights(problem: Problem) -> int:
    """A lower bound on the most disturbed nights of any member: what `assign: one` night tasks force.

    The one member who does every occurrence of an `assign: one` night task
    is woken on each night that every possible time of an occurrence lies in
    their sleep; whoever is chosen, at least the fewest such nights of any
    who could be. (A nightly feed between 01:00 and 04:00, kept by one
    member, wakes that member seven nights: sharing the nights is then not
    the household's to choose.)

    >>> import labor_opt
    >>> from labor_opt.problem.build import build_problem
    >>> fewest_most_nights(build_problem(labor_opt.load("examples/newborn.yaml")))
    0
    """
    floor = 0
    for task in problem.tasks:
        if not (task.night and task.assign_one):
            continue
        forced = [_forced_nights(problem, task.occurrences, member) for member in task.allowed]
        floor = max(floor, min((nights for nights in forced if nights is not None), default=0))
    return floor


def _forced_nights(problem: Problem, occurrences: tuple[int, ...], member: int) -> int | None:
    """How many sleep periods the member surely loses doing all of ``occurrences``; ``None``: cannot do them all."""
    periods: set[int] = set()
    for index in occurrences:
        occurrence = problem.occurrences[index]
        starts = [start for by_day in occurrence.starts.get(member, {}).values() for start in by_day]
        if not starts:
            return None
        hits = occurrence.sleep_hits.get(member, {})
        periods |= set.intersection(*(set(hits.get(start, ())) for start in starts))
    return len(periods)
