"""A greedy schedule: the longest occurrence first, to the least-loaded member who is free.

It is the benchmarks' baseline, and the solver's warm start: on large
households, CP-SAT starts from it (as a hint) instead of searching for a
first schedule from nothing. It keeps every validity rule (an away task
leaves home only where every presence block keeps its people), but may fail to
place an occurrence that a smarter order would have placed; then it gives up
and says which (:class:`GreedyStuck`). An ``assign: one`` task is placed
whole, all its occurrences with one member (or one group), tried in turn
from the least loaded: placing its first occurrence alone would tie the
rest to a member who may have no time for them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from labor_opt.kernel.horizon import MINUTES_PER_DAY
from labor_opt.problem.data import Placement, Problem
from labor_opt.solver.at_home import AtHome


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


# From this many occurrences on (the large-household path), the warm start may place tasks whole.
WHOLE_TASKS_FROM_OCCURRENCES = 301


def warm_start(problem: Problem) -> GreedySchedule | None:
    """A greedy schedule to start from (milliseconds; a second at 3,000 occurrences), or ``None`` when it gets stuck.

    On large households, placing ``assign: one`` tasks whole first, which
    gets stuck far less often (each try costs a quarter of a second at
    3,000 occurrences); on small ones occurrence by occurrence only, as
    earlier versions did: they keep the start they had (measured: on 155
    occurrences a new start took the proof from 0.4 s to 1.3 s and changed
    the schedule), and with it their schedules.
    """
    large = len(problem.occurrences) >= WHOLE_TASKS_FROM_OCCURRENCES
    for whole_tasks in (True, False) if large else (False,):
        for order in ("constrained", "longest"):
            try:
                return greedy_schedule(problem, order, whole_tasks=whole_tasks)
            except GreedyStuck:
                continue
    return None


def greedy_schedule(problem: Problem, order: str = "longest", *, whole_tasks: bool = True) -> GreedySchedule:
    """Place every occurrence greedily; raise :class:`GreedyStuck` when one cannot be placed.

    ``order`` "longest" places the longest occurrences first (the classic
    baseline); "constrained" first those the fewest members can do, which
    fails less often and makes a better warm start. With ``whole_tasks``, an
    ``assign: one`` task is placed whole when its first occurrence comes up.
    """
    placer = _Placer(problem)
    key = placer.longest_first if order == "longest" else placer.constrained_first
    for index in sorted(range(len(problem.occurrences)), key=key):
        task = problem.tasks[problem.occurrences[index].task]
        if index in placer.placed:
            continue
        if task.assign_one and whole_tasks:
            placer.place_whole_task(problem.occurrences[index].task)
        else:
            placer.place(index)
    return placer.result()


# What placing a task whole may change: each member's busy minutes, nights, chores and load; the days taken;
# where the presence counts' log stood.
_Saved = tuple[dict[int, tuple[bytes, set[int], int, int]], dict[int, list[int]], int]

# How many member groups an ``assign: one`` task done together tries before giving up.
GROUPS_TRIED = 20


class _Placer:
    """The greedy's state: who is busy when, the loads so far, and what is placed."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.minutes = problem.horizon.minutes
        self.busy = [bytearray(self.minutes * 2) for _ in problem.members]  # twice the horizon: wrap without modulo
        self.chores = [0] * len(problem.members)
        self.load = [member.fixed_load for member in problem.members]
        self.doers: dict[int, tuple[int, ...]] = {}  # assign: one task -> its members
        self.days_taken: dict[int, list[int]] = {}  # task -> days used by its chosen-day occurrences
        self.placed: dict[int, Placement] = {}
        self.days: dict[int, int] = {}
        self.nights: list[set[int]] = [set() for _ in problem.members]  # sleep periods disturbed so far
        self.owners: dict[int, int] = {}  # task -> owner, for assign: one tasks (one of their members)
        self.mental = [0] * len(problem.members)
        self.at_home = AtHome(problem)

    def weighted(self, member: int) -> float:
        facts = self.problem.members[member]
        return self.load[member] * facts.scale if facts.balanced else float(self.load[member])

    def free(self, member: int, start: int, length: int) -> bool:
        return self.busy[member].find(1, start, start + length) == -1

    def may_take(self, index: int) -> Callable[[int, int, int], bool]:
        """Whether a member is free for occurrence ``index`` at a start, and keeps their night cap."""
        hits = self.problem.occurrences[index].sleep_hits

        def check(member: int, start: int, length: int) -> bool:
            woken = self.nights[member].union(hits.get(member, {}).get(start, ()))
            return self.free(member, start, length) and len(woken) <= self.problem.members[member].max_nights

        return check

    def may_go(self, index: int) -> Callable[[tuple[int, ...], int], bool]:
        """Whether members may do occurrence ``index`` together at a start: an away task must leave enough at home."""
        task = self.problem.tasks[self.problem.occurrences[index].task]
        if not task.away or not self.problem.presence:
            return lambda members, start: True
        return lambda members, start: self.at_home.may_leave(members, start, [task.length[m] for m in members])

    def longest_first(self, index: int) -> tuple[int, ...]:
        occurrence = self.problem.occurrences[index]
        task = self.problem.tasks[occurrence.task]
        return (-max(task.length.values(), default=0), len(occurrence.members_with_time()))

    def constrained_first(self, index: int) -> tuple[int, ...]:
        occurrence = self.problem.occurrences[index]
        task = self.problem.tasks[occurrence.task]
        starts = sum(len(by_day) for by_member in occurrence.starts.values() for by_day in by_member.values())
        return (len(occurrence.members_with_time()) - task.people, -int(task.assign_one), starts, index)

    def place_whole_task(self, task_index: int) -> None:
        """Place every occurrence of an ``assign: one`` task with the first member group that has time for all."""
        task = self.problem.tasks[task_index]
        candidates = sorted(
            (
                m
                for m in task.allowed
                if all(m in self.problem.occurrences[i].members_with_time() for i in task.occurrences)
            ),
            key=self.weighted,
        )
        for group in itertools.islice(itertools.combinations(candidates, task.people), GROUPS_TRIED):
            owner = next((m for m in group if self.may_own(m, task.mental_load)), None)
            if task.mental_load and owner is None:
                continue
            saved = self.snapshot(group)
            self.doers[task_index] = group
            try:
                for index in task.occurrences:
                    self.place(index)
            except GreedyStuck:
                self.restore(saved, task_index)
                continue
            if task.mental_load and owner is not None:
                self.owners[task_index] = owner
                self.mental[owner] += task.mental_load
                self.load[owner] += task.mental_load
            return
        raise GreedyStuck(task.occurrences[0])

    def may_own(self, member: int, mental_load: int) -> bool:
        cap = self.problem.members[member].max_mental
        return cap is None or self.mental[member] + mental_load <= cap

    def snapshot(self, group: tuple[int, ...]) -> _Saved:
        """What placing a task with ``group`` may change, to undo it when one of its occurrences does not fit."""
        members = {m: (bytes(self.busy[m]), set(self.nights[m]), self.chores[m], self.load[m]) for m in group}
        return members, {task: list(days) for task, days in self.days_taken.items()}, self.at_home.mark()

    def restore(self, saved: _Saved, task: int) -> None:
        members, days_taken, at_home = saved
        self.at_home.undo(at_home)
        for member, (busy, nights, chores, load) in members.items():
            self.busy[member][:] = busy
            self.nights[member], self.chores[member], self.load[member] = nights, chores, load
        self.days_taken = days_taken
        self.doers.pop(task, None)
        for index in self.problem.tasks[task].occurrences:
            self.placed.pop(index, None)
            self.days.pop(index, None)

    def place(self, index: int) -> None:
        """Place one occurrence with the least-loaded members free at its first possible start."""
        occurrence = self.problem.occurrences[index]
        task = self.problem.tasks[occurrence.task]
        members = tuple(sorted(self.doers.get(occurrence.task) or occurrence.members_with_time(), key=self.weighted))
        allowed_days = [
            day
            for day in occurrence.days
            if not task.chosen_days or _gap_ok(day, self.days_taken.get(occurrence.task, []), task.min_gap_days)
        ]
        choice = _first_fit(
            self.problem, index, members, allowed_days, self.chores, self.may_take(index), self.may_go(index)
        )
        if choice is None:
            raise GreedyStuck(index)
        day, start, chosen = choice
        for member in chosen:
            self.mark_busy(member, start, task.length[member])
            if task.away:
                self.at_home.leave(member, start, task.length[member])
            self.nights[member].update(occurrence.sleep_hits.get(member, {}).get(start, ()))
        if task.assign_one:
            self.doers[occurrence.task] = chosen
        if task.chosen_days:
            self.days_taken.setdefault(occurrence.task, []).append(day)
        self.placed[index] = Placement(index, start, chosen)
        self.days[index] = day

    def mark_busy(self, member: int, start: int, length: int) -> None:
        busy = self.busy[member]
        busy[start : start + length] = b"\x01" * length
        if start + length > self.minutes:  # runs over the last midnight into the first Monday
            wrapped = start + length - self.minutes
            busy[:wrapped] = b"\x01" * wrapped
        if start < MINUTES_PER_DAY:  # so that a Sunday-night occurrence sees it too
            busy[self.minutes + start : self.minutes + start + length] = b"\x01" * length
        self.chores[member] += length
        self.load[member] += length

    def result(self) -> GreedySchedule:
        """The owners (least loaded first), and chosen-day occurrences numbered in day order."""
        owners = dict(self.owners)
        mental = self.mental
        for task_index, task in enumerate(self.problem.tasks):
            if task.mental_load and task_index not in owners:
                candidates = [
                    member
                    for member in self.doers.get(task_index) or task.allowed
                    if (cap := self.problem.members[member].max_mental) is None
                    or mental[member] + task.mental_load <= cap
                ]
                if not candidates:
                    raise GreedyStuck(task.occurrences[0])
                owner = min(candidates, key=self.weighted)
                owners[task_index] = owner
                mental[owner] += task.mental_load
                self.load[owner] += task.mental_load
        placed, days = dict(self.placed), dict(self.days)
        for task in self.problem.tasks:
            if task.chosen_days:
                ordered = sorted(task.occurrences, key=lambda i: self.days[i])
                for slot, source in zip(task.occurrences, ordered):
                    placed[slot] = Placement(slot, self.placed[source].start, self.placed[source].members)
                    days[slot] = self.days[source]
        return GreedySchedule([placed[i] for i in range(len(self.problem.occurrences))], owners, days)


