"""What bounds the imbalance: which member, and whether paid work, a cap, availability, skills or `who` pins them.

The imbalance is the most loaded member's load minus the least loaded
one's, so one member can fix the headline while the others differ widely.
This names the member at each end who cannot move (they cannot hand work on,
or cannot take more) and why, and measures how far apart everyone else is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from labor_opt.household.units import format_duration, round_minutes
from labor_opt.problem.data import Placement, Problem

CAUSES = {
    "paid work": "paid work and commute",
    "cap": "a cap",
    "availability": "availability (work, sleep or other busy time)",
    "skills": "skills",
    "who": "`who`",
    "never": "`never`",
}


@dataclass(frozen=True)
class Bound:
    """A member who pins one end of the imbalance, and why."""

    member: str  # id
    side: str  # "highest" (cannot hand work on) or "lowest" (cannot take more)
    cause: str  # a key of CAUSES
    text: str  # the reason in words, with the member's name


@dataclass(frozen=True)
class Bounding:
    """The bounds at either end, and how far apart the other balanced members are (share-adjusted minutes)."""

    bounds: tuple[Bound, ...] = ()
    others_spread: int | None = None


def what_bounds(problem: Problem, placements: list[Placement], owners: dict[int, int], loads: list[int]) -> Bounding:
    """The members pinning the imbalance of ``placements`` (``loads``: each member's measured load)."""
    balanced = problem.balanced
    adjusted = {m: loads[m] * problem.members[m].scale for m in balanced}
    if len(balanced) < 2 or max(adjusted.values()) == min(adjusted.values()):
        return Bounding()
    top = max(balanced, key=lambda m: (adjusted[m], problem.members[m].id))
    bottom = min(balanced, key=lambda m: (adjusted[m], problem.members[m].id))
    doing: dict[int, set[int]] = {m: set() for m in range(len(problem.members))}
    for placement in placements:
        for member in placement.members:
            doing[member].add(placement.occurrence)
    bounds = [bound for bound in (_highest(problem, top, doing, owners), _lowest(problem, bottom, doing)) if bound]
    pinned = {bound.member for bound in bounds}
    others = [adjusted[m] for m in balanced if problem.members[m].id not in pinned]
    spread = None
    if len(others) > 1:
        spread = round_minutes(problem.imbalance_in_minutes(max(others) - min(others)))
    return Bounding(tuple(bounds), spread)


def _highest(problem: Problem, member: int, doing: dict[int, set[int]], owners: dict[int, int]) -> Bound | None:
    """The most loaded member, if no occurrence and no mental load of theirs could go to anyone else."""
    facts = problem.members[member]
    tasks = {problem.occurrences[o].task for o in doing[member]} | {t for t, m in owners.items() if m == member}
    movable = any(
        other != member and o not in doing[other]
        for o in doing[member]
        for other in problem.occurrences[o].members_with_time()
    ) or any(len(problem.tasks[t].allowed) > 1 for t, m in owners.items() if m == member)
    if movable:
        return None
    if not tasks:
        fixed = format_duration(facts.fixed_load)
        return Bound(facts.id, "highest", "paid work", f"{facts.name}'s paid work and commute ({fixed}) alone")
    cause = _why_only(problem, member, tasks)
    names = ", ".join(sorted(problem.tasks[t].name for t in tasks))
    return Bound(facts.id, "highest", cause, f"only {facts.name} can do {names} ({CAUSES[cause]})")


def _lowest(problem: Problem, member: int, doing: dict[int, set[int]]) -> Bound | None:
    """The least loaded member, if they can take no occurrence they do not already do."""
    facts = problem.members[member]
    open_to = [
        o
        for o, occurrence in enumerate(problem.occurrences)
        if o not in doing[member] and member in occurrence.members_with_time()
    ]
    if facts.max_chores is not None and open_to:
        chores = sum(problem.tasks[problem.occurrences[o].task].length[member] for o in doing[member])
        smallest = min(problem.tasks[problem.occurrences[o].task].length[member] for o in open_to)
        if chores + smallest > facts.max_chores:
            cap = format_duration(facts.max_chores)
            return Bound(facts.id, "lowest", "cap", f"{facts.name}'s max_chores of {cap}")
    if open_to:
        return None
    others = {problem.occurrences[o].task for o in range(len(problem.occurrences)) if o not in doing[member]}
    if not others:
        return None
    cause = _why_not(problem, member, others)
    return Bound(facts.id, "lowest", cause, f"{facts.name} can take on no more ({CAUSES[cause]})")


def _why_only(problem: Problem, member: int, tasks: set[int]) -> str:
    """Why the others cannot do these tasks: the most common reason among them."""
    others = [m for m in range(len(problem.members)) if m != member]
    return _commonest(problem, others, tasks)


def _why_not(problem: Problem, member: int, tasks: set[int]) -> str:
    return _commonest(problem, [member], tasks)


def _commonest(problem: Problem, members: list[int], tasks: set[int]) -> str:
    """The most common reason; a tie goes to the one listed first in :data:`CAUSES`, whatever the file's order."""
    reasons = Counter(problem.tasks[t].excluded.get(m, "availability") for t in tasks for m in members)
    causes = list(CAUSES)
    return max(reasons, key=lambda cause: (reasons[cause], -causes.index(cause))) if reasons else "availability"
