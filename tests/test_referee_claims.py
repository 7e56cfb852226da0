"""Never a traceback, part three: the referee endorses no claim it has not verified, and reads any number safely.

A schedule file's lower bound and `optimal` status cannot be recomputed
from the household: `check` lists them as the file's claims, `check
--verify` tests them by solving, and `compare --baseline` repeats none of
them. A number no schedule can hold (a 5001-digit integer, NaN, 1e999) is
refused at reading with exit 2, naming the file and the field.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import labor_opt
from labor_opt.analysis.claims import Verification
from labor_opt.checker.report import BOUND, GOALS, LEAST, CheckReport, Claim, Violation
from labor_opt.cli import cli
from labor_opt.report.check_view import valid_lines

from .conftest import ROOT, solve_checked

NEWBORN = ROOT / "examples" / "newborn.yaml"
HINT = "give a file labor-opt solve --format json (or -o FILE) wrote"

# Two people, fourteen hours of chores: an even split (imbalance 0) is the least possible.
TWO = """\
version: 1
name: Two
settings:
  resolution: 15m
  fairness: {measure: chores, tolerance: 0m}
  time_limit: 5s
members:
  - id: ana
  - id: ben
tasks:
  - {id: cook, duration: 1h, repeat: daily, window: {from: "18:00", to: "19:00"}}
  - {id: clean, duration: 1h, repeat: daily, window: {from: "10:00", to: "11:00"}}
scenarios:
  longer_cook:
    description: Cooking takes longer
    update_tasks:
      cook: {duration: 2h, window: {from: "17:00", to: "19:00"}}
