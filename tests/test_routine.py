"""Routine work (daily, inflexible) shown apart from flexible work, and balanced on request."""

from __future__ import annotations

import labor_opt

from .conftest import household

ROUTINE = """
version: 1
settings:
  fairness: {tolerance: 0, routine: %s}
members:
  - id: ari
  - id: bo
tasks:
  - id: dinner
    duration: 1h
    repeat: daily
    window: {from: "18:00", to: "20:00"}
  - id: garden
    duration: 3h
    repeat: [sat]
  - id: sort_the_loft
    duration: 4h
    repeat: [sun]
"""


def routine_of(schedule: labor_opt.Schedule) -> dict[str, int]:
    return {member_id: summary.routine for member_id, summary in schedule.members.items()}


def test_daily_tasks_count_as_routine_and_the_rest_as_flexible():
    house = household(ROUTINE % "report")
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid  # the checker recomputes routine and flexible itself
    assert sum(routine_of(schedule).values()) == 7 * 60  # seven dinners, done five or more times a week
    for summary in schedule.members.values():
        assert summary.flexible == summary.chores - summary.routine
    assert schedule.to_dict()["members"]["ari"]["flexible"] == schedule.members["ari"].flexible


def test_balance_evens_out_routine_minutes_inside_the_band():
    house = household(ROUTINE % "balance")
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert schedule.fairness.imbalance == 0
    # Equal loads of 7h each: one takes 4 dinners and the loft, the other 3 dinners and the garden.
    assert sorted(routine_of(schedule).values()) == [180, 240]
    assert {stage.goal for stage in schedule.solver.stages} >= {"imbalance", "routine"}


def test_a_task_in_a_tight_window_is_routine_however_rarely_it_comes():
    house = household(
        """
version: 1
members: [{id: ari}, {id: bo}]
tasks:
  - {id: school_run, duration: 30m, repeat: [mon, wed], window: {from: "08:00", to: "09:00"}}
  - {id: bins, duration: 30m, repeat: [mon, wed], window: {from: "08:00", to: "10:00"}}
"""
    )
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert sum(routine_of(schedule).values()) == 2 * 30  # school_run's window is twice its length; bins' is four
