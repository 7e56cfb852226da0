"""The checker catches every kind of broken schedule, and passes good ones."""

from __future__ import annotations

import copy

import pytest

import labor_opt

from .conftest import EXAMPLES, household

HOUSEHOLD = household("""
version: 1
members:
  - id: kim
    work: [{days: weekdays, from: "09:00", to: "17:00"}]
    commute: 30m
    skills: {cooking: able}
    likes: [dinner]
    max_chores: 6h
  - id: lee
    skills: {cooking: learning}
    never: [bins]
    dislikes: [dinner]
tasks:
  - {id: dinner, duration: 1h, repeat: daily, window: {from: "18:00", to: "20:30"}, requires: [cooking], mental_load: 30m}
  - {id: bins, duration: 15m, repeat: [mon], assign: one}
  - {id: laundry, duration: 1h, repeat: {times: 2, min_gap_days: 2}}
  - {id: feed, duration: 30m, repeat: [tue], night: true, window: {from: "02:00", to: "03:00"}}
""")


@pytest.fixture(scope="module")
def good() -> dict:
    schedule = labor_opt.solve(HOUSEHOLD)
    assert labor_opt.check(HOUSEHOLD, schedule).valid
    return schedule.to_dict()


def violations(schedule: dict) -> str:
    report = labor_opt.check(HOUSEHOLD, schedule)
    assert not report.valid
    return "\n".join(map(str, report.violations))


def edit(good: dict, task: str, **changes) -> dict:
    broken = copy.deepcopy(good)
    entry = next(a for a in broken["assignments"] if a["task"] == task)
    entry.update(changes)
    return broken


def test_missing_occurrence_breaks_rule_1(good):
    broken = copy.deepcopy(good)
    broken["assignments"] = [a for a in broken["assignments"] if not (a["task"] == "dinner" and a["day"] == "wed")]
    assert "rule 1 (placement): dinner is placed 6 times, the week needs 7" in violations(broken)


def test_outside_window_breaks_rule_1(good):
    broken = copy.deepcopy(good)
    entry = next(a for a in broken["assignments"] if a["task"] == "dinner" and a["day"] == "mon")
    entry.update(start="12:00", end="13:30", minutes=90, members=["lee"])
    assert violations(broken).startswith("rule 1 (placement): dinner on mon 12:00-13:30 is outside its window")


def test_off_grid_breaks_rule_1(good):
    entry = next(a for a in good["assignments"] if a["task"] == "feed")
    assert "off the 15m grid" in violations(edit(good, "feed", start="02:05", end="02:35", members=entry["members"]))


def test_min_gap_breaks_rule_1(good):
    broken = copy.deepcopy(good)
    days = []
    for entry in broken["assignments"]:
        if entry["task"] == "laundry":
            entry.update(day="sat" if not days else "sun", start="12:00", end="13:00")
            days.append(entry["day"])
    assert "empty days between two occurrences" in violations(broken)


def test_not_allowed_member_breaks_rule_2(good):
    assert "rule 2 (staffing): lee may not do bins" in violations(edit(good, "bins", members=["lee"]))


def test_wrong_people_count_breaks_rule_2(good):
    assert "needs 1" in violations(edit(good, "bins", members=["kim", "lee"]))


def test_work_time_breaks_rule_3(good):
    text = violations(edit(good, "laundry", day="mon", start="10:00", end="11:00", members=["kim"]))
    assert "rule 3 (busy time): kim does laundry on mon 10:00-11:00 during their work" in text


def test_commute_and_sleep_break_rule_3(good):
    assert "during their commute" in violations(
        edit(good, "laundry", day="tue", start="17:00", end="18:00", members=["kim"])
    )
    assert "while asleep" in violations(edit(good, "laundry", day="tue", start="06:00", end="07:00", members=["lee"]))


def test_double_booking_breaks_rule_3(good):
    broken = copy.deepcopy(good)
    dinner = next(a for a in broken["assignments"] if a["task"] == "dinner" and a["day"] == "sat")
    laundry = next(a for a in broken["assignments"] if a["task"] == "laundry")
    laundry.update(day="sat", start=dinner["start"], end=dinner["end"], members=dinner["members"])
    assert "at the same time" in violations(broken)


def test_cap_breaks_rule_4(good):
    broken = copy.deepcopy(good)
    for entry in broken["assignments"]:
        if entry["task"] == "dinner":
            entry["members"] = ["kim"]
    assert "over their max_chores" in violations(broken)


def test_owner_not_allowed_breaks_rule_5(good):
    broken = copy.deepcopy(good)
    broken["owners"] = {}
    assert "rule 5 (one owner): dinner has mental load but no owner" in violations(broken)


def test_format_of_the_schedule_file_is_checked(good):
    broken = copy.deepcopy(good)
    broken["status"] = "great"
    broken["assignments"].reverse()
    broken["assignments"][0]["night"] = not broken["assignments"][0]["night"]
    text = violations(broken)
    assert "status 'great' is neither optimal nor feasible" in text
    assert "not sorted by day, start and task" in text
    assert "reports night:" in text


def test_false_figures_are_caught(good):
    broken = copy.deepcopy(good)
    broken["members"]["kim"]["chores"] += 15
    broken["fairness"]["imbalance"] += 1
    text = violations(broken)
    assert "kim's chores is reported as" in text and "the imbalance is reported as" in text


def test_check_recomputes_figures_of_every_example():
    for path in EXAMPLES:
        house = labor_opt.load(path)
        schedule = labor_opt.solve(house)
        report = labor_opt.check(house, schedule)
        assert report.valid
        assert report.imbalance == schedule.fairness.imbalance
        assert report.members == {m: s.to_dict() for m, s in schedule.members.items()}
