"""The bounds large households are measured against: the linear one on the imbalance, the nights no one can spare."""

from __future__ import annotations

import math
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings

import labor_opt
from labor_opt import InfeasibleError, InputError, NoScheduleInTimeError
from labor_opt.household.units import round_minutes
from labor_opt.problem.build import build_problem
from labor_opt.schedule.validity import CHORE_CAPS
from labor_opt.solver.assignment_bound import assignment_bound
from labor_opt.solver.engine import Outcome, SearchStatus
from labor_opt.solver.large_households import band_floor
from labor_opt.solver.loads import load_unit
from labor_opt.solver.model import ScheduleModel
from labor_opt.solver.nights import fewest_most_nights

from .conftest import EXAMPLES, household, solve_checked
from .strategies import households


def bound_in_minutes(house: labor_opt.Household, **options: Any) -> int:
    problem = build_problem(house)
    bound = assignment_bound(problem, **options)
    assert bound is not None
    return round_minutes(problem.imbalance_in_minutes(bound.imbalance * load_unit(problem)))


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(households())
def test_the_linear_bound_never_exceeds_the_proven_imbalance(data):
    try:
        house = labor_opt.parse_household(yaml.safe_dump(data, sort_keys=False), source="random.yaml")
        problem = build_problem(house)
    except InputError:
        assume(False)
        return
    assume(len(problem.balanced) >= 2)
    try:
        schedule = solve_checked(house)
    except (InfeasibleError, NoScheduleInTimeError):
        assume(False)
        return
    assume(schedule.status == "optimal")
    assert bound_in_minutes(house) <= schedule.fairness.lower_bound <= schedule.fairness.imbalance


def test_the_linear_bound_is_the_optimum_where_paid_work_alone_decides_it():
    # newborn.yaml and single_parent_teen.yaml: one member's paid hours set the imbalance, whoever does the chores.
    for name, proven in (("newborn.yaml", 430), ("single_parent_teen.yaml", 810)):
        path = next(path for path in EXAMPLES if path.name == name)
        house = labor_opt.load(path)
        assert solve_checked(house).fairness.lower_bound == proven
        assert bound_in_minutes(house) == proven


def test_a_cap_left_out_of_the_model_is_left_out_of_the_bound():
    house = household(
        """
version: 1
members:
  - {id: ash, max_chores: 1h}
  - {id: bo}
tasks:
  - {id: dishes, duration: 1h, repeat: daily}
"""
    )
    # With the cap, bo does at least 6 of the 7 hours; without it, the hours can be shared evenly.
    assert bound_in_minutes(house) == 300
    assert bound_in_minutes(house, leave_out={CHORE_CAPS}) == 0
    assert solve_checked(house).fairness.imbalance == 300


NIGHTLY_FEED = """
version: 1
members:
  - {{id: ash, sleep: {{from: "22:00", to: "06:00"}}}}
  - {{id: bo, sleep: {{from: "{bo_sleeps}", to: "07:00"}}}}
tasks:
  - {{id: feed, duration: 20m, repeat: daily, window: {{from: "02:00", to: "03:00"}}, night: true, assign: {assign}}}
"""


def test_a_nightly_feed_kept_by_one_member_wakes_them_every_night():
    house = household(NIGHTLY_FEED.format(bo_sleeps="23:00", assign="one"))
    assert fewest_most_nights(build_problem(house)) == 7
    schedule = solve_checked(house)
    assert max(member.disturbed_nights for member in schedule.members.values()) == 7


def test_nights_that_can_be_shared_force_nothing():
    shared = household(NIGHTLY_FEED.format(bo_sleeps="23:00", assign="any"))
    assert fewest_most_nights(build_problem(shared)) == 0
    assert max(member.disturbed_nights for member in solve_checked(shared).members.values()) == 4


def test_a_member_awake_for_the_feed_forces_no_nights():
    # bo sleeps only from 03:00: the feed fits before, and bo could keep it without losing a night.
    house = household(NIGHTLY_FEED.format(bo_sleeps="03:00", assign="one"))
    assert fewest_most_nights(build_problem(house)) == 0
    assert max(member.disturbed_nights for member in solve_checked(house).members.values()) == 0


def test_the_band_starts_at_the_bound_once_the_best_found_is_within_the_tolerance():
    house = household(
        """
version: 1
settings: {fairness: {tolerance: 30m}}
members: [{id: ash}, {id: bo}]
tasks: [{id: dishes, duration: 30m, repeat: daily}]
"""
    )
    built = ScheduleModel(build_problem(house))
    tolerance = built.imbalance.tolerance
    assert tolerance > 0
    within = Outcome(SearchStatus.FEASIBLE, (), objective=tolerance, bound=0.0)
    beyond = Outcome(SearchStatus.FEASIBLE, (), objective=tolerance + 1, bound=0.0)
    unknown = Outcome(SearchStatus.FEASIBLE, (), objective=tolerance + 1, bound=-math.inf)
    assert band_floor(built, within) == 0
    assert band_floor(built, beyond) == tolerance + 1
    assert band_floor(built, unknown) == tolerance + 1
