"""`labor-opt audit`: today's split (from `now:` or a baseline file) beside the plan, with moves and findings."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.household.eligibility import real_length

from .conftest import EXAMPLES, ROOT, household

TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "80"})


def test_a_split_grown_by_habit_shows_todays_imbalance_the_plans_lower_one_and_the_moves():
    house = labor_opt.load(TODDLER)
    audit = labor_opt.audit(house)
    assert labor_opt.check(house, audit.plan).valid
    # Sam does the daily round today: every minute of it counted, as each of them takes it.
    for member in house.members:
        expected = sum(
            task.repeat.count * real_length(member, task, house.settings.resolution)
            for task in house.tasks
            if member.id in (task.now or [])
        )
        assert audit.today.members[member.id].chores == expected
    assert audit.today.members["sam"].load - audit.today.members["alex"].load == audit.today.imbalance == 795
    assert audit.plan.fairness.imbalance < audit.today.imbalance
    moves = [move.text() for move in audit.moves]
    assert "breakfast: 7 of 7 from sam to alex" in moves
    assert all(move.kind in ("occurrences", "mental_load") for move in audit.moves)
    assert audit.findings == ()
    # Every move is real: the plan's members differ from today's on exactly that many occurrences.
    today = {(a["task"], a["occurrence"]): a["members"] for a in audit.today.split["assignments"]}
    changed = sum(1 for a in audit.plan.assignments if today[a.task, a.occurrence] != list(a.members))
    assert changed == sum(move.moved for move in audit.moves if move.kind == "occurrences")


def test_the_command_shows_both_sides_the_moves_and_no_finding_at_80_columns():
    result = run("audit", TODDLER, "-q")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(len(line) for line in lines) <= 80
    assert "   imbalance         13h15m   0m       -13h15m" in lines
    assert "  breakfast: 7 of 7 from Sam to Alex" in lines
    assert "Today's split breaks no rule." in lines
    assert any(line.startswith("The plan: Imbalance 0m of total load") for line in lines)


def test_the_json_holds_today_the_plan_the_moves_and_the_findings():
    result = run("audit", TODDLER, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"today", "plan", "moves", "findings"} <= set(data)
    assert data["today"]["fairness"] == {"imbalance": 795}
    assert data["today"]["members"]["sam"]["routine"] > data["plan"]["members"]["sam"]["routine"]
    assert labor_opt.check(labor_opt.load(TODDLER), data["plan"]).valid
    assert {"task": "breakfast", "kind": "occurrences", "moved": 7, "of": 7} in [
        {key: move[key] for key in ("task", "kind", "moved", "of")} for move in data["moves"]
    ]
    assert data["findings"] == []


def test_markdown_has_the_table_the_moves_and_the_findings():
    result = run("audit", TODDLER, "--format", "markdown", "-q")
    assert result.exit_code == 0, result.output
    assert "| imbalance | 13h15m | 0m | -13h15m |" in result.stdout.replace("  ", " ")
    assert "### Moves from today to the plan" in result.stdout
    assert "- breakfast: 7 of 7 from Sam to Alex" in result.stdout
    assert "### What today's split breaks\n\nNothing." in result.stdout


BROKEN_TODAY = """
version: 1
members:
  - id: jo
    work: [{days: weekdays, from: "09:00", to: "17:00"}]
    skills: {cooking: able}
  - id: kit
tasks:
  - id: school_run
    duration: 30m
    repeat: weekdays
    window: {from: "09:00", to: "10:00"}
    now: jo
  - id: dinner
    duration: 45m
    repeat: daily
    window: {from: "18:00", to: "20:00"}
    requires: {cooking: able}
    now: kit
"""


def test_what_today_breaks_is_a_finding_not_a_failure():
    audit = labor_opt.audit(household(BROKEN_TODAY))
    findings = [str(finding) for finding in audit.findings]
    assert any(f.startswith("rule 3 (busy time): jo") for f in findings), findings
    assert any(f.startswith("rule 2 (staffing)") and "kit" in f for f in findings), findings
    assert labor_opt.check(household(BROKEN_TODAY), audit.plan).valid  # the plan keeps every rule
    moves = {move.text() for move in audit.moves}
    assert moves == {"school_run: 5 of 5 from jo to kit", "dinner: 7 of 7 from kit to jo"}


def test_the_command_prints_the_findings_and_exits_0(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text(BROKEN_TODAY, encoding="utf-8")
    result = run("audit", path, "-q")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())  # as read, whatever the wrapping
    assert "Today's split breaks these rules (the plan keeps them all):" in shown
    assert "- rule 2 (staffing): kit may not do dinner (on mon, tue, wed, thu, fri, sat, sun)" in shown
    # Today's split looks fairer than the plan, but only by breaking rules; the audit says so.
    assert "only because today's split breaks the rules listed below" in shown


def test_a_baseline_of_assignments_and_owners_alone_is_audited_and_re_planned_from(tmp_path):
    data = json.loads(run("audit", TODDLER, "--format", "json", "-q").stdout)
    today = tmp_path / "today.json"
    today.write_text(
        json.dumps({"assignments": data["today"]["assignments"], "owners": data["today"]["owners"]}), encoding="utf-8"
    )
    result = run("audit", TODDLER, "--baseline", today, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    again = json.loads(result.stdout)
    assert again["today"]["fairness"] == data["today"]["fairness"]
    assert again["moves"] == data["moves"]
    # The same file keeps a re-plan close to today's split: no more "lacks or garbles 'fairness'".
    result = run("solve", TODDLER, "--scenario", "new_job", "--baseline", today, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    schedule = json.loads(result.stdout)
    assert labor_opt.check(labor_opt.load(TODDLER), schedule).valid
    assert "stability" in schedule


def test_without_now_or_a_baseline_the_audit_says_what_to_write(tmp_path):
    data = yaml.safe_load(TODDLER.read_text(encoding="utf-8"))
    for task in data["tasks"]:
        task.pop("now", None)
    path = tmp_path / "house.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("audit", path)
    assert result.exit_code == 2
    assert "no task says who does it today, and no baseline was given" in result.stderr
    assert "write `now: MEMBER` on the tasks" in result.stderr
    assert "nothing was audited" in result.stderr


def test_today_taken_from_the_plan_itself_moves_nothing():
    for path in EXAMPLES:
        house = labor_opt.load(path)
        plan = labor_opt.solve(house)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for task in data["tasks"]:
            task.pop("now", None)
            doers = {a.members for a in plan.assignments if a.task == task["id"]}
            owner = plan.owners.get(task["id"])
            if len(doers) == 1:
                members = sorted(next(iter(doers)), key=lambda m: m != owner)  # the owner first
                if owner is None or owner == members[0]:
                    task["now"] = members
        same = labor_opt.parse_household(yaml.safe_dump(data), source=str(path))
        audit = labor_opt.audit(same)
        recorded = {task["id"] for task in data["tasks"] if "now" in task}
        assert not [move for move in audit.moves if move.task in recorded], path.name
        for member_id, summary in audit.today.members.items():
            assert (summary.chores, summary.mental) == (plan.members[member_id].chores, plan.members[member_id].mental)
