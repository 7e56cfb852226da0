"""Issue 22, item 5: the referee reports broken rules; figures out of date or missing are one note.

A week edited by hand (two names changed) keeps its old totals, and a split
written by hand has none: neither breaks a rule, so `check` exits 0 with one
note giving the right figures. `check --strict` (for labor-opt's own output)
lists each as a problem and exits 5, as the library's `valid` does.
"""

from __future__ import annotations

import copy
import json
import re

from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.schedule.validity import NO_OVERLAP, STAFFING

from .conftest import ROOT

TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"
HAND_EDITED = ROOT / "tests" / "households" / "hand_edited_week.json"  # labor-opt's week, two names changed
HAND_WRITTEN = ROOT / "tests" / "households" / "hand_written_split.yaml"  # only assignments and owners


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def edited() -> dict:
    return labor_opt.read_schedule(HAND_EDITED)


def test_a_hand_edit_leaves_stale_figures_and_breaks_no_rule():
    house = labor_opt.load(TODDLER)
    report = labor_opt.check(house, edited())
    assert report.rules_hold and report.problems == []
    assert not report.valid  # the strict view: labor-opt's own output never has a stale figure
    stale = {(figure.subject, figure.key): (figure.reported, figure.right) for figure in report.stale_figures}
    assert stale == {
        ("alex", "chores"): (660, 690),
        ("alex", "load"): (3375, 3405),
        ("alex", "preference"): (10, 9),
        ("alex", "routine"): (525, 495),
        ("alex", "flexible"): (135, 195),
        ("sam", "chores"): (1530, 1500),
        ("sam", "load"): (3375, 3345),
        ("sam", "routine"): (885, 915),
        ("sam", "flexible"): (645, 585),
        ("fairness", "imbalance"): (0, 60),
        ("file", "status"): ("optimal", "feasible"),  # edited, it is no longer proven best
    }
    assert len(report.violations) == len(stale)  # the strict view still lists each, in words
    assert all(right == report.members[who][key] for (who, key), (_, right) in stale.items() if who in report.members)


def test_a_split_written_by_hand_leaves_out_figures_and_breaks_no_rule():
    house = labor_opt.load(TODDLER)
    report = labor_opt.check(house, labor_opt.read_schedule(HAND_WRITTEN))
    assert report.rules_hold and not report.valid
    assert all(figure.reported is None for figure in report.stale_figures)
    alex = {figure.key: figure.right for figure in report.stale_figures if figure.subject == "alex"}
    assert alex == {key: value for key, value in report.members["alex"].items() if key not in ("routine", "flexible")}


def test_a_broken_rule_stays_a_problem_beside_the_stale_figures():
    house = labor_opt.load(TODDLER)
    data = edited()
    entry = next(a for a in data["assignments"] if a["task"] == "breakfast" and a["day"] == "tue")
    entry["members"] = ["alex", "sam"]  # breakfast takes one
    report = labor_opt.check(house, data)
    assert not report.rules_hold
    assert {violation.rule for violation in report.problems} == {STAFFING, NO_OVERLAP}  # sam makes it and bathes
    assert report.stale_figures  # sam's and alex's totals moved again


def test_what_cannot_be_true_of_the_household_is_still_a_problem():
    house = labor_opt.load(TODDLER)
    data = edited()
    data.update(version=2, household="Other house")
    data["fairness"]["lower_bound"] = 61  # above the imbalance this very schedule has
    assert [str(v) for v in labor_opt.check(house, data).problems] == [
        "the lower bound 61 is not between 0 and the imbalance",
        "the file says version 2; the schedule format has only version 1",
        "the schedule is of household 'Other house', not 'Rivera-Okafor'",
    ]


def test_check_notes_a_hand_edits_figures_once_and_exits_0():
    result = run("check", TODDLER, HAND_EDITED)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{HAND_EDITED}: valid; every rule holds (imbalance 60 minutes).",
        "The figures in the file are out of date; the right ones are (file -> right):",
        "- alex: chores 660 -> 690, load 3375 -> 3405, preference 10 -> 9,",
        "  routine 525 -> 495, flexible 135 -> 195",
        "- sam: chores 1530 -> 1500, load 3375 -> 3345, routine 885 -> 915,",
        "  flexible 645 -> 585",
        "- fairness: imbalance 0 -> 60",
        "- file: status optimal -> feasible",
    ]


def test_check_strict_lists_each_stale_figure_and_exits_5():
    result = run("check", TODDLER, HAND_EDITED, "--strict")
    assert result.exit_code == 5, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{HAND_EDITED}: 11 problems:"
    assert "- alex's chores is reported as 660, but is 690" in lines
    assert lines[-1] == (
        "- the schedule claims to be optimal, but its imbalance 60 is more than the tolerance (15) above its own "
        "lower bound 0"
    )


def test_check_of_a_split_written_by_hand_gives_its_figures_in_80_columns():
    result = run("check", TODDLER, HAND_WRITTEN)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        f"{HAND_WRITTEN}: valid; every rule holds (imbalance 60 minutes).",
        "The file leaves out figures; the right ones are:",
    ]
    assert "- fairness: imbalance 60, lower_bound not known without solving, measure total," in lines
    assert lines[-1] == "- assignments: night left out of 49, minutes left out of 49"
    assert len(lines) == 10 and all(len(line) <= 80 for line in lines[1:])
    strict = run("check", TODDLER, HAND_WRITTEN, "--strict")
    assert strict.exit_code == 5 and strict.stdout.startswith(f"{HAND_WRITTEN}: 121 problems:")
    # Said as the file would say it: never Python's None, True or quotes.
    assert "alex's paid is missing, but is 2400" in strict.stdout
    assert not re.search(r"\b(None|True|False)\b", strict.stdout), strict.stdout


def test_broken_rules_are_listed_and_the_figures_noted_after_them(tmp_path):
    data = edited()
    entry = next(a for a in data["assignments"] if a["task"] == "breakfast" and a["day"] == "tue")
    entry["members"] = ["alex", "sam"]
    data["members"]["eve\x1b]52;c;ZXZpbA==\x07"] = data["members"]["alex"]  # a hostile name, from the file
    path = tmp_path / "week.json"
    path.write_text(json.dumps(data))
    result = run("check", TODDLER, path)
    assert result.exit_code == 5, result.output
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{path}: 2 problems:",
        "- rule 2 (staffing): breakfast on tue at 07:00 has 2 distinct members, needs 1",
        "- rule 3 (no overlap): sam does bathroom on tue 07:15-08:00 and breakfast on tue 07:00-07:30 at the same time",
    ]
    assert lines[3] == "The figures in the file are out of date; the right ones are (file -> right):"
    assert "- eve\\x1b]52;c;ZXZpbA==\\x07: figures given -> none (not a member)" in lines
    assert "\x1b" not in result.stdout


def test_labor_opts_own_output_passes_strict(tmp_path):
    house = labor_opt.load(TODDLER)
    schedule = labor_opt.solve(house)
    path = tmp_path / "week.json"
    path.write_text(json.dumps(schedule.to_dict()))
    assert labor_opt.check(house, schedule).valid
    result = run("check", TODDLER, path, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{path}: valid; every rule holds and every figure")
    stale = copy.deepcopy(schedule.to_dict())
    stale["members"]["alex"]["chores"] += 15
    path.write_text(json.dumps(stale))
    assert run("check", TODDLER, path, "--strict").exit_code == 5
    assert run("check", TODDLER, path).exit_code == 0
