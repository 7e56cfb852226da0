"""How the file writes each kind of value, as JSON Schema: what editors check and complete.

The models store plain units (minutes, day numbers); a person writes
``"1h30m"``, ``"07:30"`` or ``weekdays``. These fragments describe the
written forms, and :mod:`labor_opt.household.schema` puts them in the
schema generated from the models. The tool's own validation is stricter
(ranges that depend on other keys, the grid) and says why in words.
"""

from __future__ import annotations

from typing import Any

from labor_opt.household.units import DAY_SHORTHANDS, MAX_TIME_LIMIT
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_WEEK

Schema = dict[str, Any]

_DURATION_TEXT = r"^\s*(?=\d)(?:\d+\s*h)?\s*(?:\d+\s*m(?:in)?)?\s*$"


def duration(allow_zero: bool = False) -> Schema:
    """Whole minutes (45) or a duration string ("45m", "1h", "1h30m"), at most a week."""
    return {
        "anyOf": [
            {"type": "integer", "minimum": 0 if allow_zero else 1, "maximum": MINUTES_PER_WEEK},
            {"type": "string", "pattern": _DURATION_TEXT},
        ],
        "examples": ["45m", "1h30m", 20],
    }


CLOCK: Schema = {"type": "string", "pattern": r"^\d{1,2}:\d{2}$", "examples": ["07:30", "18:00"]}
DAY_WORDS: list[str] = [*DAY_NAMES, *DAY_SHORTHANDS]
DAYS: Schema = {
    "anyOf": [
        {"enum": DAY_WORDS},
        {"type": "array", "items": {"enum": list(DAY_NAMES)}, "minItems": 1, "uniqueItems": True},
    ],
    "examples": ["weekdays", ["mon", "thu"]],
}
REPEAT: Schema = {
    "anyOf": [
        {"enum": ["weekly", *DAY_WORDS]},
        {"type": "array", "items": {"enum": list(DAY_NAMES)}, "minItems": 1, "uniqueItems": True},
        {
            "type": "object",
            "properties": {
                "times": {"type": "integer", "minimum": 1, "maximum": 7, "description": "occurrences a week"},
                "min_gap_days": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 6,
                    "description": "empty days at least between two occurrences, around the week's end too",
                },
            },
            "additionalProperties": False,
        },
    ],
    "examples": ["daily", "weekly", ["mon", "thu"], {"times": 3, "min_gap_days": 1}],
}
SECONDS: Schema = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_TIME_LIMIT},
        {"type": "string", "pattern": r"^\s*(?=\d)(?:\d+\s*h)?\s*(?:\d+\s*m(?:in)?)?\s*(?:\d+(?:\.\d+)?\s*s)?\s*$"},
    ],
    "examples": ["10s", "2m", 30],
}
RESOLUTION: Schema = {"enum": ["5m", "10m", "15m", "30m", 5, 10, 15, 30]}
LEVEL: Schema = {"enum": ["learning", "able", "expert"]}


def skills() -> Schema:
    """Skills (or required skills) as a map of skill to level, or a list of skills."""
    return {
        "anyOf": [
            {"type": "object", "additionalProperties": LEVEL},
            {"type": "array", "items": {"type": "string", "minLength": 1}},
        ],
        "examples": [{"cooking": "able", "driving": "expert"}, ["cooking"]],
    }


SHARES: Schema = {
    "anyOf": [
        {"const": "equal"},
        {
            "type": "object",
            "additionalProperties": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000},
            "minProperties": 1,
        },
    ],
    "examples": ["equal", {"jo": 2, "pat": 1}],
}
ONE_OR_MANY_IDS: Schema = {
    "anyOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}}]
}


def whole(low: int, high: int | None = None) -> Schema:
    """A whole number from ``low`` (to ``high``)."""
    return {"type": "integer", "minimum": low, **({"maximum": high} if high is not None else {})}


EDITS: Schema = {"type": "object", "description": "keys of the entry to replace, each replaced whole"}
