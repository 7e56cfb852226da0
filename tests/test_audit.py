"""`labor-opt audit`: today's split (from `now:` or a baseline file) beside the plan, with moves and findings."""

from __future__ import annotations

import json
import time
from pathlib import Path

import yaml
from click.testing import CliRunner

import labor_opt
from labor_opt.checker import check_split
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


FREE_AT_WEEKENDS = ROOT / "tests" / "households" / "today_free_at_weekends.yaml"
REAL_CONFLICTS = ROOT / "tests" / "households" / "today_real_conflicts.yaml"


def test_today_is_placed_by_solving_so_it_breaks_no_rule_it_need_not():
    house = labor_opt.load(FREE_AT_WEEKENDS)
    audit = labor_opt.audit(house)
    assert audit.findings == ()  # was: dana does breakfast and hoover on mon 07:00 at the same time
    assert audit.today.placed == "solved"
    assert check_split(house, audit.today.split).valid  # the independent checker's reading of today's split
    # `now` says who: every occurrence is done by its `now` member; only the times were chosen.
    who = {(a["task"], tuple(a["members"])) for a in audit.today.split["assignments"]}
    assert who == {("hoover", ("dana",)), ("breakfast", ("dana",)), ("dinner", ("kim",))}
    assert labor_opt.check(house, audit.plan).valid
    shown = run_text(FREE_AT_WEEKENDS)
    assert "Today's split breaks no rule." in shown
    assert "  Hoover: 1 of 1 from Dana to Kim" in shown


def test_a_conflict_no_placement_avoids_is_still_a_finding_in_the_households_names():
    house = labor_opt.load(REAL_CONFLICTS)
    audit = labor_opt.audit(house)
    findings = [finding.text() for finding in audit.findings]
    assert "rule 3 (busy time): Jo does School run on mon 09:00-09:30 during their work" in findings, findings
    assert "rule 2 (staffing): Kit may not do Dinner on mon at 18:00" in findings, findings
    assert audit.today.placed == "solved"  # the rules about who (the skill, the cap) never stop the placing
    assert any(f.startswith("rule 4 (chore caps): Kit does") for f in findings), findings
    # The two Saturday chores cannot both fit: one overlap, the fewest any placement can have, and nothing else.
    overlaps = [f for f in findings if f.startswith("rule 3 (no overlap)")]
    assert len(overlaps) == 1, overlaps
    assert "Kit does Feed the cat on sat 08:00-08:30" in overlaps[0] or "Kit does Walk the dog" in overlaps[0]
    assert overlaps[0].endswith("on sat 08:00-08:30 at the same time"), overlaps
    assert len(findings) == 5 + 7 + 1 + 1, findings  # five school runs, seven dinners, the cap, the overlap
    assert [str(v) for v in check_split(house, audit.today.split).violations] == [str(f) for f in audit.findings]
    # The JSON keeps the checker's words (ids) for programs, and the names for people.
    data = audit.to_dict()
    assert {
        "rule": "rule 2 (staffing)",
        "message": "kit may not do dinner on mon at 18:00",
        "text": "rule 2 (staffing): Kit may not do Dinner on mon at 18:00",
    } in data["findings"]
    assert {"task": "dinner", "before": ["kit"], "after": ["jo"], "text": "Dinner: 7 of 7 from Kit to Jo"} in [
        {key: move[key] for key in ("task", "before", "after", "text")} for move in data["moves"]
    ]
    shown = " ".join(" ".join(run_text(REAL_CONFLICTS)).split())  # as read, whatever the wrapping
    assert "- rule 3 (busy time): Jo does School run during their work (on mon, tue, wed, thu, fri)" in shown
    assert "- rule 2 (staffing): Kit may not do Dinner (on mon, tue, wed, thu, fri, sat, sun)" in shown
    assert "Dinner: 7 of 7 from Kit to Jo" in shown


