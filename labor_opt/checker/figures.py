"""The schedule's figures, recomputed from the household alone, and what the file claims of them.

Every figure a schedule reports (each member's minutes, nights and score,
the imbalance and its bound) must be what the household and the
assignments make it; the file's shape (status, flags, order) is checked too.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from fractions import Fraction
from typing import Any

from labor_opt.checker.reading import CheckedWeek, clock, short
from labor_opt.checker.report import BOUND, GOALS, LEAST, Claim
from labor_opt.checker.rules import window_day
from labor_opt.checker.week import DAY, DAYS, block_minutes, commute_minutes, liking
from labor_opt.household.models import Task


def recompute(week: CheckedWeek) -> dict[str, dict[str, Any]]:
    """Each member's figures, as the schedule file names them."""
    measure = week.household.settings.fairness.measure
    figures = {}
    for member in week.household.members:
        work = block_minutes(member.work)
        mine = week.of(member)
        chores = sum(occurrence.length for occurrence in mine)
        mental = week.mental(member)
        paid, commute = len(work), len(commute_minutes(member))
        routine = sum(o.length for o in mine if o.task.repeat.count >= 5 or _tight(o.task, o.length))
        figures[member.id] = {
            "paid": paid,
            "commute": commute,
            "chores": chores,
            "mental": mental,
            "load": chores + mental + (paid + commute if measure == "total" else 0),
            "disturbed_nights": week.disturbed_nights(member),
            "preference": sum(liking(member, o.task) for o in mine),
            "balanced": member.balance,
            "routine": routine,
            "flexible": chores - routine,
        }
    return figures


def _tight(task: Task, length: int) -> bool:
    """A window at most twice as long as the work: routine, however rarely it comes."""
    window = task.effective_window
    return window is not None and (window.end - window.start) % DAY <= 2 * length


def imbalance(week: CheckedWeek, figures: dict[str, dict[str, Any]], leaving_out: Collection[str] = ()) -> int:
    """Max minus min of the share-adjusted loads of balanced members (but ``leaving_out``), rounded half up."""
    balanced = [member.id for member in week.household.members if member.balance]
    shares = week.household.settings.fairness.shares
    weights = {m: Fraction(1) if shares == "equal" else Fraction(repr(shares[m])) for m in balanced}
    total = sum(weights.values())
    adjusted = [
        Fraction(figures[m]["load"]) / (weights[m] * len(balanced) / total) for m in balanced if m not in leaving_out
    ]
    if len(adjusted) < 2:
        return 0
    return math.floor(max(adjusted) - min(adjusted) + Fraction(1, 2))


# Figures labor-opt adds to the format: checked when a file has them, since older files do not.
ADDED_FIGURES = ("routine", "flexible")


def false_figures(schedule: dict[str, Any], figures: dict[str, dict[str, Any]], true_imbalance: int) -> Iterator[str]:
    """Every reported figure that differs from the recomputed one."""
    reported = _mapping(schedule.get("members"))
    for member_id, member_figures in figures.items():
        claimed_figures = _mapping(reported.get(member_id))
        for key, value in member_figures.items():
            if key in ADDED_FIGURES and key not in claimed_figures:
                continue
            claimed = claimed_figures.get(key)
            if claimed != value or type(claimed) is not type(value):
                yield f"{member_id}'s {key} is reported as {claimed!r}, but is {value!r}"
    for member_id in reported:
        if member_id not in figures:
            yield f"figures are reported for {member_id!r}, who is not a member"
    fairness = _mapping(schedule.get("fairness"))
    if fairness.get("imbalance") != true_imbalance or isinstance(fairness.get("imbalance"), bool):
        yield f"the imbalance is reported as {fairness.get('imbalance')!r}, but is {true_imbalance}"
    bound = fairness.get("lower_bound")
    if not isinstance(bound, int) or isinstance(bound, bool) or bound > true_imbalance or bound < 0:
        yield f"the lower bound {bound!r} is not between 0 and the imbalance"


def false_spread(week: CheckedWeek, schedule: dict[str, Any], figures: dict[str, dict[str, Any]]) -> Iterator[str]:
    """``others_spread``, when given: how far apart the members not named in ``bounded_by`` are."""
    fairness = _mapping(schedule.get("fairness"))
    claimed = fairness.get("others_spread")
    if claimed is None:
        return
    bounds = fairness.get("bounded_by")
    named = [bound.get("member") for bound in bounds if isinstance(bound, dict)] if isinstance(bounds, list) else []
    members = {member for member in named if isinstance(member, str) and member in figures}
    if len(members) != len(set(map(str, named))):
        yield f"bounded_by names {named!r}, not all of them members"
        return
    true_spread = imbalance(week, figures, leaving_out=members)
    if claimed != true_spread or isinstance(claimed, bool):
        yield f"the others' spread is reported as {claimed!r}, but is {true_spread}"


