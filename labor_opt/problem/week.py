"""A member's week minute by minute: work, commute, other busy time, sleep.

Busy time keeps its exact minutes (so on the grid it rounds outward); work
blocks that touch or overlap form one stretch, and the commute lies directly
before and after each stretch, around the repeating week.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from labor_opt.household.models import Block, Member
from labor_opt.household.units import MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.data import Span

FREE, WORK, COMMUTE, UNAVAILABLE = 0, 1, 2, 3
BUSY_WORDS = {WORK: "at work", COMMUTE: "commuting", UNAVAILABLE: "unavailable"}


@dataclass(frozen=True)
class MemberWeek:
    """One member's week: what each minute is taken by, and sleep."""

    busy: bytes  # per minute: FREE, WORK, COMMUTE or UNAVAILABLE
    asleep: bytes  # per minute: 1 when inside a sleep period
    sleep_periods: tuple[Span, ...]
    _blocked_awake: tuple[int, ...]  # prefix sums over two weeks: busy or asleep
    _blocked_night: tuple[int, ...]  # prefix sums over two weeks: busy only

    @property
    def paid(self) -> int:
        """Minutes of paid work a week."""
        return self.busy.count(WORK)

    @property
    def commute(self) -> int:
        """Minutes of commute a week (legs that are not work, overlaps once)."""
        return self.busy.count(COMMUTE)

    def is_free(self, start: int, length: int, *, night: bool) -> bool:
        """Whether [start, start + length) is free of busy time (and of sleep unless ``night``)."""
        prefix = self._blocked_night if night else self._blocked_awake
        return prefix[start + length] - prefix[start] == 0


def member_week(member: Member) -> MemberWeek:
    """Lay out one member's week."""
    busy = bytearray(MINUTES_PER_WEEK)
    _mark(busy, member.unavailable, UNAVAILABLE)
    work = bytearray(MINUTES_PER_WEEK)
    _mark(work, member.work, WORK)
    if member.commute and any(work) and not all(work):
        for minute in range(MINUTES_PER_WEEK):
            previous = work[minute - 1]
            if work[minute] and not previous:  # a stretch starts: commute leg before it
                _fill(busy, minute - member.commute, minute, COMMUTE)
            if not work[minute] and previous:  # a stretch ended: commute leg after it
                _fill(busy, minute, minute + member.commute, COMMUTE)
    for minute in range(MINUTES_PER_WEEK):
        if work[minute]:
            busy[minute] = WORK
    periods = tuple(
        (day * MINUTES_PER_DAY + member.sleep.start, day * MINUTES_PER_DAY + member.sleep.start + member.sleep.minutes)
        for day in range(7)
    )
    asleep = bytearray(MINUTES_PER_WEEK)
    for start, end in periods:
        _fill(asleep, start, end, 1)
    blocked_awake = [1 if busy[m] or asleep[m] else 0 for m in range(MINUTES_PER_WEEK)]
    blocked_night = [1 if busy[m] else 0 for m in range(MINUTES_PER_WEEK)]
    return MemberWeek(
        bytes(busy),
        bytes(asleep),
        periods,
        tuple(accumulate(blocked_awake * 2, initial=0)),
        tuple(accumulate(blocked_night * 2, initial=0)),
    )


def overlapping_periods(start: int, length: int, periods: tuple[Span, ...]) -> tuple[int, ...]:
    """Indexes of the periods that [start, start + length) overlaps, around the week."""
    hits = []
    for index, (period_start, period_end) in enumerate(periods):
        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK):
            if start < period_end + shift and period_start + shift < start + length:
                hits.append(index)
                break
    return tuple(hits)


def _mark(minutes: bytearray, blocks: list[Block], value: int) -> None:
    for block in blocks:
        for day in block.days:
            start = day * MINUTES_PER_DAY + block.start
            _fill(minutes, start, start + block.minutes, value)


def _fill(minutes: bytearray, start: int, end: int, value: int) -> None:
    for minute in range(start, end):
        minutes[minute % MINUTES_PER_WEEK] = value
