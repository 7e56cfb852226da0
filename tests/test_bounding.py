"""What bounds the imbalance, said in every report; and leximin, which evens out everyone else too."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings

import labor_opt
from labor_opt.cli import cli
from labor_opt.report.terminal import notes

from .conftest import ROOT
from .strategies import enumerable_households
from .test_properties import every_split, from_data

CAPPED = ROOT / "tests" / "households" / "capped_member.yaml"


def with_objective(objective: str) -> labor_opt.Household:
    data = yaml.safe_load(CAPPED.read_text(encoding="utf-8"))
    data["settings"]["fairness"]["objective"] = objective
    return from_data(data)


def adjusted_loads(house: labor_opt.Household, schedule: labor_opt.Schedule) -> list[Fraction]:
    """The balanced members' share-adjusted loads, highest first."""
    shares = house.settings.fairness.shares
    balanced = [m.id for m in house.members if m.balance]
    weights = {m: Fraction(1) if shares == "equal" else Fraction(repr(shares[m])) for m in balanced}
    total = sum(weights.values())
    return sorted((schedule.members[m].load * total / (weights[m] * len(balanced)) for m in balanced), reverse=True)


@pytest.mark.parametrize("objective", ["imbalance", "leximin"])
def test_a_capped_member_and_a_long_working_one_are_named_as_what_bounds_the_imbalance(objective):
    house = with_objective(objective)
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    assert schedule.status == "optimal"
    bounds = {(bound.member, bound.side, bound.cause) for bound in schedule.fairness.bounded_by}
    assert bounds == {("ada", "highest", "paid work"), ("dee", "lowest", "cap")}
    text = "\n".join(notes(schedule))
    assert "ada's paid work and commute (45h) alone" in text
    assert "dee's max_chores of 1h" in text


def test_under_leximin_the_members_who_can_move_end_within_the_tolerance():
    house = with_objective("leximin")
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    others = [schedule.members[m].load for m in ("ben", "cy")]
    assert max(others) - min(others) <= house.settings.fairness.tolerance
    assert schedule.fairness.others_spread == max(others) - min(others)
    # The headline is the same: leximin works inside the band the imbalance allows.
    assert schedule.fairness.imbalance == labor_opt.solve(with_objective("imbalance")).fairness.imbalance


def test_the_report_warns_when_the_others_differ_by_more_than_the_tolerance():
    schedule = labor_opt.solve(with_objective("imbalance"))
    spread_out = replace(schedule, fairness=replace(schedule.fairness, others_spread=11 * 60))
    text = "\n".join(notes(spread_out))
    assert "apart from ada and dee, loads differ by up to 11h, more than the 15m tolerance" in text
    assert "fairness.objective: leximin evens them out" in text
    assert "differ by" not in "\n".join(notes(labor_opt.solve(with_objective("leximin"))))


def test_the_json_names_the_bounds_and_the_checker_verifies_the_spread(tmp_path):
    result = CliRunner().invoke(cli, ["solve", str(CAPPED), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {bound["member"] for bound in data["fairness"]["bounded_by"]} == {"ada", "dee"}
    house = labor_opt.load(CAPPED)
    assert labor_opt.check(house, data).valid
    data["fairness"]["others_spread"] += 1
    violations = [str(v) for v in labor_opt.check(house, data).violations]
    assert violations == [
        f"the others' spread is reported as {data['fairness']['others_spread']}, "
        f"but is {data['fairness']['others_spread'] - 1}"
    ]


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(enumerable_households())
def test_leximin_gives_the_lexicographically_least_loads_a_brute_force_finds(data):
    data["settings"]["fairness"]["objective"] = "leximin"
    assume(sum(member.get("balance", True) for member in data["members"]) >= 2)  # one alone: nothing to even out
    try:
        house = from_data(data)
        schedule = labor_opt.solve(house)
    except (labor_opt.InputError, labor_opt.InfeasibleError):
        assume(False)
        return
    assert labor_opt.check(house, schedule).valid
    assert schedule.status == "optimal"
    splits = [sorted(loads, reverse=True) for loads in every_split(data)]
    least = min(max(loads) - min(loads) for loads in splits)  # tolerance 0: leximin works among these
    expected = min(loads for loads in splits if max(loads) - min(loads) == least)
    assert adjusted_loads(house, schedule) == expected
