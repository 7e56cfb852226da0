"""Units of the household file: durations, clock times, days and the week.

Every parser here takes what a person may write in the file and returns plain
integers (minutes, day numbers), or raises :class:`UnitError` with a message
saying what is wrong and a hint saying what to write instead.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from fractions import Fraction

from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_WEEK
from labor_opt.kernel.safe_text import character_name, shown

MAX_TIME_LIMIT = 24 * 3600  # seconds: a day; a longer search is a mistake (.inf would never stop)

DAY_SHORTHANDS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$")
_SECONDS = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+(?:\.\d+)?)\s*s)?\s*$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


SMART_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb"


class UnitError(ValueError):
    """A value the file's units cannot read; ``hint`` says what to write."""

    def __init__(self, message: str, hint: str, value: object = None) -> None:
        if isinstance(value, str) and any(quote in value for quote in SMART_QUOTES):
            # Files copied from chat apps and word processors come with curly quotes.
            hint = 'replace the curly quotes with straight ones ("); ' + hint
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_duration(value: object, *, allow_zero: bool = False) -> int:
    """Read a duration in whole minutes: ``45``, ``"45m"``, ``"1h"``, ``"1h30m"``.

    >>> parse_duration("1h30m")
    90
    >>> parse_duration(20)
    20
    """
    hint = 'write whole minutes such as 45, or a string such as "45m", "1h" or "1h30m"'
    if isinstance(value, bool) or value is None:
        raise UnitError(f"{_show(value)} is not a duration", hint, value)
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, str):
        match = _DURATION.match(value)
        if not match or not any(match.groups()):
            raise UnitError(f"{_show(value)} is not a duration", hint, value)
        hours, mins = match.groups()
        minutes = int(hours or 0) * 60 + int(mins or 0)
    else:
        raise UnitError(f"{_show(value)} is not a duration", hint, value)
    if minutes < 0 or (minutes == 0 and not allow_zero):
        need = "0 or more" if allow_zero else "more than 0"
        raise UnitError(f"duration {_show(value)} must be {need} minutes", hint)
    if minutes > MINUTES_PER_WEEK:
        raise UnitError(
            f"duration {_show(value)} is longer than a week",
            f"durations are at most {MINUTES_PER_WEEK} minutes (168h)",
        )
    return minutes


def parse_seconds(value: object) -> float:
    """Read a wall-clock limit in seconds: ``10``, ``"10s"``, ``"2m"``, ``"1m30s"``.

    >>> parse_seconds("1m30s")
    90.0
    """
    hint = 'write seconds such as 10, or a string such as "10s", "2m" or "1m30s"'
    if isinstance(value, bool) or value is None:
        raise UnitError(f"{_show(value)} is not a time limit", hint, value)
    if isinstance(value, (int, float)):
        seconds = float(value)
    elif isinstance(value, str):
        match = _SECONDS.match(value)
        if not match or not any(match.groups()):
            raise UnitError(f"{_show(value)} is not a time limit", hint, value)
        hours, mins, secs = match.groups()
        seconds = int(hours or 0) * 3600 + int(mins or 0) * 60 + float(secs or 0)
    else:
        raise UnitError(f"{_show(value)} is not a time limit", hint, value)
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_TIME_LIMIT:
        raise UnitError(
            f"time limit {_show(value)} is out of range",
            f"write more than 0 seconds and at most {MAX_TIME_LIMIT} (a day), e.g. 10s or 2m",
        )
    return seconds


def parse_clock(value: object, *, allow_end_of_day: bool) -> int:
    """Read a time of day ``"HH:MM"`` as minutes since midnight.

    ``"24:00"`` is accepted only where ``allow_end_of_day`` (a block's ``to``).

    >>> parse_clock("07:30", allow_end_of_day=False)
    450
    """
    upper = '"24:00"' if allow_end_of_day else '"23:59"'
    hint = f'write a quoted 24-hour time from "00:00" to {upper}, e.g. "07:30"'
    if not isinstance(value, str):
        raise UnitError(f"{_show(value)} is not a time of day", hint, value)
    match = _CLOCK.match(value.strip())
    if not match:
        odd = odd_characters(value)
        raise UnitError(f"{_show(value)} is not a time of day", f"it holds {odd}; {hint}" if odd else hint, value)
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes != 0):
        raise UnitError(f"{_show(value)} is not a time of day", hint, value)
    if hours == 24 and not allow_end_of_day:
        raise UnitError(
            '"24:00" may only end a block or window (as its `to`)',
            'start at "00:00" instead',
        )
    return hours * 60 + minutes


