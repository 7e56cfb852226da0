"""Options several commands share, declared once, and the values they arrive as.

Every command that solves takes :data:`SOLVE_SETTINGS` (``--time-limit``,
``--workers``, ``--portfolio``): :func:`solve_settings` passes them on as
one :class:`~labor_opt.SolveParams`; :func:`solving_options` (``solve``,
``compare``) adds scenario files, ``--stable`` and ``--baseline`` and gives
one :class:`Solving`; :func:`output_options` one :class:`Output`. ``batch``
takes ``--time-limit`` alone (its ``--workers`` counts processes).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from labor_opt.household.units import UnitError, parse_seconds
from labor_opt.kernel.files import check_output
from labor_opt.report.formats import FORMATS, Format, choose_format
from labor_opt.solve_params import MAX_WORKERS, SolveParams

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

FILE = click.Path(path_type=Path)  # what a path is (a folder, a device) is checked by labor-opt, with its message
SCENARIO_FILES: Decorator = click.option(
    "--scenario-file",
    "scenario_files",
    multiple=True,
    type=FILE,
    help="A what-if kept in its own file (the keys of one scenarios: entry), named after the file.",
)


class Seconds(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A time limit as the household file writes one: 10, 2.5, "10s", "2m", "1m30s"; more than 0, at most a day."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            return parse_seconds(float(value) if _NUMBER.match(str(value)) else str(value))
        except UnitError as error:
            self.fail(f"{error.message}; {error.hint}", param, ctx)


_NUMBER = re.compile(r"^\s*[-+]?(?:\d+\.?\d*|\.\d+|inf|nan)\s*$", re.IGNORECASE)
TIME_LIMIT: Decorator = click.option(
    "--time-limit",
    type=Seconds(),
    help="Seconds per solve (10, 2m, 1m30s); overrides settings.time_limit (batch: per household).",
)


WORKERS: Decorator = click.option(
    "--workers",
    type=click.IntRange(min=1, max=MAX_WORKERS),
    default=1,
    show_default=True,
    help=f"Solver threads, 1 to {MAX_WORKERS}; any number gives the same schedule every run (unless --portfolio).",
)
PORTFOLIO: Decorator = click.option(
    "--portfolio",
    is_flag=True,
    help="With --workers N: CP-SAT's parallel portfolio, often fairer on large households; not the same every run.",
)

# How a solve runs, the same for every command that solves.
SOLVE_SETTINGS: tuple[Decorator, ...] = (TIME_LIMIT, WORKERS, PORTFOLIO)


def solve_settings(command: Callable[..., None]) -> Callable[..., None]:
    """``--time-limit``, ``--workers`` and ``--portfolio``, passed on as ``settings`` (a :class:`SolveParams`)."""

    @wraps(command)
    def run(*args: Any, time_limit: float | None, workers: int, portfolio: bool, **kwargs: Any) -> None:
        # The time limit counts from here: reading the files and writing the answer are the command's too.
        command(*args, settings=SolveParams(time_limit, workers, portfolio, started=time.monotonic()), **kwargs)

    decorated: Callable[..., Any] = run
    for option in reversed(SOLVE_SETTINGS):
        decorated = option(decorated)
    return decorated


def format_option(help_text: str, default: str | None = None) -> Decorator:
    """``--format``: one of the registered formats."""
    return click.option(
        "--format",
        "-f",
        "output_format",
        type=click.Choice(list(FORMATS)),
        default=default,
        show_default=default is not None,
        help=help_text,
    )


@dataclass(frozen=True)
class Solving:
    """How to solve: scenario files, stable re-planning, a baseline, the time limit, solver threads."""

    scenario_files: tuple[Path, ...]
    stable: bool
    baseline: Path | None
    time_limit: float | None
    workers: int
    portfolio: bool = False
    started: float = field(default_factory=time.monotonic)  # when the command began: its time limit counts from then

    @property
    def settings(self) -> SolveParams:
        """The time limit, solver threads and portfolio as :class:`SolveParams` (the baseline is a file here)."""
        return SolveParams(self.time_limit, self.workers, self.portfolio, self.stable, started=self.started)


@dataclass(frozen=True)
class Output:
    """Where and how to write: ``--format`` (else chosen by ``-o``'s suffix), the file, whether to warn."""

    format_name: str | None
    path: Path | None
    quiet: bool
    verbose: bool

    def format(self) -> Format:
        """The chosen format; an input error when ``-o`` cannot be written or names a suffix no format writes."""
        if self.path is not None:
            check_output(self.path)
        return choose_format(self.format_name, self.path)


def solving_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options of the commands that solve, passed on as ``solving``."""

    @wraps(command)
    def run(
        *args: Any,
        scenario_files: tuple[Path, ...],
        stable: bool,
        baseline: Path | None,
        time_limit: float | None,
        workers: int,
        portfolio: bool,
        **kwargs: Any,
    ) -> None:
        solving = Solving(scenario_files, stable, baseline, time_limit, workers, portfolio)
        command(*args, solving=solving, **kwargs)

    options: list[Decorator] = [
        SCENARIO_FILES,
        click.option(
            "--stable",
            is_flag=True,
            help="Re-plan scenarios keeping as many base assignments as the tolerance band allows.",
        ),
        click.option(
            "--baseline",
            type=FILE,
            help="A schedule file (e.g. the one followed now) to keep to instead of solving the base.",
        ),
        *SOLVE_SETTINGS,
    ]
    decorated: Callable[..., Any] = run
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--format``, ``-o``, ``-q`` and ``-v``, passed on as ``output``."""

    @wraps(command)
    def run(
        *args: Any, output_format: str | None, output_path: Path | None, quiet: bool, verbose: bool, **kwargs: Any
    ) -> None:
        command(*args, output=Output(output_format, output_path, quiet, verbose), **kwargs)

    for option in reversed(
        [
            format_option("Output format (default: table, or the one -o's suffix names)."),
            click.option(
                "--output",
                "-o",
                "output_path",
                type=FILE,
                help="Write to this file (atomically) instead of the terminal.",
            ),
            click.option("--quiet", "-q", is_flag=True, help="Do not print warnings."),
            click.option(
                "--verbose", "-v", is_flag=True, help="Print every rounding onto the grid, each with its fix."
            ),
        ]
    ):
        run = option(run)
    return run


@dataclass(frozen=True)
class CalendarOptions:
    """``--ics``, ``--week-of`` and ``--tz``: where to write calendars, from which Monday, in which time zone."""

    folder: Path | None
    week_of: date | None
    zone: str | None


def calendar_options(command: Callable[..., None]) -> Callable[..., None]:
    """The calendar options, passed on as ``calendar``."""

    @wraps(command)
    def run(*args: Any, ics: Path | None, week_of: datetime | None, zone: str | None, **kwargs: Any) -> None:
        command(*args, calendar=CalendarOptions(ics, week_of.date() if week_of else None, zone), **kwargs)

    for option in reversed(
        [
            click.option(
                "--ics",
                type=FILE,
                metavar="DIR",
                help="Also write iCalendar files to this folder: the household's and one per member.",
            ),
            click.option(
                "--week-of",
                type=click.DateTime(formats=["%Y-%m-%d"]),
                help="The Monday the calendars start, YYYY-MM-DD (default: next Monday).",
            ),
            click.option(
                "--tz", "zone", help="The calendars' time zone, e.g. Europe/Berlin (default: this computer's)."
            ),
        ]
    ):
        run = option(run)
    return run
