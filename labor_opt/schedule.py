"""The schedule: who does what when, its figures, fairness and solver facts.

:func:`build_schedule` turns a placement (start and members per occurrence,
an owner per task) into a :class:`Schedule` and computes every figure from
the problem, never from solver variables. ``Schedule.to_dict`` is exactly
the JSON shape of ``schedule-format.md``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from labor_opt.household.units import (
    DAY_NAMES,
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    format_clock,
)
from labor_opt.problem.data import Problem
from labor_opt.problem.week import overlapping_periods


class Status(StrEnum):
    """How good a schedule is proven to be.

    In the schedule file an interrupted schedule is ``feasible`` (the
    format knows two statuses) with the solver status ``INTERRUPTED``.
    """

    OPTIMAL = "optimal"  # the imbalance is proven least, and the goals inside the band proven best
    FEASIBLE = "feasible"  # valid; the time limit struck before it was proven best
    INTERRUPTED = "interrupted"  # valid; Ctrl-C stopped the search first

    @property
    def in_file(self) -> str:
        """The status as the schedule file writes it."""
        return "optimal" if self is Status.OPTIMAL else "feasible"


@dataclass(frozen=True)
class Assignment:
    """One placed occurrence of a task."""

    task: str
    occurrence: int
    day: str
    start: str
    end: str
    members: tuple[str, ...]
    minutes: int
    night: bool
    # The day it belongs to: the day its window opens (it may start after midnight, on the next day).
    belongs_to: str = ""

    @property
    def home_day(self) -> str:
        """The day the occurrence belongs to (where a week view lists it)."""
        return self.belongs_to or self.day

    @property
    def after_midnight(self) -> bool:
        """True when it starts after midnight, on the day after the one it belongs to."""
        return self.home_day != self.day

    @property
    def week_minute(self) -> int:
        """Minutes from Monday 00:00 to the start."""
        hours, minutes = self.start.split(":")
        return DAY_NAMES.index(self.day) * MINUTES_PER_DAY + int(hours) * 60 + int(minutes)

    def to_dict(self) -> dict[str, Any]:
        """The assignment as in the schedule file (with ``belongs_to`` added)."""
        return {**asdict(self), "members": list(self.members), "belongs_to": self.home_day}


@dataclass(frozen=True)
class MemberSummary:
    """One member's weekly figures, in minutes."""

    paid: int
    commute: int
    chores: int
    mental: int
    load: int
    disturbed_nights: int
    preference: int
    balanced: bool

    def to_dict(self) -> dict[str, Any]:
        """The member's figures as in the schedule file."""
        return asdict(self)


@dataclass(frozen=True)
class FairnessSummary:
    """How even the load is, and how close to the best that is proven to be."""

    measure: str
    imbalance: int
    lower_bound: int
    tolerance: int
    # When the imbalance is above the least possible: the goal the tolerance went to, if known.
    tolerance_used_by: str | None = None


@dataclass(frozen=True)
class StageReport:
    """One solving stage: which goal, its outcome and time."""

    stage: int  # goals solved together share a stage
    goal: str
    status: str
    value: int
    seconds: float  # this stage's solver time
    finished_at: float  # seconds since the solve began


@dataclass(frozen=True)
class SolverFacts:
    """How the solve went."""

    seconds: float
    status: str
    first_solution_seconds: float | None = None
    stages: tuple[StageReport, ...] = ()


@dataclass(frozen=True)
class Stability:
    """How a stable re-plan differs from the schedule it kept to."""

    moved_members: int  # occurrences whose members changed
    moved_times: int  # occurrences whose day or start changed
    moved_owners: int  # tasks whose mental load changed owner


