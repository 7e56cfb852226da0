"""Solving many households: in parallel processes (or on a Dask cluster), resumably.

Each household gets one schedule file in the output folder and one row in
``summary.csv`` there. A household that fails (invalid, no schedule, time
limit) gets its row with the reason, and the batch goes on. Rows are written
as households finish, so a batch that is killed resumes where it stopped: a
household whose row is there, for the same file contents, is skipped.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labor_opt.errors import ExitCode, InputError, Issue, LaborOptError
from labor_opt.report.formats import FORMATS

SUMMARY = "summary.csv"
DASK_CONNECT_SECONDS = 5
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


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: households solved now, skipped (done before) and failed now."""

    solved: int
    skipped: int
    failed: int
    summary: Path


def find_households(source: str | Path) -> list[Path]:
    """The household files a batch takes: every ``*.yaml``/``*.yml`` in a folder, or a glob's matches."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    else:
        files = sorted(Path(p) for p in glob.glob(str(source), recursive=True) if Path(p).is_file())
    if not files:
        raise InputError([Issue(f"no household files found at {source}", "give a folder of .yaml files or a glob")])
    stems = [file.stem for file in files]
    clashes = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clashes:
        raise InputError(
            [
                Issue(
                    f"several files are named {', '.join(clashes)}",
                    "each household needs its own file name: their schedules share one output folder",
                )
            ]
        )
    return files


def solve_file(path: str, out_dir: str, time_limit: float | None, output_format: str = "json") -> dict[str, Any]:
    """Solve one household file and write its schedule; returns its summary row (never raises)."""
    from labor_opt.api import load, solve  # in the worker process
    from labor_opt.files import write_atomically
    from labor_opt.report.console import FILE_WIDTH
    from labor_opt.report.formats import FORMATS
    from labor_opt.report.terminal import as_text

    began = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update(household=str(path), sha256=_digest(Path(path)))
    try:
        schedule = solve(load(path), time_limit=time_limit)
        chosen = FORMATS[output_format]
        target = Path(out_dir) / f"{Path(path).stem}{chosen.suffixes[0]}"
        shown = chosen.schedule(schedule)
        write_atomically(target, shown if isinstance(shown, str) else as_text(shown, FILE_WIDTH))
        row.update(
            status=schedule.status.in_file,
            exit_code=int(ExitCode.OK),
            imbalance=schedule.fairness.imbalance,
            lower_bound=schedule.fairness.lower_bound,
            occurrences=len(schedule.assignments),
            schedule=target.name,
        )
    except LaborOptError as error:
        kind = {
            ExitCode.INVALID_INPUT: "invalid",
            ExitCode.INFEASIBLE: "infeasible",
            ExitCode.NO_SCHEDULE_IN_TIME: "timeout",
        }.get(error.exit_code, "error")
        row.update(status=kind, exit_code=int(error.exit_code), message=" | ".join(str(error).splitlines()))
    except Exception as error:  # a bug in one household must not stop the batch
        row.update(status="error", exit_code=int(ExitCode.INTERNAL_ERROR), message=f"{type(error).__name__}: {error}")
    row["seconds"] = round(time.perf_counter() - began, 3)
    return row


def run_batch(
    source: str | Path,
    out_dir: str | Path,
    *,
    output_format: str = "json",
    workers: int | None = None,
    time_limit: float | None = None,
    dask_address: str | None = None,
    retry_failed: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> BatchReport:
    """Solve every household at ``source`` into ``out_dir``; see the module's description.

    ``output_format`` names the format of each schedule file (one of
    :data:`~labor_opt.report.formats.FORMATS`); ``workers`` households are
    solved at once (default: one per core). ``retry_failed`` solves again
    the households whose last row is a failure. ``on_progress(done, total)`` is called as households finish
    (``done`` counts the skipped ones too).

    >>> import tempfile
    >>> report = run_batch("examples/newborn.yaml", tempfile.mkdtemp())
    >>> report.solved, report.failed
    (1, 0)
    """
    if output_format not in FORMATS:
        raise InputError([Issue(f"there is no format {output_format}", f"choose one of {', '.join(FORMATS)}")])
    files = find_households(source)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            [
                Issue(
                    f"the output folder cannot be made: {error.strerror}",
                    "name a folder you may write in",
                    file=str(out),
                )
            ]
        ) from None
    summary = out / SUMMARY
    done = _finished(summary)

    def needs_solving(file: Path) -> bool:
        digest, exit_code = done.get(str(file), ("", ""))
        return digest != _digest(file) or (retry_failed and exit_code != str(int(ExitCode.OK)))

    todo = [file for file in files if needs_solving(file)]
    skipped = len(files) - len(todo)
    progress = on_progress or (lambda finished, total: None)
    progress(skipped, len(files))
    solved = failed = 0
    with _SummaryWriter(summary) as writer:
        for row in _results(todo, out, workers or os.cpu_count() or 1, time_limit, output_format, dask_address):
            writer.write(row)
            solved += row["exit_code"] == int(ExitCode.OK)
            failed += row["exit_code"] != int(ExitCode.OK)
            progress(skipped + solved + failed, len(files))
    return BatchReport(solved, skipped, failed, summary)


def _results(
    files: list[Path],
    out: Path,
    workers: int,
    time_limit: float | None,
    output_format: str,
    dask_address: str | None,
) -> Iterable[dict[str, Any]]:
    if not files:
        return
    if dask_address:
        yield from _dask_results(files, out, time_limit, output_format, dask_address)
        return
    if workers == 1:
        for file in files:
            yield solve_file(str(file), str(out), time_limit, output_format)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        waiting: set[Future[dict[str, Any]]] = set()
        queue = iter(files)
        for file in queue:  # keep a bounded number in flight
            waiting.add(pool.submit(solve_file, str(file), str(out), time_limit, output_format))
            if len(waiting) >= workers * 2:
                finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
        for future in waiting:
            yield future.result()


def _dask_results(
    files: list[Path], out: Path, time_limit: float | None, output_format: str, address: str
) -> Iterable[dict[str, Any]]:
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise InputError(
            [Issue("--dask needs the dask extra", 'install it with: pip install "labor-opt[dask]"')]
        ) from None
    try:
        client = Client(address, timeout=DASK_CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            [
                Issue(
                    f"no Dask scheduler answers at {address} (waited {DASK_CONNECT_SECONDS}s): {error}",
                    "start one (dask scheduler) or give its address as tcp://host:8786",
                )
            ]
        ) from None
    with client:
        futures = client.map(
            solve_file,
            [str(f) for f in files],
            out_dir=str(out),
            time_limit=time_limit,
            output_format=output_format,
            pure=False,
        )
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()


def _finished(summary: Path) -> dict[str, tuple[str, str]]:
    """Households with a complete row in the summary: path -> (the contents' digest, exit code), last row wins."""
    if not summary.exists():
        return {}
    rows = csv.DictReader(io.StringIO(summary.read_text(encoding="utf-8")))
    # A row cut short by a kill lacks its last columns: it does not count.
    return {
        row["household"]: (row["sha256"], row["exit_code"])
        for row in rows
        if row.get("message") is not None and row["sha256"]
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _SummaryWriter:
    """Appends rows to summary.csv, each durably before the next."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> _SummaryWriter:
        new = not self.path.exists() or self.path.stat().st_size == 0
        if not new:
            self._drop_partial_line()
        self.file = self.path.open("a", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=COLUMNS)
        if new:
            self.writer.writeheader()
        return self

    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow(row)
        self.file.flush()
        os.fsync(self.file.fileno())

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def _drop_partial_line(self) -> None:
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):  # killed mid-row: drop the partial row
            self.path.write_bytes(data[: data.rfind(b"\n") + 1])
