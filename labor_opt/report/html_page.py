"""One self-contained HTML page: the week as a grid, load bars, the figures; or a comparison, audit, explanation.

Nothing is fetched from anywhere (no scripts, fonts or images): the styles
are inlined, the patterns are CSS, so the file opens anywhere and prints
on one landscape page, readable in black and white.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from labor_opt.analysis.audits import Audit
from labor_opt.analysis.comparison import Comparison
from labor_opt.analysis.explanation_figures import Explanation
from labor_opt.household.units import format_duration
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.kernel.version import __version__
from labor_opt.report.audit_view import audit_rows, caveat, finding_lines, move_lines, source_line
from labor_opt.report.comparison_view import changes_rows, figures_rows, headline, scenario_lines
from labor_opt.report.explain_view import alternative_rows, not_allowed_lines, share_lines, who_line
from labor_opt.report.markdown import DAY_TITLES
from labor_opt.report.terminal import fairness_sentence, member_rows, notes, title_of
from labor_opt.schedule.model import Assignment, Schedule

MEMBER_STYLES = 8  # .m0 ... .m7 in style.css
_BUSY_CLASSES = {
    "at work": "at-work",
    "working at home": "at-work",  # busy like any work; its words say it is at home
    "commuting": "commuting",
    "unavailable": "unavailable",
    "away": "away",
    "asleep": "asleep",
}

_environment = Environment(
    loader=PackageLoader("labor_opt.report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def schedule_page(schedule: Schedule) -> str:
    """The week of ``schedule`` as a page: days by hours, a lane per member, load bars and figures.

    >>> import labor_opt
    >>> page = schedule_page(labor_opt.solve(labor_opt.load("examples/newborn.yaml")))
    >>> page.startswith("<!doctype html>") and "<script" not in page
    True
    """
    members = sorted(schedule.members, key=lambda m: (schedule.member_name(m).lower(), m))
    index = {member: position % MEMBER_STYLES for position, member in enumerate(members)}
    header, rows = member_rows(schedule)
    return _render(
        "week.html.j2",
        title=title_of(schedule),
        fairness=fairness_sentence(schedule),
        members=[{"id": m, "name": schedule.member_name(m), "index": index[m]} for m in members],
        hours=[{"top": _percent(hour * 60), "label": f"{hour:02d}:00"} for hour in range(0, 25, 2)],
        days=[_day(schedule, day, members, index) for day in range(7)],
        bars=_bars(schedule),
        table={"header": header, "rows": rows},
        notes=notes(schedule),
    )


def comparison_page(comparison: Comparison) -> str:
    """The base and each scenario side by side: fairness, load bars, then the figures and the changes."""
    schedules = [("base", comparison.base), *((s.name, s.schedule) for s in comparison.scenarios)]
    header, rows = figures_rows(comparison)
    changes_header, changes = changes_rows(comparison)
    return _render(
        "report.html.j2",
        title=f"{comparison.household or 'Household'}: {' vs '.join(name for name, _ in schedules)}",
        intro=[],
        columns=[
            {"name": name, "fairness": headline(comparison, schedule), "bars": _bars(schedule), "lines": []}
            for name, schedule in schedules
        ],
        tables=[
            _table("Per member, hours a week (change from base)", header, rows),
            _table("Occurrences that change member", changes_header, changes, "No occurrence changes member."),
        ],
        lists=[{"title": "What the scenarios do", "entries": scenario_lines(comparison), "empty": "Nothing to add."}],
    )


def audit_page(audit: Audit) -> str:
    """Today's split beside the plan: the figures, the moves and what today breaks."""
    header, rows = audit_rows(audit)
    intro = [source_line(audit), f"The plan: {fairness_sentence(audit.plan)}", *filter(None, [caveat(audit)])]
    return _render(
        "report.html.j2",
        title=f"{audit.plan.household or 'Household'}: today's split and the plan",
        intro=intro,
        columns=[],
        tables=[_table("Per member, hours a week", header, rows)],
        lists=[
            {"title": "Moves from today to the plan", "entries": move_lines(audit), "empty": "The plan moves nothing."},
            {"title": "What today's split breaks", "entries": finding_lines(audit), "empty": "Nothing."},
        ],
    )


def explanation_page(explanation: Explanation) -> str:
    """Who does the task, what each alternative costs, and the shares."""
    header, rows = alternative_rows(explanation)
    plan = explanation.plan
    what = plan.task_name(explanation.task) + (f" on {explanation.day}" if explanation.day else "")
    return _render(
        "report.html.j2",
        title=f"{plan.household or 'Household'}: {what} in the plan",
        intro=[who_line(explanation), *not_allowed_lines(explanation), explanation.verdict()],
        columns=[],
        tables=[_table("Instead (each solved again with it forced)", header, rows, "Nobody else may do it.")],
        lists=[{"title": "Shares of the load", "entries": share_lines(explanation), "empty": ""}],
    )


