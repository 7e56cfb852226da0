"""A greedy schedule: the longest occurrence first, to the least-loaded member who is free.

It is the benchmarks' baseline, and the solver's warm start: on large
households, CP-SAT starts from it (as a hint) instead of searching for a
first schedule from nothing. It keeps every validity rule, but may fail to
place an occurrence that a smarter order would have placed; then it gives up
and says which (:class:`GreedyStuck`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from labor_opt.household.units import MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.data import Problem
from labor_opt.schedule import Placement


@dataclass
class GreedySchedule:
    """Placements and owners found greedily, with the days chosen for chosen-day occurrences."""

    placements: list[Placement]
    owners: dict[int, int]  # task -> member
    days: dict[int, int]  # occurrence -> the day it was placed on


class GreedyStuck(Exception):
    """The greedy could not place an occurrence (``occurrence``: its index)."""

    def __init__(self, occurrence: int) -> None:
        super().__init__(f"no member is free for occurrence {occurrence}")
        self.occurrence = occurrence


def greedy_schedule(problem: Problem, order: str = "longest") -> GreedySchedule:
    """Place every occurrence greedily; raise :class:`GreedyStuck` when one cannot be placed.

    ``order`` "longest" places the longest occurrences first (the classic
    baseline); "constrained" first those the fewest members can do, which
    fails less often and makes a better warm start.
    """
    busy = [bytearray(MINUTES_PER_WEEK * 2) for _ in problem.members]  # two weeks: wrap without modulo
    chores = [0] * len(problem.members)
    load = [member.fixed_load for member in problem.members]
    doers: dict[int, tuple[int, ...]] = {}  # assign: one task -> its members
    days_taken: dict[int, list[int]] = {}  # task -> days used by its chosen-day occurrences
    placed: dict[int, Placement] = {}
    days: dict[int, int] = {}

    def weighted(member: int) -> float:
        facts = problem.members[member]
        return load[member] * facts.scale if facts.balanced else float(load[member])

    def free(member: int, start: int, length: int) -> bool:
        return busy[member].find(1, start, start + length) == -1

    def longest_first(index: int) -> tuple[int, ...]:
        occurrence = problem.occurrences[index]
        task = problem.tasks[occurrence.task]
        return (-max(task.length.values(), default=0), len(occurrence.members_with_time()))

    def constrained_first(index: int) -> tuple[int, ...]:
        occurrence = problem.occurrences[index]
        task = problem.tasks[occurrence.task]
        starts = sum(len(by_day) for by_member in occurrence.starts.values() for by_day in by_member.values())
        return (len(occurrence.members_with_time()) - task.people, -int(task.assign_one), starts, index)

    key = longest_first if order == "longest" else constrained_first
    for index in sorted(range(len(problem.occurrences)), key=key):
        occurrence = problem.occurrences[index]
        task = problem.tasks[occurrence.task]
        members = doers.get(occurrence.task) or occurrence.members_with_time()
        members = tuple(sorted(members, key=weighted))
        allowed_days = [
            day
            for day in occurrence.days
            if not task.chosen_days or _gap_ok(day, days_taken.get(occurrence.task, []), task.min_gap_days)
        ]
        choice = _first_fit(problem, index, members, allowed_days, task.people, chores, free)
        if choice is None:
            raise GreedyStuck(index)
        day, start, chosen = choice
        for member in chosen:
            length = task.length[member]
            busy[member][start : start + length] = b"\x01" * length
            if start + length > MINUTES_PER_WEEK:  # runs over Sunday midnight into Monday
                wrapped = start + length - MINUTES_PER_WEEK
                busy[member][:wrapped] = b"\x01" * wrapped
            if start < MINUTES_PER_DAY:  # so that a Sunday-night occurrence sees it too
                busy[member][MINUTES_PER_WEEK + start : MINUTES_PER_WEEK + start + length] = b"\x01" * length
            chores[member] += length
            load[member] += length
        if task.assign_one:
            doers[occurrence.task] = chosen
        if task.chosen_days:
            days_taken.setdefault(occurrence.task, []).append(day)
        placed[index] = Placement(index, start, chosen)
        days[index] = day
    owners = {}
    for task_index, task in enumerate(problem.tasks):
        if task.mental_load:
            candidates = doers.get(task_index) or task.allowed
            owner = min(candidates, key=weighted)
            owners[task_index] = owner
            load[owner] += task.mental_load
    # Solver-chosen days were numbered in placement order; number them in day order.
    for task in problem.tasks:
        if task.chosen_days:
            ordered = sorted(task.occurrences, key=lambda i: days[i])
            renumbered = {slot: placed[source] for slot, source in zip(task.occurrences, ordered)}
            new_days = {slot: days[source] for slot, source in zip(task.occurrences, ordered)}
            for slot, placement in renumbered.items():
                placed[slot] = Placement(slot, placement.start, placement.members)
                days[slot] = new_days[slot]
    return GreedySchedule([placed[i] for i in range(len(problem.occurrences))], owners, days)


def _first_fit(
    problem: Problem,
    index: int,
    members: tuple[int, ...],
    days: list[int],
    people: int,
    chores: list[int],
    is_free: Callable[[int, int, int], bool],
) -> tuple[int, int, tuple[int, ...]] | None:
    occurrence = problem.occurrences[index]
    task = problem.tasks[occurrence.task]
    capped = [
        m
        for m in members
        if problem.members[m].max_chores is None or chores[m] + task.length[m] <= (problem.members[m].max_chores or 0)
    ]
    if people == 1:
        for member in capped:
            for day in days:
                for start in occurrence.starts[member][day]:
                    if is_free(member, start, task.length[member]):
                        return day, start, (member,)
        return None
    for day in days:
        starts = sorted({s for m in capped for s in occurrence.starts[m][day]})
        for start in starts:
            able = [m for m in capped if start in occurrence.starts[m][day] and is_free(m, start, task.length[m])]
            if len(able) >= people:
                return day, start, tuple(sorted(able[:people]))
    return None


def _gap_ok(day: int, taken: list[int], min_gap: int) -> bool:
    return all(min((day - other) % 7, (other - day) % 7) > min_gap for other in taken)
