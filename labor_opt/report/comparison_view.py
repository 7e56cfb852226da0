"""A comparison for people: side-by-side figures with changes, and who took over what.

The same rows serve the terminal (rich tables) and markdown (to paste into a
message to one's partner). People and tasks appear under the names the
household gave them; a what-if with no schedule is shown with its reasons.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from labor_opt.analysis.comparison import Comparison, ScenarioComparison
from labor_opt.household.units import format_duration
from labor_opt.report.figure_rows import FIGURES, Rows, cell, section_table, signed
from labor_opt.report.markdown import markdown_table, markdown_text
from labor_opt.report.terminal import bound_lines, fairness_sentence, hanging
from labor_opt.schedule.model import Schedule

NOT_SOLVED = "not solved"  # a baseline's bound and status: labor-opt read it, and repeats no claim of its file
# A what-if's status when it has no schedule, by the failure's kind; and what the lines below the table say.
NO_SCHEDULE = {"infeasible": "no schedule", "timeout": "none in time"}
WHY_NONE = {"infeasible": "no schedule can satisfy it", "timeout": "no schedule was found in time"}


def figures_rows(comparison: Comparison) -> tuple[list[str], Rows]:
    """The side-by-side table: each member's figures under their name, then the household's rows.

    A scenario's cell holds its figure and the change from the base, which
    a narrow terminal wraps onto a line of its own. A what-if with no
    schedule has its column too: ``-`` for every figure, and its status
    says there is none (why is said below the table).
    """
    scenarios = comparison.scenarios
    header = ["", "base", *(scenario.name for scenario in scenarios), *(f.name for f in comparison.failures)]
    none = ["-" for _ in comparison.failures]
    schedules = (comparison.base, *(c.schedule for c in scenarios))
    names = {m: s.member_name(m) for s in schedules for m in s.members}
    rows: Rows = []
    for member_id in sorted(names, key=lambda m: (names[m].lower(), m)):
        rows.append([names[member_id], *("" for _ in header[1:])])
        for label, key in FIGURES:
            row = [f" {label}", _value(comparison.base, member_id, key)]
            for scenario in scenarios:
                value = _value(scenario.schedule, member_id, key)
                delta = scenario.members.get(member_id)
                row.append(f"{value} ({signed(getattr(delta, key), key)})" if value != "-" and delta else value)
            rows.append(row + none)
    return header, rows + _household_rows(comparison)


def _household_rows(comparison: Comparison) -> Rows:
    """The household's rows: imbalance, least possible, status, and how much each scenario moved."""
    base, scenarios, failures = comparison.base, comparison.scenarios, comparison.failures
    none = ["-" for _ in failures]
    # A baseline was read, not solved: its least possible imbalance and status are unknown, whatever its file says.
    solved = comparison.base_source == "solved"
    imbalances = [
        f"{format_duration(s.schedule.fairness.imbalance)} ({signed(s.imbalance_change, 'load')})" for s in scenarios
    ]
    return [
        ["household", "", *("" for _ in (*scenarios, *failures))],
        [" imbalance", format_duration(base.fairness.imbalance), *imbalances, *none],
        [
            " least possible",
            format_duration(base.fairness.lower_bound) if solved else NOT_SOLVED,
            *(format_duration(s.schedule.fairness.lower_bound) for s in scenarios),
            *none,
        ],
        [
            " status",
            base.status.in_file if solved else NOT_SOLVED,
            *(s.schedule.status.in_file for s in scenarios),
            *(NO_SCHEDULE[f.kind] for f in failures),
        ],
        [" changed member", "", *(str(s.moved) for s in scenarios), *none],
        [" changed time", "", *(str(s.moved_times) for s in scenarios), *none],
        [" changed owner", "", *(str(len(s.moved_owners)) for s in scenarios), *none],
    ]


def headline(comparison: Comparison, schedule: Schedule) -> str:
    """A column's fairness in words; a baseline's says only what labor-opt recomputed, since it solved nothing."""
    if schedule is not comparison.base or comparison.base_source == "solved":
        return fairness_sentence(schedule)
    return (
        f"Imbalance {format_duration(schedule.fairness.imbalance)}, recomputed from the baseline's assignments; "
        "not solved, so how close it is to the least possible is not known."
    )


def changes_rows(comparison: Comparison) -> tuple[list[str], Rows]:
    """Who took over what: one row per occurrence whose members changed."""
    header = ["scenario", "task", "#", "before", "after"]
    rows: Rows = []
    for scenario in comparison.scenarios:
        after = scenario.schedule
        for change in scenario.reassigned:
            rows.append(
                [
                    scenario.name,
                    after.task_name(change.task),
                    str(change.occurrence),
                    f"{', '.join(comparison.base.member_name(m) for m in change.before)} ({change.when_before})",
                    f"{', '.join(after.member_name(m) for m in change.after)} ({change.when_after})",
                ]
            )
    return header, rows