def false_claims(week: CheckedWeek, schedule: dict[str, Any], true_imbalance: int) -> Iterator[str]:
    """What the file claims of itself: its version, household, measure and tolerance, and an optimal status."""
    household = week.household
    fairness = _mapping(schedule.get("fairness"))
    settings = household.settings.fairness
    if schedule.get("version") != 1 or isinstance(schedule.get("version"), bool):
        yield f"the file says version {schedule.get('version')!r}; the schedule format has only version 1"
    if schedule.get("household") != household.name:
        yield f"the schedule is of household {schedule.get('household')!r}, not {household.name!r}"
    if not isinstance(schedule.get("scenario"), (str, type(None))):
        yield f"scenario {schedule.get('scenario')!r} is not the name of a scenario"
    if fairness.get("measure") != settings.measure:
        yield f"the measure is reported as {fairness.get('measure')!r}, but the household measures {settings.measure}"
    if fairness.get("objective", settings.objective) != settings.objective:
        yield f"the objective is reported as {fairness.get('objective')!r}, but the household's is {settings.objective}"
    if fairness.get("tolerance") != settings.tolerance:
        yield f"the tolerance is reported as {fairness.get('tolerance')!r}, but the household's is {settings.tolerance}"
    bound = fairness.get("lower_bound")
    if schedule.get("status") == "optimal" and isinstance(bound, int) and true_imbalance > bound + settings.tolerance:
        yield (
            f"the schedule claims to be optimal, but its imbalance {true_imbalance} is more than the tolerance "
            f"({settings.tolerance}) above its own lower bound {bound}"
        )
    solver = _mapping(schedule.get("solver")).get("status")
    if schedule.get("status") == "optimal" and isinstance(solver, str) and solver != "OPTIMAL":
        # The solver's own word is the last stage's status: a search cut short cannot have proven anything optimal.
        yield f"the schedule claims to be optimal, but its solver's status is {short(solver)}, not OPTIMAL"


def unproven_claims(schedule: dict[str, Any], true_imbalance: int) -> list[Claim]:
    """What the file claims of the least possible imbalance that its assignments cannot show.

    Any valid schedule shows that the least imbalance is at most its own,
    and every imbalance is at least 0; anything more (a lower bound above 0,
    an ``optimal`` status) only solving the household can test. A claim
    false on its face (a bound outside 0 to the imbalance) is a false figure
    instead, reported by :func:`false_figures`.
    """
    bound = _mapping(schedule.get("fairness")).get("lower_bound")
    if not isinstance(bound, int) or isinstance(bound, bool) or not 0 <= bound <= true_imbalance:
        return []
    if schedule.get("status") == "optimal":
        least = [] if bound == true_imbalance == 0 else [Claim(LEAST, bound)]
        return [*least, Claim(GOALS)]
    return [Claim(BOUND, bound)] if bound > 0 and schedule.get("status") == "feasible" else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def shape_flaws(week: CheckedWeek, schedule: dict[str, Any]) -> Iterator[str]:
    """What the schedule format says of the file beyond the rules: status, flags, order."""
    if schedule.get("status") not in ("optimal", "feasible"):
        yield f"status {schedule.get('status')!r} is neither optimal nor feasible"
    listed = schedule.get("assignments")
    entries = [entry for entry in (listed if isinstance(listed, list) else []) if isinstance(entry, dict)]
    for entry in entries:
        task = week.tasks.get(entry["task"]) if isinstance(entry.get("task"), str) else None
        if task is not None and entry.get("night") is not task.night:
            yield f"{task.id} on {entry.get('day')} reports night: {entry.get('night')}"
        who = entry.get("members")
        if isinstance(who, list) and all(isinstance(m, str) for m in who) and who != sorted(who):
            yield f"the members of {entry.get('task')} on {entry.get('day')} are not sorted"
    for occurrence in (placed for entries in week.placed.values() for placed in entries):
        if occurrence.entry.get("minutes") != occurrence.length:
            yield f"{occurrence.where} reports {occurrence.entry.get('minutes')} minutes, lasts {occurrence.length}"
        home = window_day(occurrence.task, occurrence.start, occurrence.length)
        said = occurrence.entry.get("belongs_to")
        if said is not None and home is not None and said != DAYS[home]:
            yield f"{occurrence.where} is said to belong to {said}, but its window opens on {DAYS[home]}"
    try:
        order = [(DAYS.index(e["day"]), clock(e["start"]), e["task"]) for e in entries]
    except (KeyError, ValueError, TypeError, AttributeError):
        return  # unreadable entries are reported already
    if order != sorted(order):
        yield "the assignments are not sorted by day, start and task"
