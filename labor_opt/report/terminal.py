"""The schedule for people: a week grid, a per-member table and the fairness line.

The rows and sentences here serve the terminal (rich) and markdown alike;
people are shown by the names the household gave them, and an occurrence
that starts after midnight is listed under the day it belongs to.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from labor_opt.household.units import format_duration
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.schedule.model import Assignment, Schedule, Status

# What the tolerance went to, in words, by goal.
GOAL_WORDS = {
    "leximin": "evening out the highest loads (leximin)",
    "routine": "evening out the routine work",
    "disturbed_nights": "sharing the disturbed nights",
    "total_disturbed_nights": "waking people on fewer nights",
    "preference": "preferences (likes and dislikes)",
    "moved_members": "keeping to the base schedule",
    "moved_times": "keeping to the base schedule's times",
    "moved_owners": "keeping the mental loads with their owners",
    "band": "the goals inside the tolerance (nights, preferences)",
}


def title_of(schedule: Schedule) -> str:
    """The household's name, and the scenario if any."""
    title = schedule.household or "Household"
    if schedule.viewer is not None:
        title = f"{schedule.member_name(schedule.viewer)}'s week ({title})"
    return title + (f" - scenario {schedule.scenario}" if schedule.scenario else "")


def schedule_view(schedule: Schedule) -> Group:
    """Everything the terminal shows for one schedule, as a rich renderable."""
    parts: list[RenderableType] = [
        Text(title_of(schedule), style="bold"),
        week_grid(schedule),
        member_table(schedule),
        fairness_line(schedule),
    ]
    parts += [Text(line) for line in notes(schedule)]
    return Group(*parts)


def by_day(schedule: Schedule) -> dict[str, list[Assignment]]:
    """The assignments under the day each belongs to, in the order they happen."""
    days: dict[str, list[Assignment]] = {day: [] for day in DAY_NAMES}
    for assignment in schedule.assignments:
        days[assignment.home_day].append(assignment)
    for assignments in days.values():
        assignments.sort(key=lambda a: (a.after_midnight, a.start, a.task, a.occurrence))
    return days


def time_of(assignment: Assignment) -> str:
    """``18:00-18:45``; an occurrence after midnight says so."""
    return f"{assignment.start}-{assignment.end}" + (" (after midnight)" if assignment.after_midnight else "")


def task_of(schedule: Schedule, assignment: Assignment) -> str:
    """The task's display name, marked when it is a night task."""
    return schedule.task_name(assignment.task) + (" (night)" if assignment.night else "")


def who_of(schedule: Schedule, assignment: Assignment) -> str:
    """The members' display names."""
    return ", ".join(schedule.member_name(member) for member in assignment.members)


def week_grid(schedule: Schedule) -> Table:
    """Who does what when: the week day by day, one row an occurrence."""
    table = Table(title="Week", expand=False)
    for column in ("day", "time", "task", "who"):
        table.add_column(column)
    for day, assignments in by_day(schedule).items():
        for position, assignment in enumerate(assignments):
            table.add_row(
                day.capitalize() if position == 0 else "",
                time_of(assignment),
                task_of(schedule, assignment),
                who_of(schedule, assignment),
                end_section=position == len(assignments) - 1,
            )
    return table


