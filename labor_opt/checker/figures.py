"""The schedule's figures, recomputed from the household alone, and what the file claims of them.

Every figure a schedule reports (each member's minutes, nights and score,
the imbalance and its bound) must be what the household and the
assignments make it; the file's shape (status, flags, order) is checked too.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator
from fractions import Fraction
from typing import Any

from labor_opt.checker.reading import CheckedWeek, clock, short
from labor_opt.checker.report import BOUND, GOALS, LEAST, Claim, Stale, Violation
from labor_opt.checker.rules import window_day
from labor_opt.checker.week import DAY, DAYS, block_minutes, commute_minutes, liking
from labor_opt.household.models import Household, Task

# Whose figure a stale one is, when it is not a member's or an assignment's.
FAIRNESS = "fairness"
FILE = "file"
ASSIGNMENTS = "assignments"
SORTED = "sorted by day, start and task"


def written(value: Any) -> str:
    """A value from the file as it is written there (``true``, ``"lee"``, ``12``), never as Python shows it."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def as_reported(subject: str, value: Any) -> str:
    """``SUBJECT is missing`` or ``SUBJECT is reported as VALUE``."""
    return f"{subject} is missing" if value is None else f"{subject} is reported as {written(value)}"


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


def false_figures(
    schedule: dict[str, Any], figures: dict[str, dict[str, Any]], true_imbalance: int
) -> Iterator[Violation]:
    """Every reported figure that differs from the recomputed one, and a lower bound no schedule can have."""
    reported = _mapping(schedule.get("members"))
    for member_id, member_figures in figures.items():
        claimed_figures = _mapping(reported.get(member_id))
        for key, value in member_figures.items():
            if key in ADDED_FIGURES and key not in claimed_figures:
                continue
            claimed = claimed_figures.get(key)
            if claimed != value or type(claimed) is not type(value):
                message = as_reported(f"{member_id}'s {key}", claimed) + f", but is {written(value)}"
                yield stale(member_id, key, claimed, value, message)
    for member_id in reported:
        if member_id not in figures:
            message = f"figures are reported for {member_id!r}, who is not a member"
            yield stale(str(member_id), "figures", "given", "none (not a member)", message)
    fairness = _mapping(schedule.get("fairness"))
    claimed = fairness.get("imbalance")
    if claimed != true_imbalance or isinstance(claimed, bool):
        message = f"{as_reported('the imbalance', claimed)}, but is {true_imbalance}"
        yield stale(FAIRNESS, "imbalance", claimed, true_imbalance, message)
    bound = fairness.get("lower_bound")
    message = f"the lower bound {written(bound)} is not between 0 and the imbalance"
    if not isinstance(bound, int) or isinstance(bound, bool):  # none given: only solving can tell what it is
        said = "the file gives no lower bound" if bound is None else message
        yield stale(FAIRNESS, "lower_bound", bound, None, said)
    elif bound > true_imbalance or bound < 0:  # a claim this very schedule (or any) refutes
        yield Violation(None, message)


def false_spread(
    week: CheckedWeek, schedule: dict[str, Any], figures: dict[str, dict[str, Any]]
) -> Iterator[Violation]:
    """``others_spread``, when given: how far apart the members not named in ``bounded_by`` are."""
    fairness = _mapping(schedule.get("fairness"))
    claimed = fairness.get("others_spread")
    if claimed is None:
        return
    bounds = fairness.get("bounded_by")
    named = [bound.get("member") for bound in bounds if isinstance(bound, dict)] if isinstance(bounds, list) else []
    members = {member for member in named if isinstance(member, str) and member in figures}
    if len(members) != len(set(map(str, named))):
        yield Violation(None, f"bounded_by names {short(named)}, not all of them members")
        return
    true_spread = imbalance(week, figures, leaving_out=members)
    if claimed != true_spread or isinstance(claimed, bool):
        message = as_reported("the others' spread", claimed) + f", but is {true_spread}"
        yield stale(FAIRNESS, "others_spread", claimed, true_spread, message)


