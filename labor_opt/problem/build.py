"""Household -> Problem: occurrences, real lengths, candidate starts, load scales.

Everything hard about the domain (grids, midnight, the week's end, skills) is
settled here, so that the CP-SAT model only sees integers.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from labor_opt.household.eligibility import exclusion, preference, real_length, why_not_allowed
from labor_opt.household.models import Household, Task
from labor_opt.household.shares import load_scales
from labor_opt.household.times import Presence
from labor_opt.kernel.horizon import DAYS_PER_WEEK, MINUTES_PER_DAY
from labor_opt.problem.data import MemberFacts, Occurrence, PresenceFacts, Problem, TaskFacts
from labor_opt.problem.week import MemberWeek, member_week, overlapping_periods

SleepHits = dict[int, dict[int, tuple[int, ...]]]  # member -> start -> the sleep periods it overlaps


def build_problem(household: Household) -> Problem:
    """Reduce a validated household to the solver-independent problem.

    >>> import labor_opt
    >>> problem = build_problem(labor_opt.load("examples/dual_earners_toddler.yaml"))
    >>> problem.members[0].id
    'alex'
    """
    with _no_cycle_collection():
        return _build(household)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while the problem is built.

    A large household's problem is millions of small tuples of candidate
    starts and no reference cycles; the collector, run again and again as
    they pile up, only costs time (measured at 3,046 occurrences: 1.2-1.3 s
    without it, 1.3-2.2 s with it, which decides whether a 2 s limit holds).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(household: Household) -> Problem:
    settings = household.settings
    weeks = [member_week(member) for member in household.members]
    scales, denominator = load_scales(household)
    tasks: list[TaskFacts] = []
    occurrences: list[Occurrence] = []
    for task_index in range(len(household.tasks)):
        facts, task_occurrences = _task(household, task_index, weeks, first=len(occurrences))
        tasks.append(facts)
        occurrences += task_occurrences
    reach = _reach(len(household.members), (occurrences[t.occurrences[0]].sleep_hits for t in tasks if t.night))
    members = tuple(
        MemberFacts(
            id=member.id,
            name=member.display_name,
            balanced=member.balance,
            paid=week.paid,
            commute=week.commute,
            fixed_load=week.paid + week.commute if settings.fairness.measure == "total" else 0,
            max_chores=member.max_chores,
            max_mental=member.mental_cap,
            max_nights=member.night_cap,
            sleep_periods=week.sleep_periods,
            busy=week.busy_runs(),
            scale=scales.get(member.id, 0),
            nights_in_reach=nights,
        )
        for member, week, nights in zip(household.members, weeks, reach)
    )
    return Problem(
        household=household.name,
        scenario=household.scenario_name,
        resolution=settings.resolution,
        measure=settings.fairness.measure,
        tolerance=settings.fairness.tolerance,
        time_limit=settings.time_limit,
        members=members,
        tasks=tuple(tasks),
        occurrences=tuple(occurrences),
        scale_denominator=denominator,
        leximin=settings.fairness.objective == "leximin",
        balance_routine=settings.fairness.routine == "balance",
        presence=tuple(_presence(household, block) for block in household.presence),
    )


def nights_in_reach(household: Household) -> dict[str, int]:
    """Each member's nights a night task could wake them in, counted as a solve counts them (by member id).

    A schedule read back from a file carries no problem; this lays out only
    the night tasks (nothing at all for a household without one, whose
    members no task can wake), so that what it says of being woken every
    night a member can be holds as for a schedule just solved.
    """
    night = [index for index, task in enumerate(household.tasks) if task.night]
    if not night:
        return {}
    weeks = [member_week(member) for member in household.members]
    hits = (_task(household, index, weeks, first=0)[1][0].sleep_hits for index in night)  # shared by its occurrences
    reach = _reach(len(household.members), hits)
    return {member.id: nights for member, nights in zip(household.members, reach)}


def _reach(members: int, night_tasks: Iterable[SleepHits]) -> list[int]:
    """How many of each member's sleep periods some night task could overlap, at a start they are free for.

    A night counts only when a night task the member may do (who, never and
    skills; caps aside) has a free start inside its window that overlaps
    that sleep: sleep wholly inside work or time away, or day sleep after a
    night shift that no night task's window reaches, is a night nobody can
    wake them in, so being woken on every other night is being woken every
    night they can be.
    """
    reached: list[set[int]] = [set() for _ in range(members)]
    for hits in night_tasks:
        for member, by_start in hits.items():
            for periods in by_start.values():
                reached[member].update(periods)
    return [len(periods) for periods in reached]


def _presence(household: Household, block: Presence) -> PresenceFacts:
    ids = [member.id for member in household.members]
    named = block.who if block.who is not None else ids
    return PresenceFacts(
        name=block.label,
        spans=tuple(
            (day * MINUTES_PER_DAY + block.start, day * MINUTES_PER_DAY + block.start + block.minutes)
            for day in block.days
        ),
        members=tuple(sorted({ids.index(member) for member in named})),
        people=block.people,
        awake=block.awake,
    )


def _task(
    household: Household, task_index: int, weeks: list[MemberWeek], first: int
) -> tuple[TaskFacts, list[Occurrence]]:
    """One task's facts and its occurrences (numbered from ``first`` in the problem's list).

    Rule 2 decides who is allowed; rules 1 and 3 decide each member's
    candidate starts (:func:`candidate_starts`).
    """
    task = household.tasks[task_index]
    resolution = household.settings.resolution
    allowed = tuple(i for i, member in enumerate(household.members) if why_not_allowed(member, task) is None)
    length = {i: real_length(household.members[i], task, resolution) for i in allowed}
    starts = candidate_starts(task, allowed, length, weeks, resolution)
    sleep_hits = {i: _sleep_hits(starts[i], length[i], weeks[i]) for i in allowed} if task.night else {}
    day_lists = (
        [tuple(range(DAYS_PER_WEEK))] * task.repeat.times
        if task.repeat.days is None
        else [(day,) for day in task.repeat.days]
    )
    occurrences = [
        Occurrence(
            task=task_index,
            number=number,
            days=days,
            starts={i: {day: starts[i][day] for day in days} for i in allowed},
            sleep_hits=sleep_hits,
        )
        for number, days in enumerate(day_lists, start=1)
    ]
    facts = TaskFacts(
        id=task.id,
        name=task.display_name,
        people=task.people,
        assign_one=task.assign == "one",
        night=task.night,
        mental_load=task.mental_load,
        allowed=allowed,
        length=length,
        preference={i: preference(household.members[i], task) for i in allowed},
        chosen_days=task.repeat.chosen_days,
        min_gap_days=task.repeat.min_gap_days,
        occurrences=tuple(range(first, first + len(occurrences))),
        window=task.effective_window.minutes if task.effective_window is not None else None,
        away=task.away,
        excluded={
            i: reason for i, member in enumerate(household.members) if (reason := exclusion(member, task)) is not None
        },
    )
    return facts, occurrences


def _sleep_hits(starts: dict[int, tuple[int, ...]], length: int, week: MemberWeek) -> dict[int, tuple[int, ...]]:
    """For a night task: each candidate start -> the member's sleep periods it would disturb."""
    return {
        start: hits
        for by_day in starts.values()
        for start in by_day
        if (hits := overlapping_periods(start, length, week.sleep_periods))
    }


