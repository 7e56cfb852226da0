"""The household read once: every scenario validated at reading and never again; relaxations made on the data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labor_opt
from labor_opt.household import reading
from labor_opt.household.marked_yaml import parse_marked_yaml

from .conftest import ROOT, household

NEWBORN = ROOT / "examples" / "newborn.yaml"
TWINS = ROOT / "examples" / "scenarios" / "twins.yaml"


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str | None]]:
    """How many times each household was validated, by scenario (``None``: the base), from now on."""
    counted: Counter[str | None] = Counter()
    original = reading.validate

    def validate(data, source, scenario, *args, **options):  # type: ignore[no-untyped-def]
        counted[scenario] += 1
        return original(data, source, scenario, *args, **options)

    monkeypatch.setattr(reading, "validate", validate)
    yield counted


def test_a_compare_validates_each_scenario_once_when_the_file_is_read_and_never_again(validations):
    house = labor_opt.load(NEWBORN)
    read = dict(validations)
    assert read == {None: 1, "baby_arrives": 1, "new_job": 1}
    comparison = labor_opt.compare(house, jobs=1)
    assert dict(validations) == read  # solving the base and each scenario looked them up
    assert [scenario.name for scenario in comparison.scenarios] == ["baby_arrives", "new_job"]
    assert labor_opt.check(house, comparison.base).valid
    for scenario in comparison.scenarios:
        assert labor_opt.check(house, scenario.schedule).valid
    assert dict(validations) == read  # checking a scenario's schedule takes the scenario as read, too


def test_a_scenario_file_validates_itself_once_and_no_scenario_read_before(validations):
    house = labor_opt.load(NEWBORN)
    with_twins, name = labor_opt.load_scenario_file(house, TWINS)
    assert dict(validations) == {None: 1, "baby_arrives": 1, "new_job": 1, "twins": 1}
    comparison = labor_opt.compare(with_twins, stable=True, jobs=1)
    assert dict(validations) == {None: 1, "baby_arrives": 1, "new_job": 1, "twins": 1}
    assert [scenario.name for scenario in comparison.scenarios] == ["baby_arrives", "new_job", name]
    for scenario in comparison.scenarios:
        assert labor_opt.check(with_twins, scenario.schedule).valid
    assert name not in house.scenarios and house.document is not with_twins.document  # what was read is unchanged


def test_solving_a_scenario_validates_nothing_again(validations):
    house = labor_opt.load(NEWBORN)
    validations.clear()
    schedule = labor_opt.solve(house, scenario="new_job")
    report = labor_opt.check(house, schedule)
    assert report.valid and schedule.scenario == "new_job"
    assert not validations


def test_the_document_holds_each_scenario_with_its_own_warnings_and_the_marks_of_the_file():
    house = household(ROUNDED_WITH_A_SCENARIO)
    document = house.document
    assert document is not None and document.base is house and document.source == "test.yaml"
    snacks = document.scenario("snacks")
    assert snacks.scenario_name == "snacks" and snacks.document is document and snacks.scenarios == {}
    assert [w.line for w in house.warnings] == [8]  # dinner's 20m on the 15m grid
    assert [w.line for w in house.warnings_of("snacks")] == [8, 13]  # and the 7m snack the scenario adds
    assert snacks.warnings == house.warnings_of("snacks")
    assert document.data["tasks"].item_lines == [6]  # the data as read, with its lines
    with pytest.raises(labor_opt.InputError, match="there is no scenario snack; did you mean snacks?"):
        labor_opt.solve(house, scenario="snack")


ROUNDED_WITH_A_SCENARIO = """\
version: 1
members:
  - id: kim
  - id: lee
tasks:
  - id: dinner
    repeat: daily
    duration: 20m
scenarios:
  snacks:
    add_tasks:
      - id: snack
        duration: 7m
"""


def test_a_household_built_in_code_has_no_document_and_says_so_when_asked_for_a_scenario():
    data = {"version": 1, "members": [{"id": "kim"}], "tasks": [], "scenarios": {"off": {"remove_members": []}}}
    built = labor_opt.Household.model_validate(data)
    assert built.document is None and built.source == "<household>" and built.warnings == ()
    with pytest.raises(labor_opt.InputError, match="read the household with labor_opt.load"):
        labor_opt.solve(built, scenario="off")
    assert labor_opt.household_from_data(data).document is not None


NO_SCHEDULE = [
    ROOT / "examples" / "no_schedule" / "nursery_clash.yaml",
    ROOT / "tests" / "infeasible" / "who_names_someone_at_work.yaml",
    ROOT / "tests" / "infeasible" / "never_keeps_the_only_free_member.yaml",
    ROOT / "tests" / "infeasible" / "chores_cap_below_forced_work.yaml",
    ROOT / "tests" / "infeasible" / "required_skill_nobody_has.yaml",
]


@pytest.mark.parametrize("path", NO_SCHEDULE, ids=lambda p: p.stem)
def test_a_relaxation_made_on_the_data_is_the_household_its_edits_make_when_pasted_under_scenarios(path):
    house = labor_opt.load(path)
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(house)
    assert raised.value.relaxations
    for relaxation in raised.value.relaxations:
        fixed = relaxation.applied_to(house)
        pasted = labor_opt.parse_household(
            path.read_text(encoding="utf-8") + f"scenarios:\n  fixed: {{{relaxation.edits}}}\n", source=str(path)
        )
        by_hand = pasted.document.scenario("fixed")
        assert fixed.model_dump() == by_hand.model_dump(), relaxation.text
        assert fixed.scenario_name is None and fixed.source == str(path) and fixed.warnings == house.warnings


# Ids as people write them (any letters, digits, signs, spaces, emoji), never the control characters reading refuses.
IDS = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=12)
VALUES = st.one_of(
    st.integers(0, 10_000),
    IDS,
    st.lists(IDS, max_size=4),
    st.dictionaries(st.sampled_from(["from", "to", "cooking", "driving"]), IDS, max_size=2),
)


@given(
    section=st.sampled_from(["tasks", "members"]),
    item=IDS,
    key=st.sampled_from(["window", "who", "never", "people", "assign", "requires", "max_chores", "max_nights"]),
    value=VALUES,
)
def test_the_edits_shown_read_back_as_exactly_the_change_made(section, item, key, value):
    changes = {f"update_{section}": {item: {key: value}}}
    relaxation = labor_opt.Relaxation(key, item, "", changes, 1)
    data, issues = parse_marked_yaml("{" + relaxation.edits + "}", "pasted.yaml")
    assert not issues
    assert data == changes


def test_a_compare_runs_pydantic_validation_only_while_the_file_is_read(monkeypatch: pytest.MonkeyPatch):
    """Counted at the model itself, so no path that validates again (edits, scenarios, checks) goes unseen."""
    calls: list[str] = []
    original = labor_opt.Household.model_validate.__func__  # type: ignore[attr-defined]

    def counting(cls, data, *args, **options):  # type: ignore[no-untyped-def]
        calls.append("validated")
        return original(cls, data, *args, **options)

    monkeypatch.setattr(labor_opt.Household, "model_validate", classmethod(counting))
    house = labor_opt.load(NEWBORN)
    assert len(calls) == 3  # the base and its two scenarios
    comparison = labor_opt.compare(house, jobs=1)
    assert len(comparison.scenarios) == 2
    for scenario in comparison.scenarios:
        assert labor_opt.check(house, scenario.schedule).valid
    assert len(calls) == 3
