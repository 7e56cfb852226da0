"""The summary of a batch, ``summary.csv``: read to resume, appended to row by row, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path
from typing import Any

from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.safe_text import shown

SUMMARY = "summary.csv"
COLUMNS: tuple[str, ...] = (
    "household",
    "sha256",
    "status",
    "exit_code",
    "imbalance",
    "lower_bound",
    "occurrences",
    "seconds",
    "schedule",
    "message",
)


def finished(summary: Path) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """What the summary says was done: household cell -> (the contents' digest, exit code), last row wins; and the
    schedule files batch wrote (their cells). An input error when the summary is not one batch wrote."""
    text = _summary_text(summary)
    if not text.endswith("\n"):  # killed mid-row: the partial row does not count (and is dropped before appending)
        text = text[: text.rfind("\n") + 1]
    if not text:
        return {}, set()
    rows = csv.DictReader(io.StringIO(text))
    if rows.fieldnames is None or tuple(rows.fieldnames) != COLUMNS:
        raise _not_a_summary(summary, f"its columns are not those batch writes ({', '.join(COLUMNS)})")
    done: dict[str, tuple[str, str]] = {}
    written: set[str] = set()
    for row in rows:
        if row.get("message") is not None and row["sha256"]:  # a row cut short lacks its last columns
            done[row["household"]] = (row["sha256"], row["exit_code"])
        if row.get("schedule"):
            written.add(row["schedule"])
    return done, written


def _summary_text(summary: Path) -> str:
    """The summary's text ('' when there is none yet), or an input error when it is not a file batch wrote."""
    try:
        mode = os.stat(summary).st_mode
        if not stat.S_ISREG(mode):
            raise _not_a_summary(summary, "it is not a regular file (a folder, a device, a pipe)")
        return summary.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return ""
    except NotADirectoryError:  # the output folder is a file: refused when it is made
        return ""
    except UnicodeDecodeError:
        raise _not_a_summary(summary, "it is not UTF-8 text") from None
    except OSError as error:
        raise _not_a_summary(summary, f"it cannot be read: {error.strerror}") from None


def _not_a_summary(summary: Path, why: str) -> InputError:
    return InputError(
        [
            Issue(
                f"batch keeps its summary here and reads it to resume, but {why}",
                "move it away, or choose another output folder with -o",
                file=str(summary),
            )
        ]
    )


# OWASP's rule against CSV injection: a spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """Text as summary.csv holds it: on one line, every control character visible, never read as a formula.

    Only text is written through here (a household's path, a message quoting
    the household): labor-opt's own numbers (exit code, minutes, seconds) are
    written as numbers, so that a spreadsheet can sum them, and a number a
    program formats cannot carry a formula. The same cell is computed to look
    a household up on resuming.
    """
    text = shown(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


class SummaryWriter:
    """Appends rows to summary.csv, each durably before the next; any failure to write is an input error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> SummaryWriter:
        try:
            new = not self.path.exists() or self.path.stat().st_size == 0
            if not new:
                self._drop_partial_line()
            self.file = self.path.open("a", encoding="utf-8", newline="")
        except OSError as error:
            raise self._error(error) from None
        self.writer = csv.DictWriter(self.file, fieldnames=COLUMNS)
        if new:
            self.writer.writeheader()
        return self

    def write(self, row: dict[str, Any]) -> None:
        try:
            self.writer.writerow(
                {column: cell(value) if isinstance(value, str) else value for column, value in row.items()}
            )
            self.file.flush()
            os.fsync(self.file.fileno())
        except OSError as error:
            raise self._error(error) from None

    def __exit__(self, *exc: object) -> None:
        try:
            self.file.close()
        except OSError:  # the rows were synced one by one; closing has nothing left to lose
            pass

    def _drop_partial_line(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):  # killed mid-row: drop the partial row
            self.path.write_bytes(data[: data.rfind(b"\n") + 1])

    def _error(self, error: OSError) -> InputError:
        return InputError(
            [Issue(f"cannot write the summary: {error.strerror or error}", "check the output folder: its permissions, "
                   "the free space", file=str(self.path))],
            "written",
        )  # fmt: skip
