"""What ``check`` prints: the verdict, the problems or what was verified and claimed, and the stale figures' note."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from labor_opt.analysis.claims import NOT_TESTED, VERIFY_HINT, Verification
from labor_opt.checker.report import GOALS, CheckReport, Claim, Stale
from labor_opt.kernel.safe_text import shown

WIDTH = 80  # the note stays readable in a terminal of 80 columns
MOST_ASSIGNMENTS = 5  # assignment lines the note shows; --strict lists every one
_PLAIN = re.compile(r"[A-Za-z_][\w .:-]{0,39}")  # a word the file may hold, shown without quotes


def check_lines(name: str | Path, report: CheckReport, verification: Verification | None, strict: bool) -> list[str]:
    """Everything ``check`` prints: the verdict, then each problem, or what is verified and claimed; then the note.

    By default a figure out of date or missing is no problem: it is noted
    once, with the right figures. ``strict`` (labor-opt's own output) makes
    each one a problem, listed as the others are.
    """
    failing = report.violations if strict else report.problems
    note = [] if strict else stale_note(report.stale_figures)
    if failing:  # built from the schedule file's own values: one line each, controls shown
        problems = "1 problem" if len(failing) == 1 else f"{len(failing)} problems"
        return [f"{name}: {problems}:", *(f"- {shown(violation)}" for violation in failing), *note]
    return valid_lines(name, report, verification, note)


def valid_lines(
    name: str | Path, report: CheckReport, verification: Verification | None, note: list[str] | None = None
) -> list[str]:
    """What ``check`` prints of a valid schedule: the verdict, the note on its figures, what is verified and claimed.

    "Every figure is right" is said only when no figure is left that
    labor-opt has not verified (the goals inside the band are no figure)
    and none in the file is out of date (``note`` empty).
    """
    if verification is None:
        verified: tuple[Claim, ...] = ()
        still_open = tuple(replace(c, note=NOT_TESTED if c.kind == GOALS else VERIFY_HINT) for c in report.claims)
    else:
        verified, still_open = verification.verified, verification.open
    figures = "every figure labor-opt can recompute" if any(c.kind != GOALS for c in still_open) else "every figure"
    if note:
        lines = [f"{name}: valid; every rule holds (imbalance {report.imbalance} minutes).", *note]
    else:
        lines = [f"{name}: valid; every rule holds and {figures} is right (imbalance {report.imbalance} minutes)."]
    lines += [f"Verified by solving the household: {claim.text}." for claim in verified]
    if still_open:
        lines.append("The file's own claims, not verified by labor-opt:")
        lines += [f"- {claim}" for claim in still_open]
    return lines


def stale_note(figures: list[Stale]) -> list[str]:
    """The one note on the figures out of date or missing: whose, and the right ones, at most 80 columns a line.

    A figure the file gives is shown ``file -> right``; one it leaves out,
    with its right value alone. Each member (and the fairness, and the
    file's own fields) is one line; what the assignments leave out is
    counted, and a few that give a wrong figure are shown, then how many more.
    """
    if not figures:
        return []
    lines = _heading([figure.reported is not None for figure in figures])
    subjects: dict[str, list[str]] = {}
    left_out: dict[str, int] = {}  # per key, how many assignments leave it out
    for figure in figures:
        if _of_an_assignment(figure.subject) and figure.reported is None:
            left_out[figure.key] = left_out.get(figure.key, 0) + 1
        else:
            subjects.setdefault(figure.subject, []).append(_item(figure))
    assignments = [subject for subject in subjects if _of_an_assignment(subject)]
    for subject, items in subjects.items():
        if subject not in assignments[MOST_ASSIGNMENTS:]:
            lines += _packed(f"- {shown(subject)}: ", items)
    if len(assignments) > MOST_ASSIGNMENTS:
        lines.append(f"- and {len(assignments) - MOST_ASSIGNMENTS} more assignments (check --strict lists each)")
    if left_out:
        lines += _packed("- assignments: ", [f"{key} left out of {count}" for key, count in left_out.items()])
    return lines


def _heading(given: list[bool]) -> list[str]:
    """The note's first line(s): out of date, left out, or both."""
    if all(given):
        return ["The figures in the file are out of date; the right ones are (file -> right):"]
    if not any(given):
        return ["The file leaves out figures; the right ones are:"]
    return [
        "The figures in the file are out of date or missing; the right ones are",
        "(file -> right; a figure the file leaves out is given alone):",
    ]


def _of_an_assignment(subject: str) -> bool:
    """Whether a figure of ``subject`` is an assignment's (``dinner on mon at 18:00``), not a member's or the file's."""
    return " on " in subject


def _item(figure: Stale) -> str:
    """``chores 660 -> 690`` for a figure the file gives, ``chores 690`` for one it leaves out."""
    right = "not known without solving" if figure.right is None else _value(figure.right, ours=True)
    if figure.reported is None:
        return f"{figure.key} {right}"
    return f"{figure.key} {_value(figure.reported)} -> {right}"


def _value(value: Any, ours: bool = False) -> str:
    """A figure as the file would spell it: true, 150, feasible, [kim, lee].

    What the file holds that is no plain word is quoted and cut short; a
    word of ``ours`` (the recomputed figures, the household's) is shown as is.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) and (ours or _PLAIN.fullmatch(item)) for item in value):
        return shown(f"[{', '.join(value)}]")
    if isinstance(value, str) and (ours or _PLAIN.fullmatch(value)):
        return shown(value)
    text = repr(value)
    return shown(text if len(text) <= 40 else text[:37] + "...")


def _packed(first: str, items: list[str]) -> list[str]:
    """``items`` after ``first``, comma-separated, as many to a line as fit in 80 columns; none is broken."""
    lines, line = [], first
    for number, item in enumerate(items):
        text = item + ("," if number < len(items) - 1 else "")
        if line.strip() and not line.endswith(": ") and len(line) + 1 + len(text) > WIDTH:
            lines.append(line)
            line = "  " + text
        else:
            line += ("" if line.endswith(" ") else " ") + text
    return [*lines, line]
