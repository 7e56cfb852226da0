"""Today's split, from the household file's `now:` keys, in the schedule file's shape.

`now` says who does each task today, not when. Each occurrence is placed
at the first time in its window when all its members are free and awake
(asleep only for a night task that cannot be done awake) and not already
doing another of today's chores, so that the figures, disturbed nights
included, are what the split costs at best. Where no such time exists the
occurrence goes at its window's opening and the checker reports what that
breaks: today's split may break rules, and the audit says which.

Tasks with no `now` are counted as the plan does them, so that today and
the plan differ only where the household said what happens today.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from labor_opt.household.eligibility import real_length
from labor_opt.household.models import Household, Task
from labor_opt.household.units import format_clock
from labor_opt.kernel.horizon import DAY_NAMES, DAYS_PER_WEEK, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.build import window_on_day
from labor_opt.problem.week import MemberWeek, member_week
from labor_opt.schedule.model import Assignment, Schedule


@dataclass
class _Diary:
    """The members' weeks, and the minutes already given to today's chores."""

    weeks: dict[str, MemberWeek]
    taken: dict[str, npt.NDArray[np.bool_]]
    resolution: int

    def first_free(self, doers: Sequence[str], first: int, last: int, length: int, night: bool) -> int | None:
        """The first start where every doer is free, awake if possible, and not doing another chore."""
        for asleep_allowed in (False, True) if night else (False,):
            for start in range(first, last + 1, self.resolution):
                if all(
                    self.weeks[m].is_free(start % MINUTES_PER_WEEK, length, night=asleep_allowed)
                    and not self.taken[m].take(range(start, start + length), mode="wrap").any()
                    for m in doers
                ):
                    return start
        return None

    def take(self, members: Sequence[str], start: int, length: int) -> None:
        """Note that ``members`` do a chore from ``start`` for ``length`` minutes."""
        for member in members:
            self.taken[member].put(range(start, start + length), True, mode="wrap")


def split_from_now(household: Household, plan: Schedule) -> dict[str, Any]:
    """Today's split of ``household`` (its scenario applied): `now` where given, else as in ``plan``.

    The result has the schedule file's ``assignments`` and ``owners``; its
    figures are for the checker to compute.
    """
    diary = _Diary(
        {member.id: member_week(member) for member in household.members},
        {member.id: np.zeros(MINUTES_PER_WEEK, dtype=np.bool_) for member in household.members},
        household.settings.resolution,
    )
    recorded = {task.id for task in household.tasks if task.now}
    assignments = [a for a in plan.assignments if a.task not in recorded]
    for assignment in assignments:
        diary.take(assignment.members, assignment.week_minute, assignment.minutes)
    for task in household.tasks:
        if task.now:
            assignments += _placed(household, task, diary)
    owners = {task: member for task, member in plan.owners.items() if task not in recorded}
    owners |= {task.id: task.now[0] for task in household.tasks if task.now and task.mental_load}
    assignments.sort(key=lambda a: (a.week_minute, a.task, a.occurrence))
    return {
        "version": 1,
        "household": household.name,
        "scenario": household.scenario_name,
        "assignments": [assignment.to_dict() for assignment in assignments],
        "owners": dict(sorted(owners.items())),
    }


def _placed(household: Household, task: Task, diary: _Diary) -> list[Assignment]:
    """Every occurrence of ``task`` with its `now` members, each at the first time that suits them."""
    assert task.now is not None
    resolution = household.settings.resolution
    doers = tuple(sorted(task.now))
    length = max(real_length(household.member(m), task, resolution) for m in doers)
    placed = []
    for number, day in enumerate(_days(task, doers, length, diary), start=1):
        first, last = _span(task, day, length, resolution)
        start = diary.first_free(doers, first, last, length, task.night)
        start = (first if start is None else start) % MINUTES_PER_WEEK  # None: the checker says what breaks
        diary.take(doers, start, length)
        end = (start + length) % MINUTES_PER_DAY
        placed.append(
            Assignment(
                task=task.id,
                occurrence=number,
                day=DAY_NAMES[start // MINUTES_PER_DAY],
                start=format_clock(start % MINUTES_PER_DAY),
                end="24:00" if end == 0 else format_clock(end),
                members=doers,
                minutes=length,
                night=task.night,
                belongs_to=DAY_NAMES[day],
            )
        )
    return placed


def _days(task: Task, doers: Sequence[str], length: int, diary: _Diary) -> tuple[int, ...]:
    """The task's days; when the household picks them, the first choice (gaps kept) on which the doers are free."""
    if task.repeat.days is not None:
        return tuple(task.repeat.days)
    choices = [
        days
        for days in itertools.combinations(range(DAYS_PER_WEEK), task.repeat.count)
        if _gaps_kept(days, task.repeat.min_gap_days)
    ]
    for days in choices:
        spans = [_span(task, day, length, diary.resolution) for day in days]
        if all(diary.first_free(doers, first, last, length, task.night) is not None for first, last in spans):
            return days
    return choices[0]


def _gaps_kept(days: tuple[int, ...], gap: int) -> bool:
    """At least ``gap`` empty days between consecutive days, around the week's end too."""
    following = (*days[1:], days[0] + 7)
    return all(after - before > gap for before, after in zip(days, following))


def _span(task: Task, day: int, length: int, resolution: int) -> tuple[int, int]:
    """The first and last grid starts of an occurrence on ``day`` (week minutes)."""
    if task.effective_window is None:
        return day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY - resolution
    first, end = window_on_day(task, day, resolution)
    return first, max(first, end - length)
