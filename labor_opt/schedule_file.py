"""Reading a schedule file back (JSON, or YAML by its suffix), with the limits household files have.

Only a regular file of bounded size is read; JSON nested too deeply and
YAML with tags or aliases that expand too far are refused with a message,
never a traceback. What the file claims is judged by the checker.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from labor_opt.errors import InputError, Issue
from labor_opt.files import read_text
from labor_opt.household.marked_yaml import MAX_DEPTH, nested_too_deep, parse_marked_yaml
from labor_opt.household.models import Household

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
    return data


def _json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
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
    """A schedule file's data with its figures as the checker recomputed them, and what it may leave out filled in."""
    tasks = {task.id: task for task in household.tasks}
    settings = household.settings.fairness
    claimed: dict[str, Any] = data["fairness"] if isinstance(data.get("fairness"), dict) else {}
    bound = claimed.get("lower_bound")
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
        "assignments": assignments,
        "members": figures,
        "fairness": {
            **claimed,
            "measure": settings.measure,
            "tolerance": settings.tolerance,
            "imbalance": imbalance,
            "lower_bound": min(bound, imbalance) if isinstance(bound, int) else 0,
        },
    }


def _length(entry: dict[str, Any]) -> int:
    """An assignment's minutes from its start and end (a file written by hand may leave them out)."""
    start, end = (int(entry[key][:2]) * 60 + int(entry[key][3:5]) for key in ("start", "end"))
    return (end - start) % (24 * 60) or 24 * 60
