"""Schedules as JSON or YAML text, and writing files atomically.

A file is written to a temporary name beside it and renamed into place, so
a reader never sees half a file and an earlier version survives a failure.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml

from labor_opt.schedule import Schedule


def schedule_json(schedule: Schedule) -> str:
    """The schedule as JSON text (schedule-format.md)."""
    return json.dumps(schedule.to_dict(), indent=2, ensure_ascii=False) + "\n"


def schedule_yaml(schedule: Schedule) -> str:
    """The schedule as YAML text, with the same keys as the JSON."""
    return str(yaml.safe_dump(schedule.to_dict(), sort_keys=False, allow_unicode=True))


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file and a rename."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
