"""The `labor-opt` command line: short commands over :mod:`labor_opt.api`.

Options that several commands take are declared once in
:mod:`labor_opt.cli.options` and arrive as one value each; errors become
messages and exit codes in :mod:`labor_opt.report.console`.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click
from rich.console import Console

import labor_opt
from labor_opt.cli.calendars import check_calendar_options, check_calendar_targets, write_calendars
from labor_opt.cli.commands import Commands
from labor_opt.cli.loading import baseline_schedule, load_with_scenarios, warn_once
from labor_opt.cli.options import (
    FILE,
    SCENARIO_FILES,
    TIME_LIMIT,
    CalendarOptions,
    Output,
    Solving,
    calendar_options,
    format_option,
    output_options,
    solve_settings,
    solving_options,
)
from labor_opt.household.document import scenario_household
from labor_opt.household.lookup import find_member
from labor_opt.kernel.errors import ExitCode, InputError, Issue
from labor_opt.kernel.safe_text import for_terminal, shown
from labor_opt.report.check_view import check_lines
from labor_opt.report.console import closed_pipe, echo, errors_to_exit_codes, say, show
from labor_opt.schedule.model import Status
from labor_opt.solve_params import SolveParams


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(labor_opt.__version__, prog_name="labor-opt")
def cli() -> None:
    """Divide household work fairly: a weekly schedule with a proven-fair load."""


@cli.command()
@click.argument("household_file", type=FILE)
@click.option("--scenario", "-s", help="Solve with this scenario's edits applied.")
@click.option("--member", "-m", help="Show only this member's week (table, markdown, html and calendars).")
@solving_options
@output_options
@calendar_options
@errors_to_exit_codes
def solve(
    household_file: Path,
    scenario: str | None,
    member: str | None,
    solving: Solving,
    output: Output,
    calendar: CalendarOptions,
) -> None:
    """Solve HOUSEHOLD_FILE (or one of its scenarios) and print or write the schedule."""
    chosen = output.format()
    check_calendar_options(calendar)
    if member is not None and chosen.name in ("json", "yaml"):
        raise InputError(
            [Issue("--member shows one person's week; a schedule file holds the whole household", "drop --member, "
                   "or choose --format table, markdown or html")]
        )  # fmt: skip
    household, from_files = load_with_scenarios(household_file, solving.scenario_files, output, solving.baseline)
    if len(from_files) > 1 or (from_files and scenario and scenario != from_files[0]):
        raise InputError([Issue("solve takes one scenario", "give one --scenario or one --scenario-file")])
    scenario = scenario or (from_files[0] if from_files else None)
    reads = [household_file, *solving.scenario_files, solving.baseline, output.path]
    if member is not None:  # before solving, as the calendars' targets: no time lost on a typo
        member = _member_id(household, scenario, member)
    check_calendar_targets(calendar, household, scenario, member, reads)
    warn_once(household, [scenario] if scenario else [], output)
    schedule = labor_opt.solve(
        household,
        scenario,
        params=solving.settings,
        baseline=baseline_schedule(household, solving.baseline, output.quiet),
    )
    if schedule.status is Status.INTERRUPTED:
        say("interrupted: this is the best valid schedule found so far")
    if member is not None:
        schedule = schedule.for_member(member)
    show(chosen.schedule(schedule), output.path)
    if calendar.folder is not None:
        write_calendars(schedule, calendar)


def _member_id(household: labor_opt.Household, scenario: str | None, member: str) -> str:
    """The id of the member ``--member`` names, by id or display name in any case (``--member ines``)."""
    found = find_member(household if scenario is None else scenario_household(household, scenario), member)
    if isinstance(found, Issue):
        raise InputError([Issue(f"--member: {found.message}", found.hint, file=household.source)])
    return found


@cli.command()
@click.argument("household_file", type=FILE)
@click.option("--scenario", "-s", "scenarios", multiple=True, help="A scenario to compare (default: every scenario).")
@solving_options
@output_options
@errors_to_exit_codes
def compare(household_file: Path, scenarios: tuple[str, ...], solving: Solving, output: Output) -> None:
    """Compare the base of HOUSEHOLD_FILE with its scenarios, side by side."""
    chosen = output.format()
    household, from_files = load_with_scenarios(household_file, solving.scenario_files, output, solving.baseline)
    # Named scenarios and scenario files are compared alone; otherwise every scenario is.
    names = [*scenarios, *from_files] if scenarios or from_files else list(household.scenarios)
    warn_once(household, names, output)
    comparison = labor_opt.compare(
        household,
        names,
        params=solving.settings,
        baseline=baseline_schedule(household, solving.baseline, output.quiet),
    )
    show(chosen.comparison(comparison), output.path)
    if comparison.failures:  # shown with the others; stderr and the exit code tell scripts
        for failure in comparison.failures:
            why = "no schedule exists" if failure.kind == "infeasible" else "no schedule was found in time"
            others = "the others are compared" if comparison.scenarios else "the base is shown alone"
            say(f"scenario {failure.name}: {why} (exit {failure.exit_code}); {others}")
        raise SystemExit(min(failure.exit_code for failure in comparison.failures))


@cli.command()
@click.argument("households")
@click.option(
    "--output",
    "-o",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder for one schedule file per household and summary.csv.",
)
@format_option("Format of each household's schedule file.", default="json")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="Households solved at once, each in its own process.",
)
@TIME_LIMIT
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Run on a Dask cluster (tcp://host:8786) instead; needs labor-opt[dask].",
)
@click.option("--retry-failed", is_flag=True, help="Solve again the households whose last row is a failure.")
@errors_to_exit_codes
def batch(
    households: str,
    out_dir: Path,
    output_format: str,
    workers: int,
    time_limit: float | None,
    dask_address: str | None,
    retry_failed: bool,
) -> None:
    """Solve every household in a folder (or matching a glob), resumably.

    Writes OUT/<household>.json (or the --format's suffix) for each household
    and a row per household to OUT/summary.csv; failures are recorded there
    and the batch goes on. Run it again after an interruption: solved
    households are skipped.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # batch's own

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    progress = Progress(*columns, console=Console(stderr=True))
    task = progress.add_task("solving", total=None)

    def on_progress(done: int, total: int) -> None:
        # The bar starts with the first progress, once every check passed: an input error is the first line.
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total)

    try:
        report = labor_opt.run_batch(
            households,
            out_dir,
            output_format=output_format,
            workers=workers,
            time_limit=time_limit,
            dask_address=dask_address,
            retry_failed=retry_failed,
            on_progress=on_progress,
        )
    finally:
        if progress.live.is_started:
            progress.stop()
    earlier = (
        f" ({report.failed_before} of them failed; --retry-failed solves them again)" if report.failed_before else ""
    )
    echo(f"{report.solved} solved, {report.failed} failed, {report.skipped} already done{earlier}; "
         f"summary: {report.summary}")  # fmt: skip
    if report.failed or report.failed_before:  # each failure's reason is in the summary; scripts need to notice
        raise SystemExit(ExitCode.SOME_FAILED)


