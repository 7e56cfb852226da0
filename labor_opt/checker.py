"""The independent checker: the spec's five validity rules and every figure, recomputed.

It reads the validated household and the schedule's JSON shape, and shares
no code with the problem layer or the model (it works minute by minute with
sets, where they work with grids and domains), so a bug there cannot hide
from it. Every schedule a test produces goes through here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from labor_opt.household.models import Household, Member, Task

WEEK = 7 * 24 * 60
DAY = 24 * 60
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVEL_ORDER = {"learning": 0, "able": 1, "expert": 2}
FACTOR = {"learning": Fraction(3, 2), "able": Fraction(1), "expert": Fraction(3, 4)}


class PlacedOccurrence(NamedTuple):
    """One assignment as read from the schedule: its start (week minute), length and members."""

    start: int
    length: int
    members: list[str]
    entry: dict[str, Any]


Placed = dict[str, list[PlacedOccurrence]]  # task id -> its assignments


@dataclass(frozen=True)
class Violation:
    """One broken rule (1 to 5 as in the spec; 0 for a figure or the file's shape)."""

    rule: int
    message: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.message}" if self.rule else self.message


@dataclass
class CheckReport:
    """What the checker found: violations (empty when valid) and the recomputed figures."""

    violations: list[Violation] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    imbalance: int = 0

    @property
    def valid(self) -> bool:
        """True when the schedule breaks no rule and reports its figures truly."""
        return not self.violations


def check_schedule(household: Household, schedule: dict[str, Any]) -> CheckReport:
    """Check ``schedule`` (the JSON shape) against ``household`` (scenario already applied)."""
    report = CheckReport()
    members = {member.id: member for member in household.members}
    tasks = {task.id: task for task in household.tasks}
    resolution = household.settings.resolution
    placed: Placed = {task_id: [] for task_id in tasks}
    for entry in schedule.get("assignments", []):
        parsed = _parse_assignment(entry, tasks, members, report)
        if parsed is not None:
            start, length = parsed
            placed[entry["task"]].append(PlacedOccurrence(start, length, list(entry["members"]), entry))
    for task_id, task in tasks.items():
        _rule_1_placement(task, placed[task_id], resolution, report)
        _rule_2_people(task, placed[task_id], members, resolution, report)
    _rule_3_no_clash(household, tasks, placed, report)
    _rule_4_assign_one_and_caps(household, tasks, placed, resolution, report)
    _rule_5_owners(household, tasks, placed, schedule.get("owners", {}), report)
    _figures(household, tasks, placed, schedule, report)
    _format(tasks, schedule, report)
    return report


def _format(tasks: dict[str, Task], schedule: dict[str, Any], report: CheckReport) -> None:
    """What schedule-format.md says of the file beyond the rules: status, flags, order."""
    if schedule.get("status") not in ("optimal", "feasible"):
        report.violations.append(Violation(0, f"status {schedule.get('status')!r} is neither optimal nor feasible"))
    entries = [entry for entry in schedule.get("assignments", []) if isinstance(entry, dict)]
    for entry in entries:
        task = tasks.get(entry.get("task", ""))
        if task is not None and entry.get("night") is not task.night:
            report.violations.append(
                Violation(0, f"{task.id} on {entry.get('day')} reports night: {entry.get('night')}")
            )
        if isinstance(entry.get("members"), list) and entry["members"] != sorted(entry["members"]):
            report.violations.append(
                Violation(0, f"the members of {entry.get('task')} on {entry.get('day')} are not sorted")
            )
    try:
        order = [(DAYS.index(e["day"]), _clock(e["start"]), e["task"]) for e in entries]
    except (KeyError, ValueError, TypeError, AttributeError):
        return  # unreadable entries are reported already
    if order != sorted(order):
        report.violations.append(Violation(0, "the assignments are not sorted by day, start and task"))


