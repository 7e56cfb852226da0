"""What a household means: available hours, sleep by night, household hours, someone at home."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.kernel.horizon import DAY_NAMES

from .conftest import ROOT, household

AFTER_SCHOOL = ROOT / "examples" / "after_school.yaml"


def week_minute(assignment: labor_opt.Assignment) -> int:
    return assignment.week_minute


def test_the_after_school_example_uses_all_four_keys_and_solves_valid_and_optimal():
    text = AFTER_SCHOOL.read_text(encoding="utf-8")
    for key in ("available:", "default_window:", "presence:", "away: true", "days: [fri, sat]"):
        assert key in text
    house = labor_opt.load(AFTER_SCHOOL)
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert schedule.status == "optimal"
    # Grandma Rosa is around only on Monday, Wednesday and Friday, 15:00-19:00.
    for assignment in schedule.assignments:
        if "rosa" in assignment.members:
            assert assignment.day in ("mon", "wed", "fri") and "15:00" <= assignment.start < "19:00"


def test_someone_is_home_at_every_minute_of_the_presence_block():
    house = labor_opt.load(AFTER_SCHOOL)
    schedule = labor_opt.solve(house)
    block = house.presence[0]
    away_tasks = {task.id for task in house.tasks if task.away}
    for day in block.days:
        for minute in range(day * 1440 + block.start, day * 1440 + block.start + block.minutes, 15):
            home = [
                member.id
                for member in house.members
                if member.id in block.who
                and not _fixed_away(member, minute)
                and not any(
                    member.id in a.members and a.week_minute <= minute < a.week_minute + a.minutes
                    for a in schedule.assignments
                    if a.task in away_tasks
                )
            ]
            assert home, f"nobody home on {DAY_NAMES[day]} at {minute % 1440 // 60:02d}:{minute % 60:02d}"


def _fixed_away(member: labor_opt.household.models.Member, minute: int) -> bool:
    from labor_opt.problem.week import FREE, member_week

    return bool(member_week(member).busy[minute] != FREE)


ZOE = """
version: 1
members:
  - id: alex
    work: [{days: weekdays, from: "09:00", to: "17:00"}]
  - id: sam
    work: [{days: [tue], from: "09:00", to: "15:40"}]
    commute: 30m
tasks:
  - {id: dinner, duration: 45m, repeat: daily, window: {from: "18:00", to: "20:00"}}
presence:
  - {name: someone home with Zoe, days: weekdays, from: "15:30", to: "18:30", who: [alex, sam]}
"""


def test_a_presence_block_work_makes_impossible_gets_exit_3_with_the_minutes_and_each_reason(tmp_path):
    path = tmp_path / "zoe.yaml"
    path.write_text(ZOE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 3
    assert (
        "- someone home with Zoe: nobody is home on tue 15:30-16:10: alex at work until 17:00; "
        "sam at work until 15:40, then commuting until 16:10" in result.stderr
    )
    assert "on mon" not in result.stderr  # only Tuesday is short: Sam is home the other days


def test_an_away_task_takes_its_doer_out_of_the_house():
    house = household(
        """
version: 1
members: [{id: kim}, {id: lee}]
presence: [{days: [sat], from: "09:00", to: "12:00", who: [kim, lee], people: 2}]
tasks:
  - {id: football, duration: 1h30m, repeat: [sat], window: {from: "09:00", to: "13:30"}, away: true}
"""
    )
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    (football,) = schedule.assignments
    assert football.start >= "12:00"  # both must be home until noon
    moved = json.loads(json.dumps(schedule.to_dict()))
    moved["assignments"][0].update(start="10:00", end="11:30", belongs_to="sat")
    violations = [str(v) for v in labor_opt.check(house, moved).violations]
    assert any(v.startswith("rule 6 (presence): presence 09:00-12:00 on sat has fewer than 2") for v in violations)


def test_available_hours_keep_a_helper_out_of_everything_else_night_feeds_included():
    house = household(
        """
version: 1
members:
  - {id: kai}
  - {id: noor}
  - {id: nana, balance: false, max_nights: 7, available: [{days: [mon, wed], from: "15:00", to: "19:00"}]}
