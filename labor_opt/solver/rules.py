"""The validity rules as CP-SAT constraints: one function per rule, keyed like the checker's.

:data:`MODEL_RULES` maps each :class:`~labor_opt.schedule.validity.Rule` to the
function that adds it; the checker's table in :mod:`labor_opt.checker.rules`
has the same keys. Part of rules 1 and 3 is settled before the model exists:
the problem layer keeps only grid starts inside the window (rule 1) where the
member is free and awake (rule 3) as candidate starts; the functions here
tie the decisions to those candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Protocol

import numpy as np

from labor_opt.kernel.horizon import DAYS_PER_WEEK, MINUTES_PER_WEEK
from labor_opt.problem.data import Problem
from labor_opt.problem.presence import PresenceGroup, presence_groups, time_away_spans
from labor_opt.schedule import validity
from labor_opt.schedule.validity import Rule
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.loads import chore_minutes, mental_minutes
from labor_opt.solver.nights import nights_of
from labor_opt.solver.variables import Variables


class Checkpoint(Protocol):
    """Heard between steps of building a rule: raises when building must stop (a stop requested, or time up)."""

    def check(self) -> None: ...


AddRule = Callable[[cp_model.CpModel, Problem, Variables, Checkpoint | None], None]  # heard while building


def _heard(stop: Checkpoint | None, step: int) -> None:
    """Every few hundred steps of a long loop, ask whether to stop: a large household's rules take seconds."""
    if stop is not None and step % 256 == 0:
        stop.check()