def window_on_day(task: Task, day: int, resolution: int) -> tuple[int, int]:
    """The grid-aligned [start, end) of the task's window on ``day``.

    The window's edges round inward (an occurrence lies wholly inside).
    """
    window = task.effective_window
    assert window is not None
    start = day * MINUTES_PER_DAY + window.start
    end = start + window.minutes
    return math.ceil(start / resolution) * resolution, end // resolution * resolution


def candidate_starts(
    task: Task,
    allowed: tuple[int, ...],
    length: dict[int, int],
    weeks: list[MemberWeek],
    resolution: int,
) -> dict[int, dict[int, tuple[int, ...]]]:
    """Each allowed member's grid starts, by day, where the whole occurrence fits.

    Rule 1: on the task's days, on the grid, inside the window (its edges
    rounded inward); rule 3, busy time: the member is free (not at work,
    commuting or unavailable) and awake unless it is a night task.
    """
    days = range(DAYS_PER_WEEK) if task.repeat.days is None else task.repeat.days
    result: dict[int, dict[int, tuple[int, ...]]] = {}
    for member in allowed:
        result[member] = {}
        for day in days:
            if task.effective_window is None:  # it starts on that day and may run past midnight
                first, last = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY - resolution
            else:
                first, end = window_on_day(task, day, resolution)
                last = end - length[member]
            result[member][day] = weeks[member].free_starts(first, last, resolution, length[member], night=task.night)
    return result
