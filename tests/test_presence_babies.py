"""Presence that fits babies: work at home, someone awake, presence edits in scenarios, the diagnosis naming blocks.

Issue 22, item 6. Every schedule here is checked by the independent
checker; where the checker must refuse one, the schedule file is edited the
way a person (or another tool) would.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.household.document import scenario_household
from labor_opt.problem.build import build_problem
from labor_opt.schedule.figures import build_schedule
from labor_opt.schedule.model import SolverFacts, Status
from labor_opt.schedule.validity import PRESENCE
from labor_opt.solver.greedy import greedy_schedule
from labor_opt.solver.runner import StageParams
from labor_opt.solver.solve import solve_problem

from .conftest import ROOT, household, solve_checked

# Sam works from home Monday to Wednesday and at the office on Thursday (45 minutes each way).
AT_HOME = """
version: 1
settings: {fairness: {measure: total, tolerance: 0}}
members:
  - id: sam
    commute: 45m
    work:
      - {days: [mon, tue, wed], from: "09:00", to: "17:00", at_home: true}
      - {days: [thu], from: "09:00", to: "17:00"}
  - id: alex
    commute: 30m
    work: [{days: weekdays, from: "09:00", to: "17:00"}]
presence:
  - {name: someone home with the baby, days: [mon, tue, wed], from: "08:00", to: "18:00"}
tasks:
  - {id: dinner, duration: 1h, repeat: daily, window: {from: "18:00", to: "20:00"}}
  - {id: bath, duration: 30m, repeat: [mon, thu], window: {from: "17:00", to: "17:45"}, who: [sam]}
"""


def test_work_at_home_is_paid_has_no_commute_and_keeps_the_member_at_home():
    house = household(AT_HOME.replace('[mon, thu], window: {from: "17:00"', '[mon], window: {from: "17:00"'))
    schedule = solve_checked(house)
    sam = schedule.members["sam"]
    assert (sam.paid, sam.commute) == (4 * 480, 2 * 45)  # paid like any work; a commute only around Thursday's
    (bath,) = [a for a in schedule.assignments if a.task == "bath"]
    assert (bath.day, bath.start, bath.members) == ("mon", "17:00", ("sam",))  # straight after work at home
    # Only work at home keeps someone with the baby: the same week at the office has nobody home.
    office = household(AT_HOME.replace(", at_home: true", ""))
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(office)
    assert (
        "someone home with the baby: nobody is home on mon 08:30-17:30: sam commuting until 09:00, then at work until "
        "17:00, then commuting until 17:45; alex commuting until 09:00, then at work until 17:00, then commuting until "
        "17:30"
    ) in raised.value.reasons


def test_no_commute_around_work_at_home_but_one_around_work_away():
    house = household(AT_HOME)  # the bath on Thursday would fall in the commute home from the office
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(house)
    (reason,) = raised.value.reasons
    assert reason.startswith("task bath on thu 17:00-17:45: nobody can do it.")
    assert "sam: no free 30m: commuting thu 17:00-17:45" in reason


def test_work_at_home_is_still_busy_for_the_checker_and_in_the_diagnosis():
    house = household(AT_HOME.replace('[mon, thu], window: {from: "17:00"', '[mon], window: {from: "17:00"'))
    data = solve_checked(house).to_dict()
    bath = next(a for a in data["assignments"] if a["task"] == "bath")
    bath.update(start="11:00", end="11:30")
    violations = [str(v) for v in labor_opt.check(house, data).violations]
    assert any("sam does bath on mon 11:00-11:30 during their work" in v for v in violations), violations
    early = household(AT_HOME.replace('window: {from: "17:00", to: "17:45"}', 'window: {from: "10:00", to: "10:45"}'))
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(early)
    assert "sam: no free 30m: working at home mon 10:00-10:45" in raised.value.reasons[0]


def test_the_gym_at_lunch_takes_a_member_working_from_home_out_for_the_solver_and_the_checker_alike():
    house = household(
        """
version: 1
members:
  - id: sam
    work: [{days: [mon], from: "09:00", to: "17:00", at_home: true}]
    unavailable: [{days: [mon], from: "12:00", to: "13:00"}]
  - {id: alex, work: [{days: [mon], from: "09:00", to: "17:00"}]}
