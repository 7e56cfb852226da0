"""The schedule for people: a week grid, a per-member table and the fairness line.

The rows and sentences here serve the terminal (rich) and markdown alike.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from labor_opt.household.units import DAY_NAMES, format_duration
from labor_opt.schedule import Assignment, Schedule, Status

_STATUS_WORDS = {
    Status.OPTIMAL: "optimal: no fairer schedule exists",
    Status.FEASIBLE: "valid, but not proven best (the time limit struck first)",
    Status.INTERRUPTED: "valid, but not proven best (interrupted)",
}


def title_of(schedule: Schedule) -> str:
    """The household's name, and the scenario if any."""
    title = schedule.household or "Household"
    return title + (f" - scenario {schedule.scenario}" if schedule.scenario else "")


def schedule_view(schedule: Schedule) -> Group:
    """Everything the terminal shows for one schedule, as a rich renderable."""
    return Group(
        Text(title_of(schedule), style="bold"),
        week_grid(schedule),
        member_table(schedule),
        fairness_line(schedule),
        owners_line(schedule),
    )


def week_grid(schedule: Schedule) -> Table:
    """Who does what when: the week day by day, one row an occurrence."""
    table = Table(title="Week", expand=False)
    for column in ("day", "time", "task", "who"):
        table.add_column(column)
    by_day: dict[str, list[Assignment]] = {day: [] for day in DAY_NAMES}
    for assignment in schedule.assignments:
        by_day[assignment.day].append(assignment)
    for day in DAY_NAMES:
        for position, assignment in enumerate(by_day[day]):
            table.add_row(
                day.capitalize() if position == 0 else "",
                f"{assignment.start}-{assignment.end}",
                assignment.task + (" (night)" if assignment.night else ""),
                ", ".join(assignment.members),
                end_section=position == len(by_day[day]) - 1,
            )
    return table


def member_rows(schedule: Schedule) -> tuple[list[str], list[list[str]]]:
    """One row a member: paid, commute, chores, mental load, total load, nights, preference."""
    load_column = "total load" if schedule.fairness.measure == "total" else "load (chores + mental)"
    header = ["member", "paid", "commute", "chores", "mental load", load_column, "disturbed nights", "preference"]
    rows = [
        [
            member_id + ("" if summary.balanced else " (not balanced)"),
            format_duration(summary.paid),
            format_duration(summary.commute),
            format_duration(summary.chores),
            format_duration(summary.mental),
            format_duration(summary.load),
            str(summary.disturbed_nights),
            f"{summary.preference:+d}",
        ]
        for member_id, summary in schedule.members.items()
    ]
    return header, rows


def member_table(schedule: Schedule) -> Table:
    """The members' figures as a table."""
    header, rows = member_rows(schedule)
    table = Table(title="Members (hours a week)")
    for column in header:
        table.add_column(column, justify="left" if column == "member" else "right")
    for row in rows:
        table.add_row(*row)
    return table


def fairness_sentence(schedule: Schedule) -> str:
    """The headline in words: imbalance, the proven bound, and whether it is optimal."""
    fairness = schedule.fairness
    measured = "total load" if fairness.measure == "total" else "chore load (chores + mental)"
    return (
        f"Imbalance {format_duration(fairness.imbalance)} of {measured}; "
        f"proven least possible: {format_duration(fairness.lower_bound)} "
        f"(tolerance {format_duration(fairness.tolerance)}). "
        f"{_STATUS_WORDS[schedule.status]}. Solved in {schedule.solver.seconds:.2f}s."
    )


def fairness_line(schedule: Schedule) -> Text:
    """The headline, styled for the terminal."""
    text = Text(fairness_sentence(schedule))
    text.stylize("bold", 0, len("Imbalance ") + len(format_duration(schedule.fairness.imbalance)))
    verdict = _STATUS_WORDS[schedule.status]
    at = text.plain.find(verdict)
    text.stylize("green" if schedule.status is Status.OPTIMAL else "yellow", at, at + len(verdict))
    return text


def owners_line(schedule: Schedule) -> Text:
    """Who carries each task's mental load."""
    if not schedule.owners:
        return Text("")
    return Text("Mental load owners: " + ", ".join(f"{task} -> {member}" for task, member in schedule.owners.items()))


def as_text(renderable: RenderableType, width: int = 140) -> str:
    """What the terminal would show, as plain text (for files and tests)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()
