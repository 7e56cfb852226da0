"""The schedule file's assignments as the checker reads them: each a task, a start, a length and members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labor_opt.checker.report import Violation
from labor_opt.checker.week import DAY, DAYS, minutes, sleep_periods
from labor_opt.household.models import Household, Member, Task
from labor_opt.schedule.validity import PLACEMENT, STAFFING


@dataclass(frozen=True)
class Placed:
    """One assignment: its task, start (week minute), length, members and the entry as written."""

    task: Task
    start: int
    length: int
    members: tuple[str, ...]
    entry: dict[str, Any]

    @property
    def when(self) -> str:
        """``mon 18:00-19:00``, as the file says."""
        return f"{self.entry['day']} {self.entry['start']}-{self.entry['end']}"

    @property
    def where(self) -> str:
        """``dinner on mon 18:00-19:00``."""
        return f"{self.task.id} on {self.when}"


@dataclass(frozen=True)
class CheckedWeek:
    """What the rules read: the household and the schedule's assignments by task, and its owners."""

    household: Household
    members: dict[str, Member]
    tasks: dict[str, Task]
    placed: dict[str, list[Placed]]
    owners: dict[str, str]

    @property
    def resolution(self) -> int:
        """The household's grid, in minutes."""
        return self.household.settings.resolution

    def of(self, member: Member) -> list[Placed]:
        """The member's assignments."""
        return [placed for entries in self.placed.values() for placed in entries if member.id in placed.members]

    def disturbed_nights(self, member: Member) -> int:
        """How many of the member's sleep periods one of their night occurrences overlaps."""
        spans = [minutes(o.start, o.length) for o in self.of(member) if o.task.night]
        return sum(1 for period in sleep_periods(member) if any(span & period for span in spans))

    def mental(self, member: Member) -> int:
        """The mental load the member owns."""
        return sum(task.mental_load for task_id, task in self.tasks.items() if self.owners.get(task_id) == member.id)


def read_week(household: Household, schedule: Any, violations: list[Violation]) -> CheckedWeek:
    """The schedule's assignments, each readable one placed under its task; the unreadable ones reported.

    Nothing in the file is trusted to have the right shape: a value of the
    wrong type is a violation, never an exception.
    """
    members = {member.id: member for member in household.members}
    tasks = {task.id: task for task in household.tasks}
    placed: dict[str, list[Placed]] = {task_id: [] for task_id in tasks}
    data = schedule if isinstance(schedule, dict) else {}
    if not isinstance(schedule, dict):
        violations.append(Violation(None, "the schedule is not a mapping of keys to values"))
    entries = data.get("assignments", [])
    if not isinstance(entries, list):
        violations.append(Violation(None, "`assignments` is not a list"))
        entries = []
    for entry in entries:
        found = _read(entry, tasks, members, violations)
        if found is not None:
            placed[found.task.id].append(found)
    owners = data.get("owners", {})
    if not isinstance(owners, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in owners.items()):
        violations.append(Violation(None, "`owners` is not a mapping of task ids to member ids"))
        owners = {}
    return CheckedWeek(household, members, tasks, placed, owners)


def _read(entry: Any, tasks: dict[str, Task], members: dict[str, Member], violations: list[Violation]) -> Placed | None:
    try:
        task_id, day, start, end, who = entry["task"], entry["day"], entry["start"], entry["end"], entry["members"]
        if not isinstance(who, list) or not all(isinstance(m, str) for m in who) or not isinstance(task_id, str):
            raise TypeError("members must be a list of member ids")
        start_minute = DAYS.index(day) * DAY + clock(start)
        end_minute = clock(end)
    except (KeyError, ValueError, TypeError, AttributeError):
        violations.append(Violation(None, f"an assignment cannot be read: {short(entry)}"))
        return None
    if task_id not in tasks:
        violations.append(
            Violation(PLACEMENT, f"an assignment names task {task_id}, which the household does not have")
        )
        return None
    unknown = [m for m in who if m not in members]
    if unknown:
        violations.append(Violation(STAFFING, f"{task_id} on {day} names {', '.join(unknown)}, not members"))
        return None
    length = (end_minute - start_minute % DAY) % DAY or DAY
    return Placed(tasks[task_id], start_minute, length, tuple(who), entry)


def short(value: Any) -> str:
    """A value in a message, cut short: a hostile file may hold a huge one."""
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def clock(text: Any) -> int:
    """``"HH:MM"`` as minutes since midnight, ``"24:00"`` included; a ``ValueError`` otherwise."""
    if not isinstance(text, str):
        raise ValueError(text)
    hours, mins = text.split(":")
    value = int(hours) * 60 + int(mins)
    if not (0 <= int(mins) < 60 and 0 <= value <= DAY):
        raise ValueError(text)
    return value