presence: [{name: someone home with the baby, days: [mon], from: "09:00", to: "17:00"}]
tasks: []
"""
    )
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(house)
    assert list(raised.value.reasons) == [
        "someone home with the baby: nobody is home on mon 12:00-13:00: sam unavailable until 13:00; "
        "alex at work until 17:00"
    ]
    violations = [str(v) for v in labor_opt.check(house, {"assignments": [], "owners": {}}).violations]
    assert [v for v in violations if v.startswith("rule")] == [
        "rule 6 (presence): someone home with the baby on mon has fewer than 1 of alex, sam at home for 60 minute(s), "
        "from 12:00"
    ]


BAD_KEYS = """version: 1
members:
  - id: sam
    work:
      - {days: [mon], from: "09:00", to: "17:00", at_home: yes}
    unavailable:
      - {days: [sat], from: "10:00", to: "12:00", at_home: true}
tasks: []
presence:
  - {days: [sun], from: "10:00", to: "11:00", at_home: true, awake: 1}
"""


def test_at_home_belongs_to_work_blocks_only_and_both_flags_are_true_or_false_with_lines():
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(BAD_KEYS, source="home.yaml")
    found = sorted((issue.line, issue.message) for issue in raised.value.errors)
    assert found == [
        (5, '"yes" is not true or false'),
        (7, "unknown key `at_home`"),
        (10, "1 is not true or false"),
        (10, "unknown key `at_home`"),
    ]


# Kai is up from 06:00, Noor sleeps until 08:00: until then Kai is the only one awake with the baby.
AWAKE = """
version: 1
members:
  - {id: kai, sleep: {from: "22:00", to: "06:00"}}
  - {id: noor, sleep: {from: "00:00", to: "08:00"}}
presence:
  - {name: someone awake with the baby, days: daily, from: "06:00", to: "09:00", awake: true}
tasks:
  - {id: bakery, duration: 1h, repeat: daily, window: {from: "06:00", to: "10:00"}, away: true}
"""


def test_someone_awake_means_a_sleeping_member_does_not_count():
    schedule = solve_checked(household(AWAKE))
    assert all(a.start >= "08:00" for a in schedule.assignments)  # nobody leaves Kai's waking hours alone


def test_the_checker_refuses_a_schedule_that_relies_on_a_sleeping_member():
    house = household(AWAKE)
    data = solve_checked(house).to_dict()
    bakery = next(a for a in data["assignments"] if a["members"] == ["kai"])  # Kai goes out while Noor sleeps
    bakery.update(start="06:00", end="07:00")
    violations = [str(v) for v in labor_opt.check(house, data).violations]
    assert violations == [
        f"rule 6 (presence): someone awake with the baby on {bakery['day']} has fewer than 1 of kai, noor at home "
        "and awake for 60 minute(s), from 06:00"
    ]
    relaxed = household(AWAKE.replace(", awake: true", ""))
    assert labor_opt.check(relaxed, data).valid  # asleep at home is enough when nobody asks for someone awake


def test_the_greedy_start_keeps_someone_awake_too():
    house = household(AWAKE)
    problem = build_problem(house)
    for order in ("longest", "constrained"):
        greedy = greedy_schedule(problem, order)
        schedule = build_schedule(
            problem, greedy.placements, greedy.owners, status=Status.FEASIBLE, lower_bound=0, solver=SolverFacts(0, "")
        )
        report = labor_opt.check(house, schedule)
        assert report.valid, [str(v) for v in report.violations]


# Ben is up all night; Ana, asleep, fetches someone at night: she was not the one awake with the baby anyway.
NIGHT_OUT = """
version: 1
members:
  - {id: ana, sleep: {from: "23:00", to: "07:00"}}
  - {id: ben, sleep: {from: "08:00", to: "16:00"}}
presence:
  - {name: someone awake with the baby, days: daily, from: "00:00", to: "06:00", awake: true}
tasks:
  - {id: pickup, duration: 1h, repeat: daily, window: {from: "01:00", to: "03:00"}, night: true, away: true, who: [ana]}
