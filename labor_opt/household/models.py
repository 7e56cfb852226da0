"""The household file as pydantic models: every key, default and shorthand of the spec.

Values are stored in plain units (minutes, day numbers 0 = Monday); each
model serializes back to the file's own notation, so a dumped household is
again a valid file. Rules that need the whole household (unknown ids, shares,
skills nobody has) live in :mod:`labor_opt.household.validation`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from labor_opt.errors import Issue
from labor_opt.household.units import (
    DAY_NAMES,
    DAY_SHORTHANDS,
    MINUTES_PER_DAY,
    UnitError,
    closest,
    format_clock,
    format_duration,
    parse_clock,
    parse_days,
    parse_duration,
    parse_seconds,
)

LEVELS: tuple[str, ...] = ("learning", "able", "expert")
RESOLUTIONS: tuple[int, ...] = (5, 10, 15, 30)
_IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")


def invalid(message: str, hint: str) -> PydanticCustomError:
    """A validation error carrying a hint; the reader shows both with the line."""
    return PydanticCustomError("labor_opt", "{message}", {"message": message, "hint": hint})


def _unit(parse: Callable[[Any], Any]) -> BeforeValidator:
    def validate(value: Any) -> Any:
        try:
            return parse(value)
        except UnitError as error:
            raise invalid(error.message, error.hint) from None

    return BeforeValidator(validate)


def _member_id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _IDENTIFIER.match(value):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        suggestion = re.sub(r"[^a-z0-9_-]+", "_", str(value).lower()).strip("_") or "alex"
        raise invalid(
            f"{shown} is not a valid member id",
            f"use lowercase letters, digits, - and _ only, e.g. {suggestion}",
        )
    return value


def _name(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise invalid("expected a non-empty name", "write a short name such as dinner")
    return value


def _level(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return value.strip().lower()
    guess = closest(str(value).lower(), LEVELS)
    hint = f"write {guess}" if guess else "write learning, able or expert"
    raise invalid(f"{value!r} is not a skill level", hint)


def _skill_map(default_level: str) -> Callable[[Any], dict[str, str]]:
    def validate(value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if isinstance(value, list):
            names = [_name(item) for item in value]
            return {name: default_level for name in names}
        if isinstance(value, dict):
            return {_name(name): _level(level) for name, level in value.items()}
        raise invalid(
            "expected skills as a mapping or a list",
            "write {cooking: able, driving: expert} or [cooking, driving]",
        )

    return validate


def _resolution(value: Any) -> int:
    minutes = parse_duration(value)
    if minutes not in RESOLUTIONS:
        raise UnitError(
            f"resolution {format_duration(minutes)} is not supported",
            "write 5m, 10m, 15m or 30m",
        )
    return minutes


def _shares(value: Any) -> Literal["equal"] | dict[str, float]:
    if value == "equal":
        return "equal"
    hint = "write equal, or a map of member to weight such as {alex: 3, sam: 2}"
    if not isinstance(value, dict):
        raise invalid(f"{value!r} is not a share split", hint)
    weights: dict[str, float] = {}
    for member, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise invalid(f"the share of {member} ({weight!r}) is not a number", hint)
        if weight <= 0:
            raise invalid(f"the share of {member} is {weight}; every weight must be more than 0", hint)
        weights[_member_id(member)] = float(weight)
    if not weights:
        raise invalid("the share map is empty", hint)
    return weights


Minutes = Annotated[int, _unit(parse_duration)]
MinutesOrZero = Annotated[int, _unit(partial(parse_duration, allow_zero=True))]
ClockStart = Annotated[
    int, _unit(partial(parse_clock, allow_end_of_day=False)), PlainSerializer(format_clock, return_type=str)
]
ClockEnd = Annotated[
    int, _unit(partial(parse_clock, allow_end_of_day=True)), PlainSerializer(format_clock, return_type=str)
]
Days = Annotated[
    tuple[int, ...],
    _unit(parse_days),
    PlainSerializer(lambda days: [DAY_NAMES[day] for day in days], return_type=list[str]),
]
MemberId = Annotated[str, BeforeValidator(_member_id)]
Name = Annotated[str, BeforeValidator(_name)]


class FileModel(BaseModel):
    """Base of every model of the file: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TimeSpan(FileModel):
    """``from``/``to`` clock times; ``to`` before ``from`` crosses midnight."""

    start: ClockStart = Field(alias="from")
    end: ClockEnd = Field(alias="to")

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


class Member(FileModel):
    """One person of the household."""

    id: MemberId
    name: Name | None = None
    work: list[Block] = []
    commute: MinutesOrZero = 0
    sleep: Sleep = Sleep.model_validate({"from": "23:00", "to": "07:00"})
    unavailable: list[Block] = []
    skills: Annotated[dict[str, str], BeforeValidator(_skill_map("able"))] = {}
    likes: list[Name] = []
    dislikes: list[Name] = []
    never: list[Name] = []
    max_chores: MinutesOrZero | None = None
    balance: bool = True

    @property
    def display_name(self) -> str:
        """The member's name, or the id when none is given."""
        return self.name or self.id


