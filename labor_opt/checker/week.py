"""The household's facts minute by minute, as sets: the checker's own reading of the file.

Nothing here is shared with the problem layer: the same rules are worked
out again, differently (sets of minutes instead of grids and prefix sums),
so that a bug there cannot hide from the checker.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from labor_opt.household.models import Member, Task
from labor_opt.household.times import Block
from labor_opt.kernel.horizon import DAYS_PER_WEEK, MINUTES_PER_DAY, MINUTES_PER_WEEK

WEEK_MINUTES = MINUTES_PER_WEEK  # the checker keeps its own arithmetic, on the kernel's time grid
DAY = MINUTES_PER_DAY
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVEL_ORDER = {"learning": 0, "able": 1, "expert": 2}
FACTOR = {"learning": Fraction(3, 2), "able": Fraction(1), "expert": Fraction(3, 4)}


def minutes(start: int, length: int) -> set[int]:
    """The week minutes of [start, start + length), around the week's end."""
    return {(start + offset) % WEEK_MINUTES for offset in range(length)}


def block_minutes(blocks: Sequence[Block]) -> set[int]:
    """Every minute the blocks cover."""
    return {
        minute
        for block in blocks
        for day in block.days
        for minute in minutes(day * DAY + block.start, (block.end - block.start) % DAY or DAY)
    }


def work_minutes(member: Member, *, at_home: bool) -> set[int]:
    """The minutes of the member's work blocks done at home (``at_home``), or of those done away from it."""
    return block_minutes([block for block in member.work if block.at_home == at_home])


def commute_minutes(member: Member) -> set[int]:
    """The commute legs directly before and after each stretch of work away from home, overlaps once.

    Work at home has no commute and joins no stretch; a leg's minutes that
    are work (at home too) are work, not commute.
    """
    work = work_minutes(member, at_home=False)
    if not member.commute or not work or len(work) == WEEK_MINUTES:
        return set()
    legs: set[int] = set()
    for minute in work:
        if (minute - 1) % WEEK_MINUTES not in work:
            legs |= minutes(minute - member.commute, member.commute)
        if (minute + 1) % WEEK_MINUTES not in work:
            legs |= minutes(minute + 1, member.commute)
    return legs - work - work_minutes(member, at_home=True)


def sleep_periods(member: Member) -> list[set[int]]:
    """The member's seven nights: one starting each day, or one for each evening the sleep blocks name."""
    if not isinstance(member.sleep, list):
        length = (member.sleep.end - member.sleep.start) % DAY or DAY
        return [minutes(day * DAY + member.sleep.start, length) for day in range(DAYS_PER_WEEK)]
    nights = []
    for block in member.sleep:
        length = (block.end - block.start) % DAY or DAY
        # A night starting before noon began the evening before: it is on the day after the one named.
        shift = DAY if block.start < 12 * 60 else 0
        nights += [minutes(day * DAY + shift + block.start, length) for day in block.days]
    return nights


def away_minutes(member: Member) -> set[int]:
    """Every minute outside the member's available blocks (none when they give no `available`)."""
    if member.available is None:
        return set()
    return set(range(WEEK_MINUTES)) - block_minutes(member.available)


def may_do(member: Member, task: Task) -> bool:
    """In ``who`` (if given), not ``never``, with every required skill at its level."""
    if task.who is not None and member.id not in task.who:
        return False
    if {task.id, *task.tags} & set(member.never):
        return False
    return all(
        skill in member.skills and LEVEL_ORDER[member.skills[skill]] >= LEVEL_ORDER[level]
        for skill, level in task.requires.items()
    )


def length_for(member: Member, task: Task, resolution: int) -> int:
    """The member's real minutes for one occurrence: the skill factor, then rounded up to the grid.

    A joint task (``people`` above 1) or a ``fixed`` one takes its plain duration.
    """
    factor = Fraction(1)
    if task.people == 1 and task.requires and not task.fixed:
        factor = max((FACTOR[member.skills[s]] for s in task.requires if s in member.skills), default=Fraction(1))
    return math.ceil(task.duration * factor / resolution) * resolution


def liking(member: Member, task: Task) -> int:
    """+1 liked, -1 disliked, 0 neither or both."""
    named = {task.id, *task.tags}
    return int(bool(named & set(member.likes))) - int(bool(named & set(member.dislikes)))