"""


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "200"})


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("two") / "two.yaml"
    path.write_text(TWO)
    return path


@pytest.fixture(scope="module")
def lopsided(two: Path) -> dict:
    """A valid schedule of TWO with ana on ten hours and ben on four: imbalance 360, every figure recomputed."""
    house = labor_opt.load(two)
    data = solve_checked(house).to_dict()
    assert data["fairness"]["imbalance"] == 0  # the least possible, proven
    for entry in data["assignments"]:
        ben = entry["task"] == "clean" and entry["day"] in ("mon", "tue", "wed", "thu")
        entry["members"] = ["ben"] if ben else ["ana"]
    report = labor_opt.check(house, data)
    data["members"] = report.members
    data["fairness"].update(imbalance=report.imbalance, lower_bound=360, bounded_by=[], others_spread=None)
    assert report.imbalance == 360
    return data


def written(folder: Path, data: object, name: str = "week.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data))
    return path


# Item 7: a claimed bound or optimality is never endorsed.


def test_the_issue_case_an_unverified_optimal_claim_is_the_files_not_labor_opts(tmp_path, two, lopsided):
    assert labor_opt.check(labor_opt.load(two), lopsided).valid  # every rule holds and every figure is right
    path = written(tmp_path, lopsided)
    result = run("check", two, path)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        f"{path}: valid; every rule holds and every figure labor-opt can recompute is right (imbalance 360 minutes).",
        "The file's own claims, not verified by labor-opt:",
        "- the least possible imbalance is 360 minutes (status optimal); check --verify tests it",
        "- the goals inside the tolerance are at their best (status optimal); labor-opt does not test it",
    ]
    assert "every figure is right" not in result.output


def test_verify_solves_and_reports_the_true_least_imbalance(tmp_path, two, lopsided):
    path = written(tmp_path, lopsided)
    result = run("check", two, path, "--verify")
    assert result.exit_code == 5, result.output
    assert lines(result.stdout) == [
        f"{path}: 1 problem:",
        "- the file claims the least possible imbalance is 360 minutes, but labor-opt found a schedule with an "
        "imbalance of 0 minutes",
    ]


def test_a_feasible_schedules_bound_is_a_claim_and_verify_disproves_it(tmp_path, two, lopsided):
    path = written(tmp_path, {**lopsided, "status": "feasible", "solver": {"seconds": 1.0, "status": "FEASIBLE"}})
    result = run("check", two, path)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout)[1:] == [
        "The file's own claims, not verified by labor-opt:",
        "- no schedule has an imbalance below 360 minutes (its lower bound); check --verify tests it",
    ]
    result = run("check", two, path, "--verify", "--time-limit", "5")
    assert result.exit_code == 5, result.output
    assert lines(result.stdout)[1] == (
        "- the file claims no schedule has an imbalance below 360 minutes, but labor-opt found one with 0 minutes"
    )


def test_a_true_claim_is_verified_by_solving(tmp_path):
    house = labor_opt.load(NEWBORN)
    schedule = solve_checked(house)
    assert schedule.fairness.lower_bound == schedule.fairness.imbalance == 430
    path = written(tmp_path, schedule.to_dict())
    result = run("check", NEWBORN, path, "--verify")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        f"{path}: valid; every rule holds and every figure is right (imbalance 430 minutes).",
        "Verified by solving the household: the least possible imbalance is 430 minutes (status optimal).",
        "The file's own claims, not verified by labor-opt:",
        "- the goals inside the tolerance are at their best (status optimal); labor-opt does not test it",
    ]


def test_a_bound_of_zero_on_a_feasible_schedule_claims_nothing(tmp_path, two, lopsided):
    data = {**lopsided, "status": "feasible", "fairness": {**lopsided["fairness"], "lower_bound": 0}}
    assert labor_opt.check(labor_opt.load(two), data).claims == []
    path = written(tmp_path, data)
    result = run("check", two, path)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        f"{path}: valid; every rule holds and every figure is right (imbalance 360 minutes)."
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"fairness": {"lower_bound": -5}}, "the lower bound -5 is not between 0 and the imbalance"),
        ({"fairness": {"lower_bound": 400}}, "the lower bound 400 is not between 0 and the imbalance"),
        (
            {"solver": {"seconds": 5.0, "status": "FEASIBLE"}},
            "the schedule claims to be optimal, but its solver's status is 'FEASIBLE', not OPTIMAL",
        ),
    ],
    ids=["negative bound", "bound above the imbalance", "optimal, the solver says feasible"],
)
def test_a_claim_impossible_on_its_face_is_a_problem(tmp_path, two, lopsided, change, problem):
    data = copy.deepcopy(lopsided)
    for key, value in change.items():
        data[key].update(value)
    path = written(tmp_path, data)
    result = run("check", two, path)
    assert result.exit_code == 5, result.output
    assert lines(result.stdout)[:2] == [f"{path}: 1 problem:", f"- {problem}"]


def test_an_optimal_status_a_hand_edit_outdated_is_a_stale_figure(tmp_path, two, lopsided):
    """Optimal, with the imbalance above the bound and tolerance: what editing an optimal week by hand leaves."""
    data = copy.deepcopy(lopsided)
    data["fairness"]["lower_bound"] = 300
    path = written(tmp_path, data)
    result = run("check", two, path)
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        f"{path}: valid; every rule holds (imbalance 360 minutes).",
        "The figures in the file are out of date; the right ones are (file -> right):",
        "- file: status optimal -> feasible",
        "The file's own claims, not verified by labor-opt:",  # the bound alone: the status claims nothing now
        "- no schedule has an imbalance below 300 minutes (its lower bound); check --verify tests it",
    ]
    strict = run("check", two, path, "--strict")
    assert strict.exit_code == 5, strict.output
    assert lines(strict.stdout) == [
        f"{path}: 1 problem:",
        "- the schedule claims to be optimal, but its imbalance 360 is more than the tolerance (0) above its own "
        "lower bound 300",
    ]
    verified = run("check", two, path, "--verify", "--time-limit", "5")  # the bound is false: ana and ben can share
    assert verified.exit_code == 5, verified.output
    assert lines(verified.stdout)[:2] == [
        f"{path}: 1 problem:",
        "- the file claims no schedule has an imbalance below 300 minutes, but labor-opt found one with 0 minutes",
    ]


def test_an_open_claim_says_how_far_solving_got():
    report = CheckReport(imbalance=370, claims=[Claim(LEAST, 360), Claim(GOALS)])
    note = "in 1s labor-opt proved only that the least possible is 200 to 370 minutes"
    verification = Verification((), (), (Claim(LEAST, 360, note), Claim(GOALS, note="labor-opt does not test it")))
    assert valid_lines("week.json", report, verification) == [
        "week.json: valid; every rule holds and every figure labor-opt can recompute is right (imbalance 370 minutes).",
        "The file's own claims, not verified by labor-opt:",
        f"- the least possible imbalance is 360 minutes (status optimal); {note}",
        "- the goals inside the tolerance are at their best (status optimal); labor-opt does not test it",
    ]
    verified = Verification((Violation(None, "x"),), (Claim(BOUND, 200),), ())
    assert valid_lines("week.json", CheckReport(imbalance=370, claims=[Claim(BOUND, 200)]), verified) == [
        "week.json: valid; every rule holds and every figure is right (imbalance 370 minutes).",
        "Verified by solving the household: no schedule has an imbalance below 200 minutes (its lower bound).",
    ]


def test_compare_repeats_none_of_a_baselines_claims(tmp_path, two, lopsided):
    path = written(tmp_path, lopsided)
    result = run("compare", two, "--baseline", path, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    base = data["base"]
    assert data["base_source"] == "baseline"
    assert base["status"] == "feasible" and base["solver"]["status"] == "NOT_SOLVED"
    assert base["fairness"]["lower_bound"] == 0 and base["fairness"]["imbalance"] == 360
    house = labor_opt.load(two)
    assert labor_opt.check(house, base).valid
    assert labor_opt.check(house, data["scenarios"]["longer_cook"]["schedule"]).valid
    table = run("compare", two, "--baseline", path, "-q")
    assert table.exit_code == 0, table.output
    rows = {
        line.split()[0]: line.split()
        for line in table.stdout.splitlines()
        if line.strip().startswith(("least", "status"))
    }
    assert rows["least"][2:4] == ["not", "solved"] and rows["status"][1:3] == ["not", "solved"]
    page = tmp_path / "compare.html"
    assert run("compare", two, "--baseline", path, "--format", "html", "-o", page, "-q").exit_code == 0
    html = page.read_text()
    assert "Imbalance 6h, recomputed from the baseline&#39;s assignments; not solved" in html
    assert "Optimal: no fairer schedule exists" in html  # the scenario's, solved and proven; never the base's
    assert html.count("Optimal: no fairer schedule exists") == 1


def test_a_loaded_baseline_is_as_labor_opt_recomputed_it(tmp_path, two, lopsided):
    schedule, report = labor_opt.load_schedule(labor_opt.load(two), written(tmp_path, lopsided))
    assert report.valid
    assert schedule.status is labor_opt.schedule.model.Status.FEASIBLE
    assert (schedule.fairness.lower_bound, schedule.fairness.imbalance) == (0, 360)
    assert schedule.fairness.bounded_by == () and schedule.solver.status == "NOT_SOLVED"


# Item 14: numbers no schedule can hold are refused at reading, naming the file and the field.

DIGITS = "1" * 5001


@pytest.mark.parametrize(
    ("name", "text", "first"),
    [
        (
            "long.json",
            lambda t: t.replace('"lower_bound": 430', f'"lower_bound": {DIGITS}'),
            "fairness.lower_bound: a 5001-digit integer is not a number a schedule can hold",
        ),
        (
            "long_version.json",
            lambda t: t.replace('"version": 1', f'"version": -{DIGITS}'),
            "version: a 5001-digit integer is not a number a schedule can hold",
        ),
        (
            "nan.json",
            lambda t: t.replace('"occurrence": 1', '"occurrence": NaN', 1),
            "assignments[0].occurrence: NaN is not a number a schedule can hold",
        ),
        (
            "inf.json",
            lambda t: t.replace('"lower_bound": 430', '"lower_bound": -Infinity'),
            "fairness.lower_bound: -Infinity is not a number a schedule can hold",
        ),
        (
            "huge.json",
            lambda t: t.replace('"lower_bound": 430', '"lower_bound": 1e999'),
            "fairness.lower_bound: Infinity is not a number a schedule can hold",
        ),
        (
            "seconds.json",
            lambda t: t.replace('"status": "OPTIMAL"', f'"status": "OPTIMAL", "seconds": {"9" * 400}', 1),
            "solver.seconds: a 400-digit integer is not a number a schedule can hold",
        ),
        (
            "float.json",
            lambda t: t.replace('"lower_bound": 430', '"lower_bound": 1e300'),
            "fairness.lower_bound: 1e+300 is not a number a schedule can hold",
        ),
    ],
)
def test_a_number_no_schedule_can_hold_is_exit_2_naming_the_file_and_the_field(tmp_path, name, text, first):
    house = labor_opt.load(NEWBORN)
    original = json.dumps(solve_checked(house).to_dict())
    path = tmp_path / name
    path.write_text(text(original))
    assert path.read_text() != original
    for command in (("check", NEWBORN, path), ("compare", NEWBORN, "--baseline", path, "-q")):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert lines(result.stderr)[0] == f"{path}: error: {first}; {HINT}"
        assert "Traceback" not in result.output


def test_yaml_schedule_files_get_the_same_limits(tmp_path):
    house = labor_opt.load(NEWBORN)
    data = solve_checked(house).to_dict()
    body = json.dumps(data, indent=1)  # JSON is YAML; one key a line, so each has its own line
    for value, first in (
        (".nan", "fairness.lower_bound: NaN is not a number a schedule can hold; " + HINT),
        ("-.inf", "fairness.lower_bound: -Infinity is not a number a schedule can hold; " + HINT),
        (DIGITS, f"the value {DIGITS[:40]!r}... (5001 characters) cannot be read; write a plain value"),
    ):
        path = tmp_path / "week.yaml"
        path.write_text(body.replace('"lower_bound": 430', f'"lower_bound": {value}'))
        line = 1 + path.read_text().splitlines().index(f'  "lower_bound": {value},')
        result = run("check", NEWBORN, path)
        assert result.exit_code == 2, result.output
        assert lines(result.stderr)[0] == f"{path}:{line}: error: {first}"


@settings(max_examples=40)
@given(value=st.integers() | st.floats(allow_nan=True, allow_infinity=True))
def test_any_number_in_a_schedule_file_is_read_or_refused_never_a_crash(tmp_path_factory, value):
    house = labor_opt.load(NEWBORN)
    path = tmp_path_factory.mktemp("any") / "week.json"
    path.write_text(json.dumps({"assignments": [], "owners": {}, "fairness": {"lower_bound": value}}))
    try:
        data = labor_opt.read_schedule(path)
    except labor_opt.InputError as error:
        assert error.errors[0].path == "fairness.lower_bound" and error.errors[0].file == str(path)
        return
    assert not labor_opt.check(house, data).valid  # no assignments: never a valid schedule, never a crash


def test_a_schedule_of_a_scenario_the_household_lacks_is_blamed_on_the_schedule_file(tmp_path):
    house = labor_opt.load(NEWBORN)
    schedule = solve_checked(house, "baby_arrives").to_dict()
    schedule["scenario"] = "more"
    week = tmp_path / "week.json"
    week.write_text(json.dumps(schedule))
    result = run("check", NEWBORN, week)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{week}: error: the schedule is of scenario more, which {NEWBORN} does not have; "
        "its scenarios: baby_arrives, new_job; give the household file it was solved from"
    )