class Repeat(FileModel):
    """How often a task happens: on fixed ``days``, or ``times`` days the solver picks."""

    days: Days | None = None
    times: int = Field(default=1, ge=1)
    min_gap_days: int = Field(default=0, ge=0)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if value == "weekly":
            return {"times": 1}
        if isinstance(value, (str, list)):
            try:
                return {"days": parse_days(value)}
            except UnitError as error:
                raise invalid(
                    error.message,
                    error.hint.replace("or daily,", "or weekly, daily,") + ", or {times: 3}",
                ) from None
        return value

    @model_validator(mode="after")
    def _fits_a_week(self) -> Repeat:
        if self.days is not None:
            if "times" in self.model_fields_set or "min_gap_days" in self.model_fields_set:
                raise invalid("`days` cannot be combined with `times` or `min_gap_days`", "keep one of them")
            return self
        if self.times > 7:
            raise invalid(
                f"{{times: {self.times}}} asks for more than one occurrence a day",
                "times is at most 7; for several a day, add one task per time of day",
            )
        if self.times * (self.min_gap_days + 1) > 7:
            raise invalid(
                f"{self.times} times a week with {self.min_gap_days} empty days between them does not fit in 7 days",
                "lower times or min_gap_days so that times x (min_gap_days + 1) <= 7",
            )
        return self

    @property
    def chosen_days(self) -> bool:
        """True when the solver picks the days (``weekly`` or ``{times: N}``)."""
        return self.days is None

    @property
    def count(self) -> int:
        """How many occurrences a week."""
        return len(self.days) if self.days is not None else self.times

    @model_serializer
    def _as_written(self) -> Any:
        if self.days is not None:
            for shorthand, days in DAY_SHORTHANDS.items():
                if days == self.days:
                    return shorthand
            return [DAY_NAMES[day] for day in self.days]
        if self.times == 1 and self.min_gap_days == 0:
            return "weekly"
        return {"times": self.times, "min_gap_days": self.min_gap_days}


class Task(FileModel):
    """One kind of household work."""

    id: Name
    name: Name | None = None
    duration: Minutes
    repeat: Repeat = Repeat()
    window: Window | None = None
    requires: Annotated[dict[str, str], BeforeValidator(_skill_map("learning"))] = {}
    tags: list[Name] = []
    mental_load: MinutesOrZero = 0
    people: int = Field(default=1, ge=1)
    assign: Literal["any", "one"] = "any"
    night: bool = False
    who: list[MemberId] | None = None

    @property
    def display_name(self) -> str:
        """The task's name, or the id when none is given."""
        return self.name or self.id


class Fairness(FileModel):
    """What is balanced, in which split, and how much slack counts as fair."""

    measure: Literal["total", "chores"] = "total"
    shares: Annotated[Literal["equal"] | dict[str, float], BeforeValidator(_shares)] = "equal"
    tolerance: MinutesOrZero = 15


class Settings(FileModel):
    """Solver and fairness settings."""

    resolution: Annotated[int, _unit(_resolution)] = 15
    fairness: Fairness = Fairness()
    time_limit: Annotated[float, _unit(parse_seconds)] = 10.0


class Scenario(FileModel):
    """A named what-if: edits applied to the base in the order remove, update, add."""

    description: str | None = None
    remove_tasks: list[Name] = []
    update_tasks: dict[str, dict[str, Any]] = {}
    add_tasks: list[dict[str, Any]] = []
    remove_members: list[Name] = []
    update_members: dict[str, dict[str, Any]] = {}
    add_members: list[dict[str, Any]] = []


class Household(FileModel):
    """A validated household file. Build one with :func:`labor_opt.load`.

    >>> import labor_opt
    >>> household = labor_opt.load("examples/dual_earners_toddler.yaml")
    >>> [member.id for member in household.members]
    ['alex', 'sam']
    """

    version: Literal[1]
    name: str | None = None
    settings: Settings = Settings()
    members: list[Member] = Field(min_length=1)
    tasks: list[Task]
    scenarios: dict[str, Scenario] = {}

    _source: str = PrivateAttr(default="<household>")
    _raw: Any = PrivateAttr(default=None)
    _warnings: tuple[Issue, ...] = PrivateAttr(default=())
    _scenario_name: str | None = PrivateAttr(default=None)

    @property
    def source(self) -> str:
        """The file this household was read from (or ``<household>``)."""
        return self._source

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Warnings found while reading (values rounded to the grid, ...)."""
        return self._warnings

    @property
    def scenario_name(self) -> str | None:
        """The scenario applied to get this household, ``None`` for the base."""
        return self._scenario_name

    def member(self, member_id: str) -> Member:
        """The member with this id."""
        for member in self.members:
            if member.id == member_id:
                return member
        raise KeyError(member_id)

    def task(self, task_id: str) -> Task:
        """The task with this id."""
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)
