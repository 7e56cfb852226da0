"""Comparing what-ifs: each scenario's schedule against the base, member by member.

Pure functions over schedules: the figures' deltas, the occurrences that
changed hands, and how many moved. :func:`labor_opt.compare` builds a
:class:`Comparison` from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labor_opt.problem.data import Baseline, KeptPlacement
from labor_opt.schedule.model import Assignment, MemberSummary, Schedule, Stability

FIGURES: tuple[str, ...] = (
    "paid_and_commute",
    "chores",
    "routine",
    "mental",
    "load",
    "disturbed_nights",
    "preference",
)


@dataclass(frozen=True)
class MemberDelta:
    """A member's figures in a scenario minus their figures in the base (minutes, nights, score).

    A member the base does not have is compared with zeros (``change`` is
    ``"added"``), and one the scenario removes likewise (``"removed"``).
    """

    paid_and_commute: int
    chores: int
    routine: int
    mental: int
    load: int
    disturbed_nights: int
    preference: int
    change: str = "kept"  # kept | added | removed

    def to_dict(self) -> dict[str, Any]:
        """The delta as in ``compare --format json``."""
        return {**{name: getattr(self, name) for name in FIGURES}, "change": self.change}


@dataclass(frozen=True)
class Reassignment:
    """An occurrence whose members differ between the base and a scenario."""

    task: str
    occurrence: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    when_before: str  # "mon 18:00"
    when_after: str

    def to_dict(self) -> dict[str, Any]:
        """The reassignment as in ``compare --format json``."""
        return {
            "task": self.task,
            "occurrence": self.occurrence,
            "before": list(self.before),
            "after": list(self.after),
            "when_before": self.when_before,
            "when_after": self.when_after,
        }


@dataclass(frozen=True)
class ScenarioComparison:
    """One scenario's schedule and how it differs from the base."""

    name: str
    description: str | None
    schedule: Schedule
    members: dict[str, MemberDelta]
    imbalance_change: int  # the scenario's imbalance minus the base's
    lower_bound_change: int  # likewise for the proven bound
    reassigned: tuple[Reassignment, ...]
    added_tasks: tuple[str, ...]
    removed_tasks: tuple[str, ...]
    moved_times: int
    moved_owners: tuple[tuple[str, str, str], ...]  # (task, owner before, owner after)
    stable: bool

    @property
    def moved(self) -> int:
        """How many occurrences changed member."""
        return len(self.reassigned)

    def to_dict(self) -> dict[str, Any]:
        """The scenario's part of ``compare --format json``."""
        return {
            "description": self.description,
            "schedule": self.schedule.to_dict(),
            "deltas": {
                "members": {member_id: delta.to_dict() for member_id, delta in self.members.items()},
                "imbalance": self.imbalance_change,
                "lower_bound": self.lower_bound_change,
            },
            "stable": self.stable,
            "moved": self.moved,
            "moved_times": self.moved_times,
            "moved_owners": [
                {"task": task, "before": before, "after": after} for task, before, after in self.moved_owners
            ],
            "reassigned": [change.to_dict() for change in self.reassigned],
            "added_tasks": list(self.added_tasks),
            "removed_tasks": list(self.removed_tasks),
        }


@dataclass(frozen=True)
class ScenarioFailure:
    """A scenario with no schedule: ``kind`` is ``infeasible`` or ``timeout``, with the reasons in words."""

    name: str
    description: str | None
    kind: str
    reasons: tuple[str, ...]
    exit_code: int

    def to_dict(self) -> dict[str, Any]:
        """The scenario's part of ``compare --format json``: an ``error`` entry instead of a schedule."""
        return {
            "description": self.description,
            "error": {"kind": self.kind, "exit_code": self.exit_code, "reasons": list(self.reasons)},
        }