def false_claims(week: CheckedWeek, schedule: dict[str, Any], true_imbalance: int) -> Iterator[Violation]:
    """What the file says of itself: its version, household, scenario and settings, and an optimal status.

    What it leaves out, or what the household's settings or a hand edit
    have put out of date, is a stale figure; what cannot be true of the
    household (another version, another household's name, an optimal
    status its solver denies) is a problem.
    """
    household = week.household
    version, name = schedule.get("version"), schedule.get("household")
    if version is None:
        yield stale(FILE, "version", None, 1, "the file gives no version; the schedule format has only version 1")
    elif version != 1 or isinstance(version, bool):
        yield Violation(None, f"the file says version {version!r}; the schedule format has only version 1")
    if name is None and household.name is not None:
        yield stale(
            FILE, "household", None, household.name, f"the file names no household; it is {written(household.name)}"
        )
    elif name != household.name:
        yield Violation(None, f"the schedule is of household {name!r}, not {household.name!r}")
    if not isinstance(schedule.get("scenario"), (str, type(None))):
        yield Violation(None, f"scenario {schedule.get('scenario')!r} is not the name of a scenario")
    yield from _stale_settings(household, _mapping(schedule.get("fairness")))
    yield from _false_optimal(household, schedule, true_imbalance)


def _stale_settings(household: Household, fairness: dict[str, Any]) -> Iterator[Violation]:
    """The measure, objective and tolerance the file reports, as the household's settings say now."""
    settings = household.settings.fairness
    if fairness.get("measure") != settings.measure:
        message = (
            f"{as_reported('the measure', fairness.get('measure'))}, but the household measures {settings.measure}"
        )
        yield stale(FAIRNESS, "measure", fairness.get("measure"), settings.measure, message)
    if fairness.get("objective", settings.objective) != settings.objective:
        message = (
            f"{as_reported('the objective', fairness.get('objective'))}, but the household's is {settings.objective}"
        )
        yield stale(FAIRNESS, "objective", fairness.get("objective"), settings.objective, message)
    if fairness.get("tolerance") != settings.tolerance:
        message = (
            f"{as_reported('the tolerance', fairness.get('tolerance'))}, but the household's is {settings.tolerance}"
        )
        yield stale(FAIRNESS, "tolerance", fairness.get("tolerance"), settings.tolerance, message)


def _false_optimal(household: Household, schedule: dict[str, Any], true_imbalance: int) -> Iterator[Violation]:
    """An ``optimal`` status its own figures or solver deny.

    An imbalance more than the tolerance above the bound is what a hand
    edit of an optimal schedule leaves: the status is out of date (it is
    ``feasible`` now). A solver's status other than OPTIMAL is never one.
    """
    if schedule.get("status") != "optimal":
        return
    if stale_optimal(household, schedule, true_imbalance):
        tolerance, bound = household.settings.fairness.tolerance, _mapping(schedule.get("fairness"))["lower_bound"]
        message = (
            f"the schedule claims to be optimal, but its imbalance {true_imbalance} is more than the tolerance "
            f"({tolerance}) above its own lower bound {bound}"
        )
        yield stale(FILE, "status", "optimal", "feasible", message)
    solver = _mapping(schedule.get("solver")).get("status")
    if isinstance(solver, str) and solver != "OPTIMAL":
        # The solver's own word is the last stage's status: a search cut short cannot have proven anything optimal.
        yield Violation(
            None, f"the schedule claims to be optimal, but its solver's status is {short(solver)}, not OPTIMAL"
        )


def stale_optimal(household: Household, schedule: dict[str, Any], true_imbalance: int) -> bool:
    """True when the file says ``optimal`` but its imbalance is more than the tolerance above its own bound."""
    bound = _mapping(schedule.get("fairness")).get("lower_bound")
    tolerance = household.settings.fairness.tolerance
    return (
        schedule.get("status") == "optimal"
        and isinstance(bound, int)
        and not isinstance(bound, bool)
        and true_imbalance > bound + tolerance
    )


