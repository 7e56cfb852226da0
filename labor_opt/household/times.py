"""The file's blocks of time: work and busy blocks, sleep (daily or by night), task windows, presence.

Each is a ``from``/``to`` span; blocks add the ``days`` they apply to.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from labor_opt.household import notation
from labor_opt.household.units import format_clock, format_duration
from labor_opt.household.values import ClockEnd, ClockStart, Days, MemberId, Name, flag, invalid, whole_number
from labor_opt.kernel.horizon import MINUTES_PER_DAY

NOON = 12 * 60  # a night block starting before noon belongs to the evening before


class FileModel(BaseModel):
    """Base of every model of the file: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True)


class TimeSpan(FileModel):
    """``from``/``to`` clock times; ``to`` before ``from`` crosses midnight."""

    start: ClockStart = Field(alias="from")
    """Start time, "HH:MM"."""
    end: ClockEnd = Field(alias="to")
    """End time, "HH:MM" ("24:00" is midnight); before `from`, the span crosses midnight."""

    @model_validator(mode="after")
    def _not_empty(self) -> TimeSpan:
        if self.start == self.end:  # "00:00" to "24:00" is the whole day
            raise invalid(
                f'`from` and `to` are both "{format_clock(self.start)}"',
                'a block may not be empty; to cover a whole day write from: "00:00", to: "24:00"',
            )
        return self

    @property
    def minutes(self) -> int:
        """Length in minutes (a span that crosses midnight counts into the next day)."""
        return (self.end - self.start) % MINUTES_PER_DAY or MINUTES_PER_DAY


class Block(TimeSpan):
    """A busy block on some days: paid work or other unavailable time."""

    days: Days
    """The days it applies to: mon ... sun, a list of them, daily, weekdays or weekends."""


class WorkBlock(Block):
    """A block of paid work: away from home (with the commute around it), or done at home.

    Work at home is busy and paid like any work, but it has no commute and
    keeps the member at home for presence: someone who works from home
    cannot cook at 11:00, yet is there when the baby wakes.
    """

    at_home: Annotated[bool, BeforeValidator(flag)] = False
    """true: paid work done at home: no commute around it, and the member counts as at home for presence."""


class Sleep(TimeSpan):
    """One daily sleep block of 1 to 16 hours."""

    @model_validator(mode="after")
    def _sensible_length(self) -> Sleep:
        if not 60 <= self.minutes <= 16 * 60:
            raise invalid(
                f"sleep of {format_duration(self.minutes)} a day is outside 1h to 16h",
                'write the hours this member sleeps, e.g. from: "23:00", to: "07:00"',
            )
        return self


class Window(TimeSpan):
    """The time of day inside which each occurrence lies, on its day."""


class NightSleep(Sleep):
    """Sleep on the nights that begin on ``days`` (a block starting before 12:00 belongs to the evening before)."""

    days: Days
    """The evenings these nights begin: a block whose from is before 12:00 starts on the next day."""

    def night_starts(self) -> dict[int, int]:
        """Each named evening (0 = Monday) and the week minute its night starts."""
        after_midnight = self.start < NOON
        return {day: ((day + after_midnight) % 7) * MINUTES_PER_DAY + self.start for day in self.days}


class Presence(Block):
    """A time when enough members must be at home (not at work, commuting, unavailable, away, or on an away task).

    Work at home (``at_home: true``) is at home; sleep is too, unless the block asks for someone ``awake``.
    """

    name: Name | None = None
    """Shown in messages, e.g. someone home with Zoe."""
    people: Annotated[int, whole_number(1, 50), WithJsonSchema(notation.whole(1, 50))] = 1
    """How many of `who` must be at home at every minute (default 1)."""
    who: list[MemberId] | None = None
    """The members who may be the ones at home (default: every member)."""
    awake: Annotated[bool, BeforeValidator(flag)] = False
    """true: someone awake is needed (a baby's waking hours): a member inside their sleep does not count."""

    @property
    def label(self) -> str:
        """The name, or the days and hours when it has none."""
        return self.name or f"presence {format_clock(self.start)}-{format_clock(self.end)}"
