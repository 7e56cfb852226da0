"""Comparing what-ifs: side-by-side figures, deltas that add up, stable re-planning, scenario files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import labor_opt
from labor_opt import InfeasibleError, InputError, NoScheduleInTimeError
from labor_opt.cli import cli

from .conftest import EXAMPLES, household
from .strategies import households

NEWBORN = next(p for p in EXAMPLES if p.stem == "newborn")
TWINS = NEWBORN.parent / "scenarios" / "twins.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "160"})


def assert_all_valid(house: labor_opt.Household, comparison: labor_opt.Comparison) -> None:
    for schedule in (comparison.base, *(s.schedule for s in comparison.scenarios)):
        report = labor_opt.check(house, schedule)
        assert report.valid, (schedule.scenario, [str(v) for v in report.violations])


def assert_deltas_add_up(house: labor_opt.Household, comparison: labor_opt.Comparison) -> None:
    measure = house.settings.fairness.measure
    base = comparison.base
    for scenario in comparison.scenarios:
        after = scenario.schedule
        for member_id, delta in scenario.members.items():
            old, new = base.members.get(member_id), after.members.get(member_id)
            for name, figure in (("chores", "chores"), ("mental", "mental"), ("load", "load")):
                expected = (getattr(new, figure) if new else 0) - (getattr(old, figure) if old else 0)
                assert getattr(delta, name) == expected
            paid = delta.paid_and_commute if measure == "total" else 0
            assert delta.load == paid + delta.chores + delta.mental
        total_chores = sum(s.chores for s in after.members.values()) - sum(s.chores for s in base.members.values())
        assert sum(d.chores for d in scenario.members.values()) == total_chores
        assert scenario.imbalance_change == after.fairness.imbalance - base.fairness.imbalance
        before = {(a.task, a.occurrence): a.members for a in base.assignments}
        changed = {
            (a.task, a.occurrence)
            for a in after.assignments
            if before.get((a.task, a.occurrence), a.members) != a.members
        }
        assert {(r.task, r.occurrence) for r in scenario.reassigned} == changed


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_compares_in_one_command(path, tmp_path):
    result = run("compare", path, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    house = labor_opt.load(path)
    assert set(data["scenarios"]) == set(house.scenarios)
    for schedule in (data["base"], *(entry["schedule"] for entry in data["scenarios"].values())):
        assert labor_opt.check(house, schedule).valid
        assert schedule["status"] == "optimal"
    comparison = labor_opt.compare(house)
    assert_all_valid(house, comparison)
    assert_deltas_add_up(house, comparison)
    assert comparison.to_dict() == {
        **data,
        "base": {**data["base"], "solver": comparison.base.to_dict()["solver"]},
        "scenarios": comparison.to_dict()["scenarios"],
    }


def test_the_terminal_table_shows_figures_side_by_side():
    result = run("compare", NEWBORN, "-q")
    assert result.exit_code == 0
    text = result.stdout
    for expected in (
        "base vs baby_arrives vs new_job",
        "paid + commute",
        "nights woken",
        "least possible",
        "changed member",
        "Occurrences that change member",
        "Kai",
        "Noor",
    ):
        assert expected in text


def test_markdown_for_a_message():
    result = run("compare", NEWBORN, "--scenario", "baby_arrives", "--format", "markdown", "-q")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "## Kai and Noor: base vs baby_arrives"
    assert "|  | base | baby_arrives |" in lines
    assert "| --- | --- | --- |" in lines
    assert lines[lines.index("| Noor |  |  |") + 1] == "|  paid + commute | 24h | 0m (-24h) |"


def test_newborn_scenario_shares_the_disturbed_nights():
    comparison = labor_opt.compare(labor_opt.load(NEWBORN), ["baby_arrives"])
    nights = {m: s.disturbed_nights for m, s in comparison.scenario("baby_arrives").schedule.members.items()}
    assert sorted(nights.values()) == [3, 4]


def test_stable_replanning_moves_fewer_and_reports_it():
    house = labor_opt.load(NEWBORN)
    plain = labor_opt.compare(house)
    stable = labor_opt.compare(house, stable=True)
    assert_all_valid(house, stable)
    assert_deltas_add_up(house, stable)
    for before, after in zip(plain.scenarios, stable.scenarios):
        assert after.moved <= before.moved
        fairness = after.schedule.fairness
        assert fairness.imbalance <= fairness.lower_bound + fairness.tolerance
        assert after.schedule.stability is not None and after.schedule.stability.moved_members == after.moved
    assert plain.scenario("baby_arrives").moved > 0 == stable.scenario("baby_arrives").moved


def test_solve_stable_writes_how_many_moved():
    result = run("solve", NEWBORN, "--scenario", "baby_arrives", "--stable", "--format", "json", "-q")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data["stability"]) == {"moved_members", "moved_times", "moved_owners"}
    assert data["stability"]["moved_members"] == 0
    assert labor_opt.check(labor_opt.load(NEWBORN), data).valid
    refused = run("solve", NEWBORN, "--stable")
    assert refused.exit_code == 2 and "name one with --scenario" in refused.stderr


def test_baseline_file_stands_in_for_the_base(tmp_path):
    house = labor_opt.load(NEWBORN)
    followed = labor_opt.solve(house).to_dict()
    # The household actually swapped two dinners: that is the base now.
    dinners = [a for a in followed["assignments"] if a["task"] == "dinner"]
    baseline = tmp_path / "followed.json"
    baseline.write_text(json.dumps(followed))
    result = run("compare", NEWBORN, "--baseline", baseline, "--stable", "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["base_source"] == "baseline"
    assert data["base"]["assignments"] == followed["assignments"]
    assert data["scenarios"]["new_job"]["moved"] == 0
    for entry in data["scenarios"].values():
        assert labor_opt.check(house, entry["schedule"]).valid
    assert dinners


def test_a_baseline_that_breaks_rules_is_used_with_a_warning(tmp_path):
    house = labor_opt.load(NEWBORN)
    followed = labor_opt.solve(house).to_dict()
    followed["assignments"] = followed["assignments"][1:]
    baseline = tmp_path / "followed.json"
    baseline.write_text(json.dumps(followed))
    result = run("compare", NEWBORN, "--baseline", baseline, "--scenario", "new_job")
    assert result.exit_code == 0
    assert "this baseline breaks rules" in result.stderr and "rule 1 (placement):" in result.stderr


def test_scenario_files_try_a_what_if_without_editing_the_household(tmp_path):
    household_bytes, scenario_bytes = NEWBORN.read_bytes(), TWINS.read_bytes()
    result = run("compare", NEWBORN, "--scenario-file", TWINS, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["scenarios"]) == ["twins"]
    house, name = labor_opt.load_scenario_file(labor_opt.load(NEWBORN), TWINS)
    assert labor_opt.check(house, data["scenarios"][name]["schedule"]).valid
    solved = run("solve", NEWBORN, "--scenario-file", TWINS, "--format", "json", "-q")
    assert json.loads(solved.stdout)["scenario"] == "twins"
    schedule_file = tmp_path / "twins.json"
    schedule_file.write_text(solved.stdout)
    checked = run("check", NEWBORN, schedule_file, "--scenario-file", TWINS)
    assert checked.exit_code == 0 and "valid" in checked.stdout
    assert NEWBORN.read_bytes() == household_bytes and TWINS.read_bytes() == scenario_bytes  # both untouched


def test_mistakes_in_a_scenario_file_are_reported_at_its_lines(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text(
        "description: typo\nupdate_tasks:\n  dinner: {duraton: 30m}\nremove_tasks: [dishez]\nadd_members: 3\n"
    )
    result = run("compare", NEWBORN, "--scenario-file", bad)
    assert result.exit_code == 2
    assert (
        f"{bad}:3: error: update_tasks.dinner.duraton: scenario typo: unknown key `duraton`; did you mean `duration`?"
        in result.stderr
    )
    assert f"{bad}:4: error" in result.stderr and "did you mean dishes?" in result.stderr
    assert f"{bad}:5: error" in result.stderr


def test_unknown_and_infeasible_scenarios(tmp_path):
    unknown = run("compare", NEWBORN, "--scenario", "baby")
    assert unknown.exit_code == 2 and "there is no scenario baby" in unknown.stderr
    house = household(BUSY)
    comparison = labor_opt.compare(house)
    assert not comparison.scenarios and labor_opt.check(house, comparison.base).valid
    (failure,) = comparison.failures
    assert (failure.name, failure.kind, failure.exit_code) == ("busy", "infeasible", 3)
    assert failure.reasons[0].startswith("task chore (on any day): nobody can do it")
    path = tmp_path / "busy.yaml"
    path.write_text(BUSY)
    shown = run("compare", path, "--format", "json", "-q")  # stdout holds the json; stderr says it for scripts
    assert shown.exit_code == 3
    assert shown.stderr.splitlines()[0] == "scenario busy: no schedule exists (exit 3); the base is shown alone"


BUSY = """
version: 1
members: [{id: kim}]
tasks: [{id: chore, duration: 1h}]
scenarios:
  busy:
    update_members: {kim: {work: [{days: daily, from: "00:00", to: "24:00"}]}}
