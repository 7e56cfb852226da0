"""A member's week minute by minute: work, commute, other busy time, sleep.

Busy time keeps its exact minutes (so on the grid it rounds outward); work
blocks that touch or overlap form one stretch, and the commute lies directly
before and after each stretch, around the repeating week. Work at home
(``at_home: true``) is busy and paid, but joins no stretch and has no
commute; a minute of it is at home unless something else takes the member
out (unavailable, outside their available hours, or work away at the same
time). The minutes are NumPy arrays, so that finding every free start of a
task is one vector operation per day rather than a check per minute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from labor_opt.household.models import Member
from labor_opt.household.times import Block
from labor_opt.kernel.horizon import MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.data import WORKING_AT_HOME, Span

FREE, WORK, COMMUTE, UNAVAILABLE, AWAY, HOME_WORK = 0, 1, 2, 3, 4, 5
BUSY_WORDS = {
    WORK: "at work",
    COMMUTE: "commuting",
    UNAVAILABLE: "unavailable",
    AWAY: "away",
    HOME_WORK: WORKING_AT_HOME,
}

Minutes = npt.NDArray[np.int64]


@dataclass(frozen=True)
class MemberWeek:
    """One member's week: what each minute is taken by, and sleep."""

    busy: npt.NDArray[np.uint8]  # per minute: FREE, WORK, COMMUTE, UNAVAILABLE, AWAY or HOME_WORK
    asleep: npt.NDArray[np.bool_]  # per minute: inside a sleep period
    sleep_periods: tuple[Span, ...]
    paid: int  # minutes of paid work a week, at home or away
    commute: int  # minutes of commute a week: the legs' minutes that are not work, overlaps once
    # Prefix sums over two weeks (so that a span may run past Sunday midnight) of blocked minutes.
    _blocked_awake: Minutes = field(repr=False)  # busy or asleep
    _blocked_night: Minutes = field(repr=False)  # busy only

    def is_free(self, start: int, length: int, *, night: bool) -> bool:
        """Whether [start, start + length) is free of busy time (and of sleep unless ``night``)."""
        prefix = self._blocked_night if night else self._blocked_awake
        return bool(prefix[start + length] - prefix[start] == 0)

    def busy_runs(self) -> tuple[tuple[str, int, int], ...]:
        """The week's busy stretches, ``(kind, start, end)`` in week minutes: work, commute, unavailable, sleep."""
        runs = []
        for kind, minutes in (
            *((word, self.busy == code) for code, word in BUSY_WORDS.items()),
            ("asleep", self.asleep),
        ):
            edges = np.flatnonzero(np.diff(np.concatenate(([False], minutes, [False])).astype(np.int8)))
            runs += [(kind, int(start), int(end)) for start, end in zip(edges[::2], edges[1::2])]
        return tuple(sorted(runs, key=lambda run: (run[1], run[0])))

    def free_starts(self, first: int, last: int, step: int, length: int, *, night: bool) -> tuple[int, ...]:
        """Every start from ``first`` to ``last`` (week minutes, ``step`` apart) where ``length`` minutes are free.

        Starts are reported within the week (a start past Sunday's end is Monday's).
        """
        if last < first:
            return ()
        prefix = self._blocked_night if night else self._blocked_awake
        starts = np.arange(first, last + 1, step) % MINUTES_PER_WEEK
        free = prefix[starts + length] == prefix[starts]
        return tuple(starts[free].tolist())


def member_week(member: Member) -> MemberWeek:
    """Lay out one member's week."""
    busy = np.zeros(MINUTES_PER_WEEK, dtype=np.uint8)
    out = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)  # unavailable, or outside the available blocks
    if member.available is not None:  # away at every minute outside the available blocks
        around = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
        _mark(around, member.available, True)
        busy[~around] = AWAY
        out |= ~around
    _mark(busy, member.unavailable, UNAVAILABLE)
    out |= busy == UNAVAILABLE
    office = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
    _mark(office, [block for block in member.work if not block.at_home], True)
    home = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
    _mark(home, [block for block in member.work if block.at_home], True)
    legs = _commute_legs(office, member.commute)
    busy[legs] = COMMUTE
    busy[home & ~out] = HOME_WORK  # a leg's minutes that are work are work, not commute
    busy[office] = WORK
    periods = tuple((start, start + length) for start, length in member.nights)
    asleep = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
    for start, end in periods:
        _fill(asleep, start, end, True)
    blocked_night = busy != FREE
    blocked_awake = blocked_night | asleep
    paid = int(np.count_nonzero(office | home))
    commute = int(np.count_nonzero(legs & ~office & ~home))
    return MemberWeek(busy, asleep, periods, paid, commute, _prefix(blocked_awake), _prefix(blocked_night))


def _commute_legs(work: npt.NDArray[np.bool_], commute: int) -> npt.NDArray[np.bool_]:
    """The minutes directly before and after each stretch of ``work`` (around the week), ``commute`` long each."""
    legs = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
    if commute and work.any() and not work.all():
        before = np.roll(work, 1)  # was the previous minute work?
        for minute in np.flatnonzero(work & ~before):  # a stretch starts: a commute leg before it
            _fill(legs, int(minute) - commute, int(minute), True)
        for minute in np.flatnonzero(~work & before):  # a stretch ended: a commute leg after it
            _fill(legs, int(minute), int(minute) + commute, True)
    return legs


def overlapping_periods(start: int, length: int, periods: tuple[Span, ...]) -> tuple[int, ...]:
    """Indexes of the periods that [start, start + length) overlaps, around the week."""
    hits = []
    for index, (period_start, period_end) in enumerate(periods):
        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK):
            if start < period_end + shift and period_start + shift < start + length:
                hits.append(index)
                break
    return tuple(hits)


def _prefix(blocked: npt.NDArray[np.bool_]) -> Minutes:
    """Prefix sums over two weeks: blocked minutes in [a, b) are ``prefix[b] - prefix[a]``."""
    return np.concatenate(([0], np.cumsum(np.tile(blocked, 2), dtype=np.int64)))


def _mark(minutes: npt.NDArray[np.generic], blocks: list[Block], value: int | bool) -> None:
    for block in blocks:
        for day in block.days:
            start = day * MINUTES_PER_DAY + block.start
            _fill(minutes, start, start + block.minutes, value)


def _fill(minutes: npt.NDArray[np.generic], start: int, end: int, value: int | bool) -> None:
    """Set [start, end) around the week."""
    minutes[np.arange(start, end) % MINUTES_PER_WEEK] = value
