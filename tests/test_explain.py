"""`labor-opt explain`: who does a task and why, what each alternative costs (measured by solving), the shares."""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli

from .conftest import EXAMPLES, ROOT, household

TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "80"})


def costs(schedule: labor_opt.Schedule) -> tuple[int, int, int, int]:
    nights = [summary.disturbed_nights for summary in schedule.members.values()]
    return schedule.fairness.imbalance, sum(nights), max(nights), schedule.total_preference


def solved_by_hand(path, edits: dict) -> labor_opt.Schedule:
    """The household with ``edits`` written under scenarios:, as a person would, solved and checked."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["scenarios"] = {"by_hand": edits}
    house = labor_opt.parse_household(yaml.safe_dump(data, sort_keys=False), source=str(path))
    schedule = labor_opt.solve(house, scenario="by_hand")
    assert labor_opt.check(house, schedule).valid
    return schedule


def single_tasks(path, count: int) -> list[str]:
    """The first tasks done by one person at a time that someone else could do too."""
    house = labor_opt.load(path)
    plan = labor_opt.solve(house)
    found = []
    for task in house.tasks:
        doers = {m for a in plan.assignments if a.task == task.id for m in a.members}
        if task.people == 1 and task.who is None and len(doers) < len(house.members):
            found.append(task.id)
    return found[:count]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_alternative_costs_what_solving_with_it_by_hand_gives(path):
    house = labor_opt.load(path)
    for task in single_tasks(path, 2):
        explanation = labor_opt.explain(house, task)
        assert labor_opt.check(house, explanation.plan).valid
        for alternative in explanation.alternatives:
            edits = {"update_tasks": {task: {"who": [alternative.member]}}}
            if alternative.schedule is None:  # no schedule has it: neither has the file edited by hand
                with pytest.raises(labor_opt.InfeasibleError):
                    solved_by_hand(path, edits)
                continue
            by_hand = solved_by_hand(path, edits)
            assert labor_opt.check(house, alternative.schedule).valid  # forcing a choice keeps every rule
            assert alternative.schedule.status == by_hand.status == "optimal"
            assert costs(alternative.schedule) == costs(by_hand), (task, alternative.member)
            assert {a.members for a in alternative.schedule.assignments if a.task == task} == {(alternative.member,)}


def test_one_days_alternative_costs_what_splitting_that_day_off_by_hand_gives():
    explanation = labor_opt.explain(labor_opt.load(TODDLER), "dinner", day="mon")
    assert [a.home_day for a in explanation.explained] == ["mon"]
    (alternative,) = explanation.alternatives
    data = yaml.safe_load(TODDLER.read_text(encoding="utf-8"))
    dinner = next(task for task in data["tasks"] if task["id"] == "dinner")
    monday = {**dinner, "id": "dinner_mon", "repeat": ["mon"], "who": [alternative.member]}
    monday.pop("mental_load"), monday.pop("now")
    edits = {"update_tasks": {"dinner": {"repeat": ["tue", "wed", "thu", "fri", "sat", "sun"]}}, "add_tasks": [monday]}
    by_hand = solved_by_hand(TODDLER, edits)
    assert alternative.schedule is not None
    assert costs(alternative.schedule) == costs(by_hand)


def test_the_command_names_the_doers_the_measured_alternatives_the_verdict_and_the_shares():
    result = run("explain", TODDLER, "breakfast", "-q")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 80
    assert "Done by Alex 7 of 7 (mon, tue, wed, thu, fri, sat, sun)." in shown
    assert "Instead (each solved again with it forced)" in shown
    assert "Sam does all 7 0m (=) 0 (=) +26 (-3)" in shown
    assert "Sam doing it would be as fair, but less liked (preferences -3)." in shown
    assert "Alex carries 50% of the total load (56h15m of 112h30m); without breakfast, 48% (52h45m of 109h)." in shown


def test_the_json_has_every_alternative_with_its_figures_and_changes():
    result = run("explain", TODDLER, "dinner", "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["task"] == "dinner" and data["owner"] == "sam" and data["mental_load"] == 60
    by_member = {alternative["member"]: alternative for alternative in data["alternatives"]}
    assert set(by_member) == {"alex", "sam"}
    for alternative in by_member.values():
        assert alternative["possible"] and alternative["status"] == "optimal"
        assert alternative["changes"]["imbalance"] == alternative["imbalance"] - data["plan"]["fairness"]["imbalance"]
    assert [share["member"] for share in data["shares"]] == ["alex", "sam"]
    assert labor_opt.check(labor_opt.load(TODDLER), data["plan"]).valid


BUSY = """
version: 1
members:
  - id: ana
  - id: ben
    work: [{days: [mon], from: "17:00", to: "21:00"}]
  - id: cal
    never: [dinner]
tasks:
  - id: dinner
    duration: 1h
    repeat: [mon]
    window: {from: "18:00", to: "20:00"}
  - id: laundry
    duration: 1h
    repeat: {times: 2}
"""


def test_an_alternative_no_schedule_has_is_named_with_its_reason_and_so_is_who_may_not():
    explanation = labor_opt.explain(household(BUSY), "dinner")
    assert explanation.not_allowed == {"cal": "lists it under `never`"}
    impossible = [a for a in explanation.alternatives if not a.possible]
    assert [(a.member, a.reason) for a in impossible] == [("ben", "ben has no free time for it on mon")]
    assert explanation.doers() == {"ana": ["mon"]}
    assert explanation.verdict() == "Nobody else can do it in any valid schedule, so the plan has no choice here."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["dinnr"], 'there is no task "dinnr"; did you mean Cook dinner?'),
        (["garden", "--day", "mon"], "the plan has no garden on mon; it is on sat"),
    ],
)
def test_a_task_or_day_the_plan_does_not_have_is_a_clear_error(arguments, message):
    result = run("explain", TODDLER, *arguments, "-q")
    assert result.exit_code == 2
    assert message in result.stderr


def test_an_alternative_the_checker_rejects_is_never_shown_with_figures(monkeypatch):
    """Every schedule shown passes the checker: an alternative that would not is 'not found', not figures."""
    import labor_opt.analysis.explanations as explanations
    import labor_opt.checker

    real = labor_opt.checker.check_schedule
    calls = []

    def checker(house, data):  # the plan itself is checked in solve(); this sees only the alternatives
        calls.append(data)
        report = real(house, data)
        return dataclasses.replace(report, violations=(*report.violations, "a rule broken (simulated)"))

    monkeypatch.setattr(explanations, "check_schedule", checker)
    result = run("explain", TODDLER, "dinner", "--day", "mon", "-q")
    assert result.exit_code == 0, result.output
    assert calls  # each alternative went through the checker
    assert "Sam on mon: not found; no valid schedule with it was found within the time limit; it may exist" in " ".join(
        result.stdout.split()
    )
