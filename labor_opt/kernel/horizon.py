"""The time grid: minutes, days, and the horizon a plan covers (``weeks x 7`` days; one week for now).

A plan's minutes count from Monday 00:00 of its first week. Everything that
needs the length of the planning period asks the problem's :class:`Horizon`
(or :data:`WEEK` where no problem is at hand), so that a cycle of several
weeks is a value, not an edit of every module that wraps a time around.

>>> WEEK.days, WEEK.minutes
(7, 10080)
>>> Horizon(weeks=2).wrap(10080 + 30)
10110
>>> WEEK.wrap(10080 + 30)
30
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTES_PER_DAY = 24 * 60
DAYS_PER_WEEK = 7
MINUTES_PER_WEEK = DAYS_PER_WEEK * MINUTES_PER_DAY
DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Horizon:
    """The stretch of time a plan covers: ``weeks`` whole weeks, Monday to Sunday."""

    weeks: int = 1

    @property
    def days(self) -> int:
        """Days in the horizon."""
        return self.weeks * DAYS_PER_WEEK

    @property
    def minutes(self) -> int:
        """Minutes in the horizon: a start at or past this wraps round to the first Monday."""
        return self.days * MINUTES_PER_DAY

    def wrap(self, minute: int) -> int:
        """``minute`` brought into the horizon: a task running past the last midnight goes on from the start."""
        return minute % self.minutes


WEEK = Horizon(weeks=1)
