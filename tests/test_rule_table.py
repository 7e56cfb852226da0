"""One rule table: each validity rule matters to the model, and the checker catches its breach.

In the style of per-constraint tests: for every rule, a small household
whose fairest schedule is different when that rule alone is left out of the
model, and the independent checker names exactly that rule in the schedule
found without it.
"""

from __future__ import annotations

import pytest

import labor_opt
from labor_opt.checker.rules import CHECKS
from labor_opt.problem.build import build_problem
from labor_opt.schedule.validity import (
    ASSIGN_ONE,
    BUSY_TIME,
    CHORE_CAPS,
    MENTAL_CAPS,
    NIGHT_CAPS,
    NO_OVERLAP,
    ONE_OWNER,
    PLACEMENT,
    PRESENCE,
    RULES,
    STAFFING,
    Rule,
)
from labor_opt.solver.rules import MODEL_RULES
from labor_opt.solver.runner import StageParams
from labor_opt.solver.solve import ModelInfeasible, solve_problem

from .conftest import household

HEADER = "version: 1\nsettings: {fairness: {measure: chores, tolerance: 0}}\n"

# For each rule: a household, the least imbalance with every rule, and without that rule.
CASES: dict[Rule, tuple[str, int, int]] = {
    # Kim is free only on Sunday; two laundries on distinct days cannot both be Kim's.
    PLACEMENT: (
        """
members:
  - {id: kim, unavailable: [{days: [mon, tue, wed, thu, fri, sat], from: "00:00", to: "24:00"}]}
  - {id: lee}
tasks:
  - {id: laundry, duration: 1h, repeat: {times: 2}}
  - {id: cooking, duration: 2h, who: [lee]}
""",
        120,
        0,
    ),
    # Someone must do the chore; nobody doing it would be perfectly even.
    STAFFING: ("members: [{id: kim}, {id: lee}]\ntasks: [{id: chore, duration: 2h}]\n", 120, 0),
    # Both evening tasks at once would let Kim take both.
    NO_OVERLAP: (
        """
members: [{id: kim}, {id: lee}]
tasks:
  - {id: dishes, duration: 1h, repeat: [mon], window: {from: "18:00", to: "19:00"}}
  - {id: bath, duration: 1h, repeat: [mon], window: {from: "18:00", to: "19:00"}}
  - {id: cooking, duration: 2h, who: [lee]}
""",
        120,
        0,
    ),
    # Kim is at choir for the first hour of the morning's two tasks.
    BUSY_TIME: (
        """
members:
  - {id: kim, unavailable: [{days: [mon], from: "10:00", to: "11:00"}]}
  - {id: lee}
tasks:
  - {id: plants, duration: 1h, repeat: [mon], window: {from: "10:00", to: "12:00"}}
  - {id: post, duration: 1h, repeat: [mon], window: {from: "10:00", to: "12:00"}}
  - {id: cooking, duration: 2h, who: [lee]}
""",
        120,
        0,
    ),
    # The bins stay with one person all week.
    ASSIGN_ONE: (
        "members: [{id: kim}, {id: lee}]\ntasks: [{id: bins, duration: 30m, repeat: daily, assign: one}]\n",
        210,
        30,
    ),
    # Kim's cap keeps the chores uneven.
    CHORE_CAPS: (
        "members: [{id: kim, max_chores: 1h}, {id: lee}]\ntasks: [{id: chore, duration: 1h, repeat: {times: 4}}]\n",
        120,
        0,
    ),
    # Someone carries the planning.
    ONE_OWNER: (
        "members: [{id: kim}, {id: lee}]\ntasks: [{id: meals, duration: 1h, repeat: [mon, tue], mental_load: 1h}]\n",
        60,
        0,
    ),
    # Lee may own no planning: Kim, who also gardens, carries it.
    MENTAL_CAPS: (
        "members: [{id: kim}, {id: lee, max_mental: 0m}]\n"
        "tasks: [{id: meals, duration: 1h, mental_load: 1h}, {id: garden, duration: 2h, who: [kim]}]\n",
        120,
        0,
    ),
    # Kim is woken on at most two nights; Lee takes the rest of the feeds.
    NIGHT_CAPS: (
        "members: [{id: kim, max_nights: 2}, {id: lee}]\n"
        "tasks: [{id: feed, duration: 1h, repeat: daily, night: true, window: {from: '02:00', to: '03:00'}}]\n",
        180,
        60,
    ),
    # Lee must be home on Monday morning, so the shopping (away) falls to Kim, who also cooks.
    PRESENCE: (
        """
members: [{id: kim}, {id: lee}]
presence: [{days: [mon], from: "10:00", to: "12:00", who: [lee]}]
tasks:
  - {id: shop, duration: 2h, repeat: [mon], window: {from: "10:00", to: "12:00"}, away: true}
  - {id: cooking, duration: 2h, who: [kim]}
""",
        240,
        0,
    ),
}


def test_the_model_and_the_checker_share_one_table_covering_every_rule_number():
    assert set(MODEL_RULES) == set(CHECKS) == set(RULES) == set(CASES)
    assert {rule.number for rule in RULES} == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("rule", list(CASES), ids=[f"{rule.number} {rule.name}" for rule in CASES])
def test_leaving_out_one_rule_changes_the_schedule_and_the_checker_names_it(rule):
    text, with_rule, without_rule = CASES[rule]
    house = household(HEADER + text)
    problem = build_problem(house)

    kept = solve_problem(problem, StageParams(10))
    assert labor_opt.check(house, kept).valid
    assert (kept.status, kept.fairness.imbalance) == ("optimal", with_rule)

    try:
        relaxed = solve_problem(problem, StageParams(10, leave_out=frozenset({rule})))
    except ModelInfeasible:  # pragma: no cover - every case here has a schedule without its rule
        pytest.fail(f"without {rule} the household has no schedule")
    assert relaxed.fairness.imbalance == without_rule
    broken = {violation.rule for violation in labor_opt.check(house, relaxed).violations}
    assert rule in broken, broken
