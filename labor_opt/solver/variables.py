"""The CP-SAT decision variables and their domains.

One Boolean per (occurrence, member) that has any possible start, one start
variable per occurrence whose domain holds only starts some member could
use, day-choice Booleans where the solver picks the day, and owner Booleans
for mental load. The candidate starts were filtered in the problem layer.

Starts are counted in grid steps, not minutes: every candidate start is on
the grid, and in steps a run of free starts is one range instead of one
value per step (measured: 80-90x fewer domain pieces on 800 occurrences and
about 40% less memory). Everything else reads a start in minutes through
:attr:`Variables.start`, which is ``grid * step``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from labor_opt.problem.data import Problem
from labor_opt.solver.cp_sat import cp_model


@dataclass
class Variables:
    """Every decision variable of the model, by what it decides."""

    # minutes per grid step: every candidate start is a multiple of it
    grid: int = 1
    # (occurrence, member) -> 1 when the member does the occurrence
    does: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # occurrence -> its start, in grid steps from Monday 00:00
    step: dict[int, cp_model.IntVar] = field(default_factory=dict)
    # occurrence -> its start in week minutes (grid * step)
    start: dict[int, cp_model.LinearExpr] = field(default_factory=dict)
    # (occurrence, day) -> 1 when the occurrence is on that day (solver-chosen days only)
    on_day: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # (task, member) -> 1 when the member owns the task's mental load
    owner: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # (task, member) -> 1 when the member does every occurrence (assign: one)
    doer: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # (member, sleep period) -> 1 when a night occurrence disturbs it
    disturbed: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    # occurrence -> 1 when it must be staffed; only when explaining infeasibility,
    # so that the solver can name a small set of occurrences that conflict
    required: dict[int, cp_model.IntVar] = field(default_factory=dict)

    def steps(self, minutes: Iterable[int]) -> cp_model.Domain:
        """Start times in minutes (each on the grid) as a domain of the step variables."""
        return cp_model.Domain.from_values(sorted({minute // self.grid for minute in minutes}))

    def start_in(self, model: cp_model.CpModel, index: int, minutes: Iterable[int]) -> cp_model.Constraint:
        """The constraint that occurrence ``index`` starts at one of ``minutes``."""
        return model.add_linear_expression_in_domain(self.step[index], self.steps(minutes))

    def start_minutes(self, index: int, values: Sequence[int]) -> int:
        """Occurrence ``index``'s start in the solution ``values``, in week minutes."""
        return self.grid * values[self.step[index].index]


# Below this many occurrences starts stay in minutes: the model is small anyway,
# and the same household keeps giving the schedule it gave before steps came in.
STEPS_FROM_OCCURRENCES = 301


def _grid(problem: Problem) -> int:
    """Minutes per step of the start variables: the grid, or 1 (minutes) on small households."""
    if len(problem.occurrences) < STEPS_FROM_OCCURRENCES:
        return 1
    return math.gcd(
        problem.resolution,
        *(s for o in problem.occurrences for by_day in o.starts.values() for day in by_day for s in by_day[day]),
    )


def create_variables(model: cp_model.CpModel, problem: Problem, explain: bool = False) -> Variables:
    """Create the decision variables of ``problem`` in ``model``.

    With ``explain``, each occurrence also gets a literal that switches its
    staffing rule on, to be used as a solver assumption.
    """
    variables = Variables(grid=_grid(problem))
    if explain:
        variables.required = {
            index: model.new_bool_var(f"required[{index}]") for index in range(len(problem.occurrences))
        }
    for index, occurrence in enumerate(problem.occurrences):
        task = problem.tasks[occurrence.task]
        name = f"{task.id}#{occurrence.number}"
        starts = sorted({start for by_day in occurrence.starts.values() for day in by_day for start in by_day[day]})
        variables.step[index] = model.new_int_var_from_domain(variables.steps(starts or [0]), f"start[{name}]")
        step = variables.step[index]
        variables.start[index] = step if variables.grid == 1 else variables.grid * step
        for member in occurrence.members_with_time():
            variables.does[index, member] = model.new_bool_var(f"does[{name},{problem.members[member].id}]")
        if task.chosen_days:
            for day in occurrence.days:
                variables.on_day[index, day] = model.new_bool_var(f"on_day[{name},{day}]")
    for task_index, task in enumerate(problem.tasks):
        for member in task.allowed:
            member_id = problem.members[member].id
            if task.mental_load:
                variables.owner[task_index, member] = model.new_bool_var(f"owner[{task.id},{member_id}]")
            if task.assign_one:
                variables.doer[task_index, member] = model.new_bool_var(f"doer[{task.id},{member_id}]")
    for member_index, facts in enumerate(problem.members):
        for period in range(len(facts.sleep_periods)):
            variables.disturbed[member_index, period] = model.new_bool_var(f"disturbed[{facts.id},{period}]")
    return variables
