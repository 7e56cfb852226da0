"""Placing occurrences whose members are fixed: as many as can keep every rule of time, then the fewest nights.

The audit's problem (:func:`labor_opt.problem.fixed_doers.with_doers_fixed`)
says who does each occurrence; this chooses when, in the same model as a
plan (:class:`~labor_opt.solver.model.ScheduleModel`). Each occurrence's
staffing is switched on by a literal (as when a diagnosis looks for a
conflict); switched on, it starts where its members are free together,
and switched off, nobody does it, so it takes no one's time. The goals, in
order: the most occurrences switched on (where no placement keeps them all
to every rule of time, the fewest that must break one), the most disturbed
nights of anyone, then everyone's together, then the fewest occurrences
away from the baseline's times (the plan's: today's are not known, and the
plan's are sensible ones).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from labor_opt.problem.canonical import canonical_order
from labor_opt.problem.data import Baseline, Problem
from labor_opt.solve_params import Deadline, StopRequested
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.engine import SINGLE_TRY, Search, Try, hint, minimize
from labor_opt.solver.goals import Goal, in_solvable_groups, lexicographic
from labor_opt.solver.model import ScheduleModel, TimeUp

# After the occurrences that keep every rule, the goals of a plan that a placement can still change.
AFTER_PLACED = ("disturbed_nights", "total_disturbed_nights", "moved_times")
# Those goals refine a placement already found: each group gets a fixed amount of CP-SAT's deterministic time
# (about half a second on an idle machine), so that they never take all the time left, and end the same way every run.
AFTER_PLACED_TRIES: tuple[Try, ...] = ((0, 0.5),)


@dataclass(frozen=True)
class Placing:
    """Where each occurrence goes, by (task id, number): its day, and its start if it keeps every rule of time.

    ``proven``: no placement keeps more occurrences to every rule (then a
    rule an occurrence left out breaks is one no placement avoids).
    """

    days: dict[tuple[str, int], int]
    starts: dict[tuple[str, int], int]
    proven: bool


def place(
    problem: Problem,
    free: Mapping[tuple[str, int], Sequence[int]],
    baseline: Baseline | None,
    deadline: Deadline,
    search: Search,
) -> Placing | None:
    """Place ``problem``'s occurrences with their fixed members by ``deadline``; ``None`` when nothing was found.

    ``free`` holds, by (task id, number), the starts at which an occurrence's
    members are all free: an occurrence placed keeping every rule starts there.

    A stop (``search.stop``) or the deadline while the model is built, or
    before any placement is found, gives ``None``; one in the middle of the
    search gives the best found so far, not proven.
    """
    canonical = canonical_order(problem).problem  # the same placement however the file lists things
    try:
        built = ScheduleModel(canonical, explain=True, baseline=baseline, deadline=deadline.end, stop=search.stop)
    except (TimeUp, StopRequested):
        return None
    variables = built.variables
    required = variables.required
    for (index, _), does in variables.does.items():
        built.model.add_implication(does, required[index])  # left out: nobody does it, nobody's time is taken
    for index, occurrence in enumerate(canonical.occurrences):
        starts = free[canonical.tasks[occurrence.task].id, occurrence.number]
        if starts:
            variables.start_in(built.model, index, starts).only_enforce_if(required[index])
        else:
            built.model.add(required[index] == 0)
    left_out = cp_model.LinearExpr.sum([1 - literal for literal in required.values()])
    # The fewest left out alone first: proving it is what makes a finding one no placement avoids.
    later = [built.goals[name] for name in AFTER_PLACED if name in built.goals]
    groups = [[Goal("left_out", left_out, 0, len(required))], *in_solvable_groups(later)]
    values: tuple[int, ...] | None = None
    proven = False
    for position, group in enumerate(groups):
        if values is not None:
            hint(built.model, values)
        objective = lexicographic(group)
        tries = SINGLE_TRY if position == 0 else AFTER_PLACED_TRIES
        seconds = max(deadline.remaining(), 0.01)
        outcome = minimize(built.model, objective, seconds=seconds, search_with=search, tries=tries)
        if outcome.values is None or outcome.objective is None:
            break
        values = outcome.values
        proven = outcome.proven if position == 0 else proven
        if outcome.interrupted:
            break
        built.model.add(objective <= outcome.objective)
    if values is None:
        return None
    return _read(built, values, proven)


def _read(built: ScheduleModel, values: tuple[int, ...], proven: bool) -> Placing:
    """The solution ``values`` read back by (task id, occurrence number)."""
    problem, variables = built.problem, built.variables
    days: dict[tuple[str, int], int] = {}
    starts: dict[tuple[str, int], int] = {}
    for index, occurrence in enumerate(problem.occurrences):
        key = (problem.tasks[occurrence.task].id, occurrence.number)
        if (index, occurrence.days[0]) in variables.on_day:  # the solver chose the day
            days[key] = next(day for day in occurrence.days if values[variables.on_day[index, day].index])
        else:
            days[key] = occurrence.days[0]
        if values[variables.required[index].index]:
            starts[key] = variables.start_minutes(index, values)
    return Placing(days, starts, proven)
