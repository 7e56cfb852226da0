"""Every shipped example and each of its scenarios solves to a proven-optimal valid schedule."""

from __future__ import annotations

import pytest

import labor_opt

from .conftest import EXAMPLES, solve_checked

CASES = [(path, scenario) for path in EXAMPLES for scenario in [None, *labor_opt.load(path).scenarios]]


def test_at_least_four_examples_each_with_a_scenario():
    assert len(EXAMPLES) >= 4
    assert all(labor_opt.load(path).scenarios for path in EXAMPLES)


@pytest.mark.parametrize(("path", "scenario"), CASES, ids=[f"{p.stem}-{s or 'base'}" for p, s in CASES])
def test_example_solves_optimal_and_valid(path, scenario):
    household = labor_opt.load(path)
    schedule = solve_checked(household, scenario)
    assert schedule.status == "optimal"
    assert schedule.scenario == scenario
    fairness = schedule.fairness
    assert fairness.lower_bound <= fairness.imbalance <= fairness.lower_bound + fairness.tolerance


def test_same_file_same_schedule_every_run():
    household = labor_opt.load(EXAMPLES[0])
    first = solve_checked(household).to_dict()
    second = solve_checked(labor_opt.load(EXAMPLES[0])).to_dict()
    first.pop("solver"), second.pop("solver")
    assert first == second


def test_newborn_night_feeds_are_shared_between_the_parents():
    household = labor_opt.load(next(p for p in EXAMPLES if p.stem == "newborn"))
    schedule = solve_checked(household, "baby_arrives")
    nights = {member: summary.disturbed_nights for member, summary in schedule.members.items()}
    assert all(count > 0 for count in nights.values()), nights  # nobody carries them alone
    assert max(nights.values()) <= 4  # 7 nights of feeds split as evenly as possible
