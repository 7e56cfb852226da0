"""The command line: formats, files, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli

from .conftest import EXAMPLES

EXAMPLE = next(p for p in EXAMPLES if p.stem == "dual_earners_toddler")
SPEC_KEYS = {"version", "household", "scenario", "status", "assignments", "owners", "members", "fairness", "solver"}


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_solve_prints_the_week_members_and_fairness():
    result = run("solve", EXAMPLE, "-q")
    assert result.exit_code == 0, result.output
    for expected in ("Week", "breakfast", "Members", "total", "Imbalance", "the least possible, proven", "Optimal"):
        assert expected in result.stdout


def test_json_matches_the_schedule_format_and_passes_check(tmp_path):
    result = run("solve", EXAMPLE, "--format", "json", "-q")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert SPEC_KEYS <= set(data)
    assert data["status"] == "optimal" and data["scenario"] is None
    assignment = data["assignments"][0]
    assert set(assignment) == {"task", "occurrence", "day", "start", "end", "members", "minutes", "night", "belongs_to"}
    assert {"paid", "commute", "chores", "mental", "load", "disturbed_nights", "preference", "balanced"} <= set(
        data["members"]["alex"]
    )
    alex = data["members"]["alex"]
    assert alex["routine"] + alex["flexible"] == alex["chores"]
    assert {"measure", "imbalance", "lower_bound", "tolerance"} <= set(data["fairness"])
    assert {"seconds", "status"} <= set(data["solver"])
    order = [
        ("mon tue wed thu fri sat sun".split().index(a["day"]), a["start"], a["task"]) for a in data["assignments"]
    ]
    assert order == sorted(order)
    out = tmp_path / "s.json"
    out.write_text(result.stdout)
    checked = run("check", EXAMPLE, out)
    assert checked.exit_code == 0 and "valid" in checked.stdout


def test_yaml_format_and_output_file(tmp_path):
    out = tmp_path / "week.yaml"
    result = run("solve", EXAMPLE, "--scenario", "new_job", "-o", out, "-q")
    assert result.exit_code == 0
    data = yaml.safe_load(out.read_text())
    assert data["scenario"] == "new_job"
    assert labor_opt.check(labor_opt.load(EXAMPLE), data).valid
    assert [p.name for p in tmp_path.iterdir()] == ["week.yaml"]  # no temporary file left behind


def test_output_refuses_to_overwrite_the_household_file(tmp_path):
    house = tmp_path / "household.yaml"
    house.write_text(EXAMPLE.read_text())
    before = house.read_bytes()
    result = run("solve", house, "-o", house)
    assert result.exit_code == 2
    assert "would be overwritten" in result.stderr
    assert house.read_bytes() == before


def test_invalid_input_exits_2_with_lines(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nmembers:\n  - id: kim\n    comute: 30m\ntasks: []\n")
    result = run("solve", bad)
    assert result.exit_code == 2
    assert f"{bad}:4: error: members[0].comute: unknown key `comute`; did you mean `commute`?" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_scenario_is_an_input_error():
    result = run("solve", EXAMPLE, "--scenario", "new_jbo")
    assert result.exit_code == 2 and "did you mean new_job?" in result.stderr


def test_infeasible_exits_3(tmp_path):
    house = tmp_path / "h.yaml"
    house.write_text(
        "version: 1\nmembers: [{id: kim, work: [{days: daily, from: '08:00', to: '20:00'}]}]\n"
        "tasks: [{id: lunch, duration: 30m, repeat: daily, window: {from: '12:00', to: '13:00'}}]\n"
    )
    result = run("solve", house)
    assert result.exit_code == 3
    assert "task lunch on mon 12:00-13:00: nobody can do it. kim: no free 30m: at work mon 12:00-13:00" in result.stderr


def test_no_schedule_in_time_exits_4():
    large = Path(__file__).parent / "households" / "large_household.yaml"
    result = run("solve", large, "--time-limit", "0.01")
    assert result.exit_code == 4
    assert "no valid schedule was found within the time limit of 0.01s" in result.stderr


def test_check_exits_5_and_lists_violations(tmp_path):
    data = labor_opt.solve(labor_opt.load(EXAMPLE)).to_dict()
    data["assignments"] = data["assignments"][1:]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    result = run("check", EXAMPLE, broken)
    assert result.exit_code == 5
    assert "rule 1 (placement):" in result.stdout


def test_text_output_file(tmp_path):
    out = tmp_path / "week.txt"
    assert run("solve", EXAMPLE, "-o", out, "-q").exit_code == 0
    text = out.read_text()
    assert "Members (hours a week" in text and "Imbalance" in text and "\x1b[" not in text


def test_a_bug_exits_1_and_says_how_to_report_it(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(labor_opt, "solve", broken)
    result = run("solve", EXAMPLE, "-q")
    assert result.exit_code == 1
    assert "This is a bug: please report it" in result.stderr


def test_check_rejects_a_file_that_is_not_a_schedule(tmp_path):
    other = tmp_path / "other.json"
    other.write_text("[1, 2]")
    result = run("check", EXAMPLE, other)
    assert result.exit_code == 2 and "not a schedule" in result.stderr


def test_warnings_go_to_stderr_unless_quiet(tmp_path):
    house = tmp_path / "h.yaml"
    house.write_text("version: 1\nmembers: [{id: kim}, {id: teen, balance: false}]\ntasks: [{id: t, duration: 20m}]\n")
    loud = run("solve", house, "--format", "json")
    assert "warning" in loud.stderr and "note:" in loud.stderr and json.loads(loud.stdout)
    assert loud.stderr.strip() and not run("solve", house, "--format", "json", "-q").stderr.strip()


def test_installed_console_script_runs():
    script = Path(sys.executable).with_name("labor-opt")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    completed = subprocess.run(
        [str(script), "solve", str(EXAMPLE), "--format", "json", "-q"], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["status"] == "optimal"


def test_output_suffix_chooses_the_format_and_an_unknown_one_is_refused(tmp_path):
    markdown = tmp_path / "week.md"
    assert run("solve", EXAMPLE, "-o", markdown, "-q").exit_code == 0
    text = markdown.read_text()
    assert text.startswith("# ") and "## Monday" in text and "| time | task | who |" in text
    assert "Imbalance" in text and "\x1b[" not in text
    choices = "name the file with .txt, .json, .yaml, .yml, .md, .markdown, .html, .htm, or give --format"
    for name, problem in (("week.pdf", "no format writes .pdf files"), ("week", "the file name has no suffix")):
        refused = run("solve", EXAMPLE, "-o", tmp_path / name, "-q")
        assert refused.exit_code == 2
        assert f"{tmp_path / name}: error: -o {tmp_path / name}: {problem}" in refused.stderr
        assert choices in refused.stderr
        assert not (tmp_path / name).exists()


def test_every_format_works_for_solve_and_compare(tmp_path):
    from labor_opt.report.formats import FORMATS

    for name, entry in FORMATS.items():
        solved = run("solve", EXAMPLE, "--format", name, "-q")
        assert solved.exit_code == 0, (name, solved.output)
        assert "breakfast" in solved.stdout
        out = tmp_path / f"compare{entry.suffixes[0]}"
        compared = run("compare", EXAMPLE, "--scenario", "new_job", "-o", out, "-q")
        assert compared.exit_code == 0, (name, compared.output)
        assert "new_job" in out.read_text()
    data = yaml.safe_load((tmp_path / "compare.yaml").read_text())
    assert set(data["scenarios"]) == {"new_job"}
    assert labor_opt.check(labor_opt.load(EXAMPLE), data["base"]).valid


def test_member_shows_one_persons_week_and_the_schedule_file_stays_whole():
    toddler = EXAMPLE.parent / "dual_earners_toddler.yaml"
    result = run("solve", toddler, "-q", "--member", "sam", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Sam's week (Rivera-Okafor)")
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and ":" in line.split("|")[1]]
    assert rows and all("Sam" in row.split("|")[3] for row in rows)  # every occurrence shown is one of Sam's
    schedule = labor_opt.solve(labor_opt.load(toddler))
    assert len(rows) == sum(1 for a in schedule.assignments if "sam" in a.members)
    refused = run("solve", toddler, "-q", "--member", "sam", "--format", "json")
    assert refused.exit_code == 2 and "a schedule file holds the whole household" in refused.stderr
    unknown = run("solve", toddler, "-q", "--member", "sma")
    assert unknown.exit_code == 2 and '--member: there is no member "sma"; did you mean Sam?' in unknown.stderr
