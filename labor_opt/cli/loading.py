"""What the commands share: loading the household with its scenario files, the warnings, a baseline."""

from __future__ import annotations

from pathlib import Path

import labor_opt
from labor_opt.cli.options import Output
from labor_opt.kernel.files import refuse_to_overwrite
from labor_opt.kernel.safe_text import shown
from labor_opt.report.console import print_warnings, say


def inputs_read(
    household_file: Path, scenario_files: tuple[Path, ...], baseline: Path | None = None
) -> list[tuple[str, Path | None]]:
    """Every file a command reads, as :func:`~labor_opt.kernel.files.refuse_to_overwrite` takes them.

    None of them is ever written over.
    """
    scenarios = [("scenario file", path) for path in scenario_files]
    return [("household file", household_file), *scenarios, ("baseline schedule", baseline)]


def load_with_scenarios(
    household_file: Path, scenario_files: tuple[Path, ...], output: Output, baseline: Path | None
) -> tuple[labor_opt.Household, list[str]]:
    """The household with its scenario files added, the warnings shown unless quiet.

    Refused first, before anything is read: an ``-o`` that would overwrite one of the files read (``baseline`` too).
    """
    refuse_to_overwrite([("-o", output.path)], inputs_read(household_file, scenario_files, baseline))
    household = labor_opt.load(household_file)
    names = []
    for path in scenario_files:
        household, name = labor_opt.load_scenario_file(household, path)
        names.append(name)
    return household, names


def warn_once(household: labor_opt.Household, scenarios: list[str], output: Output) -> None:
    """The warnings of the base and of the scenarios solved, each once, unless quiet."""
    if not output.quiet:
        warnings = dict.fromkeys(warning for name in [None, *scenarios] for warning in household.warnings_of(name))
        print_warnings(warnings, verbose=output.verbose)


def baseline_schedule(household: labor_opt.Household, path: Path | None, quiet: bool) -> labor_opt.Schedule | None:
    if path is None:
        return None
    schedule, report = labor_opt.load_schedule(household, path)
    if not quiet and not report.valid:
        say(f"{path}: warning: this baseline breaks rules (it is still used as the base):")
        for violation in report.violations:
            say(f"  - {shown(violation)}", "yellow")  # from a file: one line each, whatever it holds
    return schedule
