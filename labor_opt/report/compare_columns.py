"""The compare page's columns: each schedule's figures per member, and how far each moved from the base.

Totals alone hide the point of a what-if: that Noor's paid work stops and
her chores triple while Kai's load hardly moves. Each column therefore shows
every member's paid work, commute, chores, mental load, total load, nights
woken and likes, with the change from the base beside each figure.
"""

from __future__ import annotations

from labor_opt.analysis.comparison import Comparison
from labor_opt.household.units import format_duration
from labor_opt.report.week_view import household_order
from labor_opt.schedule.model import MemberSummary, Schedule

Rows = list[list[str]]
FIGURES: tuple[tuple[str, str], ...] = (
    ("paid", "paid"),
    ("commute", "commute"),
    ("chores", "chores"),
    ("mental load", "mental"),
    ("total load", "load"),
    ("nights woken", "disturbed_nights"),
    ("likes", "preference"),
)
COUNTS = {"disturbed_nights", "preference"}
ABSENT = "-"


def member_figures(comparison: Comparison, schedule: Schedule) -> tuple[list[str], Rows]:
    """A row per member of ``schedule`` or of the base: each figure, and in a scenario its change from the base.

    >>> import labor_opt
    >>> comparison = labor_opt.compare(labor_opt.load("examples/newborn.yaml"), scenarios=["new_job"])
    >>> header, rows = member_figures(comparison, comparison.scenarios[0].schedule)
    >>> header[1:3], rows[0][:3]
    (['paid', 'commute'], ['Kai', '40h (-2h30m)', '0m (-6h40m)'])
    """
    base = comparison.base
    header = ["member", *(label for label, _ in FIGURES)]
    members = [m for m in household_order(schedule) if m in schedule.members]
    members += [m for m in household_order(base) if m in base.members and m not in schedule.members]
    rows = []
    for member in members:
        summary, before = schedule.members.get(member), base.members.get(member)
        name = (schedule if summary else base).member_name(member)
        who = summary or before
        mark = " *" if who is not None and not who.balanced else ""
        cells = [_cell(summary, before, key, schedule is not base) for _, key in FIGURES]
        rows.append([name + mark, *cells])
    return header, rows


def household_rows(rows: Rows) -> Rows:
    """The household's part of the side-by-side figures (imbalance, bound, status, changes); members are above."""
    starts = [index for index, row in enumerate(rows) if row[0] == "household"]
    return rows[starts[0] :] if starts else rows


def _cell(summary: MemberSummary | None, before: MemberSummary | None, key: str, changed: bool) -> str:
    """A figure as people read it, with its change from the base; ``-`` where the member is not in the schedule."""
    if summary is None:
        return ABSENT
    value = int(getattr(summary, key))
    shown = _format(value, key, signed=key == "preference")
    if not changed:
        return shown
    delta = value - (int(getattr(before, key)) if before else 0)
    change = "=" if delta == 0 else _format(delta, key, signed=True)
    return f"{shown} ({change})" if before else f"{shown} (new)"


def _format(value: int, key: str, *, signed: bool) -> str:
    if key in COUNTS:
        return f"{value:+d}" if signed else str(value)
    return ("+" if signed and value > 0 else "") + format_duration(value)