def _parse_assignment(
    entry: Any, tasks: dict[str, Task], members: dict[str, Member], report: CheckReport
) -> tuple[int, int] | None:
    try:
        task_id, day, start, end, who = entry["task"], entry["day"], entry["start"], entry["end"], entry["members"]
        start_minute = DAYS.index(day) * DAY + _clock(start)
        end_minute = _clock(end)
    except (KeyError, ValueError, TypeError, AttributeError):
        report.violations.append(Violation(0, f"an assignment cannot be read: {entry!r}"))
        return None
    if task_id not in tasks:
        report.violations.append(Violation(1, f"an assignment names task {task_id}, which the household does not have"))
        return None
    unknown = [m for m in who if m not in members]
    if unknown:
        report.violations.append(Violation(2, f"{task_id} on {day} names {', '.join(unknown)}, not members"))
        return None
    length = (end_minute - start_minute % DAY) % DAY or DAY
    return start_minute, length


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if not (0 <= int(minutes) < 60 and 0 <= value <= DAY):
        raise ValueError(text)
    return value


def _window_day(task: Task, start: int, length: int) -> int | None:
    """The day whose window holds [start, start + length), or None."""
    if task.window is None:
        return start // DAY
    width = (task.window.end - task.window.start) % DAY or DAY
    for day in range(7):
        opens = day * DAY + task.window.start
        for shift in (0, WEEK, -WEEK):
            if opens <= start + shift and start + shift + length <= opens + width:
                return day
    return None


def _rule_1_placement(task: Task, placed: list[PlacedOccurrence], resolution: int, report: CheckReport) -> None:
    demanded = len(task.repeat.days) if task.repeat.days is not None else task.repeat.times
    if len(placed) != demanded:
        report.violations.append(Violation(1, f"{task.id} is placed {len(placed)} times, the week needs {demanded}"))
    numbers = sorted(number for _, _, _, entry in placed if isinstance(number := entry.get("occurrence"), int))
    if numbers != list(range(1, len(placed) + 1)):  # also catches missing or non-integer numbers
        report.violations.append(Violation(1, f"{task.id} has occurrence numbers {numbers}, not 1 to {len(placed)}"))
    days = []
    for start, length, _, entry in placed:
        if start % resolution or length % resolution:
            report.violations.append(
                Violation(1, f"{task.id} on {entry['day']} at {entry['start']} is off the {resolution}m grid")
            )
        day = _window_day(task, start, length)
        if day is None:
            report.violations.append(
                Violation(1, f"{task.id} on {entry['day']} {entry['start']}-{entry['end']} is outside its window")
            )
            continue
        days.append(day)
    if len(set(days)) != len(days):
        report.violations.append(Violation(1, f"{task.id} is placed twice on one day"))
    if task.repeat.days is not None:
        if sorted(days) != sorted(task.repeat.days) and len(days) == len(placed):
            wanted = ", ".join(DAYS[d] for d in task.repeat.days)
            report.violations.append(
                Violation(1, f"{task.id} must be on {wanted}, is on {', '.join(DAYS[d] for d in sorted(days))}")
            )
    elif len(days) > 1:
        ordered = sorted(days)
        gaps = [later - earlier - 1 for earlier, later in zip(ordered, ordered[1:])] + [
            ordered[0] + 7 - ordered[-1] - 1
        ]
        if min(gaps) < task.repeat.min_gap_days:
            report.violations.append(
                Violation(
                    1,
                    f"{task.id} has only {min(gaps)} empty days between two occurrences, "
                    f"needs {task.repeat.min_gap_days}",
                )
            )


def _may_do(member: Member, task: Task) -> bool:
    if task.who is not None and member.id not in task.who:
        return False
    named = {task.id, *task.tags}
    if named & set(member.never):
        return False
    return all(
        skill in member.skills and LEVEL_ORDER[member.skills[skill]] >= LEVEL_ORDER[level]
        for skill, level in task.requires.items()
    )


def _length(member: Member, task: Task, resolution: int) -> int:
    factor = Fraction(1)
    if task.people == 1 and task.requires:
        factor = max((FACTOR[member.skills[s]] for s in task.requires if s in member.skills), default=Fraction(1))
    return math.ceil(task.duration * factor / resolution) * resolution


