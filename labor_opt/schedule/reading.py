"""Reading a schedule file back (JSON, or YAML by its suffix), with the limits household files have.

Only a regular file of bounded size is read; JSON nested too deeply and
YAML with tags or aliases that expand too far are refused with a message,
never a traceback. What the file claims is judged by the checker.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labor_opt.household.marked_yaml import MAX_DEPTH, MarkedDict, MarkedList, nested_too_deep, parse_marked_yaml
from labor_opt.household.models import Household
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.files import read_text
from labor_opt.kernel.horizon import MINUTES_PER_DAY
from labor_opt.kernel.safe_text import shown

SCHEDULE_HINT = "give a file labor-opt solve --format json (or -o FILE) wrote"


def read_schedule_file(path: str | Path) -> dict[str, Any]:
    """A schedule file's data, or an :class:`InputError` saying why it cannot be one."""
    file = str(path)
    text = read_text(path, "schedule file")
    too_deep = nested_too_deep(text)
    if too_deep is not None:
        raise InputError([Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels",
                                line=too_deep, file=file)])  # fmt: skip
    if Path(path).suffix.lower() == ".json":
        data = _json(text, file)
    else:
        data, issues = parse_marked_yaml(text, file)
        if issues:
            raise InputError([Issue(i.message, i.hint, i.path, i.line, file) for i in issues])
    if not isinstance(data, dict) or not isinstance(data.get("assignments"), list):
        raise InputError([Issue("this is not a schedule: it has no list of assignments", SCHEDULE_HINT, file=file)])
    odd = [
        Issue(f"{what} is not a number a schedule can hold", SCHEDULE_HINT, path, line, file)
        for path, line, what in _odd_numbers(data, "", None)
    ]
    if odd:
        raise InputError(odd[:MAX_ODD_NUMBERS])
    return data


# No figure of a schedule comes near this (a week has 10,080 minutes); beyond 2**53 a float no longer holds every
# whole number, and an integer of over 4,300 digits Python will not even convert.
LARGEST_NUMBER = 10**15
MAX_ODD_NUMBERS = 20  # listed at most: a hostile file may hold millions


@dataclass(frozen=True)
class _TooLong:
    """An integer too long to be a figure, in place of its value: ``digits`` says how long."""

    digits: int


def _integer(written: str) -> int | _TooLong:
    """A JSON integer; one with more digits than any figure has is kept as its length, never converted."""
    digits = len(written.lstrip("-"))
    return _TooLong(digits) if digits > len(str(LARGEST_NUMBER)) else int(written)


def _odd_numbers(value: Any, path: str, line: int | None) -> Iterator[tuple[str, int | None, str]]:
    """Where ``value`` holds a number no schedule can hold (NaN, infinite, too large), with what it is."""
    if isinstance(value, dict):
        key_lines = value.key_lines if isinstance(value, MarkedDict) else {}  # YAML remembers lines; JSON does not
        for key, item in value.items():
            yield from _odd_numbers(item, f"{path}.{_key(key)}" if path else _key(key), key_lines.get(key, line))
    elif isinstance(value, list):
        item_lines = value.item_lines if isinstance(value, MarkedList) else []
        for index, item in enumerate(value):
            yield from _odd_numbers(item, f"{path}[{index}]", item_lines[index] if index < len(item_lines) else line)
    elif isinstance(value, _TooLong):
        yield path, line, f"a {value.digits}-digit integer"
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, line, "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "Infinity"
    elif isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= LARGEST_NUMBER:
        yield path, line, f"a {len(str(abs(value)))}-digit integer" if isinstance(value, int) else f"{value!r}"


def _key(key: Any) -> str:
    """A key from the file as a path names it: controls made visible, a long one cut short."""
    text = shown(key)
    return text if len(text) <= 40 else text[:37] + "..."


def _json(text: str, file: str) -> Any:
    try:
        # Python would stop at a 4,301-digit integer with a ValueError; NaN and Infinity are no JSON at all.
        return json.loads(text, parse_int=_integer, parse_constant=float)
    except json.JSONDecodeError as error:
        raise InputError(
            [Issue(f"the schedule file is not valid JSON: {error.msg}", SCHEDULE_HINT, line=error.lineno, file=file)]
        ) from None
    except RecursionError:
        raise InputError(
            [Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels", file=file)]
        ) from None


def completed_schedule(
    household: Household, data: dict[str, Any], figures: dict[str, dict[str, Any]], imbalance: int
) -> dict[str, Any]:
    """A schedule file's data with its figures as the checker recomputed them, and what it may leave out filled in.

    What the file claims and labor-opt has not verified is not carried over:
    labor-opt did not solve this schedule, so its status is ``feasible``, its
    lower bound 0 (true of every schedule) and its solver ``NOT_SOLVED``;
    what bounds the imbalance and what the tolerance went to are left out,
    and people and tasks go by the household's names, not the file's.
    """
    tasks = {task.id: task for task in household.tasks}
    settings = household.settings.fairness
    assignments = [
        {
            "minutes": _length(entry),
            "night": tasks[entry["task"]].night if entry.get("task") in tasks else False,
            **entry,
        }
        for entry in data["assignments"]
    ]
    return {
        **data,
        "status": "feasible",
        "assignments": assignments,
        "members": figures,
        "fairness": {
            "measure": settings.measure,
            "imbalance": imbalance,
            "lower_bound": 0,
            "tolerance": settings.tolerance,
            "objective": settings.objective,
        },
        "solver": {"seconds": 0.0, "status": "NOT_SOLVED"},
        "names": {
            "members": {m.id: m.name for m in household.members if m.name and m.name != m.id},
            "tasks": {t.id: t.name for t in household.tasks if t.name and t.name != t.id},
        },
    }


def _length(entry: dict[str, Any]) -> int:
    """An assignment's minutes from its start and end (a file written by hand may leave them out)."""
    start, end = (int(entry[key][:2]) * 60 + int(entry[key][3:5]) for key in ("start", "end"))
    return (end - start) % MINUTES_PER_DAY or MINUTES_PER_DAY
