"""One self-contained HTML page: the week as a grid, load bars, the figures; or a comparison, audit, explanation.

Nothing is fetched from anywhere (no scripts, fonts or images): the styles
are inlined, the patterns are CSS, so the file opens anywhere and prints
on one landscape page, readable in black and white.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from labor_opt.analysis.audits import Audit
from labor_opt.analysis.comparison import Comparison
from labor_opt.analysis.explanation_figures import Explanation
from labor_opt.household.units import format_duration
from labor_opt.kernel.version import __version__
from labor_opt.report.audit_view import audit_rows, caveat, finding_lines, move_lines, source_line
from labor_opt.report.compare_columns import household_rows, member_figures
from labor_opt.report.comparison_view import changes_rows, figures_rows, headline, scenario_lines, unchanged_sentence
from labor_opt.report.explain_view import alternative_rows, not_allowed_lines, share_lines, who_line
from labor_opt.report.terminal import fairness_sentence, member_rows, notes, title_of
from labor_opt.report.week_view import colour_index, shown_members, week_context
from labor_opt.schedule.model import Schedule

HELPER_NOTE = "* not in the balance: helps, but is left out of the fairness measure"

_environment = Environment(
    loader=PackageLoader("labor_opt.report", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _breakable(text: str) -> Markup:
    """``text`` escaped, with a line break allowed after each underscore (where the labels' widths allow one)."""
    return Markup("<wbr>").join(escape(piece) for piece in re.split(r"(?<=_)", text))


_environment.filters["breakable"] = _breakable


def schedule_page(schedule: Schedule) -> str:
    """The week of ``schedule`` as a page: the household's day by days, a lane per member, load bars and figures.

    >>> import labor_opt
    >>> page = schedule_page(labor_opt.solve(labor_opt.load("examples/newborn.yaml")))
    >>> page.startswith("<!doctype html>") and "<script" not in page
    True
    """
    colours = colour_index(schedule)
    header, rows = member_rows(schedule)
    return _render(
        "week.html.j2",
        title=title_of(schedule),
        fairness=fairness_sentence(schedule),
        members=[{"id": m, "name": schedule.member_name(m), "index": colours[m]} for m in shown_members(schedule)],
        bars=_bars(schedule),
        table={"header": header, "rows": rows},
        helpers=HELPER_NOTE if any(not s.balanced for s in schedule.members.values()) else "",
        notes=notes(schedule),
        **week_context(schedule),
    )


def comparison_page(comparison: Comparison) -> str:
    """The base and each scenario side by side: fairness, load bars and every member's figures; then the changes."""
    schedules = [("base", comparison.base), *((s.name, s.schedule) for s in comparison.scenarios)]
    header, rows = figures_rows(comparison)  # a what-if with no schedule has its column of "-" too
    changes_header, changes = changes_rows(comparison)
    helpers = any(not s.balanced for _, schedule in schedules for s in schedule.members.values())
    names = [name for name, _ in schedules] + [failure.name for failure in comparison.failures]
    return _render(
        "report.html.j2",
        title=f"{comparison.household or 'Household'}: {' vs '.join(names)}",
        intro=[],
        columns=[_column(comparison, name, schedule) for name, schedule in schedules]
        + [
            {"name": f.name, "fairness": f"No schedule ({f.kind}).", "bars": [], "table": None, "lines": f.reasons}
            for f in comparison.failures
        ],
        footnote=HELPER_NOTE if helpers else "",
        tables=[
            _table("The household (change from base)", header, household_rows(rows)),
            _table("Occurrences that change member", changes_header, changes, unchanged_sentence(comparison) or ""),
        ],
        lists=[{"title": "What the scenarios do", "entries": scenario_lines(comparison), "empty": "Nothing to add."}],
    )


def _column(comparison: Comparison, name: str, schedule: Schedule) -> dict[str, Any]:
    """One schedule's column: its fairness, load bars, and each member's figures (with changes in a scenario)."""
    header, rows = member_figures(comparison, schedule)
    title = "Per member, hours a week" + ("" if schedule is comparison.base else " (change from base)")
    return {
        "name": name,
        "fairness": headline(comparison, schedule),
        "bars": _bars(schedule),
        "table": _table(title, header, rows),
        "lines": [],
    }


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


def _bars(schedule: Schedule) -> list[dict[str, Any]]:
    """Each member's load as a bar of paid work, commute, chores and mental load, on one scale."""
    members = shown_members(schedule)
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
                "mark": "" if summary.balanced else " *",
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


def _total(schedule: Schedule, member: str) -> int:
    summary = schedule.members[member]
    return summary.paid + summary.commute + summary.chores + summary.mental
