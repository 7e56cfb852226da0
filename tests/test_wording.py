"""What people read at 80 columns, and the names they use (issue 22, items 10 and 11).

Each output is read as a person at an 80-column terminal reads it: no
reason wrapped a word a line, no column that says nothing, no sentence
that is false of a what-if with no schedule; and a member or a task is
found by the name people call it, as well as by its id.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.household.lookup import find_member, find_task
from labor_opt.household.units import format_duration
from labor_opt.kernel.errors import Issue
from labor_opt.report.formats import FORMATS
from labor_opt.report.terminal import as_text

from .conftest import ROOT, household

TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"
NEWBORN = ROOT / "examples" / "newborn.yaml"
AFTER_SCHOOL = ROOT / "examples" / "after_school.yaml"
SINGLE_PARENT = ROOT / "examples" / "single_parent_teen.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "80"})


def one_line(text: str) -> str:
    return " ".join(text.split())


def assert_fits(text: str) -> None:
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80, text


# 10. At 80 columns.


def test_explain_says_an_impossible_alternative_in_a_sentence_not_a_word_a_line():
    result = run("explain", TODDLER, "nursery_pick_up", "-q")
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    lone_words = [line for line in result.stdout.splitlines() if len(line.split()) == 1 and re.search(r"\w", line)]
    assert lone_words == [], result.stdout
    assert (
        "Alex does all 5 + its mental load: impossible; Alex has no free time for it on mon, tue, wed, thu, fri."
        in one_line(result.stdout)
    )
    assert "impossible; Alex has no free time for it on" in result.stdout  # begun on the line it belongs to


def test_explain_labels_its_columns_and_names_the_most_woken_member():
    house = labor_opt.load(NEWBORN)
    explanation = labor_opt.explain(house, "night_feed", "baby_arrives")
    plan = explanation.plan
    assert plan.scenario == "baby_arrives" and labor_opt.check(house, plan).valid  # checked as the scenario
    for alternative in explanation.alternatives:
        assert alternative.schedule is not None and labor_opt.check(house, alternative.schedule).valid
    text = as_text(FORMATS["table"].explanation(explanation), 80)
    assert_fits(text)
    header = next(line for line in text.splitlines() if "instead" in line)
    assert one_line(header) == "instead imbalance most nights woken (who) likes (household)"
    nights = {plan.member_name(m): s.disturbed_nights for m, s in plan.members.items()}
    most = max(nights.values())
    assert 0 < most < sum(nights.values())  # the household's total (7) would overstate anyone's nights (4)
    who = ", ".join(name for name, count in nights.items() if count == most)
    imbalance = format_duration(plan.fairness.imbalance)
    assert f"the plan {imbalance} {most} {who} {plan.total_preference:+d}" in one_line(text)
    for alternative in explanation.alternatives:
        schedule = alternative.schedule
        assert schedule is not None
        its = {schedule.member_name(m): s.disturbed_nights for m, s in schedule.members.items()}
        top = max(its.values())
        named = ", ".join(name for name, count in its.items() if count == top)
        change = top - most
        assert f"{top} {named} ({f'{change:+d}' if change else '='})" in one_line(text)


PHARMACY = """description: Noor takes a job like Kai's; nobody is free for a weekday errand
update_members:
  noor: {work: [{days: weekdays, from: "09:00", to: "17:30"}]}
add_tasks:
  - {id: pharmacy, name: Pharmacy run, duration: 30m, repeat: weekdays, window: {from: "10:00", to: "12:00"}}
"""


def test_compare_with_an_impossible_what_if_says_no_schedule_in_its_column_and_why(tmp_path):
    scenario = tmp_path / "pharmacy.yaml"
    scenario.write_text(PHARMACY)
    result = run("compare", NEWBORN, "--scenario-file", scenario, "-q")
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert_fits(out)
    assert re.search(r"^\s+base\s+pharmacy\s*$", out, re.M), out
    assert re.search(r"^\s+status\s+optimal\s+no schedule\s*$", out, re.M), out
    assert re.search(r"^\s+total load\s+49h10m\s+-\s*$", out, re.M), out  # a figure it does not have: -
    assert "pharmacy: no schedule can satisfy it:" in out
    reasons = [line for line in out.splitlines() if line.startswith("  - task pharmacy on")]
    assert [line.split()[4] for line in reasons] == ["mon", "tue", "wed", "thu", "fri"]
    assert "No occurrence changes member" not in out  # of a what-if with no schedule: nothing to say
    assert "scenario pharmacy: no schedule exists (exit 3); the base is shown alone" in result.stderr
    assert "the others are compared" not in result.stderr


def test_compare_changes_read_one_occurrence_a_line_at_80_columns():
    house = labor_opt.load(SINGLE_PARENT)
    comparison = labor_opt.compare(house)
    assert labor_opt.check(house, comparison.base).valid
    (scenario,) = comparison.scenarios
    assert labor_opt.check(house, scenario.schedule).valid
    text = as_text(FORMATS["table"].comparison(comparison), 80)
    assert_fits(text)
    lines = [one_line(line) for line in text.splitlines()]
    assert f"Occurrences that change member in {scenario.name}" in lines
    assert len(scenario.reassigned) > 5
    for change in scenario.reassigned:  # each on a line of its own: never a name or a time broken off
        before = ", ".join(comparison.base.member_name(m) for m in change.before)
        after = ", ".join(scenario.schedule.member_name(m) for m in change.after)
        row = f"{scenario.schedule.task_name(change.task)} {change.occurrence} {before} {after} {change.when_before}"
        assert any(line.startswith(row) for line in lines), (row, text)


def test_a_helper_marked_out_of_the_balance_keeps_the_mark_on_their_name():
    result = run("solve", AFTER_SCHOOL, "-q")
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    assert "│ Grandma Rosa* │" in result.stdout
    assert not re.search(r"^│\s*\*\s*│", result.stdout, re.M), result.stdout  # never a lone "*" on a line


ROUNDED_ONCE = """version: 1
members: [{id: kim}]
tasks: [{id: dinner, duration: 50m}]
"""


def test_one_rounded_length_is_said_in_the_singular(tmp_path):
    path = tmp_path / "h.yaml"
    path.write_text(ROUNDED_ONCE)
    result = run("solve", path, "--format", "json")
    assert result.exit_code == 0, result.output
    assert labor_opt.check(labor_opt.load(path), json.loads(result.stdout)).valid
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        f"{path}: note: 1 task length or window is rounded onto the grid, by 10m; -v shows each, "
        "and what to write instead"
    ]


# 11. Names where people use names.

NAMESAKES = """version: 1
members:
  - {id: sam, name: Sam}
  - {id: samuel, name: Sam}
  - {id: ines, name: Inès}
