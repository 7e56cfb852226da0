"""When no schedule exists: a diagnosis naming the cause, and changes that, applied, make the file solvable.

Each file in tests/infeasible/ says in its header what is wrong with it
(``# diagnosis:`` words the reasons must contain) and which change must be
among those offered (``# relaxation: KIND [SUBJECT]``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli

from .conftest import ROOT

INFEASIBLE = sorted((ROOT / "tests" / "infeasible").glob("*.yaml"))
NO_SCHEDULE = [*INFEASIBLE, *sorted((ROOT / "examples" / "no_schedule").glob("*.yaml"))]
LIFE = ("work", "commute", "sleep", "unavailable")  # never the thing to change


def header(path: Path, key: str) -> str:
    found = re.search(rf"^# {key}: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path.name} has no `# {key}:` line"
    return found.group(1).strip()


def infeasible(house: labor_opt.Household) -> labor_opt.InfeasibleError:
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(house)
    return raised.value


def test_the_corpus_has_eight_known_causes_at_least():
    assert len(INFEASIBLE) >= 8
    causes = {header(path, "relaxation").split()[0] for path in INFEASIBLE}
    assert {"window", "max_chores", "max_mental", "max_nights", "who", "never", "people", "assign"} <= causes


@pytest.mark.parametrize("path", INFEASIBLE, ids=lambda p: p.stem)
def test_the_diagnosis_names_the_cause_and_the_expected_change_is_offered(path):
    error = infeasible(labor_opt.load(path))
    assert any(header(path, "diagnosis") in reason for reason in error.reasons), error.reasons
    kind, *subject = header(path, "relaxation").split()
    offered = [(relaxation.kind, relaxation.subject) for relaxation in error.relaxations]
    assert any(k == kind and (not subject or s == subject[0]) for k, s in offered), offered


@pytest.mark.parametrize("path", NO_SCHEDULE, ids=lambda p: p.stem)
def test_every_change_offered_makes_the_file_solvable_when_applied(path):
    house = labor_opt.load(path)
    error = infeasible(house)
    assert 1 <= len(error.relaxations) <= 5
    for relaxation in error.relaxations:
        assert not any(re.search(rf"\b{word}:", relaxation.edits) for word in LIFE), relaxation.edits
        fixed = relaxation.applied_to(house)
        schedule = labor_opt.solve(fixed)
        assert labor_opt.check(fixed, schedule).valid, relaxation.text


def test_a_widened_window_is_the_smallest_that_works():
    house = labor_opt.load(ROOT / "tests" / "infeasible" / "window_while_both_work.yaml")
    window = next(r for r in infeasible(house).relaxations if r.kind == "window")
    assert window.text == "widen the window of nursery_pick_up to 15:30-18:00 (30m later)"
    assert window.size == 30
    # A quarter of an hour less is still too little: the pick-up needs half an hour after 17:30.
    assert window.changes == {"update_tasks": {"nursery_pick_up": {"window": {"from": "15:30", "to": "18:00"}}}}
    almost = {"update_tasks": {"nursery_pick_up": {"window": {"from": "15:30", "to": "17:45"}}}}
    infeasible(labor_opt.Relaxation("window", "nursery_pick_up", "", almost, 15).applied_to(house))


def test_a_raised_cap_is_the_smallest_that_works():
    house = labor_opt.load(ROOT / "tests" / "infeasible" / "chores_cap_below_forced_work.yaml")
    cap = next(r for r in infeasible(house).relaxations if r.kind == "max_chores")
    assert cap.text == "raise max_chores of leo to 5h15m (from 4h)"  # seven dinners of 45m
    assert cap.edits == 'update_members: {leo: {max_chores: "5h15m"}}'
    lower = {"update_members": {"leo": {"max_chores": "5h"}}}
    infeasible(labor_opt.Relaxation("max_chores", "leo", "", lower, 60).applied_to(house))


def test_the_command_line_prints_the_changes_with_their_scenario_edits():
    result = CliRunner().invoke(cli, ["solve", str(ROOT / "examples" / "no_schedule" / "nursery_clash.yaml")])
    assert result.exit_code == 3
    assert "what would make it work (each change tried: with it, a schedule exists):" in result.stderr
    assert "- widen the window of nursery_pick_up to 15:30-18:00 (30m later)" in result.stderr
    assert 'as a scenario: update_tasks: {nursery_pick_up: {window: {from: "15:30", to: "18:00"}}}' in result.stderr


def test_a_scenario_edit_offered_can_be_pasted_under_scenarios(tmp_path):
    path = ROOT / "tests" / "infeasible" / "who_names_someone_at_work.yaml"
    change = next(r for r in infeasible(labor_opt.load(path)).relaxations if r.kind == "who")
    pasted = tmp_path / "household.yaml"
    pasted.write_text(path.read_text(encoding="utf-8") + f"scenarios:\n  fixed: {{{change.edits}}}\n", encoding="utf-8")
    house = labor_opt.load(pasted)
    schedule = labor_opt.solve(house, scenario="fixed")
    assert labor_opt.check(house, schedule).valid
    assert {member for a in schedule.assignments if a.task == "school_run" for member in a.members} == {"ben"}
