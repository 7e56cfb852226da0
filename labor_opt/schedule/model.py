"""The schedule: who does what when, its figures, fairness and solver facts.

:func:`build_schedule` turns a placement (start and members per occurrence,
an owner per task) into a :class:`Schedule` and computes every figure from
the problem, never from solver variables. ``Schedule.to_dict`` is exactly
the JSON shape of ``schedule-format.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY
from labor_opt.schedule.bounding import Bound
from labor_opt.schedule.nights import NightShare


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
    routine: int = 0  # chore minutes of routine work (see TaskFacts.routine_for); the rest is flexible

    @property
    def flexible(self) -> int:
        """Chore minutes that are not routine: work that fits anywhere in the week."""
        return self.chores - self.routine

    def to_dict(self) -> dict[str, Any]:
        """The member's figures as in the schedule file (with ``routine`` and ``flexible`` added)."""
        return {**asdict(self), "flexible": self.flexible}


@dataclass(frozen=True)
class FairnessSummary:
    """How even the load is, and how close to the best that is proven to be."""

    measure: str
    imbalance: int
    lower_bound: int
    tolerance: int
    # When the imbalance is above the least possible: the goal the tolerance went to, if known.
    tolerance_used_by: str | None = None
    bounded_by: tuple[Bound, ...] = ()  # who pins either end of the imbalance, and why
    others_spread: int | None = None  # how far apart the other balanced members are (share-adjusted minutes)
    objective: str = "imbalance"  # fairness.objective: "imbalance" or "leximin"


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
    viewer: str | None = None  # set by for_member: the one member this view shows
    # Each member's busy stretches, (kind, start, end) in week minutes, for views that shade them (not in the file).
    busy: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    # Nights each member could be woken in (some night task they may do can reach their sleep; 7 when not known),
    # not in the file.
    nights_in_reach: dict[str, int] = field(default_factory=dict)
    night_shares: tuple[NightShare, ...] = ()  # someone woken on more nights than another could share

    def for_member(self, member_id: str) -> Schedule:
        """One member's week: their assignments, figures and mental loads; the household's fairness as it is.

        A view to read, not a schedule file: the checker wants the whole household.

        >>> import labor_opt
        >>> week = labor_opt.solve(labor_opt.load("examples/dual_earners_toddler.yaml")).for_member("sam")
        >>> sorted(week.members), all("sam" in a.members for a in week.assignments)
        (['sam'], True)
        """
        if member_id not in self.members:
            raise KeyError(member_id)
        return replace(
            self,
            assignments=tuple(a for a in self.assignments if member_id in a.members),
            owners={task: owner for task, owner in self.owners.items() if owner == member_id},
            members={member_id: self.members[member_id]},
            viewer=member_id,
        )

    def member_name(self, member_id: str) -> str:
        """The member's display name (the id when the file gives none)."""
        return self.member_names.get(member_id, member_id)

    def task_name(self, task_id: str) -> str:
        """The task's display name (the id when the file gives none)."""
        return self.task_names.get(task_id, task_id)

    @property
    def concerns(self) -> tuple[str, ...]:
        """What a household should look at twice: anyone woken every night they can be, or far more than another.

        A night-shift nurse who sleeps by day after her three shifts can be
        woken on four nights only (no night task reaches her day sleep):
        woken on all four, she is woken whenever the plan could wake her, so
        four of four is flagged as seven of seven is. Only what is true is
        said: with the nights in reach unknown (a schedule read from a file
        that breaks a rule), only seven of seven is.
        """
        woken = []
        for member_id, summary in self.members.items():
            name, nights = self.member_name(member_id), summary.disturbed_nights
            if nights >= 7:
                woken.append(f"{name} is woken every night of the week")
            elif nights and nights == self.nights_in_reach.get(member_id, 7):
                woken.append(f"{name} is woken every night a night task can reach ({nights} of 7)")
        return (*woken, *(self._night_share(share) for share in self.night_shares if share.member in self.members))

    def _night_share(self, share: NightShare) -> str:
        """One uneven split of nights, with what the household can do about it."""
        member, other, task = self.member_name(share.member), self.member_name(share.other), self.task_name(share.task)
        return (
            f"{member} is woken on {share.nights} nights and {other} on {share.other_nights}, though {other} may do "
            f"{task} and is free for one of them; max_nights: {share.nights - 1} for {member} asks the plan to "
            "share them"
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
        members = {
            str(member_id): MemberSummary(**{key: value for key, value in figures.items() if key != "flexible"})
            for member_id, figures in data["members"].items()
        }
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
                bounded_by=tuple(Bound(**bound) for bound in fairness.get("bounded_by") or ()),
                others_spread=fairness.get("others_spread"),
                objective=str(fairness.get("objective", "imbalance")),
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
            "fairness": {**asdict(self.fairness), "bounded_by": [asdict(b) for b in self.fairness.bounded_by]},
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
