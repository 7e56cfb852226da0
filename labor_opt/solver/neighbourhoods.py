"""Large-neighbourhood search of our own, deterministic: free a few members' work, keep the rest, solve again.

On large households one search of the whole model barely moves from its
start (measured: 1,530 occurrences, 30 s, not one improvement). Freeing the
work of a few members at a time (the two at either end of what is being
evened out, and one more in turn) leaves a model the size of a small
household's, which CP-SAT settles in about a second: a better schedule is
kept, and the next members are freed. Each search stops after a fixed
amount of CP-SAT's deterministic time, so the same household goes through
the same neighbourhoods and the same schedules on every run, as far as the
wall-clock limit lets it. All neighbourhoods of one search share one copy of
the model, whose domains each widens and fixes again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from labor_opt.kernel.horizon import MINUTES_PER_DAY
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.engine import Outcome, Search, SearchStatus, hint, search
from labor_opt.solver.goals import Values, evaluate
from labor_opt.solver.model import ScheduleModel

# CP-SAT's deterministic time for one neighbourhood (about a second here), and a wall-clock cap
# for the rare one whose presolve outlasts it.
NEIGHBOURHOOD_EFFORT = 1.5
NEIGHBOURHOOD_SECONDS = 4.0
# Copying the model to start the neighbourhoods from takes about 0.1 ms per occurrence (measured: 0.3 s
# at 3,046): with less time than that, no neighbourhood is tried, so that the time limit holds.
COPY_SECONDS_PER_OCCURRENCE = 0.0001
# Beyond any objective searched here (minutes, nights and scores, weighted): the range of the
# ceiling that keeps only better schedules.
CEILING = 2**40
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
    search_with: Search,
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
    if seconds - 0.05 < COPY_SECONDS_PER_OCCURRENCE * len(built.problem.occurrences) or _done(done, best):
        return Outcome(SearchStatus.FEASIBLE, best, best_value, interrupted=interrupted)
    # One copy of the model for the whole search, every decision fixed as in the best schedule: each
    # neighbourhood widens some domains and fixes them again afterwards (a copy per neighbourhood made
    # peak memory grow by gigabytes at 3,046 occurrences).
    working = built.fixed(best)
    ceiling = working.new_int_var(-CEILING, CEILING, "objective_ceiling")
    working.add(objective <= ceiling)  # only a better schedule is worth finding: ceiling <= best - 1
    working.minimize(objective)
    size = len(built.model.proto.variables)
    while time.monotonic() - began < seconds - 0.05 and not _done(done, best):
        free = _neighbourhood(built, best, rank(best), turn, extra, focus)
        left = seconds - (time.monotonic() - began)
        if left <= 0.05:
            break
        built.widen(working, free)
        _set_domain(working, ceiling, best_value - 1)
        hint(working, best)
        seconds_now = min(left, NEIGHBOURHOOD_SECONDS)
        outcome = search(working, seconds_now, search_with, deterministic_limit=NEIGHBOURHOOD_EFFORT)
        if outcome.values is not None and evaluate(objective, outcome.values) < best_value:
            best, best_value, failures = outcome.values[:size], evaluate(objective, outcome.values), -1
        built.fix(working, free, best)
        if outcome.interrupted:
            interrupted = True
            break
        # Next kind of neighbourhood, even after a success: one kind that keeps winning by a little
        # (measured: a night at a time, 4 s each) would starve the others.
        turn, failures = turn + 1, failures + 1
        if failures >= 2 * members and extra + 2 < members:  # everyone has had a turn: free more at once
            extra, failures = extra + 1, 0
    return Outcome(SearchStatus.FEASIBLE, best, best_value, seconds=time.monotonic() - began, interrupted=interrupted)


def _done(done: Callable[[Values], bool] | None, values: Values) -> bool:
    return done is not None and done(values)


def _set_domain(model: cp_model.CpModel, variable: cp_model.IntVar, most: int) -> None:
    """``variable`` at most ``most`` in ``model``."""
    domain = model.proto.variables[variable.index].domain
    domain.clear()
    domain.extend([-CEILING, most])


def _neighbourhood(
    built: ScheduleModel,
    values: Values,
    ranking: Ranking,
    turn: int,
    extra: int,
    focus: frozenset[int],
) -> list[cp_model.IntVar]:
    """The decisions one neighbourhood frees, the rest staying as in ``values``; which one depends on the turn."""
    order = [member for member, _ in ranking]
    if focus and turn % 3 == 0:
        return built.freeable(values, order, focus)
    if turn % 2:  # one day of more members' work: swaps that pass through several members
        chosen = {*order[:DAY_MEMBERS], *order[-DAY_MEMBERS:]}
        does = built.variables.does
        theirs = {i for (i, m), d in does.items() if m in chosen and values[d.index]}
        return built.freeable(values, chosen, theirs & _on_day(built, values, turn // 2 % 7))
    return built.freeable(values, _members(ranking, extra, turn // 2))


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
