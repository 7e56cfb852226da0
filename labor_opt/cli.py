"""The `labor-opt` command line: a thin layer over :mod:`labor_opt.api`.

Errors become messages and the exit codes of schedule-format.md here, and
only here.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
import yaml
from rich.console import Console

import labor_opt
from labor_opt.errors import ExitCode, InfeasibleError, InputError, Issue, LaborOptError
from labor_opt.report.serialize import schedule_json, schedule_yaml, write_atomically
from labor_opt.report.terminal import render_text, schedule_view

FORMATS = ("table", "json", "yaml")
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


@cli.command()
@click.argument("household_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scenario", "-s", help="Solve with this scenario's edits applied.")
@click.option(
    "--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds; overrides settings.time_limit."
)
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(FORMATS),
    help="Output format (default: table, or from the -o file's extension).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schedule to this file (atomically) instead of the terminal.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Solver threads; any number gives the same schedule every run.",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print warnings.")
@_errors_to_exit_codes
def solve(
    household_file: Path,
    scenario: str | None,
    time_limit: float | None,
    output_format: str | None,
    output: Path | None,
    workers: int,
    quiet: bool,
) -> None:
    """Solve HOUSEHOLD_FILE and print (or write) the schedule."""
    if output is not None and _same_file(output, household_file):
        raise InputError(
            [
                Issue(
                    "-o names the household file itself; it would be overwritten",
                    "write the schedule to another file, e.g. schedule.json",
                    file=str(output),
                )
            ]
        )
    household = labor_opt.load(household_file)
    if not quiet:
        err = Console(stderr=True, highlight=False)
        for warning in household.warnings:
            err.print(str(warning), style="yellow", markup=False, soft_wrap=True)
    schedule = labor_opt.solve(household, scenario=scenario, time_limit=time_limit, workers=workers)
    chosen = output_format or (_SUFFIX_FORMATS.get(output.suffix.lower(), "json") if output else "table")
    if chosen == "json":
        text = schedule_json(schedule)
    elif chosen == "yaml":
        text = schedule_yaml(schedule)
    elif output is not None:
        text = render_text(schedule)
    else:
        Console().print(schedule_view(schedule))
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
        Console(stderr=True).print(f"schedule written to {output}", markup=False, soft_wrap=True)


@cli.command()
@click.argument("household_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("schedule_file", type=click.Path(dir_okay=False, path_type=Path))
@_errors_to_exit_codes
def check(household_file: Path, schedule_file: Path) -> None:
    """Check SCHEDULE_FILE (JSON or YAML) against HOUSEHOLD_FILE's rules; exit 5 if it breaks any."""
    household = labor_opt.load(household_file)
    schedule = _read_schedule(schedule_file)
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


def _read_schedule(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            [Issue(f"the schedule file cannot be read: {error}", "name a schedule .json file", file=str(path))]
        ) from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        line = getattr(error, "lineno", None)
        raise InputError(
            [
                Issue(
                    f"the schedule file is not valid JSON/YAML: {error}",
                    "give the file labor-opt solve --format json wrote",
                    line=line,
                    file=str(path),
                )
            ]
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("assignments"), list):
        raise InputError(
            [
                Issue(
                    "this is not a schedule: it has no list of assignments",
                    "give the file labor-opt solve --format json wrote",
                    file=str(path),
                )
            ]
        )
    return data


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