def parse_days(value: object) -> tuple[int, ...]:
    """Read days as sorted day numbers (0 = Monday).

    Accepts one day name, a list of day names, or ``daily``, ``weekdays``,
    ``weekends``.

    >>> parse_days("weekends")
    (5, 6)
    >>> parse_days(["thu", "mon"])
    (0, 3)
    """
    hint = "write mon, tue, wed, thu, fri, sat or sun, a list of them, or daily, weekdays or weekends"
    if isinstance(value, tuple) and all(isinstance(day, int) and 0 <= day < 7 for day in value):
        return value  # already read
    if isinstance(value, str):
        key = value.strip().lower()
        if key in DAY_SHORTHANDS:
            return DAY_SHORTHANDS[key]
        return (_day_number(key, hint),)
    if isinstance(value, list):
        if not value:
            raise UnitError("the list of days is empty", hint)
        numbers = [_day_number(item, hint) for item in value]
        repeated = sorted({DAY_NAMES[n] for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise UnitError(f"{', '.join(repeated)} is listed more than once", "list each day once")
        return tuple(sorted(numbers))
    raise UnitError(f"{_show(value)} is not a day or list of days", hint)


def _day_number(value: object, hint: str) -> int:
    if not isinstance(value, str):
        raise UnitError(f"{_show(value)} is not a day", hint, value)
    key = value.strip().lower()
    if key in DAY_NAMES:
        return DAY_NAMES.index(key)
    guess = closest(key[:3], DAY_NAMES) if len(key) >= 3 else None
    if guess and key.startswith(guess):
        hint = f"write {guess}"
    elif key in DAY_SHORTHANDS:
        hint = f"{key} stands for several days: write it instead of the list, e.g. days: {key}"
    raise UnitError(f"{_show(value)} is not a day", hint, value)


def format_clock(minutes: int) -> str:
    """Minutes since midnight (0..1440) as ``"HH:MM"``.

    >>> format_clock(1110)
    '18:30'
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_duration(minutes: int) -> str:
    """Minutes as a short human duration.

    >>> format_duration(90)
    '1h30m'
    """
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    if hours and mins:
        return f"{sign}{hours}h{mins:02d}m"
    if hours:
        return f"{sign}{hours}h"
    return f"{sign}{mins}m"


def closest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice closest to a misspelt ``word``, if any is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


# Letters of other scripts that look like Latin ones (Cyrillic, Greek), as they arrive from other
# keyboards and copied text: code point -> the letter it is taken for.
LOOKALIKES: dict[str, str] = {
    chr(0x0430): "a",
    chr(0x0435): "e",
    chr(0x043E): "o",
    chr(0x0440): "p",
    chr(0x0441): "c",
    chr(0x0443): "y",
    chr(0x0445): "x",
    chr(0x0456): "i",
    chr(0x0458): "j",
    chr(0x0455): "s",
    chr(0x0501): "d",
    chr(0x04BB): "h",
    chr(0x04CF): "l",
    chr(0x0410): "A",
    chr(0x0412): "B",
    chr(0x0415): "E",
    chr(0x041A): "K",
    chr(0x041C): "M",
    chr(0x041D): "H",
    chr(0x041E): "O",
    chr(0x0420): "P",
    chr(0x0421): "C",
    chr(0x0422): "T",
    chr(0x0425): "X",
    chr(0x0391): "A",
    chr(0x0392): "B",
    chr(0x0395): "E",
    chr(0x0397): "H",
    chr(0x0399): "I",
    chr(0x039A): "K",
    chr(0x039C): "M",
    chr(0x039D): "N",
    chr(0x039F): "O",
    chr(0x03A1): "P",
    chr(0x03A4): "T",
    chr(0x03A7): "X",
    chr(0x03A5): "Y",
    chr(0x0396): "Z",
    chr(0x03BF): "o",
    chr(0x03B1): "a",
    chr(0x03B9): "i",
    chr(0x03BD): "v",
    chr(0x03C1): "p",
}


def odd_characters(text: str) -> str | None:
    """Name the characters of ``text`` a person cannot see or tell apart from plain letters, if any.

    Invisible ones (a zero-width space, a non-breaking space, a control
    character) and letters of another script that look like Latin ones
    (Cyrillic а in "аlex") are named by their Unicode names.

    >>> odd_characters("\u0430lex")
    'U+0430 CYRILLIC SMALL LETTER A (it looks like "a")'
    >>> odd_characters("alex") is None
    True
    """
    found = []
    for character in dict.fromkeys(text):
        category = unicodedata.category(character)
        if character in LOOKALIKES:
            found.append(f'{character_name(character)} (it looks like "{LOOKALIKES[character]}")')
        elif character != " " and (category in ("Cf", "Cc", "Zs", "Zl", "Zp") or character in "\u00a0\ufeff"):
            found.append(f"{character_name(character)} (it cannot be seen)")
    return ", ".join(found) or None


def suggestion(word: object, choices: tuple[str, ...] | list[str]) -> str | None:
    """What to say of a word that matches none of ``choices``: a character to retype, or the closest choice.

    >>> suggestion("dinnr", ["dinner", "dishes"])
    'did you mean dinner?'
    """
    text = str(word)
    odd = odd_characters(text)
    if odd:
        return f"it holds {odd}; retype it with plain characters"
    guess = closest(text, choices)
    return f"did you mean {shown(guess)}?" if guess else None


def _show(value: object) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return {"inf": ".inf", "-inf": "-.inf"}.get(str(value), ".nan")
    if isinstance(value, str):
        return f'"{shown(value)}"'
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return str(value)


def round_minutes(value: Fraction) -> int:
    """Round to whole minutes, halves up (the same way everywhere)."""
    return math.floor(value + Fraction(1, 2))