"""

EDITS = st.sampled_from(["drop_work", "add_task", "remove_task", "longer_task"])


def with_scenario(data: dict, edit: str) -> dict:
    data = yaml.safe_load(yaml.safe_dump(data))
    member, task = data["members"][0]["id"], data["tasks"][0]["id"] if data["tasks"] else None
    scenario: dict = {
        "drop_work": {"update_members": {member: {"work": []}}},
        "add_task": {"add_tasks": [{"id": "extra", "duration": 45, "repeat": {"times": 2}}]},
        "remove_task": {"remove_tasks": [task]} if task else {"add_tasks": [{"id": "extra", "duration": 30}]},
        "longer_task": {"update_tasks": {task: {"duration": 90}}}
        if task
        else {"add_tasks": [{"id": "extra", "duration": 30}]},
    }[edit]
    data["scenarios"] = {"what_if": scenario}
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(households(), EDITS)
def test_stable_never_moves_more_than_a_plain_replan(data, edit):
    try:
        house = labor_opt.parse_household(yaml.safe_dump(with_scenario(data, edit)), source="random.yaml")
        plain = labor_opt.compare(house, time_limit=5)
        stable = labor_opt.compare(house, stable=True, time_limit=5)
    except (InputError, InfeasibleError, NoScheduleInTimeError):
        assume(False)
        return
    assume(not plain.failures and not stable.failures)  # a what-if with no schedule has nothing to keep to
    before, after = plain.scenario("what_if"), stable.scenario("what_if")
    assume(before.schedule.status == after.schedule.status == "optimal")
    assert_all_valid(house, stable)
    assert after.moved <= before.moved
    fairness = after.schedule.fairness
    assert fairness.imbalance <= fairness.lower_bound + fairness.tolerance
    assert fairness.lower_bound == before.schedule.fairness.lower_bound


def test_compare_api_is_typed_and_documented():
    comparison = labor_opt.compare(labor_opt.load(NEWBORN), ["new_job"], stable=True)
    assert isinstance(comparison, labor_opt.Comparison)
    delta = comparison.scenario("new_job").members["kai"]
    assert isinstance(delta, labor_opt.MemberDelta) and delta.change == "kept"
    assert labor_opt.compare.__doc__ and ">>>" in labor_opt.compare.__doc__
    assert Path(TWINS).exists()
