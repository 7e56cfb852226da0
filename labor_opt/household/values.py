"""The file's value types: ids, names, skill levels, shares, durations, clock times, days.

Each is an annotated type whose validator reads what a person may write and
returns plain values (minutes, day numbers), or fails with a message and a
hint that the reader shows with the line. The models in
:mod:`labor_opt.household.models` are built from them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError

from labor_opt.household.units import (
    DAY_NAMES,
    UnitError,
    closest,
    format_clock,
    format_duration,
    parse_clock,
    parse_days,
    parse_duration,
)

LEVELS: tuple[str, ...] = ("learning", "able", "expert")
RESOLUTIONS: tuple[int, ...] = (5, 10, 15, 30)
_IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")


def invalid(message: str, hint: str) -> PydanticCustomError:
    """A validation error carrying a hint; the reader shows both with the line."""
    return PydanticCustomError("labor_opt", "{message}", {"message": message, "hint": hint})


def unit(parse: Callable[[Any], Any]) -> BeforeValidator:
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


def skill_map(default_level: str) -> Callable[[Any], dict[str, str]]:
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


def grid_resolution(value: Any) -> int:
    minutes = parse_duration(value)
    if minutes not in RESOLUTIONS:
        raise UnitError(
            f"resolution {format_duration(minutes)} is not supported",
            "write 5m, 10m, 15m or 30m",
        )
    return minutes


def share_split(value: Any) -> Literal["equal"] | dict[str, float]:
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


Minutes = Annotated[int, unit(parse_duration)]
MinutesOrZero = Annotated[int, unit(partial(parse_duration, allow_zero=True))]
ClockStart = Annotated[
    int, unit(partial(parse_clock, allow_end_of_day=False)), PlainSerializer(format_clock, return_type=str)
]
ClockEnd = Annotated[
    int, unit(partial(parse_clock, allow_end_of_day=True)), PlainSerializer(format_clock, return_type=str)
]
Days = Annotated[
    tuple[int, ...],
    unit(parse_days),
    PlainSerializer(lambda days: [DAY_NAMES[day] for day in days], return_type=list[str]),
]
MemberId = Annotated[str, BeforeValidator(_member_id)]
Name = Annotated[str, BeforeValidator(_name)]
