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
