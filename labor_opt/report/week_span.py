"""The household's day: the hours the page draws, from the first thing anyone does to the last.

A day drawn from midnight to midnight spends a third of the page on hours in
which nobody works, commutes or does a chore. The page draws instead the
household's day: every minute of the day someone is at work, commuting,
unavailable or doing a task, rounded out to whole hours. Where that runs past
midnight (a night feed at 02:00, a night shift), the day is the one that skips
the longest quiet stretch: 06:00 to 03:00 the next morning, say, with the
night feed at the bottom of the evening's column.
"""

from __future__ import annotations

from dataclasses import dataclass

from labor_opt.kernel.horizon import MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.schedule.model import Schedule

HOUR = 60
QUIET = ("asleep", "away")  # busy time that does not make the household's day: everything else does


@dataclass(frozen=True)
class DaySpan:
    """The drawn day: ``start`` minutes after midnight to ``end`` (past 1440 when it runs into the next morning).

    >>> DaySpan(7 * 60, 27 * 60).hour_marks()[-2:]
    [(1500, '01:00'), (1620, '03:00')]
    """

    start: int
    end: int

    @property
    def minutes(self) -> int:
        """How many minutes the drawn day has."""
        return self.end - self.start

    def hour_marks(self) -> list[tuple[int, str]]:
        """The hours to label on the axis, from the top: (minutes after midnight, clock time).

        Every hour on a short day; every other hour on a long one, so the labels never crowd.
        """
        step = HOUR if self.minutes <= 16 * HOUR else 2 * HOUR
        return [(minute, f"{minute // HOUR % 24:02d}:00") for minute in range(self.start, self.end + 1, step)]


def household_day(schedule: Schedule) -> DaySpan:
    """The day every column draws: the shortest span of whole hours that holds everything anyone does.

    Everyone's busy time counts (a member's own page keeps the household's
    day), and the tasks on the page.
    """
    used = bytearray(MINUTES_PER_DAY)
    for runs in schedule.busy.values():
        for kind, start, stop in runs:
            if kind not in QUIET:
                _mark(used, start, stop)
    for assignment in schedule.assignments:
        _mark(used, assignment.week_minute, assignment.week_minute + assignment.minutes)
    if all(used) or not any(used):
        return DaySpan(0, MINUTES_PER_DAY)
    quiet_start, quiet_length = _longest_quiet(used)
    start = (quiet_start + quiet_length) % MINUTES_PER_DAY  # the first busy minute after the quiet stretch
    end = start + MINUTES_PER_DAY - quiet_length
    start, end = start // HOUR * HOUR, -(-end // HOUR) * HOUR
    if end - start > MINUTES_PER_DAY:  # rounding out both ends overlapped: the quiet stretch was under an hour
        return DaySpan(0, MINUTES_PER_DAY)
    return DaySpan(start, end)


def _mark(used: bytearray, start: int, stop: int) -> None:
    for minute in range(start, min(stop, start + MINUTES_PER_DAY)):
        used[minute % MINUTES_PER_DAY] = 1


def _longest_quiet(used: bytearray) -> tuple[int, int]:
    """The longest stretch of unused minutes around the clock: (first minute, length)."""
    best = (0, 0)
    first_used = used.index(1)
    length = 0
    for step in range(1, MINUTES_PER_DAY + 1):
        minute = (first_used + step) % MINUTES_PER_DAY
        if used[minute]:
            if length > best[1]:
                best = ((minute - length) % MINUTES_PER_DAY, length)
            length = 0
        else:
            length += 1
    return best


def pieces(start: int, stop: int, begin: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, stop) (week minutes) inside [begin, end), the week repeating; each cut to it.

    >>> pieces(10070, 10100, 0, 100)  # Sunday 23:50 to Monday 00:20: its Monday part
    [(0, 20)]
    """
    found = []
    for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK):
        low, high = max(start + shift, begin), min(stop + shift, end)
        if low < high:
            found.append((low, high))
    return found
