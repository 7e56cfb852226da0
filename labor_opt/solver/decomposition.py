"""Who does what first, then when: the way to prove large households optimal.

The imbalance depends only on who does what. Without the no-overlap rule
the model is much easier, and its optimum is a lower bound for the real
one. If times can then be found for that very assignment, the schedule has
exactly that imbalance, so it is optimal. Both steps are copies of the one
built model (:meth:`~labor_opt.solver.model.ScheduleModel.without` and
:meth:`~labor_opt.solver.model.ScheduleModel.with_assignment`), so their
solutions read back through it.
"""

from __future__ import annotations

import time

from labor_opt.schedule.validity import NO_OVERLAP
from labor_opt.solver.engine import Outcome, Search, SearchStatus, minimize
from labor_opt.solver.model import ScheduleModel

# Below this many occurrences the whole model proves the imbalance directly.
DECOMPOSE_FROM_OCCURRENCES = 301


def assignment_first(built: ScheduleModel, seconds: float, search_with: Search) -> Outcome:
    """The imbalance proven through the relaxation, or the relaxation's bound alone (no solution).

    Returns an optimal outcome when the relaxed assignment also fits in
    time; otherwise an outcome without values whose bound still holds.
    """
    began = time.monotonic()
    objective = built.imbalance.expression
    relaxed = minimize(built.without([NO_OVERLAP]), objective, seconds=seconds / 2, search_with=search_with)
    if relaxed.interrupted or not relaxed.proven or relaxed.values is None:
        return Outcome(SearchStatus.UNKNOWN, bound=relaxed.bound, interrupted=relaxed.interrupted)
    left = max(seconds - (time.monotonic() - began), 0.01)
    timed = minimize(built.with_assignment(relaxed.values), objective, seconds=left, search_with=search_with)
    fits = timed.proven and timed.objective is not None and timed.objective <= (relaxed.objective or 0)
    if fits:
        return Outcome(SearchStatus.OPTIMAL, timed.values, timed.objective, relaxed.bound, timed.seconds)
    return Outcome(SearchStatus.UNKNOWN, bound=relaxed.bound, interrupted=timed.interrupted)
