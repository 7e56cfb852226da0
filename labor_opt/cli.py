"""The `labor-opt` command line: a thin layer over :mod:`labor_opt.api`.

Errors become messages and the exit codes of schedule-format.md here, and
only here.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import labor_opt
from labor_opt.errors import ExitCode, InfeasibleError, InputError, Issue, LaborOptError
from labor_opt.report.comparison_view import comparison_markdown, comparison_view, render_comparison_text
from labor_opt.report.serialize import read_schedule, schedule_json, schedule_yaml, write_atomically
from labor_opt.report.terminal import render_text, schedule_view

FORMATS = ("table", "json", "yaml")
COMPARE_FORMATS = ("table", "json", "markdown")
_SUFFIX_FORMATS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".txt": "table"}
ISSUES_URL = "https://github.com/labor-opt/labor-opt/issues"


def _errors_to_exit_codes(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the library's errors into messages on stderr and documented exit codes."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        err = Console(stderr=True, highlight=False)
        try:
            command(*args, **kwargs)
        except InputError as error:
            for issue in error.issues:
                err.print(
                    str(issue), style="yellow" if issue.severity == "warning" else None, markup=False, soft_wrap=True
                )
            count = len(error.errors)
            err.print(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was solved.", markup=False, soft_wrap=True
            )
            sys.exit(ExitCode.INVALID_INPUT)
        except InfeasibleError as error:
            err.print(str(error), markup=False, soft_wrap=True)
            sys.exit(ExitCode.INFEASIBLE)
        except LaborOptError as error:
            err.print(str(error), markup=False, soft_wrap=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            err.print("interrupted", markup=False, soft_wrap=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception:  # a bug: say so, and how to report it
            err.print(traceback.format_exc(), markup=False, soft_wrap=True)
            err.print(
                f"internal error in labor-opt {labor_opt.__version__}. This is a bug: please report it at "
                f"{ISSUES_URL} with the command and the household file.",
                markup=False,
            )
            sys.exit(ExitCode.INTERNAL_ERROR)

    return run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(labor_opt.__version__, prog_name="labor-opt")
def cli() -> None:
    """Divide household work fairly: a weekly schedule with a proven-fair load."""


def _solving_options(command: Callable[..., None]) -> Callable[..., None]:
    """Options shared by the commands that solve."""
    for option in reversed(
        [
            click.option(
                "--scenario-file",
                "scenario_files",
                multiple=True,
                type=click.Path(dir_okay=False, path_type=Path),
                help="A what-if kept in its own file (the keys of one scenarios: entry), named after the file.",
            ),
            click.option(
                "--stable",
                is_flag=True,
                help="Re-plan scenarios keeping as many base assignments as the tolerance band allows.",
            ),
            click.option(
                "--baseline",
                type=click.Path(dir_okay=False, path_type=Path),
                help="A schedule file (e.g. the one followed now) to use as the base instead of solving it.",
            ),
            click.option(
                "--time-limit",
                type=click.FloatRange(min=0, min_open=True),
                help="Seconds per solve; overrides settings.time_limit.",
            ),
            click.option(
                "--output",
                "-o",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Write to this file (atomically) instead of the terminal.",
            ),
            click.option(
                "--workers",
                type=click.IntRange(min=1),
                default=1,
                show_default=True,
                help="Solver threads; any number gives the same schedule every run.",
            ),
            click.option("--quiet", "-q", is_flag=True, help="Do not print warnings."),
        ]
    ):
        command = option(command)
    return command


@cli.command()
@click.argument("household_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scenario", "-s", help="Solve with this scenario's edits applied.")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format (default: table, or from the -o file's extension).",
)
@_solving_options
@_errors_to_exit_codes
def solve(
    household_file: Path,
    scenario: str | None,
    output_format: str | None,
    scenario_files: tuple[Path, ...],
    stable: bool,
    baseline: Path | None,
    time_limit: float | None,
    output: Path | None,
    workers: int,
    quiet: bool,
) -> None:
    """Solve HOUSEHOLD_FILE (or one of its scenarios) and print or write the schedule."""
    _refuse_to_overwrite(output, household_file)
    household, file_scenarios = _load(household_file, scenario_files, quiet)
    if len(file_scenarios) > 1 or (file_scenarios and scenario and scenario != file_scenarios[0]):
        raise _usage("solve takes one scenario", "give one --scenario or one --scenario-file")
    scenario = scenario or (file_scenarios[0] if file_scenarios else None)
    if (stable or baseline) and scenario is None:
        raise _usage("--stable and --baseline re-plan a scenario", "name one with --scenario or --scenario-file")
    base = None
    if stable:
        base = _baseline(household, baseline, quiet) or labor_opt.solve(
            household, time_limit=time_limit, workers=workers
        )
    schedule = labor_opt.solve(
        household, scenario=scenario, time_limit=time_limit, workers=workers, stable_against=base
    )
    if any(stage.status == "INTERRUPTED" for stage in schedule.solver.stages):
        Console(stderr=True).print("interrupted: this is the best valid schedule found so far", markup=False)
    chosen = output_format or (_SUFFIX_FORMATS.get(output.suffix.lower(), "json") if output else "table")
    if chosen == "json":
        _emit(schedule_json(schedule), output)
    elif chosen == "yaml":
        _emit(schedule_yaml(schedule), output)
    elif output is not None:
        _emit(render_text(schedule), output)
    else:
        Console().print(schedule_view(schedule))


@cli.command()
@click.argument("household_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scenario", "-s", "scenarios", multiple=True, help="A scenario to compare (default: every scenario).")
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(COMPARE_FORMATS),
    help="Output format (default: table, or from the -o file's extension).",
)
@_solving_options
@_errors_to_exit_codes
def compare(
    household_file: Path,
    scenarios: tuple[str, ...],
    output_format: str | None,
    scenario_files: tuple[Path, ...],
    stable: bool,
    baseline: Path | None,
    time_limit: float | None,
    output: Path | None,
    workers: int,
    quiet: bool,
) -> None:
    """Compare the base of HOUSEHOLD_FILE with its scenarios, side by side."""
    _refuse_to_overwrite(output, household_file)
    household, file_scenarios = _load(household_file, scenario_files, quiet)
    # Named scenarios and scenario files are compared alone; otherwise every scenario is.
    names = [*scenarios, *file_scenarios] if scenarios or file_scenarios else list(household.scenarios)
    comparison = labor_opt.compare(
        household,
        names,
        stable=stable,
        baseline=_baseline(household, baseline, quiet),
        time_limit=time_limit,
        workers=workers,
    )
    suffix = output.suffix.lower() if output else ""
    chosen = output_format or {".json": "json", ".md": "markdown"}.get(suffix, "table")
    if chosen == "json":
        _emit(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n", output)
    elif chosen == "markdown":
        _emit(comparison_markdown(comparison), output)
    elif output is not None:
        _emit(render_comparison_text(comparison), output)
    else:
        Console().print(comparison_view(comparison))


def _load(household_file: Path, scenario_files: tuple[Path, ...], quiet: bool) -> tuple[labor_opt.Household, list[str]]:
    household = labor_opt.load(household_file)
    names = []
    for path in scenario_files:
        household, name = labor_opt.load_scenario_file(household, path)
        names.append(name)
    if not quiet:
        err = Console(stderr=True, highlight=False)
        for warning in household.warnings:
            err.print(str(warning), style="yellow", markup=False, soft_wrap=True)
    return household, names


def _baseline(household: labor_opt.Household, path: Path | None, quiet: bool) -> labor_opt.Schedule | None:
    if path is None:
        return None
    schedule, report = labor_opt.load_schedule(household, path)
    if not quiet and not report.valid:
        err = Console(stderr=True, highlight=False)
        err.print(f"{path}: warning: this baseline breaks rules (it is still used as the base):", markup=False)
        for violation in report.violations:
            err.print(f"  - {violation}", style="yellow", markup=False, soft_wrap=True)
    return schedule


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        Console(stderr=True).print(f"written to {output}", markup=False)


def _refuse_to_overwrite(output: Path | None, household_file: Path) -> None:
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


def _usage(message: str, hint: str) -> InputError:
    return InputError([Issue(message, hint)])


@cli.command()
@click.argument("households")
@click.option(
    "--output",
    "-o",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for one schedule file per household and summary.csv.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Households solved at once, each in its own process.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds per household; overrides each file's settings.time_limit.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run on a Dask cluster (tcp://host:8786) instead; needs labor-opt[dask].",
)
@click.option("--retry-failed", is_flag=True, help="Solve again the households whose last row is a failure.")
@_errors_to_exit_codes
def batch(
    households: str, out_dir: Path, workers: int, time_limit: float | None, dask_address: str | None, retry_failed: bool
) -> None:
    """Solve every household in a folder (or matching a glob), resumably.

    Writes OUT/<household>.json for each household and a row per household
    to OUT/summary.csv; failures are recorded there and the batch goes on.
    Run it again after an interruption: solved households are skipped.
    """
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:
        task = progress.add_task("solving", total=None)
        report = labor_opt.run_batch(
            households,
            out_dir,
            workers=workers,
            time_limit=time_limit,
            dask_address=dask_address,
            retry_failed=retry_failed,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    click.echo(
        f"{report.solved} solved, {report.failed} failed, {report.skipped} already done; summary: {report.summary}"
    )


@cli.command()
@click.argument("household_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("schedule_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--scenario-file",
    "scenario_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The scenario file the schedule was solved with, if any.",
)
@_errors_to_exit_codes
def check(household_file: Path, schedule_file: Path, scenario_files: tuple[Path, ...]) -> None:
    """Check SCHEDULE_FILE (JSON or YAML) against HOUSEHOLD_FILE's rules; exit 5 if it breaks any.

    A schedule of a scenario is checked against that scenario.
    """
    household, _ = _load(household_file, scenario_files, quiet=True)
    schedule = read_schedule(schedule_file)
    report = labor_opt.check(household, schedule)
    if report.valid:
        click.echo(
            f"{schedule_file}: valid; every rule holds and every figure is right "
            f"(imbalance {report.imbalance} minutes)."
        )
        return
    click.echo(f"{schedule_file}: {len(report.violations)} problem(s):")
    for violation in report.violations:
        click.echo(f"- {violation}")
    sys.exit(ExitCode.CHECK_FAILED)


def _same_file(output: Path, household_file: Path) -> bool:
    try:
        return output.resolve() == household_file.resolve() or (
            output.exists() and household_file.exists() and output.samefile(household_file)
        )
    except OSError:
        return False


def main() -> None:
    """Entry point of the `labor-opt` console script."""
    cli()