def place_every_occurrence(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 1: each occurrence once, on an allowed day, inside its window, on the grid.

    The start's domain holds only grid starts inside a window. Solver-chosen
    days are distinct and keep ``min_gap_days`` around the week's end;
    occurrences of a task are numbered in day order, which also removes the
    symmetry between them.
    """
    for index, occurrence in enumerate(problem.occurrences):
        _heard(stop, index)
        if not problem.tasks[occurrence.task].chosen_days:
            continue
        model.add_exactly_one(variables.on_day[index, day] for day in occurrence.days)
        for day in occurrence.days:
            day_starts = sorted({s for by_day in occurrence.starts.values() for s in by_day[day]})
            if day_starts:
                variables.start_in(model, index, day_starts).only_enforce_if(variables.on_day[index, day])
            else:
                model.add(variables.on_day[index, day] == 0)
    for task in problem.tasks:
        if not task.chosen_days or len(task.occurrences) < 2:
            continue
        day_number = {
            index: sum(day * variables.on_day[index, day] for day in problem.occurrences[index].days)
            for index in task.occurrences
        }
        step = task.min_gap_days + 1
        for earlier, later in zip(task.occurrences, task.occurrences[1:]):
            model.add(day_number[later] >= day_number[earlier] + step)
        model.add(day_number[task.occurrences[0]] + DAYS_PER_WEEK - day_number[task.occurrences[-1]] >= step)


def staff_every_occurrence(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 2: exactly ``people`` distinct members, each allowed to do it.

    Only allowed members with time for it have a ``does`` variable at all.
    """
    for index, occurrence in enumerate(problem.occurrences):
        people = problem.tasks[occurrence.task].people
        staffed = model.add(sum(variables.does[index, m] for m in occurrence.members_with_time()) == people)
        if variables.required:
            staffed.only_enforce_if(variables.required[index])


def no_member_in_two_places(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 3, no overlap: nobody does two things at once.

    An occurrence that may run over Sunday midnight gets a second interval
    one week earlier, so that it also blocks Monday's first minutes.
    """
    intervals: dict[int, list[cp_model.IntervalVar]] = {}
    for step, ((index, member), does) in enumerate(variables.does.items()):
        _heard(stop, step)
        occurrence = problem.occurrences[index]
        length = problem.tasks[occurrence.task].length[member]
        start = variables.start[index]
        intervals.setdefault(member, []).append(
            model.new_optional_fixed_size_interval_var(start, length, does, f"busy[{index},{member}]")
        )
        latest = max(s for by_day in occurrence.starts[member].values() for s in by_day)
        if latest + length > MINUTES_PER_WEEK:
            intervals[member].append(
                model.new_optional_fixed_size_interval_var(
                    start - MINUTES_PER_WEEK, length, does, f"wrapped[{index},{member}]"
                )
            )
    for member_intervals in intervals.values():
        if len(member_intervals) > 1:
            model.add_no_overlap(member_intervals)


def only_when_free(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 3, busy time: a member starts only where they are free (and awake, unless it is a night task).

    The problem layer found those starts (:func:`labor_opt.problem.build.candidate_starts`).
    Each day's windows are apart, so together with rule 1's choice of day
    this keeps the member to their starts on that day.
    """
    for step, ((index, member), does) in enumerate(variables.does.items()):
        _heard(stop, step)
        starts = sorted(s for by_day in problem.occurrences[index].starts[member].values() for s in by_day)
        variables.start_in(model, index, starts).only_enforce_if(does)


def same_members_for_assign_one(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 4, assign one: ``assign: one`` tasks have the same member(s) every time."""
    for task_index, task in enumerate(problem.tasks):
        if not task.assign_one:
            continue
        for member in task.allowed:
            doer = variables.doer[task_index, member]
            for index in task.occurrences:
                does = variables.does.get((index, member))
                model.add(doer == 0) if does is None else model.add(does == doer)


def weekly_chore_caps(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 4, chore caps: ``max_chores`` caps the member's assignment minutes."""
    for member_index, member in enumerate(problem.members):
        if member.max_chores is not None:
            model.add(chore_minutes(problem, variables, member_index) <= member.max_chores)


def one_owner_per_mental_load(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 5, one owner: each task with mental load has exactly one owner, allowed to do it.

    With ``assign: one`` the owner is one of the members who do it.
    """
    for task_index, task in enumerate(problem.tasks):
        if not task.mental_load:
            continue
        model.add_exactly_one(variables.owner[task_index, member] for member in task.allowed)
        if task.assign_one:
            for member in task.allowed:
                model.add_implication(variables.owner[task_index, member], variables.doer[task_index, member])


def weekly_mental_caps(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 5, mental caps: ``max_mental`` caps the mental load a member owns (0 by default outside the balance)."""
    for member_index, member in enumerate(problem.members):
        if member.max_mental is not None:
            model.add(mental_minutes(problem, variables, member_index) <= member.max_mental)


def weekly_night_caps(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 6, night caps: ``max_nights`` caps the member's disturbed nights.

    Every disturbance is marked (:mod:`labor_opt.solver.nights`), so capping
    the marked periods caps the real ones.
    """
    for member_index, member in enumerate(problem.members):
        if member.max_nights < len(member.sleep_periods):
            model.add(nights_of(problem, variables, member_index) <= member.max_nights)


def enough_members_at_home(
    model: cp_model.CpModel, problem: Problem, variables: Variables, stop: Checkpoint | None = None
) -> None:
    """Rule 6, presence: at every minute of a presence block, at least ``people`` of its members are at home.

    Blocks naming the same members are merged first (:func:`presence_groups`),
    so that many blocks cost about as much as one. Each group is one
    cumulative constraint over the week: its members' fixed time away (work
    away from home, commute, unavailable, outside their available hours)
    as fixed intervals and their away tasks as optional ones, each of
    demand 1, beside a fixed "need" interval over each stretch of the
    blocks. The capacity is at least the number of away intervals, so that
    outside the blocks nothing binds; inside, the need's demand leaves room
    for ``members - people`` away. Sleep and work at home are at home,
    except that for a group asking for someone awake, sleep is time away.
    """
    away = _away_choices(problem, variables)
    time_away = _TimeAway(problem)
    for group in presence_groups(problem):
        if stop is not None:  # many groups take a while: a stop is heard between them
            stop.check()
        covered = _covered_before(group)
        intervals = [
            model.new_fixed_size_interval_var(start, end - start, "away")
            for member in group.members
            for start, end in time_away.of(member, awake=group.awake)
            if covered[end] > covered[start]
        ]
        intervals += _away_task_intervals(model, variables, group, away, covered, time_away)
        if not intervals:
            continue
        capacity = max(len(intervals), len(group.members))
        needs = [model.new_fixed_size_interval_var(start, end - start, "need") for start, end, _ in group.needs]
        demands = [1] * len(intervals) + [capacity - len(group.members) + people for _, _, people in group.needs]
        model.add_cumulative(intervals + needs, demands, capacity)


def _away_task_intervals(
    model: cp_model.CpModel,
    variables: Variables,
    group: PresenceGroup,
    away: list[_AwayChoice],
    covered: np.ndarray,
    time_away: _TimeAway,
) -> list[cp_model.IntervalVar]:
    """The group's members' away tasks as optional intervals, where they could fall inside the group's blocks.

    For a group asking for someone awake, a night task placed wholly inside
    its member's sleep takes out nobody who was not out already: counted,
    it would take them out twice. Such starts add no interval.
    """
    intervals = []
    members = set(group.members)
    for choice in away:
        if choice.member not in members:
            continue
        starts, present = choice.starts, choice.does
        if group.awake and choice.night:
            asleep = time_away.inside(choice.member, choice.starts, choice.length)
            starts = [start for start in choice.starts if start not in asleep]
            if not starts:
                continue
            if asleep:  # counted only when it starts outside the member's sleep
                outside = model.new_bool_var("outside_sleep")
                variables.start_in(model, choice.occurrence, starts).only_enforce_if(outside)
                variables.start_in(model, choice.occurrence, sorted(asleep)).only_enforce_if(outside.Not())
                present = model.new_bool_var("away_while_awake")
                model.add_bool_and([choice.does, outside]).only_enforce_if(present)
                model.add_bool_or([choice.does.Not(), outside.Not(), present])
        at = np.asarray(starts)
        for shift in (0, -MINUTES_PER_WEEK):  # an occurrence past Sunday midnight goes on on Monday
            first = np.clip(at + shift, 0, MINUTES_PER_WEEK)
            last = np.clip(at + shift + choice.length, 0, MINUTES_PER_WEEK)
            if np.any(covered[last] > covered[first]):
                start = variables.start[choice.occurrence] + shift
                intervals.append(model.new_optional_fixed_size_interval_var(start, choice.length, present, "away_task"))
    return intervals


class _TimeAway:
    """Each member's fixed time out of the house, worked out once per member (and awake or not), not per group."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.found: dict[tuple[int, bool], list[tuple[int, int]]] = {}

    def of(self, member: int, *, awake: bool) -> list[tuple[int, int]]:
        if (member, awake) not in self.found:
            self.found[member, awake] = time_away_spans(self.problem.members[member], awake=awake)
        return self.found[member, awake]

    def inside(self, member: int, starts: list[int], length: int) -> set[int]:
        """The starts whose ``length`` minutes lie wholly inside the member's time away (asleep included)."""
        out = np.zeros(MINUTES_PER_WEEK, dtype=np.int64)
        for start, end in self.of(member, awake=True):
            out[start:end] = 1
        prefix = np.concatenate(([0], np.cumsum(np.tile(out, 2))))
        at = np.asarray(starts, dtype=np.int64) % MINUTES_PER_WEEK
        return {start for start, full in zip(starts, prefix[at + length] - prefix[at] == length) if full}


def _covered_before(group: PresenceGroup) -> np.ndarray:
    """For each week minute t (and the week's end), how many minutes before t some block of ``group`` covers."""
    inside = np.zeros(MINUTES_PER_WEEK, dtype=np.int32)
    for start, end, _ in group.needs:
        inside[start:end] = 1
    return np.concatenate(([0], np.cumsum(inside)))


class _AwayChoice(NamedTuple):
    """An away task's occurrence as one member may do it: its decision, length and every start, sorted."""

    occurrence: int
    member: int
    does: cp_model.IntVar
    length: int
    starts: list[int]
    night: bool  # may lie in the member's sleep


def _away_choices(problem: Problem, variables: Variables) -> list[_AwayChoice]:
    """Every (away occurrence, member) decision, read once for all the groups."""
    choices = []
    for (index, member), does in variables.does.items():
        occurrence = problem.occurrences[index]
        task = problem.tasks[occurrence.task]
        if task.away:
            starts = sorted(s for by_day in occurrence.starts[member].values() for s in by_day)
            choices.append(_AwayChoice(index, member, does, task.length[member], starts, task.night))
    return choices


MODEL_RULES: dict[Rule, AddRule] = {
    validity.PLACEMENT: place_every_occurrence,
    validity.STAFFING: staff_every_occurrence,
    validity.NO_OVERLAP: no_member_in_two_places,
    validity.BUSY_TIME: only_when_free,
    validity.ASSIGN_ONE: same_members_for_assign_one,
    validity.CHORE_CAPS: weekly_chore_caps,
    validity.ONE_OWNER: one_owner_per_mental_load,
    validity.MENTAL_CAPS: weekly_mental_caps,
    validity.NIGHT_CAPS: weekly_night_caps,
    validity.PRESENCE: enough_members_at_home,
}