def _render(template: str, **context: Any) -> str:
    # The templates mark only this, the package's own stylesheet, safe (autoescaping would turn its quotes into
    # &#34; and the browser would drop the rule); everything from the household stays autoescaped. A test keeps
    # "</" out of it: nothing may close the <style> element early.
    css = resources.files("labor_opt.report").joinpath("templates", "style.css").read_text(encoding="utf-8")
    return _environment.get_template(template).render(version=__version__, css=css, **context)


def _table(title: str, header: list[str], rows: list[list[str]], empty: str = "") -> dict[str, Any]:
    return {
        "title": title,
        "header": header,
        "rows": [{"cells": row, "section": not row[0].startswith(" ") and not any(row[1:])} for row in rows],
        "empty": empty,
    }


def _day(schedule: Schedule, day: int, members: list[str], index: dict[str, int]) -> dict[str, Any]:
    """One day's column: a lane per member with their busy time and chores (a chore past midnight continues)."""
    begin, end = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY
    lanes = []
    for member in members:
        busy = [
            {"kind": _BUSY_CLASSES[kind], "words": kind, **_span(start, stop, begin, end)}
            for kind, start, stop in schedule.busy.get(member, ())
            if start < end and stop > begin
        ]
        chores = [
            _chore(schedule, assignment, begin, end)
            for assignment in schedule.assignments
            if member in assignment.members and _overlaps(assignment, begin, end)
        ]
        lanes.append(
            {
                "member": member,
                "name": schedule.member_name(member),
                "index": index[member],
                "busy": busy,
                "chores": chores,
            }
        )
    return {"key": DAY_NAMES[day], "title": DAY_TITLES[DAY_NAMES[day]], "lanes": lanes}


def _overlaps(assignment: Assignment, begin: int, end: int) -> bool:
    start = assignment.week_minute
    stop = start + assignment.minutes
    # An occurrence running past Sunday midnight continues on Monday morning.
    return (start < end and stop > begin) or (stop > MINUTES_PER_WEEK and begin == 0 and stop - MINUTES_PER_WEEK > 0)


def _chore(schedule: Schedule, assignment: Assignment, begin: int, end: int) -> dict[str, Any]:
    start = assignment.week_minute
    stop = start + assignment.minutes
    if start >= end or stop <= begin:  # Monday morning's part of an occurrence from Sunday night
        start, stop = start - MINUTES_PER_WEEK, stop - MINUTES_PER_WEEK
    name = schedule.task_name(assignment.task)
    who = " and ".join(schedule.member_name(m) for m in assignment.members)
    return {
        "task": assignment.task,
        "occurrence": assignment.occurrence,
        "day": assignment.day,
        "start": assignment.start,
        "members": " ".join(assignment.members),
        "night": assignment.night,
        "continued": start < begin,
        "label": f"{assignment.start} {name}",
        "title": f"{name}, {assignment.day} {assignment.start}-{assignment.end}: {who}",
        **_span(start, stop, begin, end),
    }


def _span(start: int, stop: int, begin: int, end: int) -> dict[str, float]:
    """Top and height, in percent of the day, of [start, stop) cut to [begin, end)."""
    top, bottom = max(start, begin) - begin, min(stop, end) - begin
    return {"top": _percent(top), "height": _percent(bottom - top)}


def _percent(minutes: int) -> float:
    return round(100 * minutes / MINUTES_PER_DAY, 3)


def _bars(schedule: Schedule) -> list[dict[str, Any]]:
    """Each member's load as a bar of paid work, commute, chores and mental load, on one scale."""
    members = sorted(schedule.members, key=lambda m: (schedule.member_name(m).lower(), m))
    longest = max((_total(schedule, m) for m in members), default=0) or 1
    bars = []
    for member in members:
        summary = schedule.members[member]
        parts = {"paid": summary.paid, "commute": summary.commute, "chores": summary.chores, "mental": summary.mental}
        words = ", ".join(f"{format_duration(minutes)} {kind}" for kind, minutes in parts.items())
        bars.append(
            {
                "member": member,
                "name": schedule.member_name(member),
                "balanced": summary.balanced,
                "total": format_duration(sum(parts.values())),
                "words": f"{schedule.member_name(member)}: {words}",
                "segments": [
                    {
                        "kind": kind,
                        "width": round(100 * minutes / longest, 3),
                        "words": f"{format_duration(minutes)} {kind}",
                    }
                    for kind, minutes in parts.items()
                    if minutes
                ],
            }
        )
    return bars


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 3)


def _total(schedule: Schedule, member: str) -> int:
    summary = schedule.members[member]
    return summary.paid + summary.commute + summary.chores + summary.mental
