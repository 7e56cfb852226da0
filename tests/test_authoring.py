"""Writing a household file: a starter file from `init`, and the JSON Schema editors check it with."""

from __future__ import annotations

import json
import re
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
    assert {"nursery_pick_up", "homework", "dinner", "groceries"} <= tasks and "night_feed" not in tasks
    assert labor_opt.load(path).member("kim").commute == 30
    assert VALIDATOR.is_valid(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_init_asks_what_the_options_do_not_say(tmp_path):
    path = tmp_path / "house.yaml"
    answers = "Flat 3\nshared-house\nana, ben, cy\nweekdays 09:00-17:00\n45m\nnone\nmon,wed 10:00-16:00\n0\n"
    result = run("init", path, input=answers)
    assert result.exit_code == 0, result.output
    assert "Members' ids, separated by commas" in result.output
    house = labor_opt.load(path)
    assert house.name == "Flat 3" and [m.id for m in house.members] == ["ana", "ben", "cy"]
    assert house.settings.fairness.measure == "chores"
    assert (house.member("ana").commute, house.member("ben").work, house.member("cy").commute) == (45, [], 0)
    solves(path)


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
