"""Writing a household file: a starter file from `init`, and the JSON Schema editors check it with."""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.household.schema import household_schema
from labor_opt.household.starter import catalog

from .conftest import ROOT

HOUSEHOLDS = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples" / "no_schedule").glob("*.yaml"))
VALIDATOR = jsonschema.Draft202012Validator(household_schema())


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.mark.parametrize("path", HOUSEHOLDS, ids=lambda p: p.stem)
def test_the_schema_accepts_every_example_and_each_carries_the_editor_header(path):
    errors = [error.message for error in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema_path = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert schema_path and (path.parent / schema_path.group(1)).resolve() == ROOT / "docs" / "household.schema.json"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda data: data["tasks"][0].update({"duraton": "45m"}), "'duraton' was unexpected"),
        (lambda data: data["members"][0].update({"comute": "30m"}), "'comute' was unexpected"),
        (lambda data: data["tasks"][0].update({"duration": "forty"}), "'forty' is not valid"),
        (lambda data: data["tasks"][0].update({"repeat": "fortnightly"}), "'fortnightly' is not valid"),
        (lambda data: data.update({"version": 2}), "1 was expected"),
    ],
)
def test_the_schema_rejects_a_typo_in_a_key_or_a_value(change, complaint):
    data = yaml.safe_load((ROOT / "examples" / "newborn.yaml").read_text(encoding="utf-8"))
    change(data)
    messages = [error.message for error in VALIDATOR.iter_errors(data)]
    assert any(complaint in message for message in messages), messages
    with pytest.raises(labor_opt.InputError):  # labor-opt itself refuses it too, with its own words
        labor_opt.household_from_data(data)