def member_rows(schedule: Schedule) -> tuple[list[str], list[list[str]]]:
    """One row a member: paid, commute, chores, mental load, total load, nights, preference."""
    load_column = "total load" if schedule.fairness.measure == "total" else "chore load"
    header = ["member", "paid", "commute", "chores", "mental load", load_column, "nights woken", "likes"]
    rows = [
        [
            schedule.member_name(member_id) + ("" if summary.balanced else " *"),
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
    """The members' figures as a table; headers and names wrap by word rather than being cut."""
    header, rows = member_rows(schedule)
    widest_word = max((len(word) for row in rows for word in row[0].split()), default=6)
    table = Table(
        title="Members (hours a week; likes: liked minus disliked occurrences)", caption=_unbalanced(schedule)
    )
    for column in header:
        if column == "member":
            table.add_column(column, min_width=min(widest_word, 20), overflow="fold")
        else:  # "total load" over two lines: the numbers are narrower than the words
            table.add_column(column.replace(" ", "\n", 1), justify="right", overflow="fold")
    for name, *figures in rows:
        # The marker kept on the name's last word: a wrapped name never leaves a lone "*" on a line.
        table.add_row(name.removesuffix(" *") + "*" if name.endswith(" *") else name, *figures)
    return table


def _unbalanced(schedule: Schedule) -> str | None:
    if all(summary.balanced for summary in schedule.members.values()):
        return None
    return "* not in the balance: helps, but is left out of the fairness measure"


def fairness_sentence(schedule: Schedule) -> str:
    """The headline in words, never more than is true.

    "No fairer schedule exists" only when the imbalance is the least
    possible and proven so; above it, by how much, that it is inside the
    tolerance, and which goal the difference went to.
    """
    fairness = schedule.fairness
    measured = "total load" if fairness.measure == "total" else "chore load (chores + mental)"
    imbalance, least = fairness.imbalance, fairness.lower_bound
    head = f"Imbalance {format_duration(imbalance)} of {measured}"
    if schedule.status is not Status.OPTIMAL:
        why = "the time limit struck first" if schedule.status is Status.FEASIBLE else "interrupted"
        return (
            f"{head}; no schedule can go below {format_duration(least)} (proven)"
            + (f", {format_duration(imbalance - least)} less" if imbalance > least else "")
            + f". Not proven best: {why}."
        )
    if imbalance == least:
        return f"{head}: the least possible, proven. Optimal: no fairer schedule exists."
    went_to = GOAL_WORDS.get(fairness.tolerance_used_by or "band", GOAL_WORDS["band"])
    return (
        f"{head}: {format_duration(imbalance - least)} above the least possible ({format_duration(least)}, "
        f"proven), inside the {format_duration(fairness.tolerance)} tolerance, which went to {went_to}. "
        "Optimal: within the tolerance, no schedule does better."
    )


def fairness_line(schedule: Schedule) -> Text:
    """The headline, styled for the terminal, with the solve's time."""
    text = Text(f"{fairness_sentence(schedule)} Solved in {schedule.solver.seconds:.2f}s.")
    text.stylize("bold", 0, len(f"Imbalance {format_duration(schedule.fairness.imbalance)}"))
    verdict = text.plain.find("Optimal:") if schedule.status is Status.OPTIMAL else text.plain.find("Not proven")
    text.stylize("green" if schedule.status is Status.OPTIMAL else "yellow", verdict, verdict + len("Optimal"))
    return text


def notes(schedule: Schedule) -> list[str]:
    """Lines under the figures: who carries the mental loads, and what to look at twice."""
    lines = []
    by_owner: dict[str, list[str]] = {}
    for task, member in schedule.owners.items():
        by_owner.setdefault(member, []).append(schedule.task_name(task))
    if by_owner:
        owned = "; ".join(f"{schedule.member_name(member)}: {', '.join(tasks)}" for member, tasks in by_owner.items())
        lines.append(f"Mental load carried by {owned}.")
    routine = [
        f"{schedule.member_name(member_id)} {format_duration(summary.routine)} of {format_duration(summary.chores)}"
        for member_id, summary in schedule.members.items()
        if summary.chores
    ]
    if routine:
        lines.append(f"Routine chores (done 5+ times a week, or in a tight window): {', '.join(routine)}.")
    lines += bound_lines(schedule)
    lines += [f"Look twice: {concern}." for concern in schedule.concerns]
    if schedule.stability is not None:
        moved = schedule.stability
        lines.append(
            f"Kept to the base: {moved.moved_members} occurrence(s) change member, {moved.moved_times} change time."
        )
    return lines


def bound_lines(schedule: Schedule) -> list[str]:
    """What holds the imbalance where it is, and a warning when everyone else is further apart than the tolerance."""
    fairness = schedule.fairness
    if not fairness.bounded_by:
        return []
    held = "; ".join(
        bound.text.replace(bound.member, schedule.member_name(bound.member)) for bound in fairness.bounded_by
    )
    lines = [f"What holds the imbalance at {format_duration(fairness.imbalance)}: {held}."]
    spread = fairness.others_spread
    if spread is not None and spread > fairness.tolerance:
        pinned = " and ".join(schedule.member_name(bound.member) for bound in fairness.bounded_by)
        remedy = (
            "leximin could bring them no closer"
            if fairness.objective == "leximin"
            else "fairness.objective: leximin evens them out"
        )
        lines.append(
            f"Look twice: apart from {pinned}, loads differ by up to {format_duration(spread)}, more than the "
            f"{format_duration(fairness.tolerance)} tolerance; {remedy}."
        )
    return lines


def as_text(renderable: RenderableType, width: int = 140) -> str:
    """What the terminal would show, as plain text (for files and tests)."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def hanging(line: str, marker: str = "  - ") -> RenderableType:
    """A line; one in a list (``  - ...``) wraps under its own first word, not under the list's marker."""
    if not line.startswith(marker):
        return Text(line)
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row(marker, line.removeprefix(marker))
    return grid
