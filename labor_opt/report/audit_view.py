"""An audit for people: today's figures beside the plan's, the moves between them, and what today breaks.

The same rows serve the terminal and markdown, with the names the household
gave its members and tasks.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.text import Text

from labor_opt.analysis.audits import Audit
from labor_opt.household.units import format_duration
from labor_opt.report.figure_rows import FIGURES, Rows, cell, figure, section_table, signed
from labor_opt.report.markdown import markdown_table, markdown_text
from labor_opt.report.terminal import bound_lines, fairness_sentence, hanging


def audit_rows(audit: Audit) -> tuple[list[str], Rows]:
    """Each member's figures today, in the plan, and the change; then the household's imbalance."""
    plan, today = audit.plan, audit.today
    rows: Rows = []
    for member_id in sorted(plan.members, key=lambda m: (plan.member_name(m).lower(), m)):
        rows.append([plan.member_name(member_id), "", "", ""])
        now, planned = today.members.get(member_id), plan.members[member_id]
        for label, key in FIGURES:
            change = signed(figure(planned, key) - figure(now, key), key) if now else ""
            rows.append([f" {label}", cell(now, key), cell(planned, key), change])
    rows.append(["household", "", "", ""])
    imbalance = plan.fairness.imbalance
    change = signed(imbalance - today.imbalance, "load")
    rows.append([" imbalance", format_duration(today.imbalance), format_duration(imbalance), change])
    return ["", "today", "plan", "change"], rows


# How the times of today's split from `now` were chosen (TodaySplit.placed), in words.
PLACED = {
    "solved": "at the times that break the fewest rules (found by solving).",
    "best_found": (
        "at the best times found before the time limit or Ctrl-C (a longer --time-limit may avoid some rule it breaks)."
    ),
    "first_fit": (
        "each at the first time that suits them (the time limit or Ctrl-C came before the times could be "
        "chosen by solving: some rule it breaks may be avoidable)."
    ),
}


def source_line(audit: Audit) -> str:
    """Where today's split comes from, and what it assumes."""
    today = audit.today
    if today.source != "now":
        return f"Today: the split in {today.source}, its figures recomputed from the household."
    line = f"Today: who does what from `now:` in the household file, {PLACED.get(today.placed or '', '')}".rstrip()
    if today.as_planned:
        names = ", ".join(audit.plan.task_name(task) for task in today.as_planned)
        line += f" No `now:` for {names}: counted as the plan does them."
    return line


def caveat(audit: Audit) -> str | None:
    """When today looks fairer than any valid plan can be: only because it breaks rules."""
    if audit.findings and audit.today.imbalance < audit.plan.fairness.lower_bound:
        return (
            "Today's imbalance is below what any valid schedule can reach only because today's split "
            "breaks the rules listed below."
        )
    return None


def move_lines(audit: Audit) -> list[str]:
    """The moves from today to the plan, by task, in words."""
    plan = audit.plan
    return [move.text(plan.member_name, plan.task_name) for move in audit.moves]


_WHEN = re.compile(r" on (mon|tue|wed|thu|fri|sat|sun)\b(?: at \d\d:\d\d| \d\d:\d\d-\d\d:\d\d)?")


def finding_lines(audit: Audit) -> list[str]:
    """What today's split breaks (it is what happens now; the plan breaks nothing), in the household's names.

    The same finding on several days is one line, with the days.
    """
    grouped: dict[str, list[str]] = {}
    for finding in audit.findings:
        text = finding.text()
        days = [match.group(1) for match in _WHEN.finditer(text)]
        key = _WHEN.sub("", text) if len(days) == 1 else text
        grouped.setdefault(key, []).extend(days[:1] if len(days) == 1 else [])
    return [f"{key} (on {', '.join(days)})" if days else key for key, days in grouped.items()]


def _title(audit: Audit) -> str:
    scenario = f" ({audit.plan.scenario})" if audit.plan.scenario else ""
    return f"{audit.plan.household or 'Household'}{scenario}: today's split and the plan"


def audit_view(audit: Audit) -> Group:
    """The terminal view of an audit."""
    parts: list[RenderableType] = [Text(_title(audit), style="bold"), Text(source_line(audit))]
    header, rows = audit_rows(audit)
    parts.append(section_table("Per member, hours a week", header, rows))
    parts.append(Text(f"The plan: {fairness_sentence(audit.plan)}"))
    parts += [Text(f"The plan: {line}") for line in bound_lines(audit.plan)]
    parts += [Text(line, style="yellow") for line in [caveat(audit)] if line]
    moves = move_lines(audit)
    parts.append(Text("Moves from today to the plan:" if moves else "The plan moves nothing.", style="bold"))
    parts += [Text(f"  {line}") for line in moves]
    findings = finding_lines(audit)
    if findings:
        parts.append(Text("Today's split breaks these rules (the plan keeps them all):", style="bold yellow"))
        parts += [hanging(f"  - {line}") for line in findings]
    else:
        parts.append(Text("Today's split breaks no rule."))
    return Group(*parts)


def audit_markdown(audit: Audit) -> str:
    """The audit as markdown, to paste into a note."""
    text = markdown_text  # every line holds names: escaped, so that none can add lines or markup
    out = [f"## {text(_title(audit))}", "", text(source_line(audit)), ""]
    header, rows = audit_rows(audit)
    out += markdown_table(header, rows) + ["", text(f"The plan: {fairness_sentence(audit.plan)}"), ""]
    out += [text(f"The plan: {line}") + "\n" for line in bound_lines(audit.plan)]
    out += [f"{text(line)}\n" for line in [caveat(audit)] if line]
    moves = move_lines(audit)
    out += ["### Moves from today to the plan", ""] + ([f"- {text(line)}" for line in moves] or ["None."])
    findings = finding_lines(audit)
    out += ["", "### What today's split breaks", ""] + ([f"- {text(line)}" for line in findings] or ["Nothing."])
    return "\n".join(out) + "\n"
