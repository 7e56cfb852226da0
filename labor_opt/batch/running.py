"""Solving many households: in parallel processes (or on a Dask cluster), resumably.

Each household gets one schedule file in the output folder and one row in
``summary.csv`` there. A household that fails (invalid, no schedule, time
limit) gets its row with the reason, and the batch goes on. Rows are written
as households finish, so a batch that is killed resumes where it stopped: a
household whose row is there, for the same file contents, is skipped.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Generator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from labor_opt.batch.summary import COLUMNS, SUMMARY, SummaryWriter, cell, finished
from labor_opt.kernel.errors import ExitCode, InputError, Issue, LaborOptError, SearchInterrupted
from labor_opt.kernel.files import overwritten, same_file
from labor_opt.kernel.globbing import matching
from labor_opt.kernel.safe_text import shown
from labor_opt.report.formats import FORMATS
from labor_opt.schedule.model import Status
from labor_opt.solve_params import SolveParams, StopToken, settled

DASK_CONNECT_SECONDS = 5
# A solve keeps a core busy and holds a solver's memory: more processes than this per core only make each slower.
WORKERS_PER_CORE = 4


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: households solved now, skipped (done before) and failed now."""

    solved: int
    skipped: int
    failed: int
    summary: Path
    failed_before: int = 0  # of the skipped, those whose row is a failure (solved again with retry_failed)


def find_households(source: str | Path) -> list[Path]:
    """The household files a batch takes: every ``*.yaml``/``*.yml`` in a folder, or a glob's matches.

    A glob never enters a folder through a symbolic link: two links to ``.``
    would make ``**`` walk an endless (exponential) tree. Anything that is not
    a folder is taken, so that a file that cannot be read (a dangling link,
    no permission) gets its row saying so rather than being skipped unseen.
    """
    files = matching(source)
    if not files:
        raise InputError([Issue(f"no household files found at {shown(source)}",
                                "give a folder of .yaml files or a glob")])  # fmt: skip
    return files


def _unique_stems(files: list[Path]) -> None:
    by_stem: dict[str, list[Path]] = {}
    for file in files:
        by_stem.setdefault(file.stem, []).append(file)
    clashes = {stem: paths for stem, paths in sorted(by_stem.items()) if len(paths) > 1}
    if clashes:
        named = "; ".join(
            f"{shown(stem)}: {', '.join(shown(path) for path in paths)}" for stem, paths in clashes.items()
        )
        raise InputError(
            [
                Issue(
                    f"several files have one name ({named})",
                    "each household needs its own file name: their schedules share one output folder",
                )
            ]
        )


