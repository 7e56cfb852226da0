"""Files: reading a schedule file back, and writing any output atomically.

A file is written to a temporary name beside it and renamed into place, so
a reader never sees half a file and an earlier version survives a failure.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from labor_opt.errors import InputError, Issue


def read_schedule_file(path: str | Path) -> dict[str, Any]:
    """A schedule file's data (JSON, or YAML by extension), or an :class:`InputError`."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            [Issue(f"the schedule file cannot be read: {error}", "name a schedule .json file", file=file)]
        ) from None
    try:
        data = json.loads(text) if Path(path).suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        line = getattr(error, "lineno", None)
        raise InputError(
            [
                Issue(
                    f"the schedule file is not valid JSON/YAML: {error}",
                    "give the file labor-opt solve --format json wrote",
                    line=line,
                    file=file,
                )
            ]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("assignments"), list):
        raise InputError(
            [
                Issue(
                    "this is not a schedule: it has no list of assignments",
                    "give the file labor-opt solve --format json wrote",
                    file=file,
                )
            ]
        )
    return data


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


def refuse_to_overwrite(output: Path | None, household_file: Path) -> None:
    """An input error when ``output`` is the household file itself: what a person wrote is never lost."""
    if output is not None and _same_file(output, household_file):
        raise InputError(
            [
                Issue(
                    "-o names the household file itself; it would be overwritten",
                    "write to another file, e.g. schedule.json",
                    file=str(output),
                )
            ]
        )


def _same_file(output: Path, household_file: Path) -> bool:
    try:
        return output.resolve() == household_file.resolve() or (
            output.exists() and household_file.exists() and output.samefile(household_file)
        )
    except OSError:
        return False
