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

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from labor_opt.household import notation
from labor_opt.household.units import (
    UnitError,
    format_clock,
    format_duration,
    odd_characters,
    parse_clock,
    parse_days,
    parse_duration,
    suggestion,
)
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import shown as escaped

LEVELS: tuple[str, ...] = ("learning", "able", "expert")
RESOLUTIONS: tuple[int, ...] = (5, 10, 15, 30)
_IDENTIFIER = re.compile(r"^[a-z0-9_-]+$")
MAX_SHARE = 1000  # weights beyond this (or finer than 3 decimals) would overflow the solver's integers


# In a message, stands for the value as the file wrote it (017 stays 017, not 17); see messages.py.
WRITTEN = "{written}"


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


def shown(value: Any) -> str:
    """A value in a message: text in quotes (its control characters as escapes), a number as the file wrote it."""
    if isinstance(value, str):
        return f'"{escaped(value)}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, (int, float)):
        return WRITTEN
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)


def _text(value: Any, what: str, example: str) -> str:
    """Text, never a number or a flag read as one: those are refused with a hint to quote them."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise invalid(f"{WRITTEN} is a number, but {what} is text", f'write it in quotes: "{WRITTEN}"')
    raise invalid(f"{shown(value)} is not {what}", f"write {what} such as {example}")


def member_id_problem(text: str) -> tuple[str, str] | None:
    """What is wrong with ``text`` as a member id, as a message and a hint; ``None`` when it is a valid one.

    >>> member_id_problem("Kim")
    ('"Kim" is not a valid member id', 'use lowercase letters, digits, - and _ only, e.g. kim')
    """
    if _IDENTIFIER.fullmatch(text):  # not match: its $ lets a final line break through
        return None
    odd = odd_characters(text)
    suggestion = re.sub(r"[^a-z0-9_-]+", "_", text.lower()).strip("_") or "alex"
    hint = f"it holds {odd}; retype it" if odd else f"use lowercase letters, digits, - and _ only, e.g. {suggestion}"
    return f"{shown(text)} is not a valid member id", hint


def _member_id(value: Any) -> str:
    text = _text(value, "a member id", "alex")
    problem = member_id_problem(text)
    if problem is not None:
        raise invalid(*problem)
    return text


def _name(value: Any) -> str:
    text = _text(value, "a name", "dinner")
    if not text.strip():
        raise invalid("expected a non-empty name", "write a short name such as dinner")
    return text


def one_or_many(value: Any) -> Any:
    """A single value or a list of them, as a list (``now: sam`` or ``now: [sam, kim]``)."""
    return [value] if isinstance(value, str) else value


def whole_number(low: int, high: int | None = None) -> BeforeValidator:
    """A whole number from ``low`` to ``high``, written as one: never true, "3" or 1.0."""

    def validate(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(f"{shown(value)} is not a whole number", "write a whole number such as 2, without quotes")
        if value < low or (high is not None and value > high):
            limits = f"from {low} to {high}" if high is not None else f"of {low} or more"
            raise invalid(f"{WRITTEN} is out of range", f"write a whole number {limits}")
        return value

    return BeforeValidator(validate)


def flag(value: Any) -> bool:
    """``true`` or ``false``, written as such: never "yes", "no", 1 or 0."""
    if not isinstance(value, bool):
        raise invalid(f"{shown(value)} is not true or false", "write true or false, without quotes")
    return value


def exactly_one(value: Any) -> int:
    """The format's version: the number 1."""
    if isinstance(value, bool) or value != 1 or not isinstance(value, int):
        raise invalid(f"{shown(value)} is not a known version", "write version: 1, the only version of the format")
    return 1


def _level(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in LEVELS:
        return value.strip().lower()
    said = suggestion(str(value).lower(), LEVELS)
    raise invalid(f"{shown(value)} is not a skill level", f"{said + ' ' if said else ''}write learning, able or expert")


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
        raise invalid(f"{shown(value)} is not a share split", hint)
    weights: dict[str, float] = {}
    for member, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
            raise invalid(f"the share of {member} ({shown(weight)}) is not a number", hint)
        if not 0 < weight <= MAX_SHARE or round(weight, 3) != weight:
            raise invalid(
                f"the share of {member} is {weight:g}",
                f"every weight is a number above 0 and at most {MAX_SHARE}, with at most 3 decimals",
            )
        weights[_member_id(member)] = float(weight)
    if not weights:
        raise invalid("the share map is empty", hint)
    return weights


Minutes = Annotated[int, unit(parse_duration), WithJsonSchema(notation.duration())]
MinutesOrZero = Annotated[
    int, unit(partial(parse_duration, allow_zero=True)), WithJsonSchema(notation.duration(allow_zero=True))
]
ClockStart = Annotated[
    int,
    unit(partial(parse_clock, allow_end_of_day=False)),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema(notation.CLOCK),
]
ClockEnd = Annotated[
    int,
    unit(partial(parse_clock, allow_end_of_day=True)),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema(notation.CLOCK),
]
Days = Annotated[
    tuple[int, ...],
    unit(parse_days),
    PlainSerializer(lambda days: [DAY_NAMES[day] for day in days], return_type=list[str]),
    WithJsonSchema(notation.DAYS),
]
MemberId = Annotated[str, BeforeValidator(_member_id), WithJsonSchema({"type": "string", "minLength": 1})]
Name = Annotated[str, BeforeValidator(_name), WithJsonSchema({"type": "string", "minLength": 1})]
