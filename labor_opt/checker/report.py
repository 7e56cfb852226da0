"""What the checker finds: violations, each naming its rule, the figures it recomputed, and what it cannot test.

A violation is a broken rule, a claim the file makes that cannot be true,
or (``stale`` set) a figure the file reports out of date or leaves out: a
schedule edited by hand keeps its old totals, and a split written by hand
has none, without either breaking a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from labor_opt.schedule.validity import Rule


@dataclass(frozen=True)
class Stale:
    """A figure the file reports (or leaves out) that the household and the assignments make otherwise.

    ``subject`` is whose figure it is: a member id, ``fairness``, ``file``
    (the file's own fields) or an assignment (``dinner on mon 18:00-19:00``);
    ``key`` the field as the file names it. ``reported`` is the file's value
    (None when it gives none), ``right`` the recomputed one (None when only
    solving could tell: a lower bound).
    """

    subject: str
    key: str
    reported: Any
    right: Any


@dataclass(frozen=True)
class Violation:
    """One broken rule, or (``rule`` None) a false claim or figure, or a flaw in the file's shape.

    ``stale`` is set when it is only a figure out of date or missing: no
    rule is broken and nothing false is claimed of the household, so
    ``check`` notes it once instead of failing (``check --strict`` fails).
    """

    rule: Rule | None
    message: str
    stale: Stale | None = None

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
        """True when the schedule breaks no rule and every figure in it is right: what labor-opt's own output is.

        Its claims may still be untested. This is ``check --strict``'s
        verdict; :attr:`rules_hold` is ``check``'s.
        """
        return not self.violations

    @property
    def problems(self) -> list[Violation]:
        """The broken rules and false claims: every violation but a stale figure."""
        return [violation for violation in self.violations if violation.stale is None]

    @property
    def stale_figures(self) -> list[Stale]:
        """The figures the file reports out of date, or leaves out, each with its right value."""
        return [violation.stale for violation in self.violations if violation.stale is not None]

    @property
    def rules_hold(self) -> bool:
        """True when the schedule breaks no rule and claims nothing false; its figures may be out of date."""
        return not self.problems

    def passes(self, strict: bool) -> bool:
        """``check``'s verdict: :attr:`rules_hold`, or with ``strict`` (``check --strict``) :attr:`valid`."""
        return self.valid if strict else self.rules_hold
