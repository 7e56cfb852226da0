"""Stable re-planning: how many occurrences change member, or time, against a baseline.

An occurrence is matched with the baseline by task id and occurrence number;
occurrences the baseline does not have (a scenario's new tasks) never count
as moved.
"""

from __future__ import annotations

from dataclasses import dataclass

from labor_opt.problem.data import Baseline, Problem
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.variables import Variables


@dataclass(frozen=True)
class Moves:
    """Counts of what changes against the baseline, as solver expressions."""

    members: cp_model.LinearExpr  # occurrences whose members change
    times: cp_model.LinearExpr  # occurrences whose start changes
    owners: cp_model.LinearExpr  # tasks whose mental load changes owner
    matched: int  # occurrences the baseline also has
    owned: int  # tasks whose owner the baseline names


def moved_occurrences(model: cp_model.CpModel, problem: Problem, variables: Variables, baseline: Baseline) -> Moves:
    """Expressions counting what a schedule changes against ``baseline``."""
    index_of = {member.id: index for index, member in enumerate(problem.members)}
    member_moves: list[cp_model.LinearExprT] = []
    time_moves: list[cp_model.LinearExprT] = []
    for index, occurrence in enumerate(problem.occurrences):
        kept = baseline.placements.get((problem.tasks[occurrence.task].id, occurrence.number))
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
        step = variables.step[index]
        if kept.start % variables.grid == 0 and _in_domain(kept.start // variables.grid, list(step.proto.domain)):
            same_time = model.new_bool_var(f"same_time[{index}]")
            model.add(step == kept.start // variables.grid).only_enforce_if(same_time)
            time_moves.append(1 - same_time)
        else:
            time_moves.append(1)
    owner_moves: list[cp_model.LinearExprT] = []
    for task_index, task in enumerate(problem.tasks):
        kept_owner = baseline.owners.get(task.id)
        if kept_owner is None or not task.mental_load:
            continue
        owner = variables.owner.get((task_index, index_of.get(kept_owner, -1)))
        owner_moves.append(1 if owner is None else 1 - owner)
    return Moves(
        cp_model.LinearExpr.sum(member_moves),
        cp_model.LinearExpr.sum(time_moves),
        cp_model.LinearExpr.sum(owner_moves),
        len(member_moves),
        len(owner_moves),
    )


def _in_domain(value: int, bounds: list[int]) -> bool:
    return any(low <= value <= high for low, high in zip(bounds[::2], bounds[1::2]))
