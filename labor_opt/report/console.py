"""The command line's edge: errors become messages and exit codes, outputs go to a file or the terminal.

Only here does the library's :class:`~labor_opt.kernel.errors.LaborOptError` turn
into an exit code (the table in docs/commands.md); everything else raises values.
Everything printed here goes through :func:`~labor_opt.kernel.safe_text.for_terminal`:
names come from anyone who shares the house and schedule files from anywhere.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console, RenderableType
from rich.segment import Segment, Segments

from labor_opt.kernel.errors import ExitCode, InputError, Issue, LaborOptError
from labor_opt.kernel.files import write_atomically
from labor_opt.kernel.safe_text import for_terminal
from labor_opt.kernel.version import __version__
from labor_opt.report.formats import Shown
from labor_opt.report.terminal import as_text

ISSUES_URL = "https://github.com/labor-opt/labor-opt/issues"
FILE_WIDTH = 100  # columns of a table written to a file


def stderr() -> Console:
    """A console on standard error, without markup or highlighting of what it prints."""
    return _PipeAware(stderr=True, highlight=False)


class _PipeAware(Console):
    """Rich's console, leaving a closed pipe to :func:`closed_pipe` (rich itself would exit 1, a bug's code)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is drawn into the closed pipe
        raise BrokenPipeError


def say(text: str, style: str | None = None) -> None:
    """A line for the person at the terminal (on standard error, so that outputs stay clean)."""
    stderr().print(for_terminal(text), style=style, markup=False, soft_wrap=True)


def echo(text: str) -> None:
    """A line of a command's own output, on standard output, its control characters made visible."""
    click.echo(for_terminal(text))


def harmless(renderable: RenderableType, console: Console) -> Segments:
    """``renderable`` drawn for ``console`` with every control character in its text made visible.

    Rich keeps ESC in a table's cells, so escaping the drawn text is the one
    place no renderable can slip past; the styles (rich's own escapes) stay.
    """
    drawn = console.render(renderable, console.options)
    return Segments(
        segment if segment.control else Segment(for_terminal(segment.text), segment.style) for segment in drawn
    )


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
        one = len(rounded) == 1
        what = "1 task length or window is" if one else f"{len(rounded)} task lengths or windows are"
        say(
            f"{rounded[0].file}: note: {what} rounded onto the grid, by {'' if one else 'at most '}{_minutes(most)}; "
            "-v shows each, and what to write instead",
            "yellow",
        )


def _minutes(value: Fraction) -> str:
    return f"{value.numerator // value.denominator}m" if value.denominator == 1 else f"{float(value):g}m"


def closed_pipe() -> NoReturn:
    """Stop quietly, as Unix tools do, when standard output's reader has gone away: exit 141 (128 + SIGPIPE).

    Not a success (the output was cut short) and not a bug; standard output
    is pointed at the null device, or Python's last flush would fail again.
    """
    for stream in (sys.stdout, sys.stderr):  # either may be the closed one (2>&1 | head -1)
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        except (OSError, ValueError):  # no such stream at all: nothing left to flush
            pass
    sys.exit(ExitCode.BROKEN_PIPE)


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
        except BrokenPipeError:  # the reader of standard output went away (| head -1)
            closed_pipe()
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise  # the command line's edge (run) says these
        except Exception:  # a bug: say so, and how to report it
            say(traceback.format_exc())
            say(
                f"internal error in labor-opt {__version__}. This is a bug: please report it at "
                f"{ISSUES_URL} with the command and the household file."
            )
            sys.exit(ExitCode.INTERNAL_ERROR)

    return run


def show(shown: Shown, output: Path | None) -> None:
    """Print ``shown`` to the terminal, or write it to ``output`` atomically (a table as plain text)."""
    if output is None:
        if isinstance(shown, str):
            click.echo(for_terminal(shown), nl=False)
        else:
            console = _PipeAware()
            console.print(harmless(shown, console))
        return
    write_atomically(output, shown if isinstance(shown, str) else as_text(shown, FILE_WIDTH))
    say(f"written to {output}")
