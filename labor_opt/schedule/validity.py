"""The validity rules of a schedule, numbered as the household format numbers them.

These keys are all that the model (:mod:`labor_opt.solver.rules`) and the
independent checker (:mod:`labor_opt.checker.rules`) share: each has one
function per key, so that a rule can be found by its number in both, and a
checker message names the rule the way the documentation does.

>>> str(NO_OVERLAP)
'rule 3 (no overlap)'
>>> sorted({rule.number for rule in RULES})
[1, 2, 3, 4, 5, 6]
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Rule:
    """One validity rule: its number in the format documentation, a readable name and what it asks."""

    number: int
    name: str
    asks: str

    def __str__(self) -> str:
        return f"rule {self.number} ({self.name})"


PLACEMENT = Rule(1, "placement", "every occurrence placed once, on an allowed day, inside its window, on the grid")
STAFFING = Rule(2, "staffing", "exactly `people` distinct members, each allowed to do it")
NO_OVERLAP = Rule(3, "no overlap", "nobody does two things at once")
BUSY_TIME = Rule(3, "busy time", "nothing in work, commute, unavailable time, or sleep unless the task is a night task")
ASSIGN_ONE = Rule(4, "assign one", "`assign: one` tasks keep the same member(s) all week")
CHORE_CAPS = Rule(4, "chore caps", "`max_chores` caps hold")
ONE_OWNER = Rule(5, "one owner", "every task with mental load has exactly one owner, allowed to do it")
MENTAL_CAPS = Rule(5, "mental caps", "`max_mental` caps hold (0 by default for members outside the balance)")
NIGHT_CAPS = Rule(6, "night caps", "`max_nights` caps hold")
PRESENCE = Rule(6, "presence", "every presence block has enough members at home at every minute")

RULES: tuple[Rule, ...] = (
    PLACEMENT,
    STAFFING,
    NO_OVERLAP,
    BUSY_TIME,
    ASSIGN_ONE,
    CHORE_CAPS,
    ONE_OWNER,
    MENTAL_CAPS,
    NIGHT_CAPS,
    PRESENCE,
)
