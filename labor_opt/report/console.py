"""The command line's edge: errors become messages and exit codes, outputs go to a file or the terminal.

Only here does the library's :class:`~labor_opt.errors.LaborOptError` turn
into an exit code (the table in the README); everything else raises values.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console

import labor_opt
from labor_opt.errors import ExitCode, InputError, Issue, LaborOptError
from labor_opt.files import write_atomically
from labor_opt.report.formats import Shown
from labor_opt.report.terminal import as_text

ISSUES_URL = "https://github.com/labor-opt/labor-opt/issues"
FILE_WIDTH = 100  # columns of a table written to a file


def stderr() -> Console:
    """A console on standard error, without markup or highlighting of what it prints."""
    return Console(stderr=True, highlight=False)


def say(text: str, style: str | None = None) -> None:
    """A line for the person at the terminal (on standard error, so that outputs stay clean)."""
    stderr().print(text, style=style, markup=False, soft_wrap=True)


def print_issues(issues: Iterable[Issue]) -> None:
    """Problems and warnings, one a line, warnings in yellow."""
    for issue in issues:
        say(str(issue), "yellow" if issue.severity == "warning" else None)


def print_warnings(warnings: Iterable[Issue], *, verbose: bool = False) -> None:
    """Warnings that help: each in full, but lengths and windows moved onto the grid as one line unless ``verbose``."""
    warnings = list(warnings)
    rounded = [warning for warning in warnings if warning.rounded_by is not None]
    print_issues(warning for warning in warnings if warning.rounded_by is None or verbose)
    if rounded and not verbose:
        most = max(warning.rounded_by or Fraction(0) for warning in rounded)
        say(
            f"{rounded[0].file}: note: {len(rounded)} task length{'s' if len(rounded) != 1 else ''} or windows "
            f"are rounded onto the grid, by at most {_minutes(most)}; -v shows each, and what to write instead",
            "yellow",
        )


def _minutes(value: Fraction) -> str:
    return f"{value.numerator // value.denominator}m" if value.denominator == 1 else f"{float(value):g}m"


def errors_to_exit_codes(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the library's errors into messages on standard error and the documented exit codes."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except InputError as error:
            print_issues(error.errors)  # warnings wait until the errors are mended: they would bury them
            count = len(error.errors)
            context = click.get_current_context(silent=True)
            checking = context is not None and context.info_name == "check" and error.undone == "solved"
            undone = "checked" if checking else error.undone
            say(f"{count} problem{'s' if count != 1 else ''} found; nothing was {undone}.")
            sys.exit(ExitCode.INVALID_INPUT)
        except LaborOptError as error:
            say(str(error))
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            say("interrupted")
            sys.exit(ExitCode.INTERRUPTED)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception:  # a bug: say so, and how to report it
            say(traceback.format_exc())
            say(
                f"internal error in labor-opt {labor_opt.__version__}. This is a bug: please report it at "
                f"{ISSUES_URL} with the command and the household file."
            )
            sys.exit(ExitCode.INTERNAL_ERROR)

    return run


def show(shown: Shown, output: Path | None) -> None:
    """Print ``shown`` to the terminal, or write it to ``output`` atomically (a table as plain text)."""
    if output is None:
        if isinstance(shown, str):
            click.echo(shown, nl=False)
        else:
            Console().print(shown)
        return
    write_atomically(output, shown if isinstance(shown, str) else as_text(shown, FILE_WIDTH))
    say(f"written to {output}")