def unproven_claims(household: Household, schedule: dict[str, Any], true_imbalance: int) -> list[Claim]:
    """What the file claims of the least possible imbalance that its assignments cannot show.

    Any valid schedule shows that the least imbalance is at most its own,
    and every imbalance is at least 0; anything more (a lower bound above 0,
    an ``optimal`` status) only solving the household can test. A claim
    false on its face (a bound outside 0 to the imbalance) is a false figure
    instead, reported by :func:`false_figures`; an ``optimal`` status a hand
    edit put out of date claims only the bound.
    """
    bound = _mapping(schedule.get("fairness")).get("lower_bound")
    if not isinstance(bound, int) or isinstance(bound, bool) or not 0 <= bound <= true_imbalance:
        return []
    if stale_optimal(household, schedule, true_imbalance):
        return [Claim(BOUND, bound)] if bound > 0 else []
    if schedule.get("status") == "optimal":
        least = [] if bound == true_imbalance == 0 else [Claim(LEAST, bound)]
        return [*least, Claim(GOALS)]
    return [Claim(BOUND, bound)] if bound > 0 and schedule.get("status") == "feasible" else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def shape_flaws(week: CheckedWeek, schedule: dict[str, Any]) -> Iterator[Violation]:
    """What the schedule format says of the file beyond the rules: status, flags, order.

    A status that is no status is a problem; a missing status, and every
    flag, length and order the assignments give otherwise than the format
    (a hand edit's leftovers), is a stale figure.
    """
    status = schedule.get("status")
    if status is None:
        yield stale(FILE, "status", None, "feasible", "the file gives no status (optimal or feasible)")
    elif status not in ("optimal", "feasible"):
        yield Violation(None, f"status {short(status)} is neither optimal nor feasible")
    listed = schedule.get("assignments")
    entries = [entry for entry in (listed if isinstance(listed, list) else []) if isinstance(entry, dict)]
    for entry in entries:
        task = week.tasks.get(entry["task"]) if isinstance(entry.get("task"), str) else None
        where = f"{entry.get('task')} on {entry.get('day')} at {entry.get('start')}"
        if task is not None and entry.get("night") is not task.night:
            message = f"{task.id} on {entry.get('day')} reports night: {written(entry.get('night'))}"
            if entry.get("night") is None:
                message = f"{task.id} on {entry.get('day')} does not say whether it is at night"
            yield stale(where, "night", entry.get("night"), task.night, message)
        who = entry.get("members")
        if isinstance(who, list) and all(isinstance(m, str) for m in who) and who != sorted(who):
            message = f"the members of {entry.get('task')} on {entry.get('day')} are not sorted"
            yield stale(where, "members", who, sorted(who), message)
    yield from _stale_lengths(week)
    try:
        order = [(DAYS.index(e["day"]), clock(e["start"]), e["task"]) for e in entries]
    except (KeyError, ValueError, TypeError, AttributeError):
        return  # unreadable entries are reported already
    if order != sorted(order):
        yield stale(ASSIGNMENTS, "order", "unsorted", SORTED, "the assignments are not sorted by day, start and task")


def _stale_lengths(week: CheckedWeek) -> Iterator[Violation]:
    """Each assignment's ``minutes`` and ``belongs_to``, as its times and its window make them."""
    for occurrence in (placed for entries in week.placed.values() for placed in entries):
        where = f"{occurrence.task.id} on {occurrence.entry['day']} at {occurrence.entry['start']}"
        reported = occurrence.entry.get("minutes")
        if reported != occurrence.length:
            said_minutes = "no minutes" if reported is None else f"{written(reported)} minutes"
            message = f"{occurrence.where} reports {said_minutes}, lasts {occurrence.length}"
            yield stale(where, "minutes", reported, occurrence.length, message)
        home = window_day(occurrence.task, occurrence.start, occurrence.length)
        said = occurrence.entry.get("belongs_to")
        if said is not None and home is not None and said != DAYS[home]:
            message = f"{occurrence.where} is said to belong to {said}, but its window opens on {DAYS[home]}"
            yield stale(where, "belongs_to", said, DAYS[home], message)


def stale(subject: str, key: str, reported: Any, right: Any, message: str) -> Violation:
    """A figure out of date or missing, with the sentence ``check --strict`` gives it."""
    return Violation(None, message, Stale(subject, key, reported, right))
