"""Calendars: one iCalendar file per member and one for the household, each occurrence a weekly event.

Events recur every week (RRULE) from the chosen week, in the chosen time
zone: an event keeps its local time across a daylight-saving change. Each
event's UID is made of the task and the day its occurrence belongs to (a
task happens at most once a day), so that importing the files again after
a re-plan updates the events rather than adding copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from labor_opt import __version__
from labor_opt.errors import InputError, Issue
from labor_opt.household.units import DAY_NAMES
from labor_opt.schedule import Assignment, Schedule

PRODUCT = f"-//labor-opt//labor-opt {__version__}//EN"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class CalendarFile:
    """One .ics file: its name in the folder and its text."""

    name: str
    text: str


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (Europe/Berlin); an input error naming the option when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            [Issue(f"--tz {name} is not a time zone", "write an IANA name such as Europe/Berlin or America/Chicago")]
        ) from None


def calendars(schedule: Schedule, week_of: date, zone: ZoneInfo) -> list[CalendarFile]:
    """The household's calendar and each member's (just the viewer's for a one-member view).

    >>> import labor_opt
    >>> from datetime import date
    >>> schedule = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml"))
    >>> [f.name for f in calendars(schedule, date(2026, 11, 30), ZoneInfo("Europe/Berlin"))]
    ['household.ics', 'alex.ics', 'sam.ics']
    """
    if week_of.weekday() != 0:
        raise InputError([Issue(f"--week-of {week_of} is a {week_of:%A}", "give the date of a Monday")])
    members = [schedule.viewer] if schedule.viewer else sorted(schedule.members)
    names = _file_names(members)
    files = [] if schedule.viewer else [CalendarFile("household.ics", _calendar(schedule, None, week_of, zone))]
    files += [CalendarFile(names[m], _calendar(schedule, m, week_of, zone)) for m in members]
    return files


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week on, when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def _file_names(members: list[str]) -> dict[str, str]:
    """A safe, distinct file name per member; never the household's."""
    taken = {"household.ics"}
    names = {}
    for member in members:
        stem = _UNSAFE.sub("-", member).strip(".-") or "member"
        name, number = f"{stem}.ics", 2
        while name in taken:
            name, number = f"{stem}-{number}.ics", number + 1
        taken.add(name)
        names[member] = name
    return names


def _calendar(schedule: Schedule, member: str | None, week_of: date, zone: ZoneInfo) -> str:
    household = schedule.household or "Household"
    whose = f"{schedule.member_name(member)}'s chores" if member else "Chores"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{whose} - {household}")
    calendar.add("x-wr-timezone", str(zone))
    for assignment in schedule.assignments:
        if member is None or member in assignment.members:
            calendar.add_component(_event(schedule, assignment, member, week_of, zone))
    calendar.add_missing_timezones()
    return str(calendar.to_ical().decode("utf-8"))


def _event(
    schedule: Schedule, assignment: Assignment, member: str | None, week_of: date, zone: ZoneInfo
) -> icalendar.Event:
    day = week_of + timedelta(days=DAY_NAMES.index(assignment.day))
    hours, minutes = map(int, assignment.start.split(":"))
    start = datetime.combine(day, time(hours, minutes), tzinfo=zone)
    others = [m for m in assignment.members if m != member]
    event = icalendar.Event()
    event.add("uid", f"{assignment.task}-{assignment.home_day}.{member or 'household'}@{_slug(schedule)}.labor-opt")
    event.add("dtstamp", datetime.combine(week_of, time(0), tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=assignment.minutes))
    event.add("rrule", {"freq": "weekly"})
    event.add("summary", _summary(schedule, assignment, member, others))
    event.add("description", _description(schedule, assignment))
    event.add("categories", ["labor-opt", "night"] if assignment.night else ["labor-opt"])
    return event


def _summary(schedule: Schedule, assignment: Assignment, member: str | None, others: list[str]) -> str:
    name = schedule.task_name(assignment.task)
    if member is None:
        return f"{name}: {' and '.join(schedule.member_name(m) for m in assignment.members)}"
    return f"{name} (with {' and '.join(schedule.member_name(m) for m in others)})" if others else name


def _description(schedule: Schedule, assignment: Assignment) -> str:
    lines = [f"Done by {' and '.join(schedule.member_name(m) for m in assignment.members)}."]
    owner = schedule.owners.get(assignment.task)
    if owner is not None:
        lines.append(f"{schedule.member_name(owner)} carries its planning and remembering (the mental load).")
    if assignment.night:
        lines.append("A night task: it may fall in someone's sleep.")
    lines.append("Planned with labor-opt.")
    return "\n".join(lines)


def _slug(schedule: Schedule) -> str:
    return _UNSAFE.sub("-", schedule.household or "household").strip(".-").lower() or "household"