def test_every_key_of_the_schema_is_described_and_the_shipped_file_is_current():
    schema = household_schema()
    jsonschema.Draft202012Validator.check_schema(schema)

    def undescribed(node: object, path: str) -> list[str]:
        if isinstance(node, dict):
            found = [f"{path}.{key}" for key, sub in (node.get("properties") or {}).items() if "description" not in sub]
            return found + [item for key, sub in node.items() for item in undescribed(sub, f"{path}/{key}")]
        if isinstance(node, list):
            return [item for sub in node for item in undescribed(sub, path)]
        return []

    assert undescribed(schema, "") == []
    shipped = json.loads((ROOT / "docs" / "household.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema, "run: labor-opt schema -o docs/household.schema.json"
    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.stdout) == schema


def solves(path: Path) -> labor_opt.Schedule:
    house = labor_opt.load(path)
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    return schedule


def test_init_with_options_alone_writes_a_file_that_solves(tmp_path):
    path = tmp_path / "house.yaml"
    result = run(
        "init", path, "--no-input", "--name", "Kim and Lee", "--kind", "family",
        "--member", "kim", "--member", "lee", "--work", "kim=weekdays 09:00-17:00", "--commute", "kim=30m",
        "--work", "lee=mon,tue,wed 08:00-13:00", "--child-age", "3", "--child-age", "8",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "it solves" in result.stderr
    schedule = solves(path)
    tasks = {a.task for a in schedule.assignments}
    assert {"nursery_pick_up", "homework_child2", "dinner", "groceries"} <= tasks
    assert not any(task.startswith("night_feed") for task in tasks)  # no baby: no night feeds
    assert labor_opt.load(path).member("kim").commute == 30
    assert VALIDATOR.is_valid(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_init_asks_what_the_options_do_not_say(tmp_path):
    path = tmp_path / "house.yaml"
    answers = "Flat 3\nshared-house\nana, ben, cy\nweekdays 09:00-17:00\n45m\nnone\nmon,wed 10:00-16:00\n0\n"
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    assert "Who lives here, and who helps? Names, separated by commas" in result.output
    house = labor_opt.load(path)
    assert house.name == "Flat 3" and [m.id for m in house.members] == ["ana", "ben", "cy"]
    assert house.settings.fairness.measure == "chores"
    assert (house.member("ana").commute, house.member("ben").work, house.member("cy").commute) == (45, [], 0)
    solves(path)


def lines(*answers: str) -> str:
    """Answers typed at init's questions, one a line ("" takes the question's default)."""
    return "\n".join(answers) + "\n"


# Issue 22, item 1: answers are read as people type them, and checked as they are typed.


def test_a_typo_is_asked_again_at_once_and_no_earlier_answer_is_lost(tmp_path):
    path = tmp_path / "house.yaml"
    answers = lines(
        "Flat 3",
        "shared hose",  # a typo: asked again
        "shared house",
        "Dana, Marc, Zoe",  # display names; the ids are dana, marc, zoe
        "mon-fir 8am-4.30pm",  # a typo in Dana's hours: asked again
        "mon-fri 8am-4.30pm",
        "forty-five minutes",  # cannot be read: asked again
        "45 minutes",
        "none",  # Marc has no paid work, so no commute is asked
        "tue,thu 9-5",
        "none",
    )
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    assert "'shared hose' is not a kind of household; write one of couple, family, single-parent" in result.stderr
    assert (
        "'fir' is not a day (did you mean fri? days are mon, tue ... sun); "
        "write it like this: mon-fri 8am-4.30pm; sat 10am-2pm"
    ) in result.stderr
    assert "'forty-five minutes' is not a length of time; write it like this: 30 minutes" in result.stderr
    assert "read as: weekdays 08:00-16:30" in result.stderr and "read as: tue,thu 09:00-17:00" in result.stderr
    house = labor_opt.load(path)
    assert house.name == "Flat 3" and house.settings.fairness.measure == "chores"
    assert [(m.id, m.name) for m in house.members] == [("dana", "Dana"), ("marc", "Marc"), ("zoe", "Zoe")]
    dana, marc, zoe = (house.member(member) for member in ("dana", "marc", "zoe"))
    assert [(b.days, b.start, b.end) for b in dana.work] == [((0, 1, 2, 3, 4), 8 * 60, 16 * 60 + 30)]
    assert (dana.commute, marc.work, zoe.commute) == (45, [], 0)
    assert [(b.days, b.start, b.end) for b in zoe.work] == [((1, 3), 9 * 60, 17 * 60)]
    solves(path)


def test_the_same_answers_as_options_give_the_same_file(tmp_path):
    typed, given = tmp_path / "typed.yaml", tmp_path / "given.yaml"
    answers = lines("Us", "couple", "Dana, Marc", "adult", "", "mon-fri 8am-4.30pm", "45 minutes", "none")
    assert run("init", typed, input=answers).exit_code == 0
    result = run("init", given, "--no-input", "--name", "Us", "--member", "Dana", "--member", "Marc",
                 "--work", "Dana=mon-fri 8am-4.30pm", "--commute", "dana=45 minutes")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert typed.read_text(encoding="utf-8") == given.read_text(encoding="utf-8")


# Issue 22, item 2: adults, helpers, teens who help and children who do not; the children's work from their ages.


def test_children_are_not_members_and_a_teen_helps_with_a_cap_while_the_adults_balance(tmp_path):
    path = tmp_path / "house.yaml"
    answers = lines(
        "The Blends",
        "family",
        "Dana, Marc, Zoe, Leo, Mia",
        "",  # Dana: adult (the default)
        "adult",
        "15",  # Zoe's age: a teen, so...
        "yes",  # ...does Zoe help? yes: a member outside the balance
        "7",  # Leo: at school
        "4",  # Mia: at nursery
        "mon-fri 9am-5.30pm",
        "45 minutes",
        "mon-fri 9.30am-3pm",
        "15 minutes",
        "",  # Zoe's most chores: 3h
        "",  # may Zoe look after the children? no
    )
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    assert "Leo and Mia are not members: 9 tasks are their care, and 2 presence blocks" in result.stderr
    assert "it solves (imbalance 0m)" in result.stderr
    house = labor_opt.load(path)
    assert [m.id for m in house.members] == ["dana", "marc", "zoe"]  # Leo and Mia are not members
    zoe = house.member("zoe")
    assert (zoe.balance, zoe.max_chores, zoe.never) == (False, 180, ["childcare"])
    text = path.read_text(encoding="utf-8")
    assert "# Without a cap every chore the others could shed would land on Zoe:" in text
    tasks = {task.id: task for task in house.tasks}
    assert {"school_run", "school_pick_up", "homework_leo", "nursery_pick_up", "bath_and_bed"} <= set(tasks)
    assert tasks["school_run"].away and tasks["homework_leo"].name == "Homework help (Leo)"
    assert [(block.name, block.who) for block in house.presence][0] == (
        "someone home with Leo and Mia",
        ["dana", "marc"],
    )
    schedule = solves(path)
    loads = {member: figures.load for member, figures in schedule.members.items()}
    assert schedule.fairness.imbalance == 0 and loads["dana"] == loads["marc"]  # proven optimal well inside 10s
    assert schedule.members["zoe"].chores <= 180 and schedule.members["zoe"].mental == 0
    assert not any(task in ("school_run", "homework_leo") for task in _done_by(schedule, "zoe"))


def test_a_teen_who_does_not_help_is_neither_a_member_nor_given_work(tmp_path):
    path = tmp_path / "house.yaml"
    answers = lines("Kim and Lee", "family", "Kim, Lee, Sam", "", "", "15", "no", "none", "weekdays 9-5", "30m")
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    assert "Sam is not a member; from 13, children need no care tasks of their own" in result.stderr
    house = labor_opt.load(path)
    assert [m.id for m in house.members] == ["kim", "lee"] and house.presence == []
    assert not [task.id for task in house.tasks if "Sam" in (task.name or "")]
    schedule = solves(path)
    assert set(schedule.members) == {"kim", "lee"}


def _done_by(schedule: labor_opt.Schedule, member: str) -> set[str]:
    return {a.task for a in schedule.assignments if member in a.members}


def test_twin_babies_each_have_night_feeds_and_a_grandparent_helps_when_around(tmp_path):
    path = tmp_path / "house.yaml"
    answers = lines(
        "Ana and Bea",
        "family",
        "Ana, Bea, Grandpa Joe, Lily, Rose",
        "adult",
        "adult",
        "grandpa",  # a helper: outside the balance, around when he says
        "8 months",
        "8 months",
        "sun-wed 7.30pm-7.30am",  # Ana, a nurse on nights
        "30 minutes",
        "none",
        "tue,thu 2pm-6pm",
        "4 hours",
    )
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    house = labor_opt.load(path)
    assert [m.id for m in house.members] == ["ana", "bea", "grandpa_joe"]
    joe = house.member("grandpa_joe")
    assert (joe.balance, joe.max_chores) == (False, 240)
    assert [(b.days, b.start, b.end) for b in joe.available or []] == [((1, 3), 14 * 60, 18 * 60)]
    assert [(b.days, b.start, b.end) for b in house.member("ana").work] == [((0, 1, 2, 6), 19 * 60 + 30, 7 * 60 + 30)]
    assert sorted(task.id for task in house.tasks if task.night) == ["night_feed_lily", "night_feed_rose"]
    assert [(b.name, b.days, b.start, b.end) for b in house.presence] == [
        ("someone home with Lily and Rose", (0, 1, 2, 3, 4, 5, 6), 0, 24 * 60)
    ]
    schedule = solves(path)
    fed = [a for a in schedule.assignments if a.task.startswith("night_feed")]
    assert len(fed) == 14 and schedule.members["grandpa_joe"].chores <= 240


def test_roles_and_children_as_options(tmp_path):
    path = tmp_path / "house.yaml"
    result = run("init", path, "--no-input", "--kind", "family", "--member", "Jo", "--member", "Mia", "--teen", "mia",
                 "--member", "Pat", "--helper", "Pat=mon,wed 3pm-7pm", "--work", "jo=mon-fri 8.30am-4.30pm",
                 "--child", "Sam=8 months")  # fmt: skip
    assert result.exit_code == 0, result.output
    house = labor_opt.load(path)
    assert [(m.id, m.balance, m.max_chores) for m in house.members] == [("jo", True, None), ("mia", False, 180),
                                                                        ("pat", False, 180)]  # fmt: skip
    assert "night_feed_sam" in {task.id for task in house.tasks}
    unread = run("init", tmp_path / "new.yaml", "--no-input", "--member", "jo", "--child", "Sam=eight")
    assert unread.exit_code == 2 and "--child 'Sam=eight': 'eight' is not an age" in unread.stderr
    assert not (tmp_path / "new.yaml").exists()


def test_init_never_overwrites_and_says_what_it_cannot_read(tmp_path):
    path = tmp_path / "house.yaml"
    path.write_text("mine\n", encoding="utf-8")
    refused = run("init", path, "--no-input", "--member", "kim")
    assert refused.exit_code == 2 and "never overwrites" in refused.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"
    unread = run("init", tmp_path / "new.yaml", "--no-input", "--member", "kim", "--work", "kim=9 to 5")
    assert unread.exit_code == 2 and "the work hours of kim, '9 to 5', cannot be read" in unread.stderr
    assert not (tmp_path / "new.yaml").exists()
    assert run("init", tmp_path / "new.yaml", "--no-input").exit_code == 2  # who lives here?


def test_every_catalog_task_names_the_time_use_figure_it_comes_from():
    text = (ROOT / "labor_opt" / "catalog" / "tasks.yaml").read_text(encoding="utf-8")
    cited = set(re.findall(r"^# \[(\w)\] ATUS", text, re.M))
    assert cited == {"H", "S", "C"}
    assert all(task["source"] in cited for task in catalog())


class _AnswersThenCtrlC(io.RawIOBase):
    """Standard input on which a person types some answers, then presses Ctrl-C."""

    def __init__(self, typed: str) -> None:
        self.typed = typed.encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if len(buffer) == 0:
            return 0
        if not self.typed:
            raise KeyboardInterrupt
        size = min(len(buffer), len(self.typed))
        buffer[:size], self.typed = self.typed[:size], self.typed[size:]
        return size


def test_ctrl_c_keeps_the_answers_given_so_far_in_a_command_that_asks_only_the_rest(tmp_path):
    path = tmp_path / "house.yaml"
    typed = lines("The Blends", "family", "Dana, Zoe, Leo", "", "15", "yes", "7", "mon-fri 8am-4.30pm")
    result = run("init", path, input=_AnswersThenCtrlC(typed))
    assert result.exit_code == 130 and not path.exists()
    said = result.stderr.splitlines()
    assert said[-2] == "interrupted; nothing was written. To go on, keeping your answers so far:"
    command = shlex.split(said[-1])
    assert command == ["labor-opt", "init", str(path), "--name", "The Blends", "--kind", "family",
                       "--member", "Dana", "--work", "dana=mon-fri 8am-4.30pm", "--member", "Zoe", "--teen", "zoe",
                       "--child", "Leo=7"]  # fmt: skip
    finished = run(*command[1:], input=lines("45 minutes", "2h", "no"))  # only what was left: nothing asked twice
    assert finished.exit_code == 0, finished.output
    assert "Household name" not in finished.output and "adult, helper" not in finished.output
    house = labor_opt.load(path)
    assert [m.id for m in house.members] == ["dana", "zoe"] and house.member("zoe").max_chores == 120
    assert house.member("dana").commute == 45 and "homework_leo" in {task.id for task in house.tasks}
