"""What the checker finds: violations, each naming its rule, and the figures it recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from labor_opt.validity import Rule


@dataclass(frozen=True)
class Violation:
    """One broken rule, or (``rule`` None) a false figure or a flaw in the file's shape."""

    rule: Rule | None
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message


@dataclass
class CheckReport:
    """What the checker found: violations (empty when valid) and the recomputed figures."""

    violations: list[Violation] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    imbalance: int = 0

    @property
    def valid(self) -> bool:
        """True when the schedule breaks no rule and reports its figures truly."""
        return not self.violations
