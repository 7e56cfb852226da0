"""Reading household files: every key and shorthand, and every mistake reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

import labor_opt
from labor_opt import InputError

from .conftest import household

HERE = Path(__file__).parent

MINIMAL = """
version: 1
members:
  - id: kim
tasks: []
"""


def errors_of(text: str) -> list[labor_opt.Issue]:
    with pytest.raises(InputError) as raised:
        household(text)
    return list(raised.value.errors)


def test_defaults_of_the_spec():
    result = household(MINIMAL)
    kim = result.members[0]
    assert (kim.sleep.start, kim.sleep.end) == (23 * 60, 7 * 60)
    assert kim.balance is True and kim.commute == 0 and kim.max_chores is None
    assert result.settings.resolution == 15
    assert result.settings.fairness.measure == "total"
    assert result.settings.fairness.shares == "equal"
    assert result.settings.fairness.tolerance == 15
    assert result.settings.time_limit == 10


def test_shorthands_of_the_spec():
    result = household("""
version: 1
settings: {resolution: 30m, time_limit: 2s, fairness: {shares: {kim: 3, lee: 2}, tolerance: 0}}
members:
  - id: kim
    skills: [cooking, driving]
    work: [{days: weekdays, from: 09:00, to: 17:30}]
  - id: lee
    skills: {cooking: expert}
    work: [{days: [sat, sun], from: "22:00", to: "06:00"}]
tasks:
  - {id: a, duration: 1h30m, repeat: daily}
  - {id: b, duration: 90, repeat: weekends}
  - {id: c, duration: 45m, repeat: [thu, mon], window: {from: "23:00", to: "01:00"}}
  - {id: d, duration: 1h, repeat: {times: 3, min_gap_days: 1}, requires: [cooking]}
  - {id: e, duration: 1h, requires: {cooking: expert}}
""")
    kim, lee = result.members
    assert kim.skills == {"cooking": "able", "driving": "able"}
    assert kim.work[0].start == 9 * 60 and kim.work[0].end == 17 * 60 + 30  # unquoted 17:30 is a time
    assert lee.work[0].minutes == 8 * 60  # crosses midnight
    a, b, c, d, e = result.tasks
    assert a.duration == 90 and a.repeat.days == tuple(range(7))
    assert b.duration == 90 and b.repeat.days == (5, 6)
    assert c.repeat.days == (0, 3) and c.window is not None and c.window.minutes == 120
    assert d.repeat.chosen_days and d.repeat.times == 3 and d.repeat.min_gap_days == 1
    assert d.requires == {"cooking": "learning"}
    assert e.repeat.chosen_days and e.repeat.times == 1  # weekly is the default
    assert result.settings.fairness.shares == {"kim": 3, "lee": 2}


def test_a_file_with_ten_mistakes_reports_all_of_them_with_lines():
    with pytest.raises(InputError) as raised:
        labor_opt.load(HERE / "households" / "ten_mistakes.yaml")
    found = {(issue.line, issue.path) for issue in raised.value.errors}
    expected_lines = {3, 4, 6, 8, 9, 11, 13, 16, 20, 23, 26}
    assert {line for line, _ in found} == expected_lines
    messages = "\n".join(str(issue) for issue in raised.value.errors)
    assert "ten_mistakes.yaml:23" in messages and "did you mean `window`" in messages
    assert "e.g. alex_b" in messages
    assert "write 5m, 10m, 15m or 30m" in messages
    assert "zed, who is not a member" in messages


def test_unknown_keys_suggest_the_closest_valid_key():
    (issue,) = errors_of(MINIMAL.replace("- id: kim", "- id: kim\n    sleeep: {from: '23:00', to: '07:00'}"))
    assert issue.line == 5
    assert "did you mean `sleep`" in issue.hint


def test_cross_checks():
    issues = errors_of("""
version: 1
settings: {fairness: {shares: {kim: 1, zoe: 2}}}
members:
  - {id: kim, likes: [dishez], never: [garden]}
  - {id: lee, skills: {cooking: able}}
  - {id: kid, balance: false}
tasks:
  - {id: dishes, duration: 30m, who: [kim, le]}
  - {id: curry, duration: 1h, requires: {cooking: expert}}
  - {id: dinner, duration: 1h, window: {from: "18:00", to: "18:30"}}
