"""One member's week as `init` has it from the answers, minute by minute: away from home, asleep, or free.

Before it writes a file, `init` asks two things of these weeks: is anyone
free for a school or nursery run inside its window, and when is someone home
again to be with the children (:mod:`labor_opt.household.runs`). A file
whose presence blocks nobody can keep has no schedule at all, so the answers
are read here by the file's own rules: the commute lies directly before and
after every stretch of work, a helper is away outside the hours they are
around, other busy time is away, and asleep is at home but not free.
"""

from __future__ import annotations

from dataclasses import dataclass

from labor_opt.household.answer_times import Block
from labor_opt.kernel.horizon import MINUTES_PER_DAY, MINUTES_PER_WEEK

AWAY, ASLEEP = 1, 2
NOON = 12 * 60  # a night that starts before noon belongs to the evening before, as in the file
DEFAULT_SLEEP = Block((0, 1, 2, 3, 4, 5, 6), 23 * 60, 7 * 60)  # the file's default: 23:00 to 07:00


@dataclass(frozen=True)
class MemberWeek:
    """A member's week as one flag per minute from Monday 00:00: ``AWAY``, ``ASLEEP``, or 0 (free)."""

    id: str
    called: str
    minutes: bytes

    def home(self, minute: int) -> bool:
        """At home then (asleep counts: someone asleep in the house is there for the children)."""
        return not self.minutes[minute % MINUTES_PER_WEEK] & AWAY

    def free(self, start: int, length: int) -> bool:
        """Awake, at home and not busy for ``length`` minutes from ``start`` (a week minute; wraps round)."""
        return not any(self.minutes[minute % MINUTES_PER_WEEK] for minute in range(start, start + length))


def member_week(
    member: str,
    called: str,
    *,
    work: tuple[Block, ...] = (),
    commute: int = 0,
    unavailable: tuple[Block, ...] = (),
    available: tuple[Block, ...] | None = None,
    sleep: tuple[Block, ...] = (DEFAULT_SLEEP,),
) -> MemberWeek:
    """The week of one member; ``sleep`` blocks name the evening each night begins, as the file's list form does."""
    flags = bytearray(MINUTES_PER_WEEK)
    for block in sleep:
        for day in block.days:
            _mark(flags, (day + (block.start < NOON)) * MINUTES_PER_DAY + block.start, _length(block), ASLEEP)
    for block in work:
        for day in block.days:
            _mark(flags, day * MINUTES_PER_DAY + block.start - commute, _length(block) + 2 * commute, AWAY)
    for block in unavailable:
        for day in block.days:
            _mark(flags, day * MINUTES_PER_DAY + block.start, _length(block), AWAY)
    if available is not None:
        around = bytearray(MINUTES_PER_WEEK)
        for block in available:
            for day in block.days:
                _mark(around, day * MINUTES_PER_DAY + block.start, _length(block), 1)
        for minute, there in enumerate(around):
            flags[minute] |= 0 if there else AWAY
    return MemberWeek(member, called, bytes(flags))


def _length(block: Block) -> int:
    return (block.end - block.start) % MINUTES_PER_DAY or MINUTES_PER_DAY


def _mark(flags: bytearray, start: int, length: int, flag: int) -> None:
    for minute in range(start, start + length):
        flags[minute % MINUTES_PER_WEEK] |= flag
