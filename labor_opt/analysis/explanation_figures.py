"""What an explanation holds: who else could do a task, at what cost (measured), each member's share, the verdict."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from labor_opt.household.units import format_duration, round_minutes
from labor_opt.schedule.model import Assignment, Schedule


@dataclass(frozen=True)
class Alternative:
    """The plan with ``member`` forced to do the occurrences explained (and own the mental load, for a whole task).

    Its figures come from solving again; ``reason`` says why no schedule
    has it when ``schedule`` is ``None``.
    """

    member: str
    schedule: Schedule | None
    reason: str | None = None
    # True when the time limit, not a proof, left it without a schedule: it may still exist.
    undecided: bool = False

    @property
    def possible(self) -> bool:
        """Whether some valid schedule has this alternative."""
        return self.schedule is not None

    def changes(self, plan: Schedule) -> dict[str, int]:
        """Imbalance, disturbed nights (everyone's together) and preferences, minus the plan's."""
        if self.schedule is None:
            return {}
        return {key: value - _costs(plan)[key] for key, value in _costs(self.schedule).items()}


@dataclass(frozen=True)
class Share:
    """A member's share of the measured load among the balanced members, with and without the task."""

    member: str
    load: int
    total: int
    load_without: int
    total_without: int

    @property
    def percent(self) -> int:
        """The share now, in whole percent (halves up)."""
        return _percent(self.load, self.total)

    @property
    def percent_without(self) -> int:
        """The share without the task, in whole percent (halves up)."""
        return _percent(self.load_without, self.total_without)


@dataclass(frozen=True)
class Explanation:
    """One task (or one day's occurrence of it) in the plan: who, why, at what cost instead, and the shares.

    Build one with :func:`explain`.
    """

    task: str
    day: str | None
    plan: Schedule
    explained: tuple[Assignment, ...]  # the occurrences explained, as the plan places them
    owner: str | None  # who owns the task's mental load (None: it has none)
    mental_load: int  # the task's mental load, minutes a week
    not_allowed: dict[str, str]  # member -> why they may not do it
    alternatives: tuple[Alternative, ...]
    shares: tuple[Share, ...]
    cut_short: str | None = None  # why some alternatives were not solved (the time limit, Ctrl-C), in words

    def doers(self) -> dict[str, list[str]]:
        """Each member doing some of the occurrences explained, with the days."""
        found: dict[str, list[str]] = {}
        for assignment in self.explained:
            for member in assignment.members:
                found.setdefault(member, []).append(assignment.home_day)
        return found

    def verdict(self) -> str:
        """Why the plan's choice, in one sentence, from the measured alternatives (and what was not measured)."""
        unsolved = sum(1 for a in self.alternatives if a.undecided)
        if unsolved and unsolved == len(self.alternatives):
            return "No alternative was solved, so what the others would cost is not known."
        measured = self._measured_verdict()
        return f"{measured} ({unsolved} of {len(self.alternatives)} alternatives not solved.)" if unsolved else measured

    def _measured_verdict(self) -> str:
        possible = [a for a in self.alternatives if a.schedule is not None]
        if not self.alternatives and not self.not_allowed:
            return "Everyone who may do it already does."
        if not self.alternatives:
            return "Nobody else may do it, so the plan has no choice here."
        if not possible:
            return "Nobody else can do it in any valid schedule, so the plan has no choice here."

        def worse(alternative: Alternative) -> tuple[int, int, int, int]:
            change = alternative.changes(self.plan)
            return (
                change["imbalance"],
                change["most_disturbed_nights"],
                change["disturbed_nights"],
                -change["preference"],
            )

        best = min(possible, key=worse)
        name = self.plan.member_name(best.member)
        imbalance, most, nights, liking = worse(best)
        if imbalance > 0:
            rise = format_duration(imbalance)
            return f"Anyone else doing it makes the plan less fair: the imbalance rises by at least {rise}."
        if imbalance < 0:
            lower = format_duration(-imbalance)
            return f"{name} doing it would lower the imbalance by {lower}; the plan spends that tolerance elsewhere."
        if most > 0 or nights > 0:
            return f"{name} doing it would be as fair, but more nights would be woken."
        if liking > 0:
            return f"{name} doing it would be as fair, but less liked (preferences {-liking:+d})."
        return f"{name} doing it would be as good on every count: the plan's choice breaks a tie."

    def to_dict(self) -> dict[str, Any]:
        """The explanation's JSON shape (the plan itself under ``plan``)."""
        return {
            "version": 1,
            "household": self.plan.household,
            "scenario": self.plan.scenario,
            "task": self.task,
            "day": self.day,
            "occurrences": [assignment.to_dict() for assignment in self.explained],
            "owner": self.owner,
            "mental_load": self.mental_load,
            "verdict": self.verdict(),
            "cut_short": self.cut_short,
            "not_allowed": self.not_allowed,
            "alternatives": [_alternative_dict(self.plan, alternative) for alternative in self.alternatives],
            "shares": [
                {**asdict(share), "percent": share.percent, "percent_without": share.percent_without}
                for share in self.shares
            ],
            "plan": self.plan.to_dict(),
        }


def _costs(schedule: Schedule) -> dict[str, int]:
    members = schedule.members.values()
    return {
        "imbalance": schedule.fairness.imbalance,
        "disturbed_nights": sum(summary.disturbed_nights for summary in members),
        "most_disturbed_nights": max((summary.disturbed_nights for summary in members), default=0),
        "preference": schedule.total_preference,
    }


def _alternative_dict(plan: Schedule, alternative: Alternative) -> dict[str, Any]:
    schedule = alternative.schedule
    return {
        "member": alternative.member,
        "possible": alternative.possible,
        "undecided": alternative.undecided,
        "reason": alternative.reason,
        **(_costs(schedule) if schedule is not None else {}),
        "changes": alternative.changes(plan),
        "status": schedule.status.in_file if schedule is not None else None,
        "loads": {m: summary.load for m, summary in schedule.members.items()} if schedule is not None else {},
    }


def _percent(part: int, whole: int) -> int:
    return round_minutes(Fraction(100 * part, whole)) if whole else 0
