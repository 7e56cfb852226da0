"""The schedule's figures, recomputed from the household alone, and what the file claims of them.

Every figure a schedule reports (each member's minutes, nights and score,
the imbalance and its bound) must be what the household and the
assignments make it; the file's shape (status, flags, order) is checked too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from labor_opt.checker.reading import CheckedWeek, clock
from labor_opt.checker.week import DAYS, block_minutes, commute_minutes, liking


def recompute(week: CheckedWeek) -> dict[str, dict[str, Any]]:
    """Each member's figures, as the schedule file names them."""
    measure = week.household.settings.fairness.measure
    figures = {}
    for member in week.household.members:
        work = block_minutes(member.work)
        mine = week.of(member)
        chores = sum(occurrence.length for occurrence in mine)
        mental = week.mental(member)
        paid, commute = len(work), len(commute_minutes(member, work))
        figures[member.id] = {
            "paid": paid,
            "commute": commute,
            "chores": chores,
            "mental": mental,
            "load": chores + mental + (paid + commute if measure == "total" else 0),
            "disturbed_nights": week.disturbed_nights(member),
            "preference": sum(liking(member, o.task) for o in mine),
            "balanced": member.balance,
        }
    return figures


def imbalance(week: CheckedWeek, figures: dict[str, dict[str, Any]]) -> int:
    """Max minus min of the share-adjusted loads of balanced members, rounded half up."""
    balanced = [member.id for member in week.household.members if member.balance]
    if len(balanced) < 2:
        return 0
    shares = week.household.settings.fairness.shares
    weights = {m: Fraction(1) if shares == "equal" else Fraction(repr(shares[m])) for m in balanced}
    total = sum(weights.values())
    adjusted = [Fraction(figures[m]["load"]) / (weights[m] * len(balanced) / total) for m in balanced]
    return math.floor(max(adjusted) - min(adjusted) + Fraction(1, 2))


def false_figures(schedule: dict[str, Any], figures: dict[str, dict[str, Any]], true_imbalance: int) -> Iterator[str]:
    """Every reported figure that differs from the recomputed one."""
    reported = schedule.get("members", {})
    for member_id, member_figures in figures.items():
        for key, value in member_figures.items():
            claimed = reported.get(member_id, {}).get(key)
            if claimed != value:
                yield f"{member_id}'s {key} is reported as {claimed!r}, but is {value!r}"
    fairness = schedule.get("fairness", {})
    if fairness.get("imbalance") != true_imbalance:
        yield f"the imbalance is reported as {fairness.get('imbalance')!r}, but is {true_imbalance}"
    bound = fairness.get("lower_bound")
    if not isinstance(bound, int) or bound > true_imbalance or bound < 0:
        yield f"the lower bound {bound!r} is not between 0 and the imbalance"


def shape_flaws(week: CheckedWeek, schedule: dict[str, Any]) -> Iterator[str]:
    """What the schedule format says of the file beyond the rules: status, flags, order."""
    if schedule.get("status") not in ("optimal", "feasible"):
        yield f"status {schedule.get('status')!r} is neither optimal nor feasible"
    entries = [entry for entry in schedule.get("assignments", []) if isinstance(entry, dict)]
    for entry in entries:
        task = week.tasks.get(entry.get("task", ""))
        if task is not None and entry.get("night") is not task.night:
            yield f"{task.id} on {entry.get('day')} reports night: {entry.get('night')}"
        if isinstance(entry.get("members"), list) and entry["members"] != sorted(entry["members"]):
            yield f"the members of {entry.get('task')} on {entry.get('day')} are not sorted"
    for occurrence in (placed for entries in week.placed.values() for placed in entries):
        if occurrence.entry.get("minutes") != occurrence.length:
            yield f"{occurrence.where} reports {occurrence.entry.get('minutes')} minutes, lasts {occurrence.length}"
    try:
        order = [(DAYS.index(e["day"]), clock(e["start"]), e["task"]) for e in entries]
    except (KeyError, ValueError, TypeError, AttributeError):
        return  # unreadable entries are reported already
    if order != sorted(order):
        yield "the assignments are not sorted by day, start and task"