@dataclass(frozen=True)
class Schedule:
    """A weekly schedule and its figures: the result of :func:`labor_opt.solve`.

    >>> import labor_opt
    >>> schedule = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml"))
    >>> schedule.status
    <Status.OPTIMAL: 'optimal'>
    >>> sorted(schedule.to_dict())[:3]
    ['assignments', 'fairness', 'household']
    """

    household: str | None
    scenario: str | None
    status: Status
    assignments: tuple[Assignment, ...]
    owners: dict[str, str]
    members: dict[str, MemberSummary]
    fairness: FairnessSummary
    solver: SolverFacts
    stability: Stability | None = None  # set by a stable re-plan
    member_names: dict[str, str] = field(default_factory=dict)  # id -> the name the household gave
    task_names: dict[str, str] = field(default_factory=dict)

    def member_name(self, member_id: str) -> str:
        """The member's display name (the id when the file gives none)."""
        return self.member_names.get(member_id, member_id)

    def task_name(self, task_id: str) -> str:
        """The task's display name (the id when the file gives none)."""
        return self.task_names.get(task_id, task_id)

    @property
    def concerns(self) -> tuple[str, ...]:
        """What a household should look at twice: anyone woken every night of the week."""
        return tuple(
            f"{self.member_name(member_id)} is woken every night of the week"
            for member_id, summary in self.members.items()
            if summary.disturbed_nights >= 7
        )

    @property
    def imbalance(self) -> int:
        """The imbalance of the measured load, in minutes."""
        return self.fairness.imbalance

    @property
    def most_disturbed_nights(self) -> int:
        """The largest number of disturbed nights of any member."""
        return max((summary.disturbed_nights for summary in self.members.values()), default=0)

    @property
    def total_preference(self) -> int:
        """The household's preference score."""
        return sum(summary.preference for summary in self.members.values())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schedule:
        """A schedule from its JSON shape (as ``to_dict`` gives it, or read from a file).

        Raises ``KeyError``, ``TypeError`` or ``ValueError`` when a key the
        spec requires is missing or malformed.
        """
        assignments = tuple(
            Assignment(
                task=str(a["task"]),
                occurrence=int(a["occurrence"]),
                day=str(a["day"]),
                start=str(a["start"]),
                end=str(a["end"]),
                members=tuple(str(m) for m in a["members"]),
                minutes=int(a["minutes"]),
                night=bool(a["night"]),
                belongs_to=str(a.get("belongs_to") or a["day"]),
            )
            for a in data["assignments"]
        )
        members = {str(member_id): MemberSummary(**figures) for member_id, figures in data["members"].items()}
        fairness = data["fairness"]
        solver = data.get("solver") or {}
        if data.get("status") == "optimal":
            status = Status.OPTIMAL
        else:
            status = Status.INTERRUPTED if solver.get("status") == "INTERRUPTED" else Status.FEASIBLE
        return cls(
            household=data.get("household"),
            scenario=data.get("scenario"),
            status=status,
            assignments=assignments,
            owners={str(task): str(member) for task, member in data.get("owners", {}).items()},
            members=members,
            fairness=FairnessSummary(
                str(fairness["measure"]),
                int(fairness["imbalance"]),
                int(fairness["lower_bound"]),
                int(fairness["tolerance"]),
            ),
            solver=SolverFacts(seconds=float(solver.get("seconds", 0.0)), status=str(solver.get("status", "UNKNOWN"))),
            member_names={str(k): str(v) for k, v in (data.get("names") or {}).get("members", {}).items()},
            task_names={str(k): str(v) for k, v in (data.get("names") or {}).get("tasks", {}).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        """The schedule as the JSON object of the schedule format."""
        solver = self.solver
        data: dict[str, Any] = {
            "version": 1,
            "household": self.household,
            "scenario": self.scenario,
            "status": self.status.in_file,
            "assignments": [assignment.to_dict() for assignment in self.assignments],
            "owners": dict(self.owners),
            "members": {member_id: summary.to_dict() for member_id, summary in self.members.items()},
            "fairness": asdict(self.fairness),
            "solver": {
                "seconds": round(solver.seconds, 3),
                "status": solver.status,
                "first_solution_seconds": _rounded(solver.first_solution_seconds),
                "stages": [
                    {**asdict(stage), "seconds": round(stage.seconds, 3), "finished_at": round(stage.finished_at, 3)}
                    for stage in solver.stages
                ],
            },
        }
        if self.stability is not None:
            data["stability"] = asdict(self.stability)
        if self.member_names or self.task_names:
            data["names"] = {"members": dict(self.member_names), "tasks": dict(self.task_names)}
        return data


def _rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


@dataclass(frozen=True)
class Placement:
    """Where one occurrence went: its start (week minute) and its members (indexes)."""

    occurrence: int
    start: int
    members: tuple[int, ...]


def build_schedule(
    problem: Problem,
    placements: list[Placement],
    owners: dict[int, int],
    *,
    status: Status,
    lower_bound: int,
    solver: SolverFacts,
    tolerance_used_by: str | None = None,
) -> Schedule:
    """Assemble a :class:`Schedule`, computing every figure from the problem.

    ``lower_bound`` is the proven bound on the imbalance in minutes; it is
    never reported above the schedule's own imbalance. ``tolerance_used_by``
    names the goal that the imbalance above that bound went to.
    """
    summaries = _member_summaries(problem, placements, owners)
    imbalance = _imbalance(problem, summaries)
    assignments = sorted(
        (_assignment(problem, placement) for placement in placements),
        key=lambda a: (DAY_NAMES.index(a.day), a.start, a.task, a.occurrence),
    )
    return Schedule(
        household=problem.household,
        scenario=problem.scenario,
        status=status,
        assignments=tuple(assignments),
        owners={problem.tasks[t].id: problem.members[m].id for t, m in sorted(owners.items())},
        members={member.id: summaries[member.id] for member in sorted(problem.members, key=lambda m: m.id)},
        fairness=FairnessSummary(
            problem.measure,
            imbalance,
            min(lower_bound, imbalance),
            problem.tolerance,
            tolerance_used_by if imbalance > lower_bound else None,
        ),
        solver=solver,
        member_names={member.id: member.name for member in problem.members if member.name != member.id},
        task_names={task.id: task.name for task in problem.tasks if task.name != task.id},
    )


def imbalance_of(problem: Problem, placements: list[Placement], owners: dict[int, int]) -> int:
    """The imbalance of a placement, in minutes, without assembling the schedule."""
    return _imbalance(problem, _member_summaries(problem, placements, owners))


def _assignment(problem: Problem, placement: Placement) -> Assignment:
    occurrence = problem.occurrences[placement.occurrence]
    task = problem.tasks[occurrence.task]
    # Equal for joint tasks: they take their plain duration. Nobody: only when a rule was left out (diagnosis).
    length = max((task.length[m] for m in placement.members), default=min(task.length.values(), default=0))
    end_of_day = (placement.start + length) % MINUTES_PER_WEEK % MINUTES_PER_DAY
    home = next(
        (day for day in occurrence.days for m in placement.members if placement.start in occurrence.starts[m][day]),
        placement.start // MINUTES_PER_DAY,  # only when a rule was left out (diagnosis)
    )
    return Assignment(
        task=task.id,
        occurrence=occurrence.number,
        day=DAY_NAMES[placement.start // MINUTES_PER_DAY],
        start=format_clock(placement.start % MINUTES_PER_DAY),
        end="24:00" if end_of_day == 0 else format_clock(end_of_day),
        members=tuple(sorted(problem.members[m].id for m in placement.members)),
        minutes=length,
        night=task.night,
        belongs_to=DAY_NAMES[home],
    )


def _member_summaries(
    problem: Problem, placements: list[Placement], owners: dict[int, int]
) -> dict[str, MemberSummary]:
    chores = [0] * len(problem.members)
    preference = [0] * len(problem.members)
    mental = [0] * len(problem.members)
    disturbed: list[set[int]] = [set() for _ in problem.members]
    for placement in placements:
        task = problem.tasks[problem.occurrences[placement.occurrence].task]
        for doer in placement.members:
            chores[doer] += task.length[doer]
            preference[doer] += task.preference[doer]
            if task.night:
                periods = problem.members[doer].sleep_periods
                disturbed[doer].update(overlapping_periods(placement.start, task.length[doer], periods))
    for task_index, owner in owners.items():
        mental[owner] += problem.tasks[task_index].mental_load
    summaries: dict[str, MemberSummary] = {}
    for index, member in enumerate(problem.members):
        base = member.paid + member.commute if problem.measure == "total" else 0
        summaries[member.id] = MemberSummary(
            paid=member.paid,
            commute=member.commute,
            chores=chores[index],
            mental=mental[index],
            load=base + chores[index] + mental[index],
            disturbed_nights=len(disturbed[index]),
            preference=preference[index],
            balanced=member.balanced,
        )
    return summaries


def _imbalance(problem: Problem, summaries: dict[str, MemberSummary]) -> int:
    scaled = [summaries[problem.members[m].id].load * problem.members[m].scale for m in problem.balanced]
    return round_minutes(problem.imbalance_in_minutes(max(scaled) - min(scaled) if len(scaled) > 1 else 0))


def round_minutes(value: Fraction) -> int:
    """Round to whole minutes, halves up (the same way everywhere)."""
    return math.floor(value + Fraction(1, 2))
