"""The commands that look into a household: `audit` (today's split against the plan) and `explain`.

Each loads its module when it runs, not when the command line starts.
"""

from __future__ import annotations

from pathlib import Path

import click

from labor_opt.cli.loading import load_with_scenarios, warn_once
from labor_opt.cli.options import FILE, SCENARIO_FILES, Output, output_options, solve_settings
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.report.console import errors_to_exit_codes, say, show
from labor_opt.solve_params import SolveParams


@click.command()
@click.argument("household_file", type=FILE)
@click.option("--scenario", "-s", help="Audit against the plan for this scenario (its `now:` keys apply).")
@click.option(
    "--baseline",
    type=FILE,
    help="Today's split as a schedule file (assignments and owners suffice) instead of the `now:` keys.",
)
@SCENARIO_FILES
@solve_settings
@output_options
@errors_to_exit_codes
def audit(
    household_file: Path,
    scenario: str | None,
    baseline: Path | None,
    scenario_files: tuple[Path, ...],
    settings: SolveParams,
    output: Output,
) -> None:
    """Set today's split of HOUSEHOLD_FILE (its `now:` keys) beside the fairest plan.

    Shows each member's figures both ways, the imbalance both ways, the
    moves from today to the plan by task, and every rule today's split
    breaks (a finding, not a failure).
    """

    from labor_opt.api import audit as audit_split

    chosen = output.format()
    household, from_files = load_with_scenarios(household_file, scenario_files, output, baseline)
    scenario = scenario or (from_files[0] if from_files else None)
    warn_once(household, [scenario] if scenario else [], output)
    report = audit_split(household, scenario, baseline=baseline, params=settings)
    show(chosen.audit(report), output.path)


@click.command()
@click.argument("household_file", type=FILE)
@click.argument("task")
@click.option(
    "--day", "-d", type=click.Choice(DAY_NAMES, case_sensitive=False), help="Explain only that day's occurrence."
)
@click.option("--scenario", "-s", help="Explain the plan for this scenario.")
@SCENARIO_FILES
@solve_settings
@output_options
@errors_to_exit_codes
def explain(
    household_file: Path,
    task: str,
    day: str | None,
    scenario: str | None,
    scenario_files: tuple[Path, ...],
    settings: SolveParams,
    output: Output,
) -> None:
    """Explain who does TASK of HOUSEHOLD_FILE in the plan, and why (TASK: its id or its name, e.g. "cook dinner").

    Shows who else could, what each alternative would cost in imbalance,
    nights woken and preferences (each solved again with it forced, within
    the one time limit), and each member's share of the load with and
    without the task.
    """

    from labor_opt.api import explain as explain_task

    chosen = output.format()
    household, from_files = load_with_scenarios(household_file, scenario_files, output, baseline=None)
    scenario = scenario or (from_files[0] if from_files else None)
    warn_once(household, [scenario] if scenario else [], output)
    explanation = explain_task(household, task, scenario, day=day, params=settings)
    if explanation.cut_short:
        say(explanation.cut_short)
    show(chosen.explanation(explanation), output.path)