"""


def test_a_night_task_away_inside_the_sleep_of_someone_not_awake_anyway_is_allowed_by_all_three():
    house = household(NIGHT_OUT)
    schedule = solve_checked(house)  # the model does not count Ana out twice, asleep and away
    assert len(schedule.assignments) == 7
    problem = build_problem(house)
    greedy = greedy_schedule(problem, "constrained")  # nor does the greedy start
    built = build_schedule(
        problem, greedy.placements, greedy.owners, status=Status.FEASIBLE, lower_bound=0, solver=SolverFacts(0, "")
    )
    assert labor_opt.check(house, built).valid
    data = schedule.to_dict()
    data["assignments"][0]["members"] = ["ben"]  # Ben, the one awake, may not go (nor do Ana's task)
    assert any(str(v).startswith("rule 6 (presence)") for v in labor_opt.check(house, data).violations)


def test_an_awake_block_nobody_can_keep_says_who_sleeps_until_when():
    house = household(AWAKE.replace('from: "06:00", to: "09:00", awake', 'from: "05:00", to: "09:00", awake'))
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(house)
    assert list(raised.value.reasons) == [
        "someone awake with the baby: nobody is home and awake on mon 05:00-06:00: kai asleep until 06:00; "
        "noor asleep until 08:00"
    ] + [
        f"someone awake with the baby: nobody is home and awake on {day} 05:00-06:00: kai asleep until 06:00; "
        "noor asleep until 08:00"
        for day in ("tue", "wed", "thu", "fri", "sat", "sun")
    ]


# The model and the referee agree on each new rule (as tests/test_rule_table.py shows for every rule): the fairest
# week with the presence rule is what the rule's meaning makes it, and without the rule the fairest week breaks it,
# which the checker names. Max, a helper outside the balance, takes what Kim may not.
AGREE = {
    # Lee works at home on Monday, so Kim may walk the dog then; on Tuesday Lee is at the office and Kim stays in.
    "at_home": """
members:
  - {id: kim}
  - id: lee
    work: [{days: [mon], from: "09:00", to: "12:00", at_home: true}, {days: [tue], from: "09:00", to: "12:00"}]
  - {id: max, balance: false, max_chores: 10h}
presence: [{days: [mon, tue], from: "09:00", to: "12:00", who: [kim, lee]}]
tasks:
  - {id: walk, duration: 2h, repeat: [mon, tue], window: {from: "09:00", to: "11:00"}, away: true, who: [kim, max]}
  - {id: laundry, duration: 4h, who: [lee]}
""",
    # Lee sleeps until 09:00, so Kim, the one awake, stays in with the baby; Max walks the dog.
    "awake": """
members:
  - {id: kim, sleep: {from: "22:00", to: "06:00"}}
  - {id: lee, sleep: {from: "01:00", to: "09:00"}}
  - {id: max, balance: false, max_chores: 10h, sleep: {from: "22:00", to: "05:00"}}
presence: [{days: [mon], from: "06:00", to: "09:00", awake: true, who: [kim, lee]}]
tasks:
  - {id: walk, duration: 2h, repeat: [mon], window: {from: "06:00", to: "08:00"}, away: true, who: [kim, max]}
  - {id: laundry, duration: 2h, who: [lee]}
""",
}


@pytest.mark.parametrize("case", list(AGREE))
def test_the_model_and_the_checker_agree_on_the_new_presence_rules(case):
    house = household("version: 1\nsettings: {fairness: {measure: chores, tolerance: 0}}\n" + AGREE[case])
    problem = build_problem(house)
    kept = solve_problem(problem, StageParams(10))
    assert labor_opt.check(house, kept).valid
    assert (kept.status, kept.fairness.imbalance) == ("optimal", 120)  # Kim walks on Monday (at_home) or never
    relaxed = solve_problem(problem, StageParams(10, leave_out=frozenset({PRESENCE})))
    assert relaxed.fairness.imbalance == 0
    assert PRESENCE in {violation.rule for violation in labor_opt.check(house, relaxed).violations}


# Alex works until 16:00; Sam does the school run, Alex the shopping, both between 15:30 and 16:30.
SHORT = """
version: 1
members:
  - id: alex
    work: [{days: weekdays, from: "09:00", to: "16:00"}]
  - id: sam