def test_with_no_time_to_place_today_by_solving_it_goes_first_fit_and_says_so(monkeypatch):
    from labor_opt.analysis import audits
    from labor_opt.report.audit_view import source_line

    original = audits.solve

    def solve_then_ctrl_c(*args, stop, **options):  # type: ignore[no-untyped-def]
        plan = original(*args, stop=stop, **options)
        stop.request()  # Ctrl-C once the plan is solved: today's split is not placed by solving
        return plan

    monkeypatch.setattr(audits, "solve", solve_then_ctrl_c)
    house = labor_opt.load(FREE_AT_WEEKENDS)
    audit = labor_opt.audit(house)
    assert audit.today.placed == "first_fit"
    assert "some rule it breaks may be avoidable" in source_line(audit)
    # What first fit breaks is reported as it is, never hidden.
    assert [f.text() for f in audit.findings] == [
        "rule 3 (no overlap): Dana does Breakfast on mon 07:00-07:30 and Hoover on mon 07:00-08:00 at the same time"
    ]


def test_the_plan_and_the_placing_share_the_commands_one_time_limit(monkeypatch):
    from labor_opt.analysis import audits
    from labor_opt.solver import placing

    given: dict[str, float] = {}
    solve, place = audits.solve, placing.place

    def solve_spied(*args, params, **options):  # type: ignore[no-untyped-def]
        given["plan"] = params.time_limit
        return solve(*args, params=params, **options)

    def place_spied(problem, free, baseline, deadline, search):  # type: ignore[no-untyped-def]
        given["placing_ends"] = deadline.end
        return place(problem, free, baseline, deadline, search)

    monkeypatch.setattr(audits, "solve", solve_spied)
    monkeypatch.setattr(placing, "place", place_spied)
    began = time.monotonic()
    labor_opt.audit(labor_opt.load(FREE_AT_WEEKENDS), params=labor_opt.SolveParams(time_limit=8, started=began))
    assert given["plan"] <= 4  # half of the limit at most
    assert given["placing_ends"] == began + 8  # what is left of the same limit, never a limit of its own


def run_text(path: Path) -> list[str]:
    """What `labor-opt audit -q` prints at 80 columns for the household file at ``path``, line by line."""
    result = run("audit", path, "-q")
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_where_some_break_is_unavoidable_the_fewest_occurrences_break_it():
    # Yoga three times a week with a free day between, 09:00-17:00, which Jo works on weekdays: at most one of
    # the weekend days can hold a session (they are next to each other), so two sessions fall in work time, and
    # no more than two. At the first days that suit, in order, all three did (mon, wed, fri).
    house = household(
        """
version: 1
members:
  - {id: jo, name: Jo, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: kit, name: Kit}
tasks:
  - id: yoga
    name: Yoga
    duration: 1h
    repeat: {times: 3, min_gap_days: 1}
    window: {from: "09:00", to: "17:00"}
    now: jo
"""
    )
    audit = labor_opt.audit(house)
    assert audit.today.placed == "solved"
    findings = [finding.text() for finding in audit.findings]
    assert len(findings) == 2, findings
    assert all(
        f.startswith("rule 3 (busy time): Jo does Yoga on ") and f.endswith("during their work") for f in findings
    )
    days = sorted(a["day"] for a in audit.today.split["assignments"])
    assert len(set(days) & {"sat", "sun"}) == 1, days
    assert audit.to_dict()["today"]["placed"] == "solved"


def test_names_replace_ids_as_whole_words_and_never_garble_the_checkers_sentence():
    from labor_opt.analysis.finding_names import with_names

    members, tasks = {"jo": "Jo", "on": "On", "mum": "Mum"}, {"mum": "Mum's day", "run": "School run", "09": "Nine"}
    message = "jo does run on mon 09:00-09:30 during their work; on does run-up; mum owns run"
    # "on" is the checker's own word, "mum" is both a member and a task, "09" is part of a clock time, and
    # "run-up" is another word than "run": each is left as it is.
    assert with_names(message, members, tasks) == (
        "Jo does School run on mon 09:00-09:30 during their work; on does run-up; mum owns School run"
    )


def test_where_no_time_suits_an_occurrence_it_goes_where_it_breaks_the_fewest_rules():
    # With the new job, Sam commutes 07:30-08:00 and works from 08:00, and the drop-off is 07:45-08:45: at every
    # time of it Sam is at work, but from 08:00 on not commuting as well. One rule broken each day, not two.
    audit = labor_opt.audit(labor_opt.load(TODDLER), scenario="new_job")
    assert [finding.text() for finding in audit.findings] == [
        f"rule 3 (busy time): Sam does nursery_drop_off on {day} 08:00-08:30 during their work"
        for day in ("mon", "tue", "wed", "thu", "fri")
    ]
