"""The solver-independent problem: plain integers in frozen dataclasses.

Times are minutes from Monday 00:00 (0 to 10079); a span may end past the
week's end (10080), meaning it continues on Monday. Members and tasks are
referred to by their index in the household's lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from labor_opt.kernel.horizon import WEEK, Horizon

Span = tuple[int, int]  # [start, end) in week minutes; end may exceed the week
WORKING_AT_HOME = "working at home"  # the busy kind of work done at home (at_home: true): at home for presence
ROUTINE_TIMES = 5  # a task done this often a week is routine


@dataclass(frozen=True)
class MemberFacts:
    """What the solver needs to know about one member."""

    id: str
    name: str  # the display name (the id when the file gives none)
    balanced: bool
    paid: int
    commute: int
    fixed_load: int  # paid + commute under measure `total`, else 0
    max_chores: int | None
    max_mental: int | None  # with its default: 0 for members outside the balance
    max_nights: int  # 7 when not capped
    sleep_periods: tuple[Span, ...]  # seven, one starting each day
    # (kind, start, end): at work, working at home, commuting, unavailable, away, asleep
    busy: tuple[tuple[str, int, int], ...]
    # load x scale is compared between balanced members (shares); 0 when not balanced
    scale: int
    # Sleep periods a night task this member may do could overlap at one of its free starts: the nights
    # they could be woken in (a night-shift worker's day sleep, or sleep inside work, is out of every task's reach).
    nights_in_reach: int = 7


@dataclass(frozen=True)
class TaskFacts:
    """One task, with each member's allowed status, length and preference."""

    id: str
    name: str  # the display name (the id when the file gives none)
    allowed: tuple[int, ...]  # member indexes allowed to do it (rule 2, staffing)
    length: dict[int, int]  # member index -> real minutes per occurrence
    preference: dict[int, int]  # member index -> +1 like, -1 dislike, 0
    people: int
    assign_one: bool
    night: bool
    mental_load: int
    chosen_days: bool  # weekly / {times: N}: the solver picks the days
    min_gap_days: int
    occurrences: tuple[int, ...]  # indexes into Problem.occurrences, in day order
    window: int | None = None  # the window's minutes, if it has one
    away: bool = False  # done away from home: whoever does it is not at home then
    excluded: dict[int, str] = field(default_factory=dict)  # member index -> "who", "never" or "skills"

    def routine_for(self, member: int) -> bool:
        """Routine work for this member: five or more times a week, or a window at most twice as long as it takes.

        Daily, inflexible work weighs on a week differently from work that
        fits anywhere; the reports show both.
        """
        return len(self.occurrences) >= ROUTINE_TIMES or (
            self.window is not None and self.window <= 2 * self.length[member]
        )


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a task and where each member could place it.

    ``starts[member][day]`` are the grid starts (week minutes) on which the
    member is free (and awake, unless the task is a night task) for the whole
    occurrence, inside the task's window on ``day`` (the day the window
    opens, or the day it starts when there is no window).
    """

    task: int
    number: int  # 1-based, in day order
    days: tuple[int, ...]  # the days it may be placed on
    starts: dict[int, dict[int, tuple[int, ...]]]
    # For night tasks: starts[member] -> the member's sleep periods it overlaps.
    sleep_hits: dict[int, dict[int, tuple[int, ...]]]

    def members_with_time(self) -> tuple[int, ...]:
        """Members with at least one possible start."""
        return tuple(m for m, by_day in self.starts.items() if any(by_day.values()))


@dataclass(frozen=True)
class PresenceFacts:
    """A presence block: on each of its days, at least ``people`` of ``members`` at home at every minute.

    With ``awake``, a member inside their sleep does not count as at home.
    """

    name: str
    spans: tuple[Span, ...]  # one [start, end) a day, in week minutes (the end may pass Sunday midnight)
    members: tuple[int, ...]
    people: int
    awake: bool = False


@dataclass(frozen=True)
class Problem:
    """A household reduced to what the solver needs."""

    household: str | None
    scenario: str | None
    resolution: int
    measure: Literal["total", "chores"]
    tolerance: int
    time_limit: float
    members: tuple[MemberFacts, ...]
    tasks: tuple[TaskFacts, ...]
    occurrences: tuple[Occurrence, ...]
    # imbalance in minutes = (max - min of load x scale) / scale_denominator
    scale_denominator: Fraction
    leximin: bool = False  # fairness.objective: leximin
    balance_routine: bool = False  # fairness.routine: balance
    presence: tuple[PresenceFacts, ...] = ()
    horizon: Horizon = WEEK  # the stretch of time planned: every start lies in it, and wraps round it

    @property
    def balanced(self) -> tuple[int, ...]:
        """Indexes of the balanced members."""
        return tuple(index for index, member in enumerate(self.members) if member.balanced)

    def imbalance_in_minutes(self, scaled: int | Fraction) -> Fraction:
        """A scaled imbalance as (fractional) minutes."""
        return Fraction(scaled) / self.scale_denominator


@dataclass(frozen=True)
class Placement:
    """Where one occurrence went: its start (week minute) and its members (indexes)."""

    occurrence: int
    start: int
    members: tuple[int, ...]


@dataclass(frozen=True)
class KeptPlacement:
    """Where an occurrence was in the schedule a household already has (for stable re-planning)."""

    members: tuple[str, ...]  # member ids
    start: int  # week minute


@dataclass(frozen=True)
class Baseline:
    """The schedule a household follows now, as stable re-planning needs it."""

    # (task id, occurrence number) -> where it is
    placements: dict[tuple[str, int], KeptPlacement]
    owners: dict[str, str]  # task id -> member id carrying its mental load


@dataclass(frozen=True)
class Forcing:
    """An alternative to measure: who must do which occurrences, and who must own which mental loads (indexes).

    ``labor-opt explain`` solves again with one forced, to measure what
    it would cost rather than estimate it.
    """

    does: tuple[tuple[int, int], ...] = ()  # (occurrence, member)
    owns: tuple[tuple[int, int], ...] = ()  # (task, member)
