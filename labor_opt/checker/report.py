"""What the checker finds: violations, each naming its rule, the figures it recomputed, and what it cannot test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from labor_opt.schedule.validity import Rule


@dataclass(frozen=True)
class Violation:
    """One broken rule, or (``rule`` None) a false figure or a flaw in the file's shape."""

    rule: Rule | None
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message


# What a file can claim of the least possible imbalance, which its own assignments cannot show.
BOUND = "bound"  # no schedule has an imbalance below ``minutes`` (a lower bound above 0)
LEAST = "least"  # the least possible imbalance is ``minutes`` (status optimal)
GOALS = "goals"  # the goals inside the tolerance band are at their best (status optimal)


@dataclass(frozen=True)
class Claim:
    """Something the file claims that the household and its assignments cannot show: only solving can test it.

    The checker never endorses one: it lists it as the file's claim, and
    :func:`labor_opt.analysis.claims.verify_claims` tests it by solving.
    """

    kind: str  # BOUND, LEAST or GOALS
    minutes: int = 0
    note: str = ""  # what testing it found, or how to test it

    @property
    def text(self) -> str:
        """The claim in words."""
        if self.kind == BOUND:
            return f"no schedule has an imbalance below {self.minutes} minutes (its lower bound)"
        if self.kind == LEAST:
            return f"the least possible imbalance is {self.minutes} minutes (status optimal)"
        return "the goals inside the tolerance are at their best (status optimal)"

    def __str__(self) -> str:
        return f"{self.text}; {self.note}" if self.note else self.text


@dataclass
class CheckReport:
    """What the checker found: violations (empty when valid), the recomputed figures and the file's claims."""

    violations: list[Violation] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    imbalance: int = 0
    claims: list[Claim] = field(default_factory=list)  # what the file claims and the checker cannot recompute

    @property
    def valid(self) -> bool:
        """True when the schedule breaks no rule and reports its figures truly (its claims may still be untested)."""
        return not self.violations
