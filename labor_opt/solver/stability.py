"""Stable re-planning: how many occurrences change member, or time, against a baseline.

An occurrence is matched with the baseline by task id and occurrence number;
occurrences the baseline does not have (a scenario's new tasks) never count
as moved.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from labor_opt.problem.data import Baseline, Problem
from labor_opt.solver.variables import Variables


def moved_occurrences(
    model: cp_model.CpModel, problem: Problem, variables: Variables, baseline: Baseline
) -> tuple[cp_model.LinearExpr, cp_model.LinearExpr, int]:
    """Expressions counting occurrences whose members changed and whose start changed.

    Returns both and how many occurrences were matched (their upper bound).
    """
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    member_moves: list[cp_model.LinearExprT] = []
    time_moves: list[cp_model.LinearExprT] = []
    for index, occurrence in enumerate(problem.occurrences):
        kept = baseline.get((problem.tasks[occurrence.task].id, occurrence.number))
        if kept is None:
            continue
        keys = [(index, index_of.get(member_id, -1)) for member_id in kept.members]
        if any(key not in variables.does for key in keys):
            member_moves.append(1)  # a member it had cannot do it any more
        else:
            moved = model.new_bool_var(f"moved[{index}]")
            for key in keys:
                model.add_bool_or([moved, variables.does[key]])  # a base member who stops doing it moves it
            member_moves.append(moved)
        start = variables.start[index]
        if _in_domain(kept.start, list(start.proto.domain)):
            same_time = model.new_bool_var(f"same_time[{index}]")
            model.add(start == kept.start).only_enforce_if(same_time)
            time_moves.append(1 - same_time)
        else:
            time_moves.append(1)
    return cp_model.LinearExpr.sum(member_moves), cp_model.LinearExpr.sum(time_moves), len(member_moves)


def _in_domain(value: int, bounds: list[int]) -> bool:
    return any(low <= value <= high for low, high in zip(bounds[::2], bounds[1::2]))