def _rule_2_people(
    task: Task,
    placed: list[PlacedOccurrence],
    members: dict[str, Member],
    resolution: int,
    report: CheckReport,
) -> None:
    for _, length, who, entry in placed:
        where = f"{task.id} on {entry['day']} at {entry['start']}"
        if len(set(who)) != len(who) or len(who) != task.people:
            report.violations.append(Violation(2, f"{where} has {len(set(who))} distinct members, needs {task.people}"))
        for member_id in who:
            if not _may_do(members[member_id], task):
                report.violations.append(Violation(2, f"{member_id} may not do {where}"))
            elif _length(members[member_id], task, resolution) != length:
                report.violations.append(
                    Violation(
                        1,
                        f"{where} lasts {length} minutes, but takes {member_id} "
                        f"{_length(members[member_id], task, resolution)}",
                    )
                )
        if entry.get("minutes") != length:
            report.violations.append(Violation(0, f"{where} reports {entry.get('minutes')} minutes, lasts {length}"))


def _minutes(start: int, length: int) -> set[int]:
    return {(start + offset) % WEEK for offset in range(length)}


def _work_minutes(member: Member) -> set[int]:
    return {
        minute
        for block in member.work
        for day in block.days
        for minute in _minutes(day * DAY + block.start, (block.end - block.start) % DAY or DAY)
    }


def _commute_minutes(member: Member, work: set[int]) -> set[int]:
    if not member.commute or not work or len(work) == WEEK:
        return set()
    legs: set[int] = set()
    for minute in work:
        if (minute - 1) % WEEK not in work:
            legs |= _minutes(minute - member.commute, member.commute)
        if (minute + 1) % WEEK not in work:
            legs |= _minutes(minute + 1, member.commute)
    return legs - work


def _sleep_periods(member: Member) -> list[set[int]]:
    length = (member.sleep.end - member.sleep.start) % DAY or DAY
    return [_minutes(day * DAY + member.sleep.start, length) for day in range(7)]


def _rule_3_no_clash(
    household: Household,
    tasks: dict[str, Task],
    placed: Placed,
    report: CheckReport,
) -> None:
    for member in household.members:
        work = _work_minutes(member)
        busy = {
            "work": work,
            "commute": _commute_minutes(member, work),
            "unavailable time": {
                minute
                for block in member.unavailable
                for day in block.days
                for minute in _minutes(day * DAY + block.start, (block.end - block.start) % DAY or DAY)
            },
        }
        asleep = set().union(*_sleep_periods(member))
        taken: dict[int, str] = {}
        for task_id, entries in placed.items():
            for start, length, who, entry in entries:
                if member.id not in who:
                    continue
                where = f"{task_id} on {entry['day']} {entry['start']}-{entry['end']}"
                span = _minutes(start, length)
                for word, minutes in busy.items():
                    if span & minutes:
                        report.violations.append(Violation(3, f"{member.id} does {where} during their {word}"))
                if span & asleep and not tasks[task_id].night:
                    report.violations.append(Violation(3, f"{member.id} does {where} while asleep (not a night task)"))
                clashes = {taken[m] for m in span if m in taken}
                for other in sorted(clashes):
                    report.violations.append(Violation(3, f"{member.id} does {where} and {other} at the same time"))
                taken.update({m: where for m in span})


def _rule_4_assign_one_and_caps(
    household: Household,
    tasks: dict[str, Task],
    placed: Placed,
    resolution: int,
    report: CheckReport,
) -> None:
    for task_id, task in tasks.items():
        if task.assign == "one" and len({tuple(sorted(who)) for _, _, who, _ in placed[task_id]}) > 1:
            report.violations.append(Violation(4, f"{task_id} has assign: one but changes hands during the week"))
    for member in household.members:
        if member.max_chores is None:
            continue
        chores = sum(length for entries in placed.values() for _, length, who, _ in entries if member.id in who)
        if chores > member.max_chores:
            report.violations.append(
                Violation(
                    4, f"{member.id} does {chores} minutes of chores, over their max_chores of {member.max_chores}"
                )
            )


