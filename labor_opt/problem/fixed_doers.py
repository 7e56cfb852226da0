"""A problem whose every occurrence has its members fixed: only when each is done is left to choose.

`now:` says who does a task today, not when. To find where today's split
can be done without breaking a rule it need not break, the audit solves
this problem: each occurrence is done by the members fixed for it (its
task's `now` members, or the plan's for a task without `now`), whoever
they are. The rules about who (`who`, `never`, skills, `assign: one`, the
caps, mental-load owners) are left out: they belong to who, so they break
whatever the times; the checker reports them on the split as a whole, and
they must never make the placement impossible.

The rules about when stay, with one difference: an occurrence may start
anywhere in its window on its day (so that a placement always exists),
and :attr:`FixedDoers.free` says where its members are free (and awake,
unless it is a night task) together. The solver keeps to those starts
every occurrence it can; one it cannot is one whose rules of time no
placement keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from labor_opt.household.eligibility import real_length
from labor_opt.household.models import Household, Task
from labor_opt.kernel.horizon import DAYS_PER_WEEK, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.build import candidate_starts, window_on_day
from labor_opt.problem.data import MemberFacts, Occurrence, Problem, TaskFacts
from labor_opt.problem.week import MemberWeek, member_week, overlapping_periods

Key = tuple[str, int]  # (task id, occurrence number)
Doers = Mapping[Key, Sequence[str]]  # who does each occurrence: member ids
Starts = dict[int, dict[int, tuple[int, ...]]]  # member index -> day -> starts (week minutes)


@dataclass(frozen=True)
class FixedDoers:
    """The problem with its members fixed, and where each occurrence's members are free together.

    ``problem``'s occurrences may start anywhere in their windows; ``free``
    holds, by (task id, occurrence number), the starts on any of its days at
    which all its members are free (and awake, unless it is a night task).
    """

    problem: Problem
    free: dict[Key, tuple[int, ...]]


def with_doers_fixed(household: Household, problem: Problem, doers: Doers) -> FixedDoers:
    """``problem`` (built from ``household``) with each occurrence's members fixed to ``doers``' (every one given).

    The members' caps are lifted and the tasks' `who` rules, mental loads
    and `assign: one` dropped (see the module's description).
    """
    index = {member.id: position for position, member in enumerate(problem.members)}
    weeks = _Weeks(household)
    tasks: list[TaskFacts] = []
    occurrences: list[Occurrence] = []
    free: dict[Key, tuple[int, ...]] = {}
    for task, facts in zip(household.tasks, problem.tasks):
        numbers = [problem.occurrences[o].number for o in facts.occurrences]
        who = {number: tuple(sorted(index[m] for m in doers[task.id, number])) for number in numbers}
        fixed_facts, fixed_occurrences = _fixed_task(weeks, problem, task, facts, who, len(tasks), len(occurrences))
        tasks.append(fixed_facts)
        occurrences += fixed_occurrences
        free_starts = _free_starts(weeks, problem, task, facts, fixed_facts.length)
        for occurrence in fixed_occurrences:
            free[task.id, occurrence.number] = _together(free_starts, who[occurrence.number], occurrence.days)
    members = tuple(_uncapped(member) for member in problem.members)
    fixed_problem = replace(problem, members=members, tasks=tuple(tasks), occurrences=tuple(occurrences))
    return FixedDoers(fixed_problem, free)


def _fixed_task(
    weeks: _Weeks,
    problem: Problem,
    task: Task,
    facts: TaskFacts,
    who: dict[int, tuple[int, ...]],
    task_index: int,
    first: int,
) -> tuple[TaskFacts, list[Occurrence]]:
    """The task (``task_index`` in the new problem) and its occurrences (from ``first``), done by ``who``."""
    members = tuple(sorted({m for fixed in who.values() for m in fixed}))
    length = {m: real_length(weeks.household.members[m], task, problem.resolution) for m in members}
    anywhere = {
        m: {day: _window_starts(task, day, length[m], problem.resolution) for day in _days(task)} for m in members
    }
    hits = _sleep_hits(problem, anywhere, length) if task.night else {}
    occurrences = [
        replace(
            occurrence,
            task=task_index,
            starts={m: {day: anywhere[m][day] for day in occurrence.days} for m in who[occurrence.number]},
            sleep_hits=hits,
        )
        for occurrence in (problem.occurrences[o] for o in facts.occurrences)
    ]
    fixed = replace(
        facts,
        allowed=members,
        length=length,
        preference=dict.fromkeys(members, 0),
        people=max((len(doers) for doers in who.values()), default=facts.people),
        assign_one=False,
        mental_load=0,
        occurrences=tuple(range(first, first + len(occurrences))),
        excluded={},
    )
    return fixed, occurrences


def _uncapped(member: MemberFacts) -> MemberFacts:
    """The member with no chore, mental-load or night cap: breaking one is the checker's finding, not a time's."""
    return replace(member, max_chores=None, max_mental=None, max_nights=len(member.sleep_periods))


class _Weeks:
    """The members' weeks, laid out once, and only if a member not allowed a task is fixed to do it."""

    def __init__(self, household: Household) -> None:
        self.household = household
        self._weeks: list[MemberWeek] = []

    def __call__(self) -> list[MemberWeek]:
        if not self._weeks:
            self._weeks = [member_week(member) for member in self.household.members]
        return self._weeks


def _days(task: Task) -> Sequence[int]:
    return range(DAYS_PER_WEEK) if task.repeat.days is None else task.repeat.days


def _free_starts(weeks: _Weeks, problem: Problem, task: Task, facts: TaskFacts, length: dict[int, int]) -> Starts:
    """Each member's free starts by day: the problem's for a member allowed the task, else found now."""
    known = [m for m in length if m in facts.allowed and facts.length.get(m) == length[m]]
    starts: Starts = {m: {} for m in known}
    for o in facts.occurrences:
        for m in known:
            starts[m] |= problem.occurrences[o].starts[m]
    others = tuple(m for m in length if m not in starts)
    if others:
        starts |= candidate_starts(task, others, length, weeks(), problem.resolution)
    return starts


def _window_starts(task: Task, day: int, length: int, resolution: int) -> tuple[int, ...]:
    """Every grid start on ``day`` inside the task's window, free or not (week minutes).

    A window too short for the member still has its first start: every
    occurrence can be placed somewhere, and the checker says what that breaks.
    """
    if task.effective_window is None:
        first, last = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY - resolution
    else:
        first, end = window_on_day(task, day, resolution)
        last = max(first, end - length)
    return tuple(start % MINUTES_PER_WEEK for start in range(first, last + 1, resolution))


def _together(starts: Starts, members: tuple[int, ...], days: tuple[int, ...]) -> tuple[int, ...]:
    """The starts on any of ``days`` at which every one of ``members`` is free."""
    together: set[int] = set()
    for day in days:
        common = set(starts[members[0]].get(day, ())) if members else set()
        for member in members[1:]:
            common &= set(starts[member].get(day, ()))
        together |= common
    return tuple(sorted(together))


def _sleep_hits(problem: Problem, starts: Starts, length: dict[int, int]) -> Starts:
    """For a night task: each member's starts -> the sleep periods they would disturb."""
    return {
        member: {
            start: hits
            for by_day in by_member.values()
            for start in by_day
            if (hits := overlapping_periods(start, length[member], problem.members[member].sleep_periods))
        }
        for member, by_member in starts.items()
    }
