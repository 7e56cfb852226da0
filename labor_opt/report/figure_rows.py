"""Rows of member figures, shared by the comparison and the audit views: labels, cells, changes, the table."""

from __future__ import annotations

from rich import box
from rich.table import Table

from labor_opt.household.units import format_duration
from labor_opt.schedule.model import MemberSummary

Rows = list[list[str]]
FIGURES: tuple[tuple[str, str], ...] = (
    ("paid + commute", "paid_and_commute"),
    ("chores", "chores"),
    ("of them routine", "routine"),
    ("mental load", "mental"),
    ("total load", "load"),
    ("nights woken", "disturbed_nights"),
    ("likes", "preference"),
)
MINUTES = {"paid_and_commute", "chores", "routine", "mental", "load"}


def figure(summary: MemberSummary, key: str) -> int:
    """One figure of a member's summary (``paid_and_commute`` the two together)."""
    return summary.paid + summary.commute if key == "paid_and_commute" else int(getattr(summary, key))


def cell(summary: MemberSummary | None, key: str) -> str:
    """A figure as people read it: minutes as a duration, the preference score signed; ``-`` for nobody."""
    if summary is None:
        return "-"
    value = figure(summary, key)
    if key in MINUTES:
        return format_duration(value)
    return f"{value:+d}" if key == "preference" else str(value)


def signed(delta: int, key: str) -> str:
    """A change: ``=``, or signed minutes or count."""
    if delta == 0:
        return "="
    if key in MINUTES:
        return ("+" if delta > 0 else "") + format_duration(delta)
    return f"{delta:+d}"


def section_table(title: str, header: list[str], rows: Rows) -> Table:
    """A table whose rows with only a first cell head a section (shown bold)."""
    table = Table(title=title, box=box.SIMPLE_HEAD)
    for position, column in enumerate(header):
        table.add_column(column, overflow="fold", no_wrap=position == 0)
    for row in rows:
        section = not row[0].startswith(" ") and all(not cell for cell in row[1:])
        table.add_row(*row, style="bold" if section else None)
    return table
