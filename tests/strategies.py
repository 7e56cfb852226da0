"""Hypothesis strategies: random small households, as the data a YAML file would hold."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LEVELS = ["learning", "able", "expert"]
SKILLS = ["cooking", "driving"]


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def member(draw: st.DrawFn, member_id: str, task_ids: list[str], richer: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": member_id}
    if draw(st.booleans()):
        start = draw(st.integers(6 * 4, 12 * 4)) * 15
        length = draw(st.integers(2 * 4, 9 * 4)) * 15
        data["work"] = [
            {
                "days": draw(st.sampled_from(["weekdays", ["mon", "wed"], ["sat", "sun"], "daily"])),
                "from": clock(start),
                "to": clock((start + length) % 1440),
            }
        ]
        data["commute"] = draw(st.sampled_from([0, 15, 30, "45m"]))
    if draw(st.booleans()):
        start = draw(st.integers(0, 23)) * 60
        data["sleep"] = {"from": clock(start), "to": clock((start + draw(st.integers(5, 9)) * 60) % 1440)}
    skills = draw(st.dictionaries(st.sampled_from(SKILLS), st.sampled_from(LEVELS), max_size=2))
    if skills:
        data["skills"] = skills
    if task_ids:
        for key in ("likes", "dislikes", "never"):
            if draw(st.integers(0, 3)) == 0:
                data[key] = draw(st.lists(st.sampled_from(task_ids), min_size=1, max_size=2, unique=True))
    if draw(st.integers(0, 4)) == 0:
        data["max_chores"] = f"{draw(st.integers(1, 12))}h"
    if draw(st.integers(0, 5)) == 0:
        data["balance"] = False
    if richer and "work" in data and draw(st.integers(0, 3)) == 0:
        data["work"][0]["at_home"] = True  # paid work at home: no commute, at home for presence
    if richer and draw(st.integers(0, 4)) == 0:
        start = draw(st.integers(6, 18)) * 60
        days = draw(st.sampled_from(["daily", "weekends", ["mon", "wed", "fri"]]))
        data["available"] = [{"days": days, "from": clock(start), "to": clock(start + draw(st.integers(2, 6)) * 60)}]
    if richer and "sleep" not in data and draw(st.integers(0, 4)) == 0:
        late = draw(st.integers(0, 6)) * 15  # after midnight on Friday and Saturday nights
        data["sleep"] = [
            {"days": ["sun", "mon", "tue", "wed", "thu"], "from": "23:00", "to": "07:00"},
            {"days": ["fri", "sat"], "from": clock(late), "to": clock(late + draw(st.integers(7, 9)) * 60)},
        ]
    return data


@st.composite
def task(draw: st.DrawFn, task_id: str, member_ids: list[str], richer: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": task_id, "duration": draw(st.integers(1, 16)) * 10}
    data["repeat"] = draw(
        st.sampled_from(
            [
                "daily",
                "weekdays",
                "weekends",
                "weekly",
                ["mon", "thu"],
                ["sun"],
                {"times": 2},
                {"times": 3, "min_gap_days": 1},
            ]
        )
    )
    if draw(st.booleans()):
        start = draw(st.integers(0, 95)) * 15
        data["window"] = {"from": clock(start), "to": clock((start + draw(st.integers(4, 40)) * 15) % 1440)}
    if draw(st.integers(0, 2)) == 0:
        data["requires"] = {draw(st.sampled_from(SKILLS)): draw(st.sampled_from(LEVELS))}
    if draw(st.integers(0, 2)) == 0:
        data["mental_load"] = draw(st.sampled_from([15, 30, "1h"]))
    if len(member_ids) > 1 and draw(st.integers(0, 4)) == 0:
        data["people"] = 2
    if draw(st.integers(0, 3)) == 0:
        data["assign"] = "one"
    if draw(st.integers(0, 4)) == 0:
        data["night"] = True
    if draw(st.integers(0, 4)) == 0:
        data["who"] = draw(st.lists(st.sampled_from(member_ids), min_size=1, unique=True))
    if richer and draw(st.integers(0, 3)) == 0:
        data["away"] = True
    return data


@st.composite
def households(draw: st.DrawFn, max_members: int = 3, max_tasks: int = 4) -> dict[str, Any]:
    """A random small household; it may be invalid or infeasible, as real files may."""
    member_ids = [f"m{i}" for i in range(draw(st.integers(1, max_members)))]
    task_ids = [f"t{i}" for i in range(draw(st.integers(0, max_tasks)))]
    data: dict[str, Any] = {
        "version": 1,
        "settings": {
            "resolution": draw(st.sampled_from(["15m", "30m"])),
            "fairness": {
                "measure": draw(st.sampled_from(["total", "chores"])),
                "tolerance": draw(st.sampled_from([0, 15, 30])),
            },
            "time_limit": 5,
        },
        "members": [draw(member(m, task_ids, richer=True)) for m in member_ids],
        "tasks": [draw(task(t, member_ids, richer=True)) for t in task_ids],
    }
    if draw(st.integers(0, 2)) == 0:
        opens = draw(st.integers(6, 9)) * 60
        data["settings"]["default_window"] = {"from": clock(opens), "to": clock(draw(st.integers(20, 23)) * 60)}
    if draw(st.integers(0, 2)) == 0:
        start = draw(st.integers(8, 20)) * 60
        who = draw(st.lists(st.sampled_from(member_ids), min_size=1, unique=True))
        data["presence"] = [
            {
                "name": "someone home",
                "days": draw(st.sampled_from(["weekdays", ["sat"], "daily"])),
                "from": clock(start),
                "to": clock(start + draw(st.integers(1, 3)) * 60),
                "who": who,
                "people": draw(st.integers(1, len(who))),
            }
        ]
        if draw(st.integers(0, 2)) == 0:
            data["presence"][0]["awake"] = True  # a member in their sleep does not count
    balanced = [m["id"] for m in data["members"] if m.get("balance", True)]
    if balanced and draw(st.integers(0, 3)) == 0:
        data["settings"]["fairness"]["shares"] = {m: draw(st.integers(1, 3)) for m in balanced}
    return data


@st.composite
def enumerable_households(draw: st.DrawFn) -> dict[str, Any]:
    """Households small enough to enumerate, where time never conflicts.

    Each task happens on its own days with no window, and nobody works on
    those days, so every rule but timing decides: skills, who, never, caps,
    people, assign: one, owners, shares and paid work.
    """
    member_ids = [f"m{i}" for i in range(draw(st.integers(2, 3)))]
    task_count = draw(st.integers(1, 3))
    tasks = []
    for index in range(task_count):
        data = draw(task(f"t{index}", member_ids))
        data.pop("window", None)
        data.pop("night", None)
        data["repeat"] = [DAYS[index]] if draw(st.booleans()) or index == 2 else [DAYS[index], DAYS[index + 3]]
        tasks.append(data)
    members = []
    for member_id in member_ids:
        data = draw(member(member_id, [t["id"] for t in tasks]))
        data.pop("sleep", None)
        if "work" in data:
            data["work"] = [{"days": ["sun"], "from": "08:00", "to": clock(8 * 60 + draw(st.integers(1, 20)) * 15)}]
        members.append(data)
    result = {
        "version": 1,
        "settings": {
            "fairness": {"measure": draw(st.sampled_from(["total", "chores"])), "tolerance": 0},
            "time_limit": 10,
        },
        "members": members,
        "tasks": tasks,
    }
    balanced = [m["id"] for m in members if m.get("balance", True)]
    if balanced and draw(st.booleans()):
        result["settings"]["fairness"]["shares"] = {m: draw(st.integers(1, 3)) for m in balanced}
    return result