def _rule_5_owners(
    household: Household,
    tasks: dict[str, Task],
    placed: Placed,
    owners: dict[str, str],
    report: CheckReport,
) -> None:
    members = {member.id: member for member in household.members}
    for task_id, task in tasks.items():
        if not task.mental_load:
            continue
        owner = owners.get(task_id)
        if owner is None:
            report.violations.append(Violation(5, f"{task_id} has mental load but no owner"))
        elif owner not in members or not _may_do(members[owner], task):
            report.violations.append(Violation(5, f"{owner} owns {task_id} but may not do it"))
        elif task.assign == "one" and placed[task_id] and owner not in placed[task_id][0][2]:
            report.violations.append(Violation(5, f"{owner} owns {task_id} (assign: one) but does not do it"))
    for task_id in owners:
        if task_id not in tasks:
            report.violations.append(Violation(5, f"owners names {task_id}, which is not a task"))


def _figures(
    household: Household,
    tasks: dict[str, Task],
    placed: Placed,
    schedule: dict[str, Any],
    report: CheckReport,
) -> None:
    measure = household.settings.fairness.measure
    owners = schedule.get("owners", {})
    for member in household.members:
        work = _work_minutes(member)
        periods = _sleep_periods(member)
        mine = [
            (task_id, start, length)
            for task_id, entries in placed.items()
            for start, length, who, _ in entries
            if member.id in who
        ]
        chores = sum(length for _, _, length in mine)
        mental = sum(task.mental_load for task_id, task in tasks.items() if owners.get(task_id) == member.id)
        paid, commute = len(work), len(_commute_minutes(member, work))
        disturbed = sum(1 for period in periods if any(tasks[t].night and _minutes(s, n) & period for t, s, n in mine))
        preference = sum(_liking(member, tasks[t]) for t, _, _ in mine)
        load = chores + mental + (paid + commute if measure == "total" else 0)
        report.members[member.id] = {
            "paid": paid,
            "commute": commute,
            "chores": chores,
            "mental": mental,
            "load": load,
            "disturbed_nights": disturbed,
            "preference": preference,
            "balanced": member.balance,
        }
    report.imbalance = _imbalance(household, report.members)
    reported = schedule.get("members", {})
    for member_id, figures in report.members.items():
        for key, value in figures.items():
            if reported.get(member_id, {}).get(key) != value:
                report.violations.append(
                    Violation(
                        0,
                        f"{member_id}'s {key} is reported as {reported.get(member_id, {}).get(key)!r}, "
                        f"but is {value!r}",
                    )
                )
    fairness = schedule.get("fairness", {})
    if fairness.get("imbalance") != report.imbalance:
        report.violations.append(
            Violation(0, f"the imbalance is reported as {fairness.get('imbalance')!r}, but is {report.imbalance}")
        )
    bound = fairness.get("lower_bound")
    if not isinstance(bound, int) or bound > report.imbalance or bound < 0:
        report.violations.append(Violation(0, f"the lower bound {bound!r} is not between 0 and the imbalance"))


def _liking(member: Member, task: Task) -> int:
    named = {task.id, *task.tags}
    return int(bool(named & set(member.likes))) - int(bool(named & set(member.dislikes)))


def _imbalance(household: Household, figures: dict[str, dict[str, Any]]) -> int:
    balanced = [member.id for member in household.members if member.balance]
    if len(balanced) < 2:
        return 0
    shares = household.settings.fairness.shares
    weights = {m: Fraction(1) if shares == "equal" else Fraction(repr(shares[m])) for m in balanced}
    total = sum(weights.values())
    adjusted = [Fraction(figures[m]["load"]) / (weights[m] * len(balanced) / total) for m in balanced]
    return math.floor(max(adjusted) - min(adjusted) + Fraction(1, 2))