@cli.command()
@click.argument("household_file", type=FILE)
@click.argument("schedule_file", type=FILE)
@SCENARIO_FILES
@click.option("--verify", is_flag=True, help="Solve the household to test the file's lower bound and optimal status.")
@click.option("--strict", is_flag=True, help="Exit 5 for a figure out of date or missing too (labor-opt's own output).")
@solve_settings
@errors_to_exit_codes
def check(
    household_file: Path,
    schedule_file: Path,
    scenario_files: tuple[Path, ...],
    verify: bool,
    strict: bool,
    settings: SolveParams,
) -> None:
    """Check SCHEDULE_FILE (JSON or YAML) against HOUSEHOLD_FILE's rules; exit 5 if it breaks any.

    A schedule of a scenario is checked against that scenario. Figures out
    of date (a hand edit) or missing are noted once with the right ones.
    Its lower bound and optimal status are the file's claims until --verify tests them.
    """
    household = labor_opt.load(household_file)
    for path in scenario_files:
        household, _ = labor_opt.load_scenario_file(household, path)
    data = labor_opt.read_schedule(schedule_file)
    scenario = data.get("scenario")
    if isinstance(scenario, str) and scenario not in household.scenarios:  # the schedule file's word, not the house's
        known = ", ".join(household.scenarios) or "none"
        raise InputError([Issue(f"the schedule is of scenario {shown(scenario)}, which {household_file} does not have",
                                f"its scenarios: {known}; give the household file it was solved from",
                                file=str(schedule_file))], "checked")  # fmt: skip
    report = labor_opt.check(household, data)
    from labor_opt.api import verify_claims  # the solver loads only when something is solved

    passes = report.passes(strict)
    verification = verify_claims(household, data, report, params=settings) if verify and passes else None
    report.violations += verification.false if verification is not None else ()
    for line in check_lines(schedule_file, report, verification, strict):
        echo(line)
    if not report.passes(strict):
        raise SystemExit(ExitCode.CHECK_FAILED)
    if verification is not None and verification.interrupted:
        raise SystemExit(ExitCode.INTERRUPTED)


def run() -> None:
    """Run the command line: usage mistakes exit 2, Ctrl-C 130, each with a message and no traceback."""
    try:
        cli.main(prog_name="labor-opt", standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C while click reads the command line
        say("interrupted")
        raise SystemExit(ExitCode.INTERRUPTED) from None
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code) from None
    except SystemExit as done:  # click meets a closed pipe in its own output (--help | head) with exit 1, a bug's code
        if done.code == 1 and type(sys.stdout).__name__ == "_PacifyFlushWrapper":
            closed_pipe()
        raise
    except click.ClickException as error:  # it quotes the command line: shown with its controls made visible
        said = io.StringIO()
        error.show(file=said)
        click.echo(for_terminal(said.getvalue()), err=True, nl=False)
        raise SystemExit(error.exit_code) from None


def main() -> None:
    """Entry point kept for ``labor_opt.cli:main``; see :mod:`labor_opt.__main__`."""
    run()