def scenario_lines(comparison: Comparison) -> list[str]:
    """What each scenario is, adds, removes and moves, in words, by name; and why a what-if has no schedule."""
    lines = [f"base: {line}" for line in bound_lines(comparison.base)]
    for scenario in comparison.scenarios:
        lines += _lines_of(scenario, comparison.base)
        lines += [f"{scenario.name}: {line}" for line in bound_lines(scenario.schedule)]
    for failure in comparison.failures:
        lines += [f"{failure.name}: {failure.description}"] if failure.description else []
        lines.append(f"{failure.name}: {WHY_NONE[failure.kind]}:")
        lines += [f"  - {reason}" for reason in failure.reasons]
    return lines


def _lines_of(scenario: ScenarioComparison, base: Schedule) -> list[str]:
    name, schedule = scenario.name, scenario.schedule
    lines = [f"{name}: {scenario.description}"] if scenario.description else []
    for change, named_in, what in (("added", schedule, "adds"), ("removed", base, "removes")):
        members = [named_in.member_name(m) for m, delta in scenario.members.items() if delta.change == change]
        if members:
            lines.append(f"{name} {what} member{'s' if len(members) > 1 else ''}: {', '.join(members)}")
    if scenario.added_tasks:
        lines.append(f"{name} adds: {', '.join(schedule.task_name(t) for t in scenario.added_tasks)}")
    if scenario.removed_tasks:
        lines.append(f"{name} removes: {', '.join(base.task_name(t) for t in scenario.removed_tasks)}")
    for task, before, after in scenario.moved_owners:
        lines.append(
            f"{name}: the mental load of {schedule.task_name(task)} moves from "
            f"{schedule.member_name(before)} to {schedule.member_name(after)}"
        )
    if scenario.stable:
        lines.append(f"{name} was re-planned stably: {scenario.moved} occurrence(s) changed member")
    return lines


def _title(comparison: Comparison) -> str:
    names = " vs ".join(["base", *(s.name for s in comparison.scenarios), *(f.name for f in comparison.failures)])
    title = f"{comparison.household or 'Household'}: {names}"
    return title + (" (base: the given baseline schedule)" if comparison.base_source != "solved" else "")


def comparison_view(comparison: Comparison) -> Group:
    """The terminal view of a comparison."""
    parts: list[RenderableType] = [Text(_title(comparison), style="bold")]
    header, rows = figures_rows(comparison)
    parts.append(section_table("Per member, hours a week (change from base)", header, rows))
    parts.extend(hanging(line) for line in scenario_lines(comparison))
    tables = _changes_tables(comparison)
    parts += tables
    if not tables and (unchanged := unchanged_sentence(comparison)):
        parts.append(Text(unchanged))
    return Group(*parts)


def _changes_tables(comparison: Comparison) -> list[Table]:
    """Per scenario, the occurrences that change member: who before, who after, and when (the time once if kept).

    A table each, titled with the scenario, rather than a column repeating
    its name; and each cell breaks only between names or times, never inside
    one, so that an 80-column terminal wraps it where a person would.
    """
    tables = []
    base = comparison.base
    for scenario in comparison.scenarios:
        after = scenario.schedule
        rows = [
            [
                after.task_name(change.task),
                str(change.occurrence),
                ", ".join(base.member_name(m) for m in change.before),
                ", ".join(after.member_name(m) for m in change.after),
                _when_moved(change.when_before, change.when_after),
            ]
            for change in scenario.reassigned
        ]
        if rows:
            title = f"Occurrences that change member in {scenario.name}"
            tables.append(section_table(title, ["task", "#", "before", "after", "when"], rows))
    return tables


def _when_moved(before: str, after: str) -> str:
    """``mon 18:00``, ``mon 18:00 → 18:15`` or ``sun 10:00 → mon 16:15``."""
    if before == after:
        return before
    same_day = before.split(" ")[0] == after.split(" ")[0]
    return f"{before} → {after.split(' ')[-1] if same_day else after}"


def unchanged_sentence(comparison: Comparison) -> str | None:
    """That no occurrence changes member; said only of what-ifs with a schedule (none when no what-if has one)."""
    if not comparison.scenarios:
        return None
    if not comparison.failures:
        return "No occurrence changes member."
    return f"Every occurrence keeps its member in {', '.join(s.name for s in comparison.scenarios)}."


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as markdown tables."""
    out = [f"## {markdown_text(_title(comparison))}", ""]
    header, rows = figures_rows(comparison)
    out += markdown_table(header, rows) + [""]
    # Names, descriptions and reasons come from the file: each line escaped, its list marker labor-opt's own.
    out += [
        f"  - {markdown_text(line.removeprefix('  - '))}" if line.startswith("  - ") else f"- {markdown_text(line)}"
        for line in scenario_lines(comparison)
    ]
    header, rows = changes_rows(comparison)
    if rows or comparison.scenarios:
        out += ["", "### Occurrences that change member", ""]
        out += markdown_table(header, rows) if rows else [markdown_text(unchanged_sentence(comparison) or "")]
    return "\n".join(out) + "\n"


def _value(schedule: Schedule, member_id: str, key: str) -> str:
    return cell(schedule.members.get(member_id), key)
