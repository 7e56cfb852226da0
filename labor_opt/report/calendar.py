"""Calendars: one iCalendar file per member and one for the household, each occurrence a weekly event.

Events recur every week (RRULE) from the chosen week, in the chosen time
zone: an event keeps its local time across a daylight-saving change. An
event's identity (its UID) is its occurrence's: the task and the day the
occurrence belongs to (a task happens at most once a day), the same in
every member's file and whatever the week, the time zone or who does it,
so that a re-plan revises the event rather than adding a copy. The
household's file names the same occurrences under their own identity
(``.household`` added), so that it and a member's file can share a
calendar. How an earlier file's events are revised or cancelled is
:mod:`labor_opt.report.calendar_history`'s.

The files carry no METHOD. RFC 5546 (iTIP) makes ``METHOD:PUBLISH``
require an ORGANIZER, which a household's chores do not have, and
``METHOD:CANCEL`` a message to attendees that cannot carry the plan's
events beside the cancellations (one METHOD a file); mail and calendar
apps treat a file with a METHOD as an invitation to answer. Without one
the file is a plain calendar (RFC 5545 3.7.2), as a published feed is, in
which STATUS:CANCELLED (3.8.1.11) with a higher SEQUENCE (3.8.7.4) is what
says that an event is gone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import shown
from labor_opt.kernel.version import __version__
from labor_opt.report.calendar_history import PRODUCT_PREFIX, Draft, Earlier, EarlierEvent, Version, content, versions
from labor_opt.schedule.model import Assignment, Schedule

PRODUCT = f"{PRODUCT_PREFIX}labor-opt {__version__}//EN"
HOUSEHOLD_FILE = "household.ics"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LONGEST_STEM = 100  # file systems allow 255 bytes a name
# A Sunday-night occurrence ends on the next Monday, the last day the week's events reach.
_REACH = timedelta(days=7)
LAST_MONDAY = (date.max - _REACH) - timedelta(days=(date.max - _REACH).weekday())


@dataclass(frozen=True)
class CalendarFile:
    """One .ics file: its name in the folder, its text, and how it differs from the earlier file of that name.

    ``changed``, ``cancelled`` and ``added`` count the events revised, newly
    cancelled and new against that earlier file (all 0 without one).
    """

    name: str
    text: str
    changed: int = 0
    cancelled: int = 0
    added: int = 0


def time_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (Europe/Berlin); an input error naming the option when there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "write an IANA name such as Europe/Berlin or America/Chicago"
        raise InputError([Issue(f"--tz {shown(name)} is not a time zone", hint)]) from None


def calendars(
    schedule: Schedule,
    week_of: date,
    zone: ZoneInfo,
    earlier: Mapping[str, Earlier] | None = None,
    written: datetime | None = None,
) -> list[CalendarFile]:
    """The household's calendar and each member's (just the viewer's for a one-member view).

    ``earlier`` holds, by file name, the events of the files these replace
    (:func:`~labor_opt.report.calendar_history.read_earlier`): each file
    then revises and cancels them. ``written`` is the time of writing
    (default: 00:00 UTC on ``week_of``, so that the text depends on its
    arguments alone).

    >>> import labor_opt
    >>> from datetime import date
    >>> schedule = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml"))
    >>> [f.name for f in calendars(schedule, date(2026, 11, 30), ZoneInfo("Europe/Berlin"))]
    ['household.ics', 'alex.ics', 'sam.ics']
    """
    check_week_of(week_of)
    moment = written or datetime.combine(week_of, time(0), tzinfo=UTC)
    files = calendar_names(schedule).items()
    targets = [_Target(member, name, (earlier or {}).get(name, {})) for member, name in files]
    planned = {
        target.name: [
            _event(schedule, assignment, target.member, week_of, zone)
            for assignment in schedule.assignments
            if target.member is None or target.member in assignment.members
        ]
        for target in targets
    }
    drafts = {
        target.name: Draft(target.earlier, {str(event["UID"]): content(event) for event in planned[target.name]})
        for target in targets
    }
    settled = versions(drafts, moment)  # across the files: they may share one calendar
    return [_calendar(schedule, target, planned[target.name], settled[target.name], zone) for target in targets]


def calendar_names(schedule: Schedule) -> dict[str | None, str]:
    """The files :func:`calendars` makes of ``schedule``, by member (None: the household's)."""
    members = [schedule.viewer] if schedule.viewer else sorted(schedule.members)
    return file_names(members, whole_household=not schedule.viewer)


def check_week_of(week_of: date) -> None:
    """An input error naming ``--week-of`` unless it is a Monday whose week's dates can all be written."""
    if week_of.weekday() != 0:
        raise InputError([Issue(f"--week-of {week_of} is a {week_of:%A}", "give the date of a Monday")])
    if week_of > LAST_MONDAY:
        raise InputError(
            [Issue(f"--week-of {week_of}: the calendars' week would run past the year 9999",
                   f"give a Monday on or before {LAST_MONDAY}")]
        )  # fmt: skip


def file_names(members: list[str], *, whole_household: bool) -> dict[str | None, str]:
    """The calendar files' names, in order: the household's (key None) unless one member's view, then each member's.

    >>> file_names(["sam", "alex/../x", "household"], whole_household=True)
    {None: 'household.ics', 'sam': 'sam.ics', 'alex/../x': 'alex-..-x.ics', 'household': 'household-2.ics'}
    """
    names: dict[str | None, str] = {None: HOUSEHOLD_FILE} if whole_household else {}
    names.update(_file_names(members))
    return names


def next_monday(today: date) -> date:
    """The Monday after ``today`` (a week on, when today is a Monday)."""
    return today + timedelta(days=7 - today.weekday())


def _file_names(members: list[str]) -> dict[str, str]:
    """A safe, distinct file name per member; never the household's.

    Distinct ignoring case (two names differing in case are one file on macOS and Windows), and short
    enough for any file system.
    """
    taken = {HOUSEHOLD_FILE}
    names = {}
    for member in members:
        stem = _UNSAFE.sub("-", member)[:_LONGEST_STEM].strip(".-") or "member"
        name, number = f"{stem}.ics", 2
        while name.casefold() in taken:
            name, number = f"{stem}-{number}.ics", number + 1
        taken.add(name.casefold())
        names[member] = name
    return names


@dataclass(frozen=True)
class _Target:
    """One file to make: whose (None: the household's), its name, and the events of the file it replaces."""

    member: str | None
    name: str
    earlier: Earlier


def _calendar(
    schedule: Schedule, target: _Target, planned: list[icalendar.Event], settled: dict[str, Version], zone: ZoneInfo
) -> CalendarFile:
    """The file of ``target``: the plan's events, then the cancellations, each with its settled version."""
    member = target.member
    household = schedule.household or "Household"
    whose = f"{schedule.member_name(member)}'s chores" if member else "Chores"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X- properties have no type in icalendar: without vText a name would go in unescaped.
    calendar.add("x-wr-calname", _text(f"{whose} - {household}"))
    calendar.add("x-wr-timezone", _text(str(zone)))
    changed = added = cancelled = 0
    for event in planned:
        previous, version = target.earlier.get(str(event["UID"])), settled[str(event["UID"])]
        if previous is None or previous.cancelled:  # new to this calendar, or back after a cancellation
            added += 1
        elif version.sequence != previous.sequence:
            changed += 1
        calendar.add_component(_versioned(event, version, "CONFIRMED"))
    for uid, version in settled.items():
        if version.cancelled:
            previous = target.earlier[uid]
            cancelled += not previous.cancelled
            calendar.add_component(_cancelled(uid, previous, version))
    calendar.add_missing_timezones()
    text = str(calendar.to_ical().decode("utf-8"))
    return CalendarFile(target.name, text, changed, cancelled, added)


def _event(
    schedule: Schedule, assignment: Assignment, member: str | None, week_of: date, zone: ZoneInfo
) -> icalendar.Event:
    """The occurrence as an event of ``member``'s calendar (None: the household's), its version not yet set."""
    day = week_of + timedelta(days=DAY_NAMES.index(assignment.day))
    hours, minutes = map(int, assignment.start.split(":"))
    start = datetime.combine(day, time(hours, minutes), tzinfo=zone)
    others = [m for m in assignment.members if m != member]
    event = icalendar.Event()
    event.add("uid", _text(occurrence_uid(schedule, assignment, household=member is None)))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=assignment.minutes))
    event.add("rrule", {"freq": "weekly"})
    event.add("summary", _text(_summary(schedule, assignment, member, others)))
    event.add("description", ExactText(_description(schedule, assignment)))
    event.add("categories", ["labor-opt", "night"] if assignment.night else ["labor-opt"])
    return event