def solve_file(
    path: str,
    out_dir: str,
    time_limit: float | None = None,
    output_format: str = "json",
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> dict[str, Any]:
    """Solve one household file and write its schedule; returns its summary row (never raises)."""
    from labor_opt.api import solve  # in the worker process
    from labor_opt.household.reading import parse_household
    from labor_opt.kernel.files import read_bytes, text_of, write_atomically
    from labor_opt.report.console import FILE_WIDTH
    from labor_opt.report.formats import FORMATS
    from labor_opt.report.terminal import as_text

    global _interrupted
    began = time.perf_counter()
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update(household=str(path))
    if _interrupted:  # Ctrl-C reached this worker: the households still queued are not started
        return {**row, "status": "interrupted", "exit_code": int(ExitCode.INTERRUPTED), "seconds": 0}
    try:
        raw = read_bytes(path)  # refused by its size before a byte is read
        row["sha256"] = hashlib.sha256(raw).hexdigest()
        household = parse_household(text_of(raw, path), source=str(path))
        schedule = solve(household, params=settled(params, time_limit=time_limit), stop=stop)
        if schedule.status is Status.INTERRUPTED:  # not this household's answer: a resumed batch solves it again
            raise SearchInterrupted()
        chosen = FORMATS[output_format]
        target = Path(out_dir) / f"{Path(path).stem}{chosen.suffixes[0]}"
        shown_schedule = chosen.schedule(schedule)
        write_atomically(
            target, shown_schedule if isinstance(shown_schedule, str) else as_text(shown_schedule, FILE_WIDTH)
        )
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
            ExitCode.INTERRUPTED: "interrupted",
        }.get(error.exit_code, "error")
        _interrupted = _interrupted or (_in_worker and error.exit_code == ExitCode.INTERRUPTED)
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
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> BatchReport:
    """Solve every household at ``source`` into ``out_dir``; see the module's description.

    ``output_format`` names the format of each schedule file (one of
    :data:`~labor_opt.report.formats.FORMATS`); ``workers`` households are
    solved at once (default: one per core). ``retry_failed`` solves again
    the households whose last row is a failure. ``on_progress(done, total)`` is called as households finish
    (``done`` counts the skipped ones too). Each household is solved with
    ``params`` (``time_limit`` wins over its own); ``stop`` ends the batch:
    the running solves stop, the queued ones never start.

    Everything that could go wrong before solving is refused first (exit 2):
    a schedule that would be written over a household, a ``summary.csv``
    labor-opt did not write. The schedules of an earlier run that the glob
    now matches are outputs, not households: they are left out.

    >>> import tempfile
    >>> report = run_batch("examples/newborn.yaml", tempfile.mkdtemp())
    >>> report.solved, report.failed
    (1, 0)
    """
    if output_format not in FORMATS:
        raise InputError([Issue(f"there is no format {shown(output_format)}", f"choose one of {', '.join(FORMATS)}")])
    chosen_workers = _workers(workers)
    params = settled(params, time_limit=time_limit)
    out = Path(out_dir)
    summary = out / SUMMARY
    files, todo, failed_before = _households(source, out, FORMATS[output_format].suffixes[0], retry_failed)
    _remove_half_written(todo, out, FORMATS[output_format].suffixes[0])
    skipped = len(files) - len(todo)
    progress = on_progress or (lambda finished, total: None)
    progress(skipped, len(files))
    solved = failed = 0
    results = _results(todo, out, chosen_workers, params, output_format, dask_address, stop)
    with SummaryWriter(summary) as writer, contextlib.closing(results):  # closed at once, even by Ctrl-C
        for row in results:
            if row["exit_code"] == int(ExitCode.INTERRUPTED):  # Ctrl-C: the rows so far are kept, to resume
                raise KeyboardInterrupt
            writer.write(row)
            solved += row["exit_code"] == int(ExitCode.OK)
            failed += row["exit_code"] != int(ExitCode.OK)
            progress(skipped + solved + failed, len(files))
    return BatchReport(solved, skipped, failed, summary, failed_before)


def _remove_half_written(todo: list[Path], out: Path, suffix: str) -> None:
    """The temporary files a killed run (``kill -9`` leaves no chance to tidy) left beside the schedules to write.

    Only the hidden ``.NAME.*.tmp`` files batch itself writes before renaming them onto ``NAME``.
    """
    for file in todo:
        for temporary in out.glob(f".{glob.escape(file.stem + suffix)}.*.tmp"):
            with contextlib.suppress(OSError):  # gone already, or not ours to remove: the run goes on
                temporary.unlink()


def _households(source: str | Path, out: Path, suffix: str, retry_failed: bool) -> tuple[list[Path], list[Path], int]:
    """The households at ``source``, those of them to solve now, and how many left alone had failed.

    Input errors come first; the output folder is made.
    """
    done, written = finished(out / SUMMARY)
    files = [file for file in find_households(source) if not _written_before(file, out, written)]
    if not files:
        raise InputError([Issue(f"no household files found at {shown(source)}: only schedules batch wrote",
                                "give a folder of .yaml files or a glob")])  # fmt: skip
    _unique_stems(files)
    _refuse_overwriting(files, out, suffix)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            [Issue(f"the output folder cannot be made: {error.strerror}", "name a folder you may write in",
                   file=str(out))]
        ) from None  # fmt: skip

    def needs_solving(file: Path) -> bool:
        digest, exit_code = done.get(cell(str(file)), ("", ""))
        return digest != _digest(file) or (retry_failed and exit_code != str(int(ExitCode.OK)))

    todo = [file for file in files if needs_solving(file)]
    failed_before = sum(
        done.get(cell(str(file)), ("", str(int(ExitCode.OK))))[1] != str(int(ExitCode.OK))
        for file in files
        if file not in todo
    )
    return files, todo, failed_before


