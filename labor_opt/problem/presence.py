"""Presence blocks that fixed time away alone makes impossible: where a household needs someone else.

Before any chore is placed, work, commute, unavailable time and hours
outside ``available`` already take members away. Where that leaves fewer
than ``people`` at home, no schedule can help; this says when, and why for
each member ("nobody is home with Zoe on tue 15:30-16:10: alex at work
until 17:00, sam commuting until 16:10").
"""

from __future__ import annotations

from labor_opt.household.units import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK, format_clock
from labor_opt.problem.data import PresenceFacts, Problem

Shortfall = tuple[PresenceFacts, int, int]  # the block, and [start, end) in week minutes where too few are home


def shortfalls(problem: Problem) -> list[Shortfall]:
    """Every stretch of a presence block with too few members at home on fixed time away alone."""
    found = []
    for block in problem.presence:
        for begin, end in block.spans:
            run_start = None
            for minute in range(begin, end + 1):
                short = minute < end and _home(problem, block, minute) < block.people
                if short and run_start is None:
                    run_start = minute
                elif not short and run_start is not None:
                    found.append((block, run_start, minute))
                    run_start = None
    return found


def describe(problem: Problem, shortfall: Shortfall) -> str:
    """The shortfall in words, with each member's reason."""
    block, start, end = shortfall
    when = f"{DAY_NAMES[(start // MINUTES_PER_DAY) % 7]} {format_clock(start % MINUTES_PER_DAY)}-{_end(end)}"
    reasons = "; ".join(_reason(problem, member, start, end) for member in block.members)
    if block.people == 1:
        return f"{block.name}: nobody is home on {when}: {reasons}"
    return f"{block.name}: fewer than {block.people} are home on {when}: {reasons}"


def _home(problem: Problem, block: PresenceFacts, minute: int) -> int:
    return sum(1 for member in block.members if _away_at(problem, member, minute) is None)


def _away_at(problem: Problem, member: int, minute: int) -> tuple[str, int] | None:
    """What takes the member away at ``minute`` and until when (week minutes), or None when they are home."""
    at = minute % MINUTES_PER_WEEK
    for kind, start, stop in problem.members[member].busy:
        if kind != "asleep" and start <= at < stop:
            return kind, minute + (stop - at)
    return None


def _reason(problem: Problem, member: int, minute: int, end: int) -> str:
    """Why the member is not home from ``minute``: each stretch away in turn, while the shortfall lasts."""
    name = problem.members[member].id
    stretches = []
    away = _away_at(problem, member, minute)
    while away is not None:
        kind, until = away
        later_day = until // MINUTES_PER_DAY != minute // MINUTES_PER_DAY and until % MINUTES_PER_DAY != 0
        day = f"{DAY_NAMES[(until // MINUTES_PER_DAY) % 7]} " if later_day else ""
        stretches.append(f"{kind} until {day}{_end(until)}")
        away = _away_at(problem, member, until) if until < end else None
    return f"{name} " + (", then ".join(stretches) if stretches else "is home")


def _end(minute: int) -> str:
    clock = minute % MINUTES_PER_DAY
    return "24:00" if clock == 0 else format_clock(clock)