""")
    text = "\n".join(map(str, issues))
    assert "test.yaml:5: error: members[0].likes[0]" in text and "did you mean dishes" in text
    assert "members[0].never[0]" in text  # garden is neither a task nor a tag
    assert "shares names zoe, who is not a member" in text
    assert "shares gives no weight to lee" in text
    assert "who is not a member; did you mean lee?" in text
    assert "requires cooking:expert" not in text  # a valid file with no schedule: exit 3 when solved, not an error
    assert "window of task dinner (30m) is shorter than the task (1h)" in text


def test_whole_day_windows_and_empty_blocks():
    whole = household(
        MINIMAL.replace("tasks: []", 'tasks: [{id: a, duration: 1h, window: {from: "00:00", to: "24:00"}}]')
    )
    assert whole.tasks[0].window is not None and whole.tasks[0].window.minutes == 24 * 60
    (issue,) = errors_of(
        MINIMAL.replace("tasks: []", 'tasks: [{id: a, duration: 1h, window: {from: "09:00", to: "09:00"}}]')
    )
    assert '`from` and `to` are both "09:00"' in issue.message


def test_grid_rounding_is_a_warning_not_silent():
    result = household("""
version: 1
members: [{id: kim, skills: {cooking: learning}}]
tasks:
  - {id: soup, duration: 25m, requires: [cooking], window: {from: "18:10", to: "19:30"}}
""")
    warnings = "\n".join(map(str, result.warnings))
    assert "soup takes 37.5m (25m x 1.5 for skill level) for kim, rounded up to 45m on the 15m grid" in warnings
    assert "narrowed to 18:15-19:30" in warnings


def test_scenario_edits_and_their_mistakes_have_lines():
    text = MINIMAL.replace(
        "tasks: []",
        """  - id: lee
tasks:
  - {id: dinner, duration: 30m, who: [kim]}
scenarios:
  typo:
    remove_tasks: [diner]
  gone:
    remove_members: [kim]
  twice:
    add_tasks: [{id: dinner, duration: 1h}]
  bad_value:
    update_tasks: {dinner: {duration: 0m}}
""",
    )
    issues = errors_of(text)
    by_line = {issue.line: str(issue) for issue in issues}
    assert "removes task diner, which does not exist; did you mean dinner?" in by_line[10]
    assert "removes kim, but `who` of task dinner names kim" in by_line[12]
    assert "adds task dinner, which already exists" in by_line[14]
    assert "scenario bad_value" in by_line[16] and "more than 0" in by_line[16]
    assert len(issues) == 4


def test_scenarios_apply_remove_update_add():
    base = household(
        MINIMAL.replace(
            "tasks: []",
            """tasks:
  - {id: dinner, duration: 30m}
  - {id: gym_bag, duration: 15m}
scenarios:
  baby:
    remove_tasks: [gym_bag]
    update_tasks: {dinner: {duration: 45m}}
    add_tasks: [{id: night_feed, duration: 30m, repeat: daily, night: true, window: {from: "01:00", to: "04:00"}}]
    add_members: [{id: lee}]
    update_members: {kim: {commute: 20m}}
""",
        )
    )
    from labor_opt.household.document import scenario_household

    baby = scenario_household(base, "baby")
    assert [t.id for t in baby.tasks] == ["dinner", "night_feed"]
    assert baby.task("dinner").duration == 45
    assert [m.id for m in baby.members] == ["kim", "lee"] and baby.member("kim").commute == 20
    assert baby.scenarios == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("- just\n- a list\n", "not a household"),
        ("version: 1\nmembers:\n\t- id: kim\n", "YAML syntax error"),
        ("version: 1\nname: 'unclosed\nmembers: []\n", "YAML syntax error"),
        (
            "version: 1\nname: !!python/object/apply:os.system ['echo hacked']\nmembers: [{id: kim}]\ntasks: []\n",
            "tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        ),
        ("version: 2\nmembers: [{id: kim}]\ntasks: []\n", "2 is not a known version"),
        ("version: 1\nmembers: []\ntasks: []\n", "this list is empty"),
    ],
)
def test_broken_files_get_a_clear_message(text, expected):
    issues = errors_of(text)
    assert any(expected in str(issue) for issue in issues), [str(i) for i in issues]
    assert all(issue.file == "test.yaml" for issue in issues)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        labor_opt.load(tmp_path / "nope.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("version: 1\nname: Müller\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        labor_opt.load(latin1)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert labor_opt.load(bom).members[0].id == "kim"
