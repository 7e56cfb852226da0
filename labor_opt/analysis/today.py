"""Today's split, from the household file's `now:` keys, in the schedule file's shape.

`now` says who does each task today, not when. Who does each occurrence is
therefore fixed: its task's `now` members, or the plan's for a task with no
`now` (so that today and the plan differ only where the household said
what happens today). When is chosen by solving, in the plan's own model
(:mod:`labor_opt.solver.placing`): as many occurrences as possible keep every
rule of time (window, busy time and sleep, no overlap, presence), then the
fewest nights woken, then the plan's times as far as they fit. A rule
broken there is one no placement avoids: someone is at work at every time
the window allows, or two occurrences cannot both fit. Such an occurrence
goes at the time in its window that clashes with the fewest, and the
checker reports what it breaks. The rules about who (a skill, `who`,
`never`, the caps) break whatever the times; the checker reports those too.

When the time limit or Ctrl-C comes before the solve has placed anything,
each occurrence goes at the first time in its window that suits its
members, and the audit says that some of what it breaks may be avoidable.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from labor_opt.analysis.comparison import baseline_of
from labor_opt.household.eligibility import real_length
from labor_opt.household.models import Household, Task
from labor_opt.household.units import format_clock
from labor_opt.kernel.horizon import DAY_NAMES, DAYS_PER_WEEK, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.build import build_problem, window_on_day
from labor_opt.problem.fixed_doers import with_doers_fixed
from labor_opt.problem.week import BUSY_WORDS, MemberWeek, member_week
from labor_opt.schedule.model import Assignment, Schedule
from labor_opt.solve_params import Deadline, SolveParams, StopToken

if TYPE_CHECKING:
    from labor_opt.solver.placing import Placing

# How today's times were chosen (TodaySplit.placed): by a solve proven to leave the fewest occurrences breaking a
# rule of time, by the best solve the time allowed, or each at the first time that suits (no solve in time).
SOLVED, BEST_FOUND, FIRST_FIT = "solved", "best_found", "first_fit"

Key = tuple[str, int]  # (task id, occurrence number)


@dataclass(frozen=True)
class PlacedSplit:
    """Today's split in the schedule file's shape, and how its times were chosen (:data:`SOLVED`, ...)."""

    split: dict[str, Any]
    placed: str


@dataclass
class _Diary:
    """The members' weeks, and the minutes already given to today's chores.

    Both are read through prefix sums over two weeks (a span may run past
    Sunday midnight), so that telling whether a start suits takes the same
    time however long the chore: a large household's fallback places
    thousands of occurrences, and the time limit may already have struck.
    """

    weeks: dict[str, MemberWeek]
    taken: dict[str, npt.NDArray[np.bool_]]
    resolution: int
    _used: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)  # prefix sums of taken, over two weeks
    _kinds: dict[str, list[npt.NDArray[np.int64]]] = field(default_factory=dict)  # of each kind of busy time

    def first_free(self, doers: Sequence[str], first: int, last: int, length: int, night: bool) -> int | None:
        """The first start where every doer is free, awake if possible, and not doing another chore."""
        for asleep_allowed in (False, True) if night else (False,):
            for start in range(first, last + 1, self.resolution):
                at = start % MINUTES_PER_WEEK
                if all(
                    self.weeks[m].is_free(at, length, night=asleep_allowed) and not self._doing(m, at, length)
                    for m in doers
                ):
                    return start
        return None

    def least_clashing(self, doers: Sequence[str], first: int, last: int, length: int, night: bool) -> int:
        """The first start where every doer is free; else the first with the fewest clashes (the rules it breaks)."""
        found = self.first_free(doers, first, last, length, night)
        if found is not None or last < first:
            return first if found is None else found
        at = np.arange(first, last + 1, self.resolution) % MINUTES_PER_WEEK
        clashes = np.zeros(len(at), dtype=np.int64)
        for member in doers:  # each kind of busy time it meets (work, commute, ...) is a rule broken, and each chore
            for covered in [*self._busy(member), *([] if night else [self._asleep(member)]), self._prefix(member)]:
                clashes += covered[at + length] > covered[at]
        return first + int(np.argmin(clashes)) * self.resolution

    def _doing(self, member: str, at: int, length: int) -> bool:
        """Whether the member already does a chore in [at, at + length) (``at`` inside the week)."""
        used = self._prefix(member)
        return bool(used[at + length] > used[at])

    def _busy(self, member: str) -> list[npt.NDArray[np.int64]]:
        """For each kind of busy time (work, commute, unavailable, away): the member's minutes of it before each."""
        if member not in self._kinds:
            busy = self.weeks[member].busy
            self._kinds[member] = [_over_two_weeks(busy == kind) for kind in BUSY_WORDS]
        return self._kinds[member]

    def _asleep(self, member: str) -> npt.NDArray[np.int64]:
        return _over_two_weeks(self.weeks[member].asleep)

    def _prefix(self, member: str) -> npt.NDArray[np.int64]:
        """How many of the member's minutes before each minute of two weeks are given to chores."""
        if member not in self._used:
            self._used[member] = _over_two_weeks(self.taken[member])
        return self._used[member]

    def take(self, members: Sequence[str], start: int, length: int) -> None:
        """Note that ``members`` do a chore from ``start`` for ``length`` minutes."""
        for member in members:
            self.taken[member][np.arange(start, start + length) % MINUTES_PER_WEEK] = True
            self._used.pop(member, None)


