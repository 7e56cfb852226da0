"""Earlier calendars: what a file written again must revise or cancel, so that importing it again stays true.

A calendar app keys an event by its UID and keeps the copy with the higher
SEQUENCE (RFC 5545 3.8.7.4); importing a file never removes an event the
file does not mention. So when the folder already holds a calendar of the
same name, written by labor-opt, each of its events is carried into the
new file: unchanged, with its SEQUENCE and DTSTAMP (importing it again
changes nothing); changed, with a higher SEQUENCE; gone from the plan, as a
cancellation (STATUS:CANCELLED) with a higher SEQUENCE; cancelled already,
as it was, so that a file someone skipped is made good by the next one.

A higher SEQUENCE is the larger of the earlier one plus one and the minutes
from :data:`EPOCH` to the time of writing: it grows with every revision of
an event, and a file written into a new folder (no earlier file to count
from) still outranks what an earlier run wrote anywhere.

Members' files often go into one calendar (a shared family calendar), where
a UID is one event whichever file brought it: an occurrence that moved from
Sam to Alex is cancelled in Sam's file and new in Alex's. So the versions of
one run's files are settled together (:func:`versions`): an event of the
plan outranks every cancellation of its UID the run writes, in any file, and
a new version outranks every earlier one of its UID in any of the files
replaced; whatever the order in which the files are imported, the plan's
version of each event wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import icalendar

from labor_opt.kernel.safe_text import shown

PRODUCT_PREFIX = "-//labor-opt//"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
LARGEST_SEQUENCE = 2**31 - 1  # RFC 5545's INTEGER is a signed 32-bit number
# Properties that say which version an event is, not what it says: two versions that differ only in
# these are the same event.
_VERSION_PROPERTIES = frozenset({"BEGIN", "END", "DTSTAMP", "SEQUENCE", "STATUS"})
_LONGEST_REASON = 200


@dataclass(frozen=True)
class EarlierEvent:
    """One event of the earlier file, as far as a revision needs it."""

    sequence: int
    stamp: datetime | None  # its DTSTAMP, in UTC
    cancelled: bool
    content: str  # what it says (see :func:`content`), to tell whether it changed
    start: datetime | date | None  # its DTSTART (a datetime in UTC): where a cancellation is placed
    summary: str


@dataclass(frozen=True)
class Unreadable:
    """Why a file in the folder is not an earlier calendar labor-opt may replace."""

    reason: str


Earlier = Mapping[str, EarlierEvent]  # by UID


@dataclass(frozen=True)
class Draft:
    """One file to write: the events of the file it replaces, and what each event of the plan says, by UID."""

    earlier: Earlier
    planned: Mapping[str, str]  # by UID: the event's :func:`content`


@dataclass(frozen=True)
class Version:
    """The SEQUENCE and DTSTAMP an event is written with, and whether it is a cancellation."""

    sequence: int
    stamp: datetime
    cancelled: bool


def read_earlier(text: str) -> dict[str, EarlierEvent] | Unreadable:
    """The events of an earlier calendar labor-opt wrote, by UID; :class:`Unreadable` for any other text.

    The text is untrusted (anyone may have edited the folder): a file that is
    not one calendar written by labor-opt, or holds a property that cannot
    be read, is refused rather than guessed at.

    >>> read_earlier("BEGIN:VCALENDAR\\r\\nPRODID:-//Acme//EN\\r\\nEND:VCALENDAR\\r\\n")
    Unreadable(reason='it was not written by labor-opt')
    """
    try:
        found = icalendar.Calendar.from_ical(text, multiple=True)
        if len(found) != 1 or not str(found[0].get("PRODID", "")).startswith(PRODUCT_PREFIX):
            return Unreadable("it was not written by labor-opt")
        return _events(found[0])
    except Exception as error:  # icalendar raises several kinds on broken text: each is a reason, never a crash
        return Unreadable(f"it cannot be read as a calendar ({_quoted(error)})")


def content(event: icalendar.cal.Component) -> str:
    """What an event says (every property but its version's), in one comparable text.

    Text values are compared as read (not as escaped), so a value written and
    read back compares equal to itself.
    """
    lines = []
    for name, value in event.property_items(recursive=False):
        if name in _VERSION_PROPERTIES:
            continue
        params = sorted(getattr(value, "params", {}).items())
        lines.append(f"{name};{params}:{_value_text(value)}")
    return "\n".join(sorted(lines))


def versions(drafts: Mapping[str, Draft], written: datetime) -> dict[str, dict[str, Version]]:
    """The version of every event of one run's files, by file name, then UID: the plan's, then the cancellations.

    Settled across the files (see the module's docstring), so that files
    imported into one calendar, in any order, leave it holding the plan.
    """
    gone = {
        name: {
            uid: Version(*cancellation(previous, written), cancelled=True)
            for uid, previous in sorted(draft.earlier.items())
            if uid not in draft.planned
        }
        for name, draft in drafts.items()
    }
    earlier = _highest((uid, event.sequence) for draft in drafts.values() for uid, event in draft.earlier.items())
    cancelled = _highest((uid, version.sequence) for events in gone.values() for uid, version in events.items())
    settled: dict[str, dict[str, Version]] = {}
    for name, draft in drafts.items():
        settled[name] = {
            uid: _planned(draft.earlier.get(uid), now, written, earlier.get(uid), cancelled.get(uid))
            for uid, now in draft.planned.items()
        }
        settled[name].update(gone[name])
    return settled


def _planned(
    previous: EarlierEvent | None, now_content: str, written: datetime, earlier: int | None, cancelled: int | None
) -> Version:
    """An event of the plan: above every earlier version of its UID when new, above this run's cancellations always.

    ``earlier`` is the highest SEQUENCE of its UID in the files replaced,
    ``cancelled`` the highest of its cancellations this run writes.
    """
    sequence, stamp = revision(previous, now_content, written)
    new = previous is None or previous.cancelled or sequence != previous.sequence
    if new and earlier is not None:
        sequence = max(sequence, earlier + 1)
    if cancelled is not None and sequence <= cancelled:  # kept as it was, but cancelled elsewhere: it must win
        sequence, stamp = cancelled + 1, written
    return Version(min(sequence, LARGEST_SEQUENCE), stamp, cancelled=False)


def _highest(sequences: Iterable[tuple[str, int]]) -> dict[str, int]:
    """The highest SEQUENCE of each UID."""
    highest: dict[str, int] = {}
    for uid, sequence in sequences:
        highest[uid] = max(highest.get(uid, sequence), sequence)
    return highest


def revision(previous: EarlierEvent | None, now_content: str, written: datetime) -> tuple[int, datetime]:
    """The SEQUENCE and DTSTAMP of an event of the plan: the earlier ones if it did not change, else new ones."""
    if previous is not None and not previous.cancelled and previous.content == now_content:
        return previous.sequence, previous.stamp or written
    return next_sequence(previous, written), written


def cancellation(previous: EarlierEvent, written: datetime) -> tuple[int, datetime]:
    """The SEQUENCE and DTSTAMP of the cancellation of an earlier event the plan no longer has."""
    if previous.cancelled:
        return previous.sequence, previous.stamp or written
    return next_sequence(previous, written), written


def next_sequence(previous: EarlierEvent | None, written: datetime) -> int:
    """A SEQUENCE higher than the earlier one, and than any written before ``written``.

    >>> next_sequence(None, datetime(2026, 1, 2, tzinfo=UTC))
    1440
    """
    minutes = int((written - EPOCH).total_seconds() // 60)
    after = previous.sequence + 1 if previous is not None else 0
    return min(max(after, minutes, 0), LARGEST_SEQUENCE)


def _events(calendar: icalendar.Calendar) -> dict[str, EarlierEvent] | Unreadable:
    events: dict[str, EarlierEvent] = {}
    for event in calendar.walk("VEVENT"):
        if event.errors:
            name, message = event.errors[0]
            return Unreadable(f"its {shown(name)} cannot be read ({shown(message)[:_LONGEST_REASON]})")
        if "RECURRENCE-ID" in event:  # one changed week of a series: its series' UID decides
            continue
        uid = str(event.get("UID", ""))
        if not uid:
            return Unreadable("one of its events has no UID")
        earlier = _earlier_event(event)
        if uid not in events or earlier.sequence > events[uid].sequence:
            events[uid] = earlier
    return events


def _earlier_event(event: icalendar.cal.Component) -> EarlierEvent:
    sequence = int(event.get("SEQUENCE", 0))
    return EarlierEvent(
        sequence=min(max(sequence, 0), LARGEST_SEQUENCE),
        stamp=_in_utc(event.get("DTSTAMP")),
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
        content=content(event),
        start=_in_utc(event.get("DTSTART")) or _day(event.get("DTSTART")),
        summary=str(event.get("SUMMARY", "")),
    )


def _in_utc(value: Any) -> datetime | None:
    moment = getattr(value, "dt", None)
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _day(value: Any) -> date | None:
    day = getattr(value, "dt", None)
    return day if isinstance(day, date) and not isinstance(day, datetime) else None


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list):
        return "\n".join(_value_text(item) for item in value)
    if hasattr(value, "cats"):  # CATEGORIES: its words as read
        return ",".join(str.__str__(category) for category in value.cats)
    return bytes(value.to_ical()).decode("utf-8", "replace")


def _quoted(error: Exception) -> str:
    return shown(str(error))[:_LONGEST_REASON]
