"""The CP-SAT model of a problem: built once, and it reads its own solutions back.

A :class:`ScheduleModel` holds the variables, the validity rules (one
function each, :data:`~labor_opt.solver.rules.MODEL_RULES`) and the goals
(:data:`~labor_opt.solver.goals.GOALS`). Relaxations and fixings are copies
of the built model with some constraints cleared or some domains fixed, so
the variables keep their indexes and a solution of a copy reads back here.
"""

from __future__ import annotations

import copy as _copy
import time
from collections.abc import Collection, Sequence

from labor_opt.problem.data import Baseline, Forcing, Placement, Problem
from labor_opt.schedule.validity import Rule
from labor_opt.solve_params import StopToken
from labor_opt.solver.cp_sat import cp_model
from labor_opt.solver.engine import hint
from labor_opt.solver.goals import GOALS, Goal, GoalContext
from labor_opt.solver.greedy import GreedySchedule
from labor_opt.solver.nights import link_disturbed_nights
from labor_opt.solver.rules import MODEL_RULES
from labor_opt.solver.variables import Variables, create_variables

# Every kind of constraint the rules add, for clearing them in a relaxation.
_CONSTRAINT_KINDS = (
    "interval", "no_overlap", "cumulative", "linear", "bool_or", "bool_and", "exactly_one", "at_most_one"
)  # fmt: skip


class TimeUp(Exception):
    """The time limit struck while the model was being built."""


class _Building:
    """What the rules hear while a model is built: a stop requested (StopRequested), or the deadline passed (TimeUp)."""

    def __init__(self, stop: StopToken, deadline: float | None) -> None:
        self.stop = stop
        self.deadline = deadline

    def check(self) -> None:
        self.stop.check()
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise TimeUp()


