"""A comparison for people: side-by-side figures with changes, and who took over what.

The same rows serve the terminal (rich tables) and markdown (to paste into a
message to one's partner).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from labor_opt.comparison import Comparison, ScenarioComparison
from labor_opt.household.units import format_duration
from labor_opt.report.markdown import markdown_table
from labor_opt.schedule import MemberSummary, Schedule

Rows = list[list[str]]
_FIGURES: tuple[tuple[str, str], ...] = (
    ("paid + commute", "paid_and_commute"),
    ("chores", "chores"),
    ("mental load", "mental"),
    ("total load", "load"),
    ("disturbed nights", "disturbed_nights"),
    ("preference", "preference"),
)
_MINUTES = {"paid_and_commute", "chores", "mental", "load"}


def figures_rows(comparison: Comparison) -> tuple[list[str], Rows]:
    """The side-by-side table: a row per member and figure, then the household's rows."""
    header = ["member", "figure", "base", *(scenario.name for scenario in comparison.scenarios)]
    rows: Rows = []
    member_ids = sorted({m for s in (comparison.base, *(c.schedule for c in comparison.scenarios)) for m in s.members})
    for member_id in member_ids:
        for position, (label, key) in enumerate(_FIGURES):
            row = [member_id if position == 0 else "", label, _value(comparison.base, member_id, key)]
            for scenario in comparison.scenarios:
                value = _value(scenario.schedule, member_id, key)
                delta = getattr(scenario.members[member_id], key)
                row.append(f"{value} ({_signed(delta, key)})" if value != "-" else "-")
            rows.append(row)
    base = comparison.base
    rows.append(
        [
            "household",
            "imbalance",
            format_duration(base.fairness.imbalance),
            *(
                f"{format_duration(s.schedule.fairness.imbalance)} ({_signed(s.imbalance_change, 'load')})"
                for s in comparison.scenarios
            ),
        ]
    )
    rows.append(
        [
            "",
            "proven least imbalance",
            format_duration(base.fairness.lower_bound),
            *(format_duration(s.schedule.fairness.lower_bound) for s in comparison.scenarios),
        ]
    )
    rows.append(["", "status", base.status, *(s.schedule.status for s in comparison.scenarios)])
    rows.append(["", "occurrences changing member", "", *(str(s.moved) for s in comparison.scenarios)])
    rows.append(["", "occurrences changing time", "", *(str(s.moved_times) for s in comparison.scenarios)])
    rows.append(["", "mental loads changing owner", "", *(str(len(s.moved_owners)) for s in comparison.scenarios)])
    return header, rows


def changes_rows(comparison: Comparison) -> tuple[list[str], Rows]:
    """Who took over what: one row per occurrence whose members changed."""
    header = ["scenario", "task", "occurrence", "before", "after"]
    rows: Rows = []
    for scenario in comparison.scenarios:
        for change in scenario.reassigned:
            rows.append(
                [
                    scenario.name,
                    change.task,
                    str(change.occurrence),
                    f"{', '.join(change.before)} ({change.when_before})",
                    f"{', '.join(change.after)} ({change.when_after})",
                ]
            )
    return header, rows


def task_lines(scenario: ScenarioComparison) -> list[str]:
    """What the scenario adds and removes, in words."""
    lines = []
    if scenario.description:
        lines.append(f"{scenario.name}: {scenario.description}")
    if scenario.added_tasks:
        lines.append(f"{scenario.name} adds: {', '.join(scenario.added_tasks)}")
    if scenario.removed_tasks:
        lines.append(f"{scenario.name} removes: {', '.join(scenario.removed_tasks)}")
    for task, before, after in scenario.moved_owners:
        lines.append(f"{scenario.name}: the mental load of {task} moves from {before} to {after}")
    if scenario.stable:
        lines.append(f"{scenario.name} was re-planned stably: {scenario.moved} occurrence(s) changed member")
    return lines


def comparison_view(comparison: Comparison) -> Group:
    """The terminal view of a comparison."""
    names = " vs ".join(["base", *(s.name for s in comparison.scenarios)])
    title = f"{comparison.household or 'Household'}: {names}"
    if comparison.base_source != "solved":
        title += " (base: the given baseline schedule)"
    parts: list[Text | Table] = [Text(title, style="bold")]
    header, rows = figures_rows(comparison)
    parts.append(_table("Per member, hours a week (change from base)", header, rows))
    for scenario in comparison.scenarios:
        parts.extend(Text(line) for line in task_lines(scenario))
    header, rows = changes_rows(comparison)
    if rows:
        parts.append(_table("Occurrences that change member", header, rows))
    else:
        parts.append(Text("No occurrence changes member."))
    return Group(*parts)


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as markdown tables."""
    names = " vs ".join(["base", *(s.name for s in comparison.scenarios)])
    out = [f"## {comparison.household or 'Household'}: {names}", ""]
    header, rows = figures_rows(comparison)
    out += markdown_table(header, rows) + [""]
    for scenario in comparison.scenarios:
        out += [f"- {line}" for line in task_lines(scenario)]
    header, rows = changes_rows(comparison)
    out += ["", "### Occurrences that change member", ""]
    out += markdown_table(header, rows) if rows else ["None."]
    return "\n".join(out) + "\n"


def _value(schedule: Schedule, member_id: str, key: str) -> str:
    summary: MemberSummary | None = schedule.members.get(member_id)
    if summary is None:
        return "-"
    value = summary.paid + summary.commute if key == "paid_and_commute" else getattr(summary, key)
    if key in _MINUTES:
        return format_duration(value)
    return f"{value:+d}" if key == "preference" else str(value)


def _signed(delta: int, key: str) -> str:
    if delta == 0:
        return "="
    if key in _MINUTES:
        return ("+" if delta > 0 else "") + format_duration(delta)
    return f"{delta:+d}"


def _table(title: str, header: list[str], rows: Rows) -> Table:
    table = Table(title=title)
    for column in header:
        table.add_column(column)
    for row in rows:
        table.add_row(*row, end_section=row[0] == "" and row[1] == "preference")
    return table
