"""What can go wrong, as values, and the exit code each maps to at the edge.

The library raises these; only the command line turns them into exit codes
(the table in the schedule format spec).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction
from typing import Literal, Protocol

from labor_opt.kernel.safe_text import shown


class Suggestion(Protocol):
    """A change that would make a household solvable, as :class:`~labor_opt.Relaxation` words it."""

    @property
    def text(self) -> str:
        """The change in a sentence."""

    @property
    def edits(self) -> str:
        """The change as a scenario's edits, ready to paste."""


class ExitCode(IntEnum):
    """Exit codes of the command line, as the schedule format spec lists them."""

    OK = 0
    INTERNAL_ERROR = 1
    INVALID_INPUT = 2
    INFEASIBLE = 3
    NO_SCHEDULE_IN_TIME = 4
    CHECK_FAILED = 5
    SOME_FAILED = 6  # batch: some households failed (each one's reason is in the summary)
    INTERRUPTED = 130  # Ctrl-C before any valid schedule was found (the shell's usual code)
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of the output went away (| head -1); cut short, no bug


@dataclass(frozen=True)
class Issue:
    """One problem (or warning) found in a household file.

    ``path`` is where in the file it is (``tasks[2].window.from``), ``line``
    the YAML line (1-based) when known, ``hint`` what to write instead.
    """

    message: str
    hint: str = ""
    path: str = ""
    line: int | None = None
    file: str | None = None
    severity: Literal["error", "warning"] = "error"
    # For a warning that a length or window was moved onto the grid: by how many minutes.
    rounded_by: Fraction | None = None

    def __str__(self) -> str:
        place = shown(self.file) if self.file else "labor-opt"  # no file: a command's options
        if self.line is not None:
            place += f":{self.line}"
        text = f"{place}: {self.severity}: "
        if self.path:
            text += f"{shown(self.path)}: "  # a file's own keys and a command line's words, one line each
        text += self.message
        if self.hint:
            text += f"; {self.hint}"
        return text


class LaborOptError(Exception):
    """Base of every error labor-opt raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR


class InputError(LaborOptError):
    """The household file is invalid; ``issues`` lists every problem found."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, issues: list[Issue] | tuple[Issue, ...], undone: str = "solved") -> None:
        self.issues = tuple(issues)
        self.undone = undone  # what did not happen because of them: "solved", "written", "checked"
        count = len(self.errors)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found:\n" + "\n".join(str(issue) for issue in self.issues)
        )

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that are errors (warnings left out)."""
        return tuple(issue for issue in self.issues if issue.severity == "error")


class InfeasibleError(LaborOptError):
    """The household is valid but no schedule satisfies it.

    ``reasons`` names the conflicting members, tasks and times, one per line;
    ``relaxations`` the smallest changes that make it solvable (at most
    five, each verified by solving the household with it applied);
    ``cut_short`` says so when the time limit stopped the search for them.
    """

    exit_code = ExitCode.INFEASIBLE

    def __init__(
        self,
        reasons: list[str] | tuple[str, ...],
        relaxations: tuple[Suggestion, ...] = (),
        cut_short: str | None = None,
    ) -> None:
        self.reasons = tuple(reasons)
        self.relaxations = relaxations
        self.cut_short = cut_short  # why the search for changes stopped early (the time limit), if it did
        text = "no schedule can satisfy this household:\n" + "\n".join(f"- {reason}" for reason in self.reasons)
        if relaxations:
            text += "\nwhat would make it work (each change tried: with it, a schedule exists):" + "".join(
                f"\n- {relaxation.text}\n    as a scenario: {relaxation.edits}" for relaxation in relaxations
            )
        if cut_short:
            text += f"\n{cut_short}"
        super().__init__(text)


class NoScheduleInTimeError(LaborOptError):
    """The time limit passed before any valid schedule was found."""

    exit_code = ExitCode.NO_SCHEDULE_IN_TIME

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"no valid schedule was found within the time limit of {seconds:g}s; "
            "raise settings.time_limit or pass --time-limit with more seconds"
        )


@contextmanager
def within_the_time_limit(seconds: float) -> Iterator[None]:
    """Inside, a solve given a share of a command's time limit that finds nothing fails with the whole limit.

    The user set the limit, not the share: the message names theirs.
    """
    try:
        yield
    except NoScheduleInTimeError as error:
        if error.seconds == seconds:
            raise
        raise NoScheduleInTimeError(seconds) from None


class SearchInterrupted(LaborOptError):
    """Ctrl-C stopped the solver before it had any valid schedule."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted before any valid schedule was found; nothing was written")
