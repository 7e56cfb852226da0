"""Sleep by day after a night shift, for a member whose work crosses midnight.

The file's default sleep, 23:00 to 07:00, lies inside a shift of 19:00 to
07:00: left as it is, the member would be given chores at 07:15, straight
after twelve hours of work, and never sleep at all. So after each shift that
crosses midnight, `init` writes sleep by day, from getting home (the shift's
end and the commute) for 8 hours, or until leaving for the next shift, and
keeps the default on the other evenings. Written in the file's list form:
each night belongs to the evening it begins, and a block that starts before
noon to the evening before, so a shift's evening names the day sleep after it.
"""

from __future__ import annotations

from labor_opt.household.answer_times import Block
from labor_opt.household.answered_week import AWAY, DEFAULT_SLEEP, NOON, member_week
from labor_opt.kernel.horizon import MINUTES_PER_DAY, MINUTES_PER_WEEK

DAY_SLEEP = 8 * 60
SHORTEST = 60  # the file's shortest sleep: a day sleep shorter than that is left to the member to write


def sleep_by_night(work: tuple[Block, ...], commute: int) -> tuple[Block, ...] | None:
    """The seven nights' sleep, a block for each kind of night, by the evening it begins; None: the default suits.

    >>> from labor_opt.household.answer_times import week_hours
    >>> [str(block) for block in sleep_by_night(week_hours("mon-wed 7pm-7am"), 30)]
    ['mon,tue,wed 07:30-15:30', 'thu,fri,sat,sun 23:00-07:00']
    """
    week = member_week("", "", work=work, commute=commute, sleep=())
    by_day: dict[int, tuple[int, int]] = {}
    for block in work:
        if block.end >= block.start:  # ends on the day it starts: the night is free
            continue
        for evening in block.days:
            home = (evening + 1) * MINUTES_PER_DAY + block.end + commute
            length = next(
                (n for n in range(DAY_SLEEP) if week.minutes[(home + n) % MINUTES_PER_WEEK] & AWAY), DAY_SLEEP
            )
            if (block.end + commute) < NOON and length >= SHORTEST and evening not in by_day:
                by_day[evening] = (block.end + commute, block.end + commute + length)
    if not by_day:
        return None
    kinds: dict[tuple[int, int], list[int]] = {}
    for evening in range(7):
        kinds.setdefault(by_day.get(evening, (DEFAULT_SLEEP.start, DEFAULT_SLEEP.end)), []).append(evening)
    return tuple(Block(tuple(days), start, end) for (start, end), days in kinds.items())
