"""Days, hours and durations as people type them at `labor-opt init`'s questions.

People answer as people do: ``mon-fri 8am-4.30pm``, ``Tuesday and Thursday
2pm to 6pm``, ``45 minutes``, ``an hour and a half``, ``none``. Every reader
here takes any text and returns either a value or an :class:`Unreadable`
(what could not be read, and an answer to copy); none raises, so a question
can simply be asked again, and every earlier answer is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from labor_opt.household.units import closest, format_clock, format_duration
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import control_characters, shown

HOURS_EXAMPLE = "mon-fri 8am-4.30pm; sat 10am-2pm"
LONGEST = 200  # characters: no answer to these questions is longer, and the readers stay quick
NONE_WORDS = frozenset({"none", "no", "nothing", "n/a", "na", "-", "0", "zero", "never", "no work", "no commute"})


@dataclass(frozen=True)
class Unreadable:
    """An answer that cannot be read: what is wrong with it, and what to write (often an answer to copy)."""

    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}"


def like(example: str) -> str:
    """A hint that is an answer to copy."""
    return f"write it like this: {example}"


@dataclass(frozen=True)
class Block:
    """Some days and a clock span, in minutes since midnight; an ``end`` at or before ``start`` crosses midnight."""

    days: tuple[int, ...]
    start: int
    end: int  # 1440 is midnight at the end of the day ("24:00")

    def written(self) -> dict[str, Any]:
        """The block as the household file writes it."""
        return {"days": days_written(self.days), "from": format_clock(self.start), "to": format_clock(self.end)}

    def __str__(self) -> str:
        days = days_written(self.days)
        said = days if isinstance(days, str) else ",".join(days)
        return f"{said} {format_clock(self.start)}-{format_clock(self.end)}"


def days_written(days: tuple[int, ...]) -> str | list[str]:
    """Day numbers as the file writes them: a shorthand, one day, or a list."""
    shorthand = {(0, 1, 2, 3, 4, 5, 6): "daily", (0, 1, 2, 3, 4): "weekdays", (5, 6): "weekends"}
    if days in shorthand:
        return shorthand[days]
    return DAY_NAMES[days[0]] if len(days) == 1 else [DAY_NAMES[day] for day in days]


def plain(text: str) -> str | Unreadable:
    """An answer lowercased, its dashes and spaces made plain; refused if it holds control characters."""
    odd = control_characters(text)
    if odd:
        return Unreadable(f"'{shown(text)}' holds {odd}, which cannot be seen", "retype it")
    if len(text) > LONGEST:
        return Unreadable(f"the answer is {len(text)} characters long, too long to be one", "write a shorter answer")
    folded = re.sub("[\u2010-\u2015\u2212]", "-", text.lower())  # the dashes word processors put in
    return re.sub(r"\s+", " ", folded).strip().rstrip(".")


# --- days -------------------------------------------------------------------------------------------

_DAY_WORDS: dict[str, int] = {
    **{name: number for number, name in enumerate(DAY_NAMES)},
    "monday": 0, "tues": 1, "tuesday": 1, "weds": 2, "wednesday": 2, "thur": 3, "thurs": 3,
    "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_GROUPS: dict[str, tuple[int, ...]] = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekday": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
}
_FILLERS = frozenset({"-", "and", "from", "on", "at", "every", "each", "nights", "night", "shift", "shifts", "the"})
_RANGE_WORDS = frozenset({"-", "to", "through", "thru", "till", "until"})


def days(text: str) -> tuple[int, ...] | Unreadable:
    """Days as typed: ``mon-fri``, ``Tuesday and Thursday``, ``weekends``, ``fri to mon``, ``every day``."""
    words = re.findall(r"[a-z]+|-", re.sub(r"\bevery day\b|\bweek (days|ends)\b", _joined, text))
    words = [word.removesuffix("s") if word.removesuffix("s") in _DAY_WORDS else word for word in words]
    found: set[int] = set()
    position = 0
    while position < len(words):
        word = words[position]
        if word in _GROUPS:
            found.update(_GROUPS[word])
        elif word in _DAY_WORDS:
            last = words[position + 2] if position + 2 < len(words) else ""
            if position + 1 < len(words) and words[position + 1] in _RANGE_WORDS and last in _DAY_WORDS:
                first, end = _DAY_WORDS[word], _DAY_WORDS[last]
                found.update((first + step) % 7 for step in range((end - first) % 7 + 1))
                position += 2
            else:
                found.add(_DAY_WORDS[word])
        elif word not in _FILLERS:
            guess = closest(word, list(_DAY_WORDS) + list(_GROUPS))
            hint = f"did you mean {guess}? " if guess else ""
            return Unreadable(f"'{word}' is not a day ({hint}days are mon, tue ... sun)", like(HOURS_EXAMPLE))
        position += 1
    if not found:
        return Unreadable("which days? none are named", like(HOURS_EXAMPLE))
    return tuple(sorted(found))


def _joined(found: re.Match[str]) -> str:
    return "daily" if found.group(0) == "every day" else "week" + (found.group(1) or "")


# --- clock times and spans ----------------------------------------------------------------------------

_TIME = r"(?<![0-9.:])(?:[0-9]{1,2}(?:[:.h][0-9]{2})?h?(?:\s?[ap]\.?\s?m\b\.?)?(?![0-9])|noon|midday|midnight)"
_SPAN = re.compile(rf"({_TIME})\s*(?:-|to|till|until|til)\s*({_TIME})")
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2})(?:[:.h](?P<m>[0-9]{2}))?h?(?:\s?(?P<ap>[ap])\.?\s?m\.?)?")
_DAYTIME = range(6 * 60, 18 * 60)


def _readings(said: str) -> tuple[list[int], bool] | Unreadable:
    """The times of day (minutes) ``said`` may mean, as written first (``9``: 09:00 or 21:00; ``9pm``: 21:00).

    The flag says whether it is written on a 24-hour clock (``09:00``, ``17``, ``0``).
    """
    if said in ("noon", "midday"):
        return [720], False
    if said == "midnight":
        return [0], False
    found = _CLOCK.fullmatch(said)
    if not found:
        return Unreadable(f"'{said}' is not a time of day", like("8am, 4.30pm or 16:30"))
    hours, minutes, half = int(found["h"]), int(found["m"] or 0), found["ap"]
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes) or (half and not 1 <= hours <= 12):
        return Unreadable(f"'{said}' is not a time of day", like("8am, 4.30pm or 16:30"))
    if half:
        return [(hours % 12 + (12 if half == "p" else 0)) * 60 + minutes], False
    if hours == 0 or hours >= 13 or found["h"].startswith("0"):
        return [hours * 60 + minutes], True
    return [hours * 60 + minutes, (hours + 12) % 24 * 60 + minutes], False


def span(start: str, end: str) -> tuple[int, int] | Unreadable:
    """A clock span. A time without am or pm is read on a 24-hour clock when the other one is (``10:00-00:00``),
    else as the shorter span, then the one starting by day: ``9-5`` is 09:00-17:00, ``10pm-6`` 22:00-06:00.
    """
    starts, ends = _readings(start), _readings(end)
    if isinstance(starts, Unreadable):
        return starts
    if isinstance(ends, Unreadable):
        return ends
    if starts[1] or ends[1]:  # one end on a 24-hour clock: so is the other
        starts, ends = (starts[0][:1], True), (ends[0][:1], True)
    spans = [(first, last or 1440) for first, last in product(starts[0], ends[0]) if first != last and first < 1440]
    if not spans:
        return Unreadable(f"{start}-{end} starts and ends at the same time", like("8am-4.30pm"))
    return min(spans, key=lambda pair: ((pair[1] - pair[0]) % 1440 or 1440, pair[0] not in _DAYTIME))


def week_hours(text: str) -> tuple[Block, ...] | Unreadable:
    """Hours in the week as typed: ``mon-fri 8am-4.30pm; sat 10-2``, ``9am-5pm weekdays``; ``none`` is ().

    >>> [str(block) for block in week_hours("mon-fri 8am-4.30pm; sat 10-2")]
    ['weekdays 08:00-16:30', 'sat 10:00-14:00']
    >>> week_hours("mon-fir 9-5").message  # doctest: +ELLIPSIS
    "'fir' is not a day (did you mean fri? ...)"
    """
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    if said in NONE_WORDS:
        return ()
    spans = list(_SPAN.finditer(said))
    if not spans:
        return Unreadable(f"'{shown(text)}' gives no hours such as 8am-4.30pm", like(HOURS_EXAMPLE))
    gaps = [said[: spans[0].start()]] + [said[a.end() : b.start()] for a, b in zip(spans, spans[1:])]
    gaps.append(said[spans[-1].end() :])
    if not _empty(gaps[0]) and not _empty(gaps[-1]):
        after = shown(gaps[-1].strip())
        return Unreadable(f"'{after}' after the last hours cannot be read", like(HOURS_EXAMPLE))
    day_texts = gaps[:-1] if _empty(gaps[-1]) else gaps[1:]  # days before their hours, or after them
    blocks: list[Block] = []
    for found, day_text in zip(spans, day_texts):
        inherited = blocks and _empty(day_text)  # "mon-fri 8-12, 1-5": the second span on the same days
        named = blocks[-1].days if inherited else days(day_text)
        clock = span(found.group(1), found.group(2))
        if isinstance(named, Unreadable):
            return named
        if isinstance(clock, Unreadable):
            return clock
        blocks.append(Block(named, *clock))
    return tuple(blocks)


def around(text: str) -> tuple[Block, ...] | None | Unreadable:
    """When a helper is at the house: hours as :func:`week_hours` reads them, or ``always`` (None: any time)."""
    if text.strip().lower() in ("", "always", "any", "anytime", "any time", "all the time"):
        return None
    blocks = week_hours(text)
    if blocks == ():
        return Unreadable("a helper who is never around does no chores", "write when they come, or always")
    return blocks


def _empty(text: str) -> bool:
    return not [word for word in re.findall(r"[a-z0-9]+", text) if word not in _FILLERS]


# --- durations --------------------------------------------------------------------------------------

_PER = re.compile(r"\s*(?:each way|one way|a week|per week|/\s*week|weekly|a wk|per wk|/\s*wk)$")
_PHRASES = (
    (r"\b(?:an? |one )?hour and a half\b", "90m"),
    (r"\b(?:a )?half(?: an)? hour\b", "30m"),
    (r"\b(?:a )?quarter(?: of)?(?: an)? hour\b", "15m"),
    (r"\b(?:an|a|one) hour\b", "1h"),
)
_HOURS_MINUTES = re.compile(
    r"(?:(?P<h>[0-9]{1,3}(?:[.,][0-9]{1,2})?)\s*(?:h|hr|hrs|hour|hours)(?![a-z])\.?)?\s*(?:and\s*)?"
    r"(?:(?P<m>[0-9]{1,4})\s*(?:m|min|mins|minute|minutes)?(?![a-z])\.?)?"
)


def duration(text: str, *, most: int, example: str) -> int | Unreadable:
    """Minutes as typed: ``45 minutes``, ``1h30``, ``1.5 hours``, ``half an hour``, ``45``; ``none`` is 0.

    >>> duration("an hour and a half", most=600, example="45 minutes")
    90
    """
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    said = _PER.sub("", said).strip()
    if said in NONE_WORDS:
        return 0
    for phrase, short in _PHRASES:
        said = re.sub(phrase, short, said)
    found = _HOURS_MINUTES.fullmatch(said.strip())
    if not found or not (found["h"] or found["m"]):
        return Unreadable(f"'{shown(text)}' is not a length of time", like(example))
    minutes = Fraction(found["h"].replace(",", ".") if found["h"] else 0) * 60 + int(found["m"] or 0)
    if minutes.denominator != 1:
        return Unreadable(f"'{shown(text)}' is not a whole number of minutes", like(example))
    if minutes > most:
        return Unreadable(f"'{shown(text)}' is more than {format_duration(most)}", like(example))
    return int(minutes)