def occurrence_uid(schedule: Schedule, assignment: Assignment, *, household: bool = False) -> str:
    """The identity of an occurrence's event: its task and the day it belongs to, in this household.

    The same on every member's calendar (a joint task's event is on each
    doer's) and whoever does it; the household's file adds ``.household``.
    """
    suffix = ".household" if household else ""
    return f"{assignment.task}-{assignment.home_day}{suffix}@{_slug(schedule)}.labor-opt"


def _versioned(event: icalendar.Event, version: Version, status: str) -> icalendar.Event:
    event.add("dtstamp", version.stamp.astimezone(UTC))  # RFC 5545 3.8.7.2: always in UTC
    event.add("sequence", version.sequence)
    event.add("status", status)
    return event


def _cancelled(uid: str, previous: EarlierEvent, version: Version) -> icalendar.Event:
    """An earlier event the plan no longer has, cancelled: one dated entry, so no series of ghosts lingers."""
    event = icalendar.Event()
    event.add("uid", _text(uid))
    event.add("dtstart", previous.start or version.stamp)
    event.add("summary", _text(previous.summary))
    return _versioned(event, version, "CANCELLED")


class ExactText(icalendar.vText):
    r"""A TEXT value escaped exactly as RFC 5545 (3.3.11) says, so that it reads back as written.

    icalendar's own escaping first turns a written ``\N`` into a line break
    (a name holding ``\N`` would add a forged line); here only real line
    breaks become ``\n``. Folding and the rest of the writing stay icalendar's.

    >>> ExactText("Kim.\\NLee; a, b").to_ical()
    b'Kim.\\\\NLee\\; a\\, b'
    """

    def to_ical(self) -> bytes:
        escaped = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return escaped.replace("\r\n", "\n").replace("\n", "\\n").replace("\r", "\\n").encode("utf-8")


def _text(value: str) -> ExactText:
    """A one-line text value: control characters (line breaks too) made visible, then escaped exactly."""
    return ExactText(shown(value))


def _summary(schedule: Schedule, assignment: Assignment, member: str | None, others: list[str]) -> str:
    name = schedule.task_name(assignment.task)
    if member is None:
        return f"{name}: {' and '.join(schedule.member_name(m) for m in assignment.members)}"
    return f"{name} (with {' and '.join(schedule.member_name(m) for m in others)})" if others else name


def _description(schedule: Schedule, assignment: Assignment) -> str:
    # Each line is made one line on its own: only these line breaks are the description's.
    lines = [shown(f"Done by {' and '.join(schedule.member_name(m) for m in assignment.members)}.")]
    owner = schedule.owners.get(assignment.task)
    if owner is not None:
        lines.append(f"{shown(schedule.member_name(owner))} carries its planning and remembering (the mental load).")
    if assignment.night:
        lines.append("A night task: it may fall in someone's sleep.")
    lines.append("Planned with labor-opt.")
    return "\n".join(lines)


def _slug(schedule: Schedule) -> str:
    return _UNSAFE.sub("-", schedule.household or "household").strip(".-").lower() or "household"