@dataclass(frozen=True)
class Comparison:
    """The base schedule and each scenario's, with deltas: the result of :func:`labor_opt.compare`.

    A scenario with no schedule is in ``failures`` (with its reasons), so
    that one impossible what-if does not hide the others.
    """

    household: str | None
    base: Schedule
    base_source: str  # "solved", or the baseline file it was read from
    scenarios: tuple[ScenarioComparison, ...]
    failures: tuple[ScenarioFailure, ...] = ()

    def scenario(self, name: str) -> ScenarioComparison:
        """The comparison of scenario ``name``."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The comparison as ``compare --format json`` prints it."""
        return {
            "version": 1,
            "household": self.household,
            "base": self.base.to_dict(),
            "base_source": self.base_source,
            "scenarios": {
                **{scenario.name: scenario.to_dict() for scenario in self.scenarios},
                **{failure.name: failure.to_dict() for failure in self.failures},
            },
        }


def compare_schedules(
    name: str, description: str | None, base: Schedule, schedule: Schedule, *, stable: bool
) -> ScenarioComparison:
    """How ``schedule`` (a scenario's) differs from ``base``."""
    members = {
        member_id: _delta(base.members.get(member_id), schedule.members.get(member_id))
        for member_id in sorted(set(base.members) | set(schedule.members))
    }
    before = {(a.task, a.occurrence): a for a in base.assignments}
    after = {(a.task, a.occurrence): a for a in schedule.assignments}
    reassigned = tuple(
        Reassignment(key[0], key[1], before[key].members, after[key].members, _when(before[key]), _when(after[key]))
        for key in sorted(before.keys() & after.keys())
        if before[key].members != after[key].members
    )
    moved_times = sum(1 for key in before.keys() & after.keys() if _when(before[key]) != _when(after[key]))
    base_tasks = {a.task for a in base.assignments}
    scenario_tasks = {a.task for a in schedule.assignments}
    return ScenarioComparison(
        name=name,
        description=description,
        schedule=schedule,
        members=members,
        imbalance_change=schedule.fairness.imbalance - base.fairness.imbalance,
        lower_bound_change=schedule.fairness.lower_bound - base.fairness.lower_bound,
        reassigned=reassigned,
        added_tasks=tuple(sorted(scenario_tasks - base_tasks)),
        removed_tasks=tuple(sorted(base_tasks - scenario_tasks)),
        moved_times=moved_times,
        moved_owners=tuple(
            (task, owner, schedule.owners[task])
            for task, owner in sorted(base.owners.items())
            if task in schedule.owners and schedule.owners[task] != owner
        ),
        stable=stable,
    )


def stability_of(baseline: Schedule, schedule: Schedule) -> Stability:
    """How much ``schedule`` moved against the ``baseline`` it was re-planned to keep."""
    changes = compare_schedules("", None, baseline, schedule, stable=True)
    return Stability(changes.moved, changes.moved_times, len(changes.moved_owners))


def baseline_of(schedule: Schedule) -> Baseline:
    """Where each occurrence is in ``schedule``, for stable re-planning."""
    return Baseline(
        placements={
            (a.task, a.occurrence): KeptPlacement(members=a.members, start=a.week_minute) for a in schedule.assignments
        },
        owners=dict(schedule.owners),
    )


def _delta(base: MemberSummary | None, scenario: MemberSummary | None) -> MemberDelta:
    def figures(summary: MemberSummary | None) -> dict[str, int]:
        if summary is None:
            return dict.fromkeys(FIGURES, 0)
        return {
            "paid_and_commute": summary.paid + summary.commute,
            "chores": summary.chores,
            "routine": summary.routine,
            "mental": summary.mental,
            "load": summary.load,
            "disturbed_nights": summary.disturbed_nights,
            "preference": summary.preference,
        }

    old, new = figures(base), figures(scenario)
    change = "added" if base is None else "removed" if scenario is None else "kept"
    return MemberDelta(**{name: new[name] - old[name] for name in FIGURES}, change=change)


def _when(assignment: Assignment) -> str:
    return f"{assignment.day} {assignment.start}"
