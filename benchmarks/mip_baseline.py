"""The MIP baseline: a time-indexed model of the same rules, solved with HiGHS.

The imbalance stage only (what the headline figure and its proof need):
every occurrence placed once on its grid starts, the right number of allowed
members, no member doing two things in one grid slot, `assign: one`, caps,
one owner per mental load; the highest and lowest share-adjusted load as
linear bounds. It reads the same solver-independent problem as CP-SAT, so
both solve exactly the same instance.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

# After OR-Tools (imported by labor_opt above): both bundle HiGHS, and only
# highspy 1.14 shares one process with OR-Tools 9.15 (measured).
import highspy  # noqa: E402
import numpy as np  # noqa: E402

from labor_opt.kernel.horizon import MINUTES_PER_WEEK
from labor_opt.problem.data import Problem


@dataclass
class MipResult:
    """What HiGHS found: the imbalance in minutes (None without a solution), its bound and time."""

    status: str
    imbalance: int | None
    lower_bound: int | None
    seconds: float
    optimal: bool


@dataclass
class _Builder:
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    rows: list[tuple[float, float, list[int], list[float]]] = field(default_factory=list)

    def variable(self, low: float, high: float, integer: bool, cost: float = 0.0) -> int:
        self.lower.append(low)
        self.upper.append(high)
        self.integer.append(integer)
        self.cost.append(cost)
        return len(self.lower) - 1

    def row(self, low: float, high: float, terms: dict[int, float]) -> None:
        if terms:
            self.rows.append((low, high, list(terms), list(terms.values())))


def solve_mip(problem: Problem, time_limit: float) -> MipResult:
    """Minimize the imbalance of ``problem`` with HiGHS within ``time_limit`` seconds."""
    began = time.perf_counter()
    build = _Builder()
    inf = highspy.kHighsInf
    starts: dict[tuple[int, int], int] = {}  # (occurrence, start) -> y
    does: dict[tuple[int, int, int], int] = {}  # (occurrence, member, start) -> x
    day_of: dict[tuple[int, int], int] = {}  # (occurrence, start) -> the day it belongs to
    for index, occurrence in enumerate(problem.occurrences):
        task = problem.tasks[occurrence.task]
        by_start: dict[int, list[int]] = {}
        for member, by_day in occurrence.starts.items():
            for day, day_starts in by_day.items():
                for start in day_starts:
                    by_start.setdefault(start, []).append(member)
                    day_of[index, start] = day
        usable = {start: members for start, members in by_start.items() if len(members) >= task.people}
        for start, members in usable.items():
            starts[index, start] = build.variable(0, 1, True)
            for member in members:
                does[index, member, start] = build.variable(0, 1, True)
            link = {does[index, m, start]: 1.0 for m in members}
            link[starts[index, start]] = -float(task.people)
            build.row(0, 0, link)
        build.row(1, 1, {starts[index, s]: 1.0 for s in usable})
    for task in problem.tasks:  # distinct days, min gap kept around the week's end
        if not task.chosen_days or len(task.occurrences) < 2:
            continue
        for day in range(7):
            covered = {(day + k) % 7 for k in range(task.min_gap_days + 1)}
            build.row(
                -inf,
                1,
                {
                    y: 1.0
                    for (index, start), y in starts.items()
                    if index in task.occurrences and day_of[index, start] in covered
                },
            )
    slots: dict[tuple[int, int], dict[int, float]] = {}  # no two things at once, slot by slot
    for (index, member, start), x in does.items():
        length = problem.tasks[problem.occurrences[index].task].length[member]
        for minute in range(start, start + length, problem.resolution):
            slots.setdefault((member, (minute % MINUTES_PER_WEEK) // problem.resolution), {})[x] = 1.0
    for terms in slots.values():
        if len(terms) > 1:
            build.row(-inf, 1, terms)
    owners: dict[tuple[int, int], int] = {}
    for task_index, task in enumerate(problem.tasks):
        doers = {m: build.variable(0, 1, True) for m in task.allowed} if task.assign_one else {}
        for index in task.occurrences if task.assign_one else ():
            for member, doer in doers.items():
                terms = {x: 1.0 for (i, m, _), x in does.items() if i == index and m == member}
                terms[doer] = -1.0
                build.row(0, 0, terms)
        if task.mental_load:
            for member in task.allowed:
                owners[task_index, member] = build.variable(0, 1, True)
                if task.assign_one:
                    build.row(-inf, 0, {owners[task_index, member]: 1.0, doers[member]: -1.0})
            build.row(1, 1, {owners[task_index, m]: 1.0 for m in task.allowed})
    load_terms: dict[int, dict[int, float]] = {m: {} for m in range(len(problem.members))}
    for (index, member, _), x in does.items():
        load_terms[member][x] = float(problem.tasks[problem.occurrences[index].task].length[member])
    for (task_index, member), owner in owners.items():
        load_terms[member][owner] = float(problem.tasks[task_index].mental_load)
    owner_variables = set(owners.values())
    for member, facts in enumerate(problem.members):
        if facts.max_chores is not None:
            chores = {x: c for x, c in load_terms[member].items() if x not in owner_variables}
            build.row(-inf, facts.max_chores, chores)
    balanced = problem.balanced
    if len(balanced) >= 2:
        top = build.variable(0, inf, False, 1.0)
        bottom = build.variable(0, inf, False, -1.0)
        for member in balanced:
            facts = problem.members[member]
            scaled = {x: c * facts.scale for x, c in load_terms[member].items()}
            fixed = facts.fixed_load * facts.scale
            build.row(-inf, -fixed, {**scaled, top: -1.0})  # scale x load <= top
            build.row(-fixed, inf, {**scaled, bottom: -1.0})  # scale x load >= bottom
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", max(time_limit - (time.perf_counter() - began), 0.1))
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 1)
    _pass(highs, build)
    highs.run()
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    seconds = time.perf_counter() - began
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    if not has_solution:
        return MipResult(status, None, None, seconds, False)
    values = highs.getSolution().col_value
    scaled_loads = [
        problem.members[m].scale
        * (problem.members[m].fixed_load + sum(c * round(values[x]) for x, c in load_terms[m].items()))
        for m in balanced
    ]
    imbalance = (max(scaled_loads) - min(scaled_loads)) / problem.scale_denominator if len(balanced) > 1 else 0
    bound = info.mip_dual_bound / problem.scale_denominator if len(balanced) > 1 else 0.0
    return MipResult(
        status,
        math.floor(imbalance + 0.5),
        max(0, math.ceil(bound - 1e-6)) if math.isfinite(bound) else None,
        seconds,
        status == "Optimal",
    )


def _pass(highs: highspy.Highs, build: _Builder) -> None:
    count = len(build.lower)
    highs.addVars(count, np.array(build.lower), np.array(build.upper))
    highs.changeColsCost(count, np.arange(count, dtype=np.int32), np.array(build.cost))
    integers = np.array([i for i, flag in enumerate(build.integer) if flag], dtype=np.int32)
    if len(integers):
        highs.changeColsIntegrality(len(integers), integers, np.array([highspy.HighsVarType.kInteger] * len(integers)))
    starts, indices, values = [], [], []
    for _, _, row_indices, row_values in build.rows:
        starts.append(len(indices))
        indices += row_indices
        values += row_values
    highs.addRows(
        len(build.rows),
        np.array([row[0] for row in build.rows]),
        np.array([row[1] for row in build.rows]),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(values),
    )