tasks:
  - {id: dinner, name: Cook dinner, duration: 1h}
  - {id: dishes, duration: 30m}
"""


@pytest.mark.parametrize(
    ("given", "found"),
    [("ines", "ines"), ("Ines", "ines"), ("INÈS", "ines"), ("inès", "ines"), ("samuel", "samuel"), ("sam", "sam")],
)
def test_a_member_is_found_by_id_or_name_in_any_case(given, found):
    assert find_member(household(NAMESAKES), given) == found


@pytest.mark.parametrize(
    ("given", "found"),
    [("Cook dinner", "dinner"), ("cook  DINNER", "dinner"), ("dinner", "dinner"), ("Dishes", "dishes")],
)
def test_a_task_is_found_by_id_or_name_in_any_case(given, found):
    assert find_task(household(NAMESAKES), given) == found


def test_a_name_several_share_is_never_guessed_and_a_name_none_has_lists_the_names():
    house = household(NAMESAKES)
    several = find_member(house, "Sam")
    assert isinstance(several, Issue)
    assert several.message == 'more than one member is called "Sam": Sam (sam), Sam (samuel)'
    assert several.hint == "give the id: sam or samuel"
    none = find_task(house, "cook diner")
    assert isinstance(none, Issue)
    assert none.message == 'there is no task "cook diner"'
    assert none.hint == "did you mean Cook dinner? tasks: Cook dinner (dinner), dishes"


def test_member_takes_the_name_people_use(tmp_path):
    by_name = run("solve", AFTER_SCHOOL, "-q", "--member", "grandma ROSA", "--format", "markdown")
    assert by_name.exit_code == 0, by_name.output
    assert by_name.stdout.startswith("# Grandma Rosa's week (The Okonkwo-Lindqvists)")
    path = tmp_path / "namesakes.yaml"
    path.write_text(NAMESAKES)
    ambiguous = run("solve", path, "-q", "--member", "Sam")  # refused before anything is solved
    assert ambiguous.exit_code == 2
    assert (
        f'{path}: error: --member: more than one member is called "Sam": Sam (sam), Sam (samuel); '
        "give the id: sam or samuel" in ambiguous.stderr
    )
    unknown = run("solve", path, "-q", "--member", "Ines B")
    assert unknown.exit_code == 2
    assert 'there is no member "Ines B"; did you mean Inès? members: Sam, Sam (samuel), Inès (ines)' in unknown.stderr


def test_explain_takes_the_name_people_use():
    result = run("explain", TODDLER, "cook dinner", "--day", "Mon", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Rivera-Okafor: Cook dinner on mon in the plan")
    explanation = labor_opt.explain(labor_opt.load(TODDLER), "Cook Dinner", day="mon")
    assert explanation.task == "dinner" and labor_opt.check(labor_opt.load(TODDLER), explanation.plan).valid


WHAT_IFS = """version: 1
name: Kim and Lee
members: [{id: kim, name: Kim}, {id: lee, name: Lee}]
tasks:
  - {id: bins, name: Take out the bins, duration: 30m, repeat: [mon]}
  - {id: dinner, name: Cook dinner, duration: 1h, repeat: daily}
scenarios:
  guest:
    description: Gus stays for a week
    remove_tasks: [bins]
    add_members: [{id: gus, name: Gus}]
    add_tasks: [{id: walk, name: Walk the dog, duration: 30m, repeat: daily}]
"""


def test_scenario_summaries_name_tasks_and_members_as_people_call_them():
    house = household(WHAT_IFS)
    comparison = labor_opt.compare(house)
    assert labor_opt.check(house, comparison.base).valid
    (guest,) = comparison.scenarios
    assert labor_opt.check(house, guest.schedule).valid
    lines = [one_line(line) for line in as_text(FORMATS["table"].comparison(comparison), 80).splitlines()]
    assert "guest adds member: Gus" in lines
    assert "guest adds: Walk the dog" in lines
    assert "guest removes: Take out the bins" in lines
