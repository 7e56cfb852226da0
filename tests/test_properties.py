"""Properties over random households: valid or a clear error, fair whatever the names, truly optimal."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import labor_opt
from labor_opt import InfeasibleError, InputError, NoScheduleInTimeError

from .conftest import assert_cli_answers_clearly
from .strategies import enumerable_households, households


def from_data(data: dict[str, Any]) -> labor_opt.Household:
    # Through YAML text, as a user's file would come.
    return labor_opt.parse_household(yaml.safe_dump(data, sort_keys=False), source="random.yaml")


@given(households())
def test_valid_schedule_or_clear_error(data):
    try:
        household = from_data(data)
        schedule = labor_opt.solve(household)
    except InputError as error:
        event("invalid input")
        assert error.errors and all(
            issue.message and issue.hint and issue.file == "random.yaml" for issue in error.errors
        )
        return
    except InfeasibleError as error:
        event("infeasible")
        assert error.reasons and all(reason.strip() for reason in error.reasons)
        return
    except NoScheduleInTimeError:
        event("no schedule in time")
        return
    event(f"solved {schedule.status}")
    report = labor_opt.check(household, schedule)
    assert report.valid, [str(v) for v in report.violations]
    assert schedule.fairness.lower_bound <= schedule.fairness.imbalance


def shuffle(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """The same household with its members, tasks and presence blocks listed in another order."""
    shuffler = random.Random(seed)
    reordered = yaml.safe_load(yaml.safe_dump(data))
    for key in ("members", "tasks", "presence"):
        shuffler.shuffle(reordered.get(key, []))
    return reordered


def rename_and_shuffle(data: dict[str, Any], seed: int) -> dict[str, Any]:
    shuffler = random.Random(seed)
    names = {m["id"]: f"p{shuffler.randrange(10**6)}_{i}" for i, m in enumerate(data["members"])}
    renamed = yaml.safe_load(yaml.safe_dump(data))
    for member in renamed["members"]:
        member["id"] = names[member["id"]]
    for task in renamed["tasks"]:
        if "who" in task:
            task["who"] = [names[m] for m in task["who"]]
    for block in renamed.get("presence", []):
        block["who"] = [names[m] for m in block["who"]]
    shares = renamed["settings"]["fairness"].get("shares")
    if isinstance(shares, dict):
        renamed["settings"]["fairness"]["shares"] = {names[m]: w for m, w in shares.items()}
    shuffler.shuffle(renamed["members"])
    shuffler.shuffle(renamed["tasks"])
    return renamed


@given(households(), st.integers(0, 10**6))
def test_renaming_and_reordering_members_and_tasks_gives_the_same_figures(data, seed):
    try:
        original = labor_opt.solve(from_data(data))
    except (InputError, InfeasibleError, NoScheduleInTimeError):
        return
    assume(original.status == "optimal")
    renamed_household = from_data(rename_and_shuffle(data, seed))
    renamed = labor_opt.solve(renamed_household)
    assume(renamed.status == "optimal")
    assert labor_opt.check(from_data(data), original).valid
    assert labor_opt.check(renamed_household, renamed).valid
    assert renamed.fairness.imbalance == original.fairness.imbalance
    assert renamed.fairness.lower_bound == original.fairness.lower_bound
    assert renamed.most_disturbed_nights == original.most_disturbed_nights
    assert renamed.total_preference == original.total_preference


@given(households(max_tasks=8), st.integers(0, 10**6))
def test_reordering_members_and_tasks_gives_the_same_schedule(data, seed):
    """The order a file lists things in picks neither the schedule nor how long it takes to find.

    The solver sees every household in one canonical order, so a reordered
    copy is the same problem: the same schedule comes back, member for
    member (not merely one with the same figures), whichever status it has.
    """
    try:
        household = from_data(data)
        original = labor_opt.solve(household)
    except (InputError, InfeasibleError, NoScheduleInTimeError):
        return
    assume(original.status == "optimal")  # proven far inside the limit: no run-to-run timing in the way
    reordered_household = from_data(shuffle(data, seed))
    reordered = labor_opt.solve(reordered_household)
    assert labor_opt.check(household, original).valid
    assert labor_opt.check(reordered_household, reordered).valid
    assert reordered.assignments == original.assignments
    assert reordered.owners == original.owners
    assert reordered.members == original.members
    assert reordered.fairness == original.fairness


FACTORS = {"learning": Fraction(3, 2), "able": Fraction(1), "expert": Fraction(3, 4)}
ORDER = ["learning", "able", "expert"]


def may_do(member: dict[str, Any], task: dict[str, Any]) -> bool:
    return (
        ("who" not in task or member["id"] in task["who"])
        and task["id"] not in member.get("never", [])
        and all(
            s in member.get("skills", {}) and ORDER.index(member["skills"][s]) >= ORDER.index(level)
            for s, level in task.get("requires", {}).items()
        )
    )


def brute_force_imbalance(data: dict[str, Any]) -> int | None:
    """The least imbalance over every assignment of members and owners (None: none valid)."""
    best = min((max(adjusted) - min(adjusted) for adjusted in every_split(data)), default=None)
    return None if best is None else math.floor(best + Fraction(1, 2))


def every_split(data: dict[str, Any]) -> Iterator[list[Fraction]]:
    """The share-adjusted loads of the balanced members under every valid assignment of members and owners."""
    members = data["members"]
    fairness = data["settings"]["fairness"]
    occurrences, choices, lengths = [], [], []
    for task in data["tasks"]:
        people = task.get("people", 1)
        allowed = [m["id"] for m in members if may_do(m, task)]
        for member in members:
            factor = Fraction(1)
            if people == 1 and task.get("requires"):
                factor = (
                    max(FACTORS[member["skills"][s]] for s in task["requires"] if s in member.get("skills", {}))
                    if member["id"] in allowed
                    else Fraction(1)
                )
            lengths.append(((task["id"], member["id"]), math.ceil(task["duration"] * factor / 15) * 15))
        for _ in task["repeat"]:
            occurrences.append(task)
            choices.append(list(itertools.combinations(allowed, people)))
    length = dict(lengths)
    owner_tasks = [t for t in data["tasks"] if t.get("mental_load")]
    mental = {t["id"]: {15: 15, 30: 30, "1h": 60}[t["mental_load"]] for t in owner_tasks}
    paid = {}
    for member in members:
        work = member.get("work", [])
        minutes = 0
        for block in work:
            hours, mins = map(int, block["to"].split(":"))
            minutes = hours * 60 + mins - 8 * 60
        commute = {0: 0, 15: 15, 30: 30, "45m": 45}[member.get("commute", 0)] * 2 if work else 0
        paid[member["id"]] = minutes + commute if fairness["measure"] == "total" else 0
    balanced = [m["id"] for m in members if m.get("balance", True)]
    shares = fairness.get("shares")
    weights = {m: Fraction(shares[m]) if shares else Fraction(1) for m in balanced}
    for picks in itertools.product(*choices):
        doers: dict[str, set[tuple[str, ...]]] = {}
        chores = {m["id"]: 0 for m in members}
        for task, pick in zip(occurrences, picks):
            doers.setdefault(task["id"], set()).add(pick)
            for member_id in pick:
                chores[member_id] += length[task["id"], member_id]
        if any(t.get("assign") == "one" and len(doers.get(t["id"], ())) > 1 for t in data["tasks"]):
            continue
        if any(m.get("max_chores") and chores[m["id"]] > int(m["max_chores"][:-1]) * 60 for m in members):
            continue
        owner_options = []
        helpers = {m["id"] for m in members if not m.get("balance", True)}  # max_mental is 0 for them by default
        for t in owner_tasks:
            if t.get("assign") == "one":
                owner_options.append([m for m in sorted(next(iter(doers[t["id"]]))) if m not in helpers])
            else:
                owner_options.append([m["id"] for m in members if may_do(m, t) and m["id"] not in helpers])
        for owners in itertools.product(*owner_options):
            load = {m: paid[m] + chores[m] for m in chores}
            for t, owner in zip(owner_tasks, owners):
                load[owner] += mental[t["id"]]
            total = sum(weights.values())
            yield [load[m] * total / (weights[m] * len(balanced)) for m in balanced] or [Fraction(0)]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(enumerable_households())
def test_imbalance_equals_the_brute_force_optimum(data):
    try:
        household = from_data(data)
    except InputError:
        assume(False)
        return
    expected = brute_force_imbalance(data)
    try:
        schedule = labor_opt.solve(household)
    except InfeasibleError:
        event("infeasible")
        assert expected is None
        return
    event("solved")
    assert labor_opt.check(household, schedule).valid
    assert schedule.status == "optimal"
    assert expected is not None
    assert schedule.fairness.lower_bound == expected
    assert schedule.fairness.imbalance == expected  # tolerance 0


@settings(max_examples=25)
@given(households())
def test_command_line_exits_with_a_documented_code_never_a_traceback(tmp_path_factory, data):
    house = tmp_path_factory.mktemp("cli") / "household.yaml"
    house.write_text(yaml.safe_dump(data, sort_keys=False))
    assert_cli_answers_clearly(house)