def most_workers() -> int:
    """The most processes a batch starts at once on this computer."""
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


def _workers(workers: int | None) -> int:
    cores = os.cpu_count() or 1
    if workers is None:
        return cores
    if workers < 1:
        raise InputError([Issue(f"--workers {workers}: a batch needs at least one process", "give 1 or more")])
    if workers > most_workers():
        raise InputError(
            [
                Issue(
                    f"--workers {workers} is more processes than this computer runs well: at most {most_workers()} "
                    f"({WORKERS_PER_CORE} per core, {cores} core{'s' if cores != 1 else ''})",
                    f"give --workers {most_workers()} or fewer, or leave it out: one per core is usually the fastest",
                )
            ]
        )
    return workers


def _written_before(file: Path, out: Path, written: set[str]) -> bool:
    """Whether ``file`` is one of batch's own outputs in ``out``: the summary, or a schedule its rows name."""
    if not same_file(file.parent, out):
        return False
    return file.name == SUMMARY or cell(file.name) in written


def _refuse_overwriting(files: list[Path], out: Path, suffix: str) -> None:
    """An input error when a household's schedule would be written over a household (or the summary over one)."""
    targets = [(str(file), out / f"{file.stem}{suffix}") for file in files]
    clash = overwritten([*targets, ("", out / SUMMARY)], [("household", file) for file in files])
    if clash is None:
        return
    whose, _, _, household = clash
    writes = (
        SUMMARY if not whose else "its own schedule" if whose == str(household) else f"the schedule of {shown(whose)}"
    )
    another_format = ", or another --format" if whose else ""
    raise InputError(
        [
            Issue(
                f"batch would write {writes} over this household file",
                f"choose an output folder that holds no household files, e.g. -o schedules{another_format}",
                file=str(household),
            )
        ]
    )


def _results(
    files: list[Path],
    out: Path,
    workers: int,
    params: SolveParams,
    output_format: str,
    dask_address: str | None,
    stop: StopToken | None = None,
) -> Generator[dict[str, Any], None, None]:
    if not files:
        return
    if dask_address:
        yield from _dask_results(files, out, params, output_format, dask_address)
        return
    workers = min(workers, len(files))  # a process per household at most: each one costs a solver's memory
    if workers == 1:
        for file in files:
            yield solve_file(str(file), str(out), None, output_format, params, stop)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started)
    try:
        waiting: set[Future[dict[str, Any]]] = set()
        queue = iter(files)
        for file in queue:  # keep a bounded number in flight
            if stop is not None and stop.requested():  # a token cannot reach another process: stop as Ctrl-C does
                raise SearchInterrupted()
            waiting.add(pool.submit(solve_file, str(file), str(out), None, output_format, params))
            if len(waiting) >= workers * 2:
                finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in finished)
        for future in waiting:
            yield future.result()
    except BaseException:  # Ctrl-C, or the batch stopped: the running solves stop now, the queued never start
        for child in multiprocessing.active_children():  # this process's children: the pool's workers
            if child.pid is not None:  # never 0, which would signal the whole process group
                with contextlib.suppress(OSError):
                    os.kill(child.pid, signal.SIGINT)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


# In a worker process of the pool: whether Ctrl-C arrived (its solves stop; the queued households are not started).
_in_worker = False
_interrupted = False


def _worker_started() -> None:
    global _in_worker, _interrupted
    _in_worker, _interrupted = True, False
    signal.signal(signal.SIGINT, _on_ctrl_c)  # between solves; a solve's own handler stops its search


def _on_ctrl_c(number: int, frame: FrameType | None) -> None:
    global _interrupted
    _interrupted = True


def _dask_results(
    files: list[Path], out: Path, params: SolveParams, output_format: str, address: str
) -> Generator[dict[str, Any], None, None]:
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
            output_format=output_format,
            params=params,
            pure=False,
        )
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield future.result()


def _digest(path: Path) -> str | None:
    """The SHA-256 of the household's contents, or None when it cannot be read (its row will say why)."""
    from labor_opt.kernel.files import read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except InputError:
        return None