def _over_two_weeks(minutes: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """How many of ``minutes`` are set before each minute of two weeks running (a span may pass Sunday midnight)."""
    return np.concatenate(([0], np.cumsum(np.tile(minutes, 2))))


def split_from_now(
    household: Household, plan: Schedule, deadline: Deadline, params: SolveParams, stop: StopToken
) -> PlacedSplit:
    """Today's split of ``household`` (its scenario applied): `now` where given, else as in ``plan``.

    The times are placed by solving within ``deadline`` (with ``params``'
    workers; ``stop`` ends it). The result has the schedule file's
    ``assignments`` and ``owners``; its figures are for the checker to compute.
    """
    doers = _doers(household, plan)
    diary = _Diary(
        {member.id: member_week(member) for member in household.members},
        {member.id: np.zeros(MINUTES_PER_WEEK, dtype=np.bool_) for member in household.members},
        household.settings.resolution,
    )
    placing = _placing(household, plan, doers, deadline, params, stop)
    if placing is None:
        assignments, placed = _first_fit(household, plan, doers, diary), FIRST_FIT
    else:
        assignments = _solved(household, doers, placing, diary)
        placed = SOLVED if placing.proven else BEST_FOUND
    recorded = {task.id for task in household.tasks if task.now}
    owners = {task: member for task, member in plan.owners.items() if task not in recorded}
    owners |= {task.id: task.now[0] for task in household.tasks if task.now and task.mental_load}
    assignments.sort(key=lambda a: (a.week_minute, a.task, a.occurrence))
    split = {
        "version": 1,
        "household": household.name,
        "scenario": household.scenario_name,
        "assignments": [assignment.to_dict() for assignment in assignments],
        "owners": dict(sorted(owners.items())),
    }
    return PlacedSplit(split, placed)


def _doers(household: Household, plan: Schedule) -> dict[Key, tuple[str, ...]]:
    """Who does each occurrence today: the task's `now` members, else the plan's."""
    doers = {(a.task, a.occurrence): tuple(a.members) for a in plan.assignments}
    for task in household.tasks:
        if task.now:
            doers |= {(task.id, number): tuple(sorted(task.now)) for number in range(1, task.repeat.count + 1)}
    return doers


def _placing(
    household: Household,
    plan: Schedule,
    doers: dict[Key, tuple[str, ...]],
    deadline: Deadline,
    params: SolveParams,
    stop: StopToken,
) -> Placing | None:
    """The placement solved with every occurrence's members fixed, by ``deadline``; ``None``: none in time."""
    if deadline.expired() or stop.requested():
        return None
    from labor_opt.solver.engine import Search
    from labor_opt.solver.placing import place

    fixed = with_doers_fixed(household, build_problem(household), doers)
    search = Search(params.workers, params.portfolio, stop)
    return place(fixed.problem, fixed.free, baseline_of(plan), deadline, search)


def _solved(
    household: Household,
    doers: dict[Key, tuple[str, ...]],
    placing: Placing,
    diary: _Diary,
) -> list[Assignment]:
    """The solve's placement; what it could not place keeping every rule, where it clashes the least."""
    assignments = []
    for (task_id, number), start in placing.starts.items():
        task, members = household.task(task_id), doers[task_id, number]
        length = _length(household, task, members)
        diary.take(members, start, length)
        assignments.append(_assignment(task, number, start, placing.days[task_id, number], members, length))
    for (task_id, number), day in sorted(placing.days.items()):
        if (task_id, number) not in placing.starts:
            assignments.append(_clashing_least(household, household.task(task_id), number, day, doers, diary))
    return assignments


def _first_fit(
    household: Household, plan: Schedule, doers: dict[Key, tuple[str, ...]], diary: _Diary
) -> list[Assignment]:
    """No solve in time: the plan's assignments where there is no `now`, the others at the first time that suits."""
    recorded = {task.id for task in household.tasks if task.now}
    assignments = [a for a in plan.assignments if a.task not in recorded]
    for assignment in assignments:
        diary.take(assignment.members, assignment.week_minute, assignment.minutes)
    for task in household.tasks:
        if task.now:
            assignments += _placed(household, task, doers, diary)
    return assignments


def _placed(household: Household, task: Task, doers_of: dict[Key, tuple[str, ...]], diary: _Diary) -> list[Assignment]:
    """Every occurrence of ``task`` with its doers, each at the first time that suits them (or clashes least)."""
    placed = []
    first_doers = doers_of[task.id, 1]
    for number, day in enumerate(_days(task, first_doers, _length(household, task, first_doers), diary), start=1):
        placed.append(_clashing_least(household, task, number, day, doers_of, diary))
    return placed


def _clashing_least(
    household: Household, task: Task, number: int, day: int, doers_of: dict[Key, tuple[str, ...]], diary: _Diary
) -> Assignment:
    """One occurrence at the first time in its window that suits its doers, or the one that clashes least."""
    doers = doers_of[task.id, number]
    length = _length(household, task, doers)
    first, last = _span(task, day, length, household.settings.resolution)
    start = diary.least_clashing(doers, first, last, length, task.night) % MINUTES_PER_WEEK
    diary.take(doers, start, length)
    return _assignment(task, number, start, day, doers, length)


def _length(household: Household, task: Task, doers: Sequence[str]) -> int:
    """How long an occurrence takes its doers together: the slowest one's time."""
    return max(real_length(household.member(m), task, household.settings.resolution) for m in doers)


def _assignment(task: Task, number: int, start: int, day: int, doers: tuple[str, ...], length: int) -> Assignment:
    """One occurrence as the schedule file has it: ``start`` a week minute, ``day`` the one it belongs to."""
    end = (start + length) % MINUTES_PER_DAY
    return Assignment(
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