tasks:
  - {id: dinner, duration: 45m, repeat: daily, window: {from: "18:30", to: "20:00"}}
  - {id: school_run, duration: 30m, repeat: weekdays, window: {from: "15:30", to: "16:30"}, away: true, who: [sam]}
  - {id: groceries, duration: 30m, repeat: [mon], window: {from: "15:30", to: "16:30"}, away: true, who: [alex]}
presence:
  - {name: someone home with Zoe, days: weekdays, from: "15:30", to: "18:30", who: [alex, sam]}
  - {name: someone home on Saturday, days: [sat], from: "09:00", to: "12:00"}
"""


def test_a_block_the_away_tasks_break_is_named_with_its_hours_and_those_tasks(tmp_path):
    path = tmp_path / "zoe.yaml"
    path.write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)])
    assert result.exit_code == 3
    assert result.stderr.splitlines()[1] == (
        "- someone home with Zoe (weekdays 15:30-18:30) cannot be kept while school_run and groceries are done "
        "away: school_run on mon 15:30-16:30 (can be done by sam); groceries on mon 15:30-16:30 (can be done by "
        "alex); alex at work until 16:00; do the away tasks at other times, let someone else do them, or need "
        "fewer at home"
    )


def test_of_two_blocks_in_reach_only_the_one_that_breaks_alone_is_named():
    # A grown-up must be in on Monday 16:00-17:00 too: with the shopping after Alex's work and the school run
    # before it, that block alone would hold; Zoe's, from 15:30, is the one the away tasks break.
    text = SHORT.replace(
        "  - {name: someone home on Saturday",
        '  - {name: a grown-up in, days: [mon], from: "16:00", to: "17:00"}\n  - {name: someone home on Saturday',
    )
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(household(text))
    (reason,) = raised.value.reasons
    assert reason.startswith("someone home with Zoe (weekdays 15:30-18:30) cannot be kept while school_run and "), (
        reason
    )
    assert "a grown-up in" not in reason


EDITS = """version: 1
members:
  - {id: kai, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: noor}
tasks:
  - {id: dinner, duration: 1h, repeat: daily, window: {from: "18:00", to: "20:00"}}
presence:
  - {name: someone home with the baby, days: weekdays, from: "09:00", to: "17:00", who: [noor]}
  - {name: school pickup, days: weekdays, from: "15:00", to: "16:00", who: [kai, noor]}
  - {days: [sat], from: "10:00", to: "11:00"}
scenarios:
  nursery:
    remove_presence: [someone home with the baby]
  early:
    update_presence: {school pickup: {from: "14:00", awake: true}}
  newborn:
    add_presence: [{name: someone awake at night, days: daily, from: "22:00", to: "23:00", awake: true}]
"""
IN_ORDER = """  all_three:
    add_presence: [{name: someone home with the baby, days: weekends, from: "09:00", to: "12:00"}]
    remove_presence: [someone home with the baby]
"""


def test_a_scenario_removes_updates_and_adds_presence_blocks_by_name():
    house = household(EDITS)
    nursery = scenario_household(house, "nursery")
    assert [block.label for block in nursery.presence] == ["school pickup", "presence 10:00-11:00"]
    early = scenario_household(house, "early").presence[1]
    assert (early.start, early.end, early.awake, early.who) == (14 * 60, 16 * 60, True, ["kai", "noor"])
    assert scenario_household(house, "newborn").presence[-1].label == "someone awake at night"
    assert house.presence[0].who == ["noor"]  # the base is untouched by its scenarios
    # Remove, then add: a block of that name may come back, here on weekends.
    replaced = scenario_household(household(EDITS + IN_ORDER), "all_three").presence
    assert [(block.label, block.days) for block in replaced] == [
        ("school pickup", (0, 1, 2, 3, 4)),
        ("presence 10:00-11:00", (5,)),
        ("someone home with the baby", (5, 6)),
    ]
    for name in ("nursery", "early", "newborn"):
        solve_checked(house, scenario=name)


def test_the_order_is_remove_update_add_so_an_update_of_a_removed_block_is_an_error_at_its_line():
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(
            EDITS + IN_ORDER + "    update_presence: {someone home with the baby: {people: 1}}\n", source="edits.yaml"
        )
    (issue,) = raised.value.errors
    assert issue.line == 21 and issue.message.startswith(
        'scenario all_three: updates presence block "someone home with the baby", which does not exist'
    )


MISTAKES = """version: 1
members:
  - {id: kai}
  - {id: noor}
