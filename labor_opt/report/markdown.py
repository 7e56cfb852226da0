"""A schedule as markdown, to paste into a chat or a note: one table per day, then the summary."""

from __future__ import annotations

from labor_opt.household.units import DAY_NAMES
from labor_opt.report.terminal import (
    by_day,
    fairness_sentence,
    member_rows,
    notes,
    task_of,
    time_of,
    title_of,
    who_of,
)
from labor_opt.schedule import Schedule

DAY_TITLES = dict(zip(DAY_NAMES, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))


def schedule_markdown(schedule: Schedule) -> str:
    """The week day by day, the members' figures and the fairness line, as markdown.

    >>> import labor_opt
    >>> text = schedule_markdown(labor_opt.solve(labor_opt.load("examples/newborn.yaml")))
    >>> text.splitlines()[0]
    '# Kai and Noor'
    """
    out = [f"# {title_of(schedule)}", ""]
    for day, assignments in by_day(schedule).items():
        rows = [[time_of(a), task_of(schedule, a), who_of(schedule, a)] for a in assignments]
        if rows:
            out += [f"## {DAY_TITLES[day]}", "", *markdown_table(["time", "task", "who"], rows), ""]
    header, rows = member_rows(schedule)
    out += ["## Members (hours a week)", "", *markdown_table(header, rows), ""]
    out += [fairness_sentence(schedule), ""]
    out += [line for note in notes(schedule) for line in (note, "")]
    return "\n".join(out)


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A markdown table's lines; a ``|`` inside a cell is escaped."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(row) for row in rows)]
