"""The schedule for people: a week grid, a per-member table and the fairness line."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from labor_opt.household.units import DAY_NAMES, format_duration
from labor_opt.schedule import Assignment, Schedule

_STATUS_WORDS = {
    "optimal": "optimal: no fairer schedule exists",
    "feasible": "valid, but not proven best (the time limit struck first)",
}


def schedule_view(schedule: Schedule) -> Group:
    """Everything the terminal shows for one schedule, as a rich renderable."""
    title = schedule.household or "Household"
    if schedule.scenario:
        title += f" - scenario {schedule.scenario}"
    return Group(
        Text(title, style="bold"),
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


def member_table(schedule: Schedule) -> Table:
    """One row a member: paid, commute, chores, mental load, total load, nights, preference."""
    table = Table(title="Members (hours a week)")
    load_column = "total load" if schedule.fairness.measure == "total" else "load (chores + mental)"
    for column in (
        "member",
        "paid",
        "commute",
        "chores",
        "mental load",
        load_column,
        "disturbed nights",
        "preference",
    ):
        table.add_column(column, justify="left" if column == "member" else "right")
    for member_id, summary in schedule.members.items():
        table.add_row(
            member_id + ("" if summary.balanced else " (not balanced)"),
            format_duration(summary.paid),
            format_duration(summary.commute),
            format_duration(summary.chores),
            format_duration(summary.mental),
            format_duration(summary.load),
            str(summary.disturbed_nights),
            f"{summary.preference:+d}",
        )
    return table


def fairness_line(schedule: Schedule) -> Text:
    """The headline: imbalance, the proven bound, and whether it is optimal."""
    fairness = schedule.fairness
    text = Text()
    text.append("Imbalance ", style="bold")
    text.append(format_duration(fairness.imbalance), style="bold")
    measured = "total load" if fairness.measure == "total" else "chore load (chores + mental)"
    text.append(f" of {measured}; proven least possible: {format_duration(fairness.lower_bound)}")
    text.append(f" (tolerance {format_duration(fairness.tolerance)}). ")
    style = "green" if schedule.status == "optimal" else "yellow"
    text.append(_STATUS_WORDS[schedule.status], style=style)
    text.append(f". Solved in {schedule.solver.seconds:.2f}s.")
    return text


def owners_line(schedule: Schedule) -> Text:
    """Who carries each task's mental load."""
    if not schedule.owners:
        return Text("")
    return Text("Mental load owners: " + ", ".join(f"{task} -> {member}" for task, member in schedule.owners.items()))


def render_text(schedule: Schedule, width: int = 140) -> str:
    """The terminal view as plain text (for files and tests)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(schedule_view(schedule))
    return console.export_text()