class ScheduleModel:
    """The CP-SAT model of ``problem``.

    ``leave_out`` builds it without some rules (to diagnose infeasibility);
    ``explain`` makes each occurrence's staffing switchable by an assumption
    literal (``variables.required``); ``baseline`` adds the stability goals.
    :meth:`forced` copies it with some decisions fixed (an alternative whose
    cost is measured), so that one model serves every alternative.
    Past ``deadline`` (a :func:`time.monotonic` time) building stops with
    :class:`TimeUp`; once ``stop`` is requested, with
    :class:`~labor_opt.solve_params.StopRequested`.

    >>> import labor_opt
    >>> from labor_opt.problem.build import build_problem
    >>> built = ScheduleModel(build_problem(labor_opt.load("examples/newborn.yaml")))
    >>> sorted(built.goals)
    ['imbalance', 'preference']
    """

    def __init__(
        self,
        problem: Problem,
        *,
        leave_out: Collection[Rule] = (),
        explain: bool = False,
        baseline: Baseline | None = None,
        deadline: float | None = None,
        stop: StopToken | None = None,
    ) -> None:
        self.problem = problem
        self.leave_out = frozenset(leave_out)
        self.model = cp_model.CpModel()
        self.variables: Variables = create_variables(self.model, problem, explain)
        self._constraints: dict[Rule, range] = {}
        building = _Building(stop or StopToken(), deadline)
        for rule, add_rule in MODEL_RULES.items():
            building.check()  # building a large model takes seconds: a stop (Ctrl-C) or the time is heard
            if rule not in leave_out:  # between the rules, and inside the long ones
                first = len(self.model.proto.constraints)
                add_rule(self.model, problem, self.variables, building)
                self._constraints[rule] = range(first, len(self.model.proto.constraints))
        link_disturbed_nights(self.model, problem, self.variables)
        context = GoalContext(self.model, problem, self.variables, baseline)
        self.goal_groups: dict[str, list[Goal]] = {name: build(context) for name, build in GOALS.items()}
        self.goals: dict[str, Goal] = {goal.name: goal for group in self.goal_groups.values() for goal in group}

    def forced(self, forcing: Forcing | None) -> ScheduleModel:
        """A copy to search, with ``forcing``'s decisions fixed (none: as it is), and no hints.

        The copy shares the variables and goals (their indexes are the same
        there), so a solution of it reads back here. A copy rather than this
        model, because the stages add constraints to what they search (the
        tolerance band, each goal held at its best): this one stays as it
        was, for the next alternative. A forced decision that has no
        variable (no time, not allowed) makes the copy infeasible.
        """
        copy = _copy.copy(self)
        copy.model = self.model.clone()
        copy.model.clear_hints()  # type: ignore[no-untyped-call]  # a search starts afresh: nothing of another one
        if forcing is None:
            return copy
        decisions = [self.variables.does.get(pair) for pair in forcing.does]
        decisions += [self.variables.owner.get(pair) for pair in forcing.owns]
        for decision in decisions:
            if decision is None:
                copy.model.add_bool_or([])  # an empty clause: no schedule has this
            else:
                # A constraint, as when each alternative had a model built for it alone, rather than a fixed
                # domain: of equally good schedules, the same one comes out (measured: 473 alternatives alike).
                copy.model.add(decision == 1)
        return copy

    @property
    def imbalance(self) -> Goal:
        """The first goal: the imbalance of the measured load."""
        return self.goals["imbalance"]

    def band_goals(self, order: Sequence[str], best: int) -> list[Goal]:
        """The goals of the groups in ``order``, for the tolerance band above the best imbalance ``best``.

        The imbalance comes back held inside its band (left out when the
        band is empty); none come back when the imbalance would be the only
        goal, for then stage 1 has settled everything.
        """
        chosen = [goal for name in order for goal in self.goal_groups.get(name, [])]
        if all(goal is self.imbalance for goal in chosen):
            return []
        return [
            goal.in_band(best) if goal is self.imbalance else goal
            for goal in chosen
            if goal is not self.imbalance or goal.tolerance
        ]

    def without(self, rules: Collection[Rule]) -> cp_model.CpModel:
        """A copy of the model with ``rules`` left out: a relaxation, whose optimum bounds this one's."""
        copy = self.model.clone()
        for rule in rules:
            for index in self._constraints.get(rule, ()):
                constraint = copy.proto.constraints[index]
                for kind in _CONSTRAINT_KINDS:
                    if getattr(constraint, f"has_{kind}")():
                        getattr(constraint, f"clear_{kind}")()
                constraint.enforcement_literal.clear()
        return copy

    def with_assignment(self, values: Sequence[int]) -> cp_model.CpModel:
        """A copy of the model with who does what, and who owns what, fixed as in the solution ``values``."""
        copy = self.model.clone()
        variables = self.variables
        for decision in (*variables.does.values(), *variables.owner.values(), *variables.doer.values()):
            _fix(copy, decision, values[decision.index])
        return copy

    def fixed(self, values: Sequence[int]) -> cp_model.CpModel:
        """A copy with every decision fixed as in ``values``: where neighbourhoods (:meth:`freeable`) start."""
        copy = self.model.clone()
        variables = self.variables
        for group in (variables.does, variables.step, variables.on_day, variables.owner, variables.doer):
            for variable in group.values():
                _fix(copy, variable, values[variable.index])
        for variable in variables.disturbed.values():
            _fix(copy, variable, values[variable.index])
        return copy

    def freeable(
        self, values: Sequence[int], members: Collection[int], occurrences: Collection[int] | None = None
    ) -> list[cp_model.IntVar]:
        """The decisions a neighbourhood frees, all others staying as in ``values``: some ``members``' work.

        ``occurrences`` (by default, those one of the members does) may move
        and change hands among the members; the mental loads the members
        own may change hands among them, and their disturbed nights may
        change. :meth:`widen` frees them in a :meth:`fixed` copy, :meth:`fix`
        fixes them again.
        """
        variables, chosen = self.variables, set(members)
        if occurrences is None:
            occurrences = {i for (i, m), does in variables.does.items() if m in chosen and values[does.index]}
        free: list[cp_model.IntVar] = []
        for index in occurrences:
            free.append(variables.step[index])
            free += [variables.does[index, m] for m in chosen if (index, m) in variables.does]
            free += [
                variables.on_day[index, day]
                for day in self.problem.occurrences[index].days
                if (index, day) in variables.on_day
            ]
        for decided in (variables.owner, variables.doer):  # a task's holders may change only among the members
            outside = {task for (task, m), variable in decided.items() if values[variable.index] and m not in chosen}
            free += [v for (task, m), v in decided.items() if m in chosen and task not in outside]
        free += [d for (member, _), d in variables.disturbed.items() if member in chosen]
        return free

    def widen(self, copy: cp_model.CpModel, free: Collection[cp_model.IntVar]) -> None:
        """In ``copy`` (of this model, say :meth:`fixed`), give ``free`` their domains in this model back."""
        for variable in free:
            domain = copy.proto.variables[variable.index].domain
            domain.clear()
            domain.extend(self.model.proto.variables[variable.index].domain)

    @staticmethod
    def fix(copy: cp_model.CpModel, free: Collection[cp_model.IntVar], values: Sequence[int]) -> None:
        """In ``copy``, fix ``free`` as in ``values`` again: what :meth:`widen` undoes."""
        for variable in free:
            _fix(copy, variable, values[variable.index])

    def placements(self, values: Sequence[int]) -> tuple[list[Placement], dict[int, int]]:
        """A solution read back: where each occurrence goes, with whom, and each task's owner."""
        variables, problem = self.variables, self.problem
        placements = [
            Placement(
                occurrence=index,
                start=variables.start_minutes(index, values),
                members=tuple(
                    m for m in problem.occurrences[index].members_with_time() if values[variables.does[index, m].index]
                ),
            )
            for index in range(len(problem.occurrences))
        ]
        owners = {task: member for (task, member), owner in variables.owner.items() if values[owner.index]}
        return placements, owners

    def hint(self, values: Sequence[int]) -> None:
        """Start the next search from the solution ``values``."""
        hint(self.model, values)

    def hint_greedy(self, greedy: GreedySchedule) -> None:
        """Start the search from a greedy schedule.

        On large households this gives CP-SAT a schedule to improve at once
        instead of after a long search; on small ones it costs little.
        """
        for variable, value in self._greedy_decisions(greedy):
            self.model.add_hint(variable, value)

    def with_greedy(self, greedy: GreedySchedule) -> cp_model.CpModel:
        """A copy with every decision fixed as in a greedy schedule: solving it fills in the rest."""
        copy = self.model.clone()
        for variable, value in self._greedy_decisions(greedy):
            _fix(copy, variable, value)
        return copy

    def _greedy_decisions(self, greedy: GreedySchedule) -> list[tuple[cp_model.IntVar, int]]:
        problem, variables = self.problem, self.variables
        decisions: list[tuple[cp_model.IntVar, int]] = []
        for placement in greedy.placements:
            index = placement.occurrence
            decisions.append((variables.step[index], placement.start // variables.grid))
            for member in problem.occurrences[index].members_with_time():
                decisions.append((variables.does[index, member], int(member in placement.members)))
            for day in problem.occurrences[index].days:
                if (index, day) in variables.on_day:
                    decisions.append((variables.on_day[index, day], int(greedy.days[index] == day)))
        for (task, member), owner in variables.owner.items():
            decisions.append((owner, int(greedy.owners.get(task) == member)))
        doers: dict[int, set[int]] = {}
        for placement in greedy.placements:
            doers.setdefault(problem.occurrences[placement.occurrence].task, set()).update(placement.members)
        for (task, member), doer in variables.doer.items():
            decisions.append((doer, int(member in doers.get(task, set()))))
        return decisions


def _fix(model: cp_model.CpModel, variable: cp_model.IntVar, value: int) -> None:
    """Fix ``variable`` to ``value`` in ``model`` (a copy: the variable's index is the same there)."""
    domain = model.proto.variables[variable.index].domain
    domain.clear()
    domain.extend([value, value])
