"""An explanation for people: who does the task, who else could and at what measured cost, and the shares."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from labor_opt.analysis.explanation_figures import Alternative, Explanation
from labor_opt.household.units import format_duration
from labor_opt.report.figure_rows import Rows, section_table, signed
from labor_opt.report.markdown import markdown_table, markdown_text
from labor_opt.schedule.model import Schedule


def who_line(explanation: Explanation) -> str:
    """Who does the occurrences explained, how many and on which days; who carries the mental load."""
    plan = explanation.plan
    count = len(explanation.explained)
    doers = sorted(explanation.doers().items(), key=lambda item: (-len(item[1]), item[0]))
    parts = [
        f"{plan.member_name(member)} {len(days)} of {count} ({', '.join(days)})"
        if count > 1
        else plan.member_name(member)
        for member, days in doers
    ]
    line = f"Done by {', '.join(parts[:-1])} and {parts[-1]}." if len(parts) > 1 else f"Done by {''.join(parts)}."
    if explanation.owner and explanation.day is None:
        minutes = format_duration(explanation.mental_load)
        line += f" {plan.member_name(explanation.owner)} carries its mental load ({minutes})."
    return line


def not_allowed_lines(explanation: Explanation) -> list[str]:
    """Who may not do it, and why."""
    plan = explanation.plan
    return [f"{plan.member_name(member)}: {reason}" for member, reason in sorted(explanation.not_allowed.items())]


def alternative_label(explanation: Explanation, alternative: Alternative) -> str:
    """What the alternative asks, in words."""
    name = explanation.plan.member_name(alternative.member)
    if explanation.day is not None:
        return f"{name} on {explanation.day}"
    count = len(explanation.explained)
    owner = explanation.owner
    label = f"{name} does all {count}" if count > 1 else f"{name} does it"
    if owner is not None and owner != alternative.member:
        label += " + its mental load"
    return label


HEADER = ["instead", "imbalance", "most nights woken (who)", "likes (household)"]


def alternative_rows(explanation: Explanation) -> tuple[list[str], Rows]:
    """The plan's row, then one per alternative: imbalance, the most woken member's nights and likes, with changes.

    An alternative without a schedule has its verdict and reason in the
    imbalance cell (the terminal says those in a line of their own: see
    :func:`unmeasured_lines`).
    """
    rows = _measured_rows(explanation)
    for alternative in explanation.alternatives:
        if alternative.schedule is None:
            rows.append([alternative_label(explanation, alternative), _unmeasured(alternative), "", ""])
    return HEADER, rows


def _measured_rows(explanation: Explanation) -> Rows:
    """The plan's row and each solved alternative's; no rows when no alternative was solved."""
    plan = explanation.plan
    solved = [alternative for alternative in explanation.alternatives if alternative.schedule is not None]
    if not solved:
        return []
    rows: Rows = [["the plan", format_duration(plan.fairness.imbalance), _most_woken(plan), _likes(plan)]]
    for alternative in solved:
        assert alternative.schedule is not None
        schedule, change = alternative.schedule, alternative.changes(plan)
        rows.append(
            [
                alternative_label(explanation, alternative),
                f"{format_duration(schedule.fairness.imbalance)} ({signed(change['imbalance'], 'load')})",
                f"{_most_woken(schedule)} ({signed(change['most_disturbed_nights'], 'disturbed_nights')})",
                f"{_likes(schedule)} ({signed(change['preference'], 'preference')})",
            ]
        )
    return rows


def unmeasured_lines(explanation: Explanation) -> list[str]:
    """Each alternative with no schedule, in a line of its own: what it asks, impossible or not found, and why."""
    return [
        f"{alternative_label(explanation, alternative)}: {_unmeasured(alternative)}."
        for alternative in explanation.alternatives
        if alternative.schedule is None
    ]


def _unmeasured(alternative: Alternative) -> str:
    return f"{'not found' if alternative.undecided else 'impossible'}; {alternative.reason}"


def _most_woken(schedule: Schedule) -> str:
    """The most nights anyone is woken, and who: ``4 Noor``, ``7 Kai, Noor``, ``1 Ana and 4 others``; ``0``: nobody."""
    most = max((summary.disturbed_nights for summary in schedule.members.values()), default=0)
    if not most:
        return "0"
    who = [schedule.member_name(m) for m, summary in schedule.members.items() if summary.disturbed_nights == most]
    return f"{most} {', '.join(who) if len(who) <= 2 else f'{who[0]} and {len(who) - 1} others'}"


def _likes(schedule: Schedule) -> str:
    """The household's likes minus dislikes, signed."""
    return f"{schedule.total_preference:+d}"


def share_lines(explanation: Explanation) -> list[str]:
    """Each balanced member's share of the measured load, and without the task, as a sentence."""
    plan = explanation.plan
    measured = "total load" if plan.fairness.measure == "total" else "chore load"
    what = plan.task_name(explanation.task) + (f" on {explanation.day}" if explanation.day else "")
    return [
        f"{plan.member_name(share.member)} carries {share.percent}% of the {measured} "
        f"({format_duration(share.load)} of {format_duration(share.total)}); without {what}, "
        f"{share.percent_without}% ({format_duration(share.load_without)} of {format_duration(share.total_without)})."
        for share in explanation.shares
    ]


def _title(explanation: Explanation) -> str:
    plan = explanation.plan
    what = plan.task_name(explanation.task) + (f" on {explanation.day}" if explanation.day else "")
    scenario = f" ({plan.scenario})" if plan.scenario else ""
    return f"{plan.household or 'Household'}{scenario}: {what} in the plan"


def explain_view(explanation: Explanation) -> Group:
    """The terminal view of an explanation."""
    parts: list[RenderableType] = [Text(_title(explanation), style="bold"), Text(who_line(explanation))]
    refused = not_allowed_lines(explanation)
    if refused:
        parts.append(Text("May not do it: " + "; ".join(refused) + "."))
    rows = _measured_rows(explanation)
    if rows:
        parts.append(section_table("Instead (each solved again with it forced)", HEADER, rows))
    parts += [Text(line) for line in unmeasured_lines(explanation)]
    parts.append(Text(explanation.verdict(), style="bold"))
    parts += [Text(line) for line in share_lines(explanation)]
    return Group(*parts)


def explain_markdown(explanation: Explanation) -> str:
    """The explanation as markdown, to paste into a note."""
    text = markdown_text  # every line holds names: escaped, so that none can add lines or markup
    out = [f"## {text(_title(explanation))}", "", text(who_line(explanation)), ""]
    refused = not_allowed_lines(explanation)
    if refused:
        out += [text("May not do it: " + "; ".join(refused) + "."), ""]
    rows = _measured_rows(explanation)
    if rows:
        out += ["### If someone else did it (each solved again with it forced)", ""]
        out += markdown_table(HEADER, rows) + [""]
    unmeasured = unmeasured_lines(explanation)
    out += [f"- {text(line)}" for line in unmeasured] + ([""] if unmeasured else [])
    out += [f"**{text(explanation.verdict())}**", ""]
    out += [f"- {text(line)}" for line in share_lines(explanation)]
    return "\n".join(out) + "\n"
