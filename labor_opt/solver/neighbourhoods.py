"""Large-neighbourhood search of our own, deterministic: free a few members' work, keep the rest, solve again.

On large households one search of the whole model barely moves from its
start (measured: 1,530 occurrences, 30 s, not one improvement). Freeing the
work of a few members at a time (the two at either end of what is being
evened out, and one more in turn) leaves a model the size of a small
household's, which CP-SAT settles in about a second: a better schedule is
kept, and the next members are freed. Each search stops after a fixed
amount of CP-SAT's deterministic time, so the same household goes through
the same neighbourhoods and the same schedules on every run, as far as the
wall-clock limit lets it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from labor_opt.household.units import MINUTES_PER_DAY
from labor_opt.solver.engine import Outcome, SearchStatus, hint, search
from labor_opt.solver.goals import Values, evaluate
from labor_opt.solver.model import ScheduleModel

# CP-SAT's deterministic time for one neighbourhood (about a second here), and a wall-clock cap
# for the rare one whose presolve outlasts it.
NEIGHBOURHOOD_EFFORT = 1.5
NEIGHBOURHOOD_SECONDS = 4.0
# Copying the model to start neighbourhoods from takes about 0.1 ms per occurrence (measured: 0.3 s at
# 3,046): with less time than that left, no neighbourhood is tried, so that the time limit holds.
COPY_SECONDS_PER_OCCURRENCE = 0.0001
# A day's neighbourhood: the first and the last this many members of the ranking.
DAY_MEMBERS = 3

# Members with a score, highest first (``None``: not scored, in the middle): who to free first.
Ranking = Sequence[tuple[int, int | None]]
Rank = Callable[[Values], Ranking]


def improve(
    built: ScheduleModel,
    objective: cp_model.LinearExprT,
    values: Values,
    *,
    seconds: float,
    workers: int,
    rank: Rank,
    done: Callable[[Values], bool] | None = None,
    focus: frozenset[int] = frozenset(),
) -> Outcome:
    """Lower ``objective`` from the solution ``values`` within ``seconds``, one neighbourhood at a time.

    The neighbourhoods take turns: a few members' whole week (the first and
    last in ``rank``, and one more in turn), then one day of more members'
    work; with ``focus`` (the night occurrences, say), every third turn
    frees those occurrences for everyone. Stops early once ``done`` says
    the schedule is good enough. Returns the best solution
    found, never worse than ``values``; its status is FEASIBLE (proving is
    for the caller, against a bound).
    """
    began = time.monotonic()
    best, best_value = tuple(values), evaluate(objective, values)
    members = len(built.problem.members)
    extra, turn, failures, interrupted = 1, 0, 0, False
    copying = COPY_SECONDS_PER_OCCURRENCE * len(built.problem.occurrences)
    fixed = None  # every neighbourhood starts from it: made again only when the schedule improves
    while True:
        copies = 1 if fixed is not None else 2  # the neighbourhood's own copy, and the fixed one when made again
        if time.monotonic() - began > seconds - 0.05 - copies * copying or (done is not None and done(best)):
            break
        if fixed is None:
            fixed = built.fixed(best)
        model = _neighbourhood(built, best, fixed, rank(best), turn, extra, focus)
        model.add(objective <= best_value - 1)  # only a better schedule is worth finding
        model.minimize(objective)
        hint(model, best)
        left = seconds - (time.monotonic() - began)
        if left <= 0.01:
            break
        outcome = search(model, min(left, NEIGHBOURHOOD_SECONDS), workers, deterministic_limit=NEIGHBOURHOOD_EFFORT)
        if outcome.interrupted:
            interrupted = True
            break
        if outcome.values is not None and evaluate(objective, outcome.values) < best_value:
            best, best_value, failures = outcome.values, evaluate(objective, outcome.values), -1
            fixed = None
        # Next kind of neighbourhood, even after a success: one kind that keeps winning by a little
        # (measured: a night at a time, 4 s each) would starve the others.
        turn, failures = turn + 1, failures + 1
        if failures >= 2 * members and extra + 2 < members:  # everyone has had a turn: free more at once
            extra, failures = extra + 1, 0
    return Outcome(SearchStatus.FEASIBLE, best, best_value, seconds=time.monotonic() - began, interrupted=interrupted)


def _neighbourhood(
    built: ScheduleModel,
    values: Values,
    fixed: cp_model.CpModel,
    ranking: Ranking,
    turn: int,
    extra: int,
    focus: frozenset[int],
) -> cp_model.CpModel:
    """The model with all but one neighbourhood fixed as in ``values``; which one depends on the turn."""
    order = [member for member, _ in ranking]
    if focus and turn % 3 == 0:
        return built.freed(values, order, focus, fixed)
    if turn % 2:  # one day of more members' work: swaps that pass through several members
        chosen = {*order[:DAY_MEMBERS], *order[-DAY_MEMBERS:]}
        does = built.variables.does
        theirs = {i for (i, m), d in does.items() if m in chosen and values[d.index]}
        return built.freed(values, chosen, theirs & _on_day(built, values, turn // 2 % 7), fixed)
    return built.freed(values, _members(ranking, extra, turn // 2), fixed=fixed)


def _members(ranking: Ranking, extra: int, turn: int) -> tuple[int, ...]:
    """The first and the last in ``ranking``, and ``extra`` of the others from position ``turn``."""
    order = [member for member, _ in ranking]
    if len(order) <= extra + 2:
        return tuple(order)
    middle = order[1:-1]
    start = turn % len(middle)
    rotated = [*middle[start:], *middle[:start]]
    return (order[0], order[-1], *rotated[:extra])


def _on_day(built: ScheduleModel, values: Values, day: int) -> set[int]:
    """The occurrences that start on ``day`` in ``values``."""
    variables = built.variables
    return {index for index in variables.step if variables.start_minutes(index, values) // MINUTES_PER_DAY == day}