tasks: []
presence:
  - {name: school pickup, days: weekdays, from: "15:00", to: "16:00", who: [kai, noor]}
  - {days: [sat], from: "10:00", to: "11:00"}
scenarios:
  typo:
    remove_presence: [school pikcup]
  twice:
    add_presence: [{name: school pickup, days: [mon], from: "15:00", to: "16:00"}]
  too_many:
    update_presence: {school pickup: {people: 3}}
  renamed:
    update_presence: {school pickup: {name: pickup}}
  misspelt:
    update_presence:
      school pickup: {awak: true}
  unnamed:
    remove_presence: [presence 10:00-11:00]
  gone:
    remove_members: [kai]
    update_presence: {school pickup: {people: 2}}
"""


def test_each_presence_edit_mistake_is_said_at_the_line_of_the_edit():
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(MISTAKES, source="edits.yaml")
    found = {issue.line: f"{issue.message} ({issue.hint})" for issue in raised.value.errors}
    assert sorted(found) == [11, 13, 15, 17, 20, 22, 25]
    assert found[11].startswith(
        'scenario typo: removes presence block "school pikcup", which does not exist (did you mean'
    )
    assert found[13].startswith('scenario twice: adds presence block "school pickup", which already exists')
    assert "school pickup needs 3 members at home but names only 2" in found[15]
    assert "an update cannot change the name of school pickup" in found[17]
    assert "unknown key `awak` (did you mean `awake`?" in found[20]
    assert "a block without a name cannot be removed or updated: give it a name in the file" in found[22]
    assert "school pickup needs 2 members at home but names only 1" in found[25]  # the update, not the removal


def test_presence_edits_in_a_scenario_file_and_through_the_api(tmp_path):
    house = labor_opt.load(ROOT / "examples" / "after_school.yaml")
    block = house.presence[0].label
    what_if = tmp_path / "zoe_at_camp.yaml"
    what_if.write_text(f"remove_presence: [{block}]\n", encoding="utf-8")
    with_camp, name = labor_opt.load_scenario_file(house, what_if)
    assert scenario_household(with_camp, name).presence == []
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("update_presence:\n  nobody: {people: 2}\n", encoding="utf-8")
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.load_scenario_file(house, wrong)
    (issue,) = raised.value.errors
    assert (issue.file, issue.line) == (str(wrong), 2) and 'updates presence block "nobody"' in issue.message


def test_the_baby_household_works_from_home_and_each_what_if_is_valid():
    house = labor_opt.load(ROOT / "tests" / "households" / "baby_at_home.yaml")
    base = solve_checked(house)
    assert (base.members["kai"].paid, base.members["kai"].commute) == (30 * 60, 4 * 45)  # office days only
    for name in house.scenarios:
        solve_checked(house, scenario=name)
    office = solve_checked(house, scenario="both_at_the_office")
    assert office.members["kai"].commute == 10 * 45


def test_an_edit_naming_a_block_name_two_blocks_share_is_an_error_at_its_line():
    text = EDITS.replace("{name: school pickup, days: weekdays", "{name: someone home with the baby, days: weekdays")
    with pytest.raises(labor_opt.InputError) as raised:
        labor_opt.parse_household(text, source="e.yaml")
    found = {issue.line: issue.message for issue in raised.value.errors}
    assert found[13] == (
        'scenario nursery: removes presence block "someone home with the baby", but 2 presence blocks have that name'
    )
    assert found[15].startswith('scenario early: updates presence block "school pickup", which does not exist')