tasks:
  - {id: night_feed, duration: 30m, repeat: daily, window: {from: "02:00", to: "03:00"}, night: true}
  - {id: play, duration: 1h, repeat: [mon, wed], window: {from: "15:00", to: "19:00"}}
"""
    )
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert all("nana" not in a.members for a in schedule.assignments if a.task == "night_feed")
    data = schedule.to_dict()
    feed = next(a for a in data["assignments"] if a["task"] == "night_feed")
    feed["members"] = ["nana"]
    violations = [str(v) for v in labor_opt.check(house, data).violations]
    assert any("during their time away (outside their available hours)" in v for v in violations), violations


def test_sleep_by_night_lets_a_night_begin_after_midnight_and_counts_seven_nights():
    house = household(
        """
version: 1
members:
  - id: ana
    sleep:
      - {days: [sun, mon, tue, wed, thu], from: "22:00", to: "06:00"}
      - {days: [fri, sat], from: "01:00", to: "09:00"}
  - {id: bo}
tasks:
  - {id: early, duration: 1h, repeat: [sat, sun], window: {from: "07:00", to: "08:00"}}
  - {id: feed, duration: 30m, repeat: daily, window: {from: "03:00", to: "03:30"}, night: true}
"""
    )
    ana = house.member("ana")
    assert ana.nights[4] == (5 * 1440 + 60, 8 * 60)  # Friday night: Saturday 01:00 to 09:00
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert all(a.members == ("bo",) for a in schedule.assignments if a.task == "early")  # Ana sleeps in
    assert schedule.members["ana"].disturbed_nights + schedule.members["bo"].disturbed_nights == 7


@pytest.mark.parametrize(
    ("sleep", "complaint"),
    [
        ('[{days: weekdays, from: "23:00", to: "07:00"}]', "leaves out sat, sun"),
        ('[{days: daily, from: "23:00", to: "07:00"}, {days: [sat], from: "01:00", to: "09:00"}]', "names sat twice"),
    ],
)
def test_sleep_blocks_must_name_each_evening_once_with_the_line(sleep, complaint):
    text = f"version: 1\nmembers:\n  - id: ana\n    sleep: {sleep}\ntasks: []\n"
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(text, source="sleep.yaml")
    (issue,) = raised.value.errors
    assert complaint in issue.message and issue.line == 4 and "exactly once" in issue.hint


def test_household_hours_hold_every_task_without_a_window_and_a_task_window_wins():
    house = household(
        """
version: 1
settings: {default_window: {from: "09:00", to: "18:00"}}
members: [{id: kim}, {id: lee}]
tasks:
  - {id: vacuum, duration: 1h, repeat: daily}
  - {id: late_tea, duration: 30m, repeat: daily, window: {from: "21:00", to: "22:00"}}
"""
    )
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert all("09:00" <= a.start and a.end <= "18:00" for a in schedule.assignments if a.task == "vacuum")
    assert all(a.start >= "21:00" for a in schedule.assignments if a.task == "late_tea")


def test_household_hours_off_the_grid_are_said_once_and_too_short_hours_are_an_error():
    house = household(
        """
version: 1
settings: {default_window: {from: "08:05", to: "20:00"}}
members: [{id: kim}]
tasks: [{id: a, duration: 30m}, {id: b, duration: 30m}]
"""
    )
    rounded = [w for w in house.warnings if "default_window" in w.message]
    assert len(rounded) == 1 and rounded[0].path == "settings.default_window"
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(
            "version: 1\nsettings: {default_window: {from: '09:00', to: '10:00'}}\n"
            "members: [{id: kim}]\ntasks: [{id: garden, duration: 2h}]\n",
            source="hours.yaml",
        )
    assert "settings.default_window, the window of task garden (1h) is shorter than the task (2h)" in str(raised.value)


def test_a_scenario_that_removes_a_member_leaves_the_others_to_be_home():
    house = labor_opt.load(AFTER_SCHOOL)
    schedule = labor_opt.solve(house, scenario="rosa_away")
    assert labor_opt.check(house, schedule).valid
    assert "rosa" not in schedule.members