def _first_fit(
    problem: Problem,
    index: int,
    members: tuple[int, ...],
    days: list[int],
    chores: list[int],
    is_free: Callable[[int, int, int], bool],
    may_go: Callable[[tuple[int, ...], int], bool],
) -> tuple[int, int, tuple[int, ...]] | None:
    occurrence = problem.occurrences[index]
    task = problem.tasks[occurrence.task]
    people = task.people
    capped = [
        m
        for m in members
        if problem.members[m].max_chores is None or chores[m] + task.length[m] <= (problem.members[m].max_chores or 0)
    ]
    if people == 1:
        for member in capped:
            for day in days:
                for start in occurrence.starts[member][day]:
                    if is_free(member, start, task.length[member]) and may_go((member,), start):
                        return day, start, (member,)
        return None
    for day in days:
        starts = sorted({s for m in capped for s in occurrence.starts[m][day]})
        for start in starts:
            able = [m for m in capped if start in occurrence.starts[m][day] and is_free(m, start, task.length[m])]
            chosen: list[int] = []
            for member in able:  # the least loaded first, each only if the group still leaves enough at home
                if len(chosen) < people and may_go((*chosen, member), start):
                    chosen.append(member)
            if len(chosen) == people:
                return day, start, tuple(sorted(chosen))
    return None


def _gap_ok(day: int, taken: list[int], min_gap: int) -> bool:
    return all(min((day - other) % 7, (other - day) % 7) > min_gap for other in taken)
