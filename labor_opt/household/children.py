"""The children's tasks, and when someone must be home with them, from their ages.

Children who do no chores are not members: a member is someone who shares
the work (a 15-year-old entered as a member with no work would be given
every chore to even out the adults' paid hours). Their care is tasks named
after them, from the catalog's ``children`` section, and presence blocks:
someone is home with them whenever no run (nursery, school) has them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from labor_opt.catalog import section
from labor_opt.household.answers import Age
from labor_opt.household.units import format_duration, parse_duration


@dataclass(frozen=True)
class Child:
    """A child who does no chores: an id for their own tasks' ids, what to call them, and their age."""

    id: str
    name: str
    age: Age


def listed(names: list[str]) -> str:
    """Names in a sentence: ``Leo``, ``Leo and Mia``, ``Ana, Leo and Mia``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def children_tasks(children: tuple[Child, ...]) -> list[dict[str, Any]]:
    """The catalog's tasks for these children: one per child (each twin's night feed), or one for an age group."""
    tasks = []
    for entry in section("children"):
        kids = _of(entry, list(children))
        if not kids:
            continue
        if entry["per"] == "child":
            tasks += [_task(entry, f"{entry['id']}_{kid.id}", [kid], entry["duration"]) for kid in kids]
        else:
            extra = parse_duration(entry.get("each_more", 0), allow_zero=True) * (len(kids) - 1)
            tasks.append(_task(entry, entry["id"], kids, format_duration(parse_duration(entry["duration"]) + extra)))
    return tasks


def _task(entry: dict[str, Any], task_id: str, kids: list[Child], duration: str) -> dict[str, Any]:
    task = {key: value for key, value in entry.items() if key not in ("ages", "per", "each_more", "run")}
    task.update(id=task_id, name=f"{entry['name']} ({listed([kid.name for kid in kids])})", duration=duration)
    return task


def presence_blocks(children: tuple[Child, ...]) -> list[dict[str, Any]]:
    """Someone home with the children whenever no run has them out; with a baby, while the others are out too.

    Babies alone are at home all the time. With a nursery or a school, the
    children are out from the earliest drop-off to the latest pick-up on
    weekdays (the one who takes them is with them), and at home every
    evening, night and weekend day; a baby stays home in between.
    """
    young = [child for child in children if child.age.group != "teen"]
    if not young:
        return []
    named = listed([child.name for child in young])
    runs = [entry for entry in section("children") if "run" in entry and any(_of(entry, young))]
    if not runs:
        return [_block(f"someone home with {named}", "daily", "00:00", "24:00")]
    drops = [entry["window"] for entry in runs if entry["run"] == "drop"]
    picks = [entry["window"] for entry in runs if entry["run"] == "pick"]
    out, back = min(window[0] for window in drops), max(window[1] for window in picks)
    blocks = [
        _block(f"someone home with {named}", "daily", back, out),
        _block(f"someone home with {named} (weekend days)", "weekends", out, back),
    ]
    babies = [child.name for child in young if child.age.group == "baby"]
    if babies:
        gone, home = max(window[1] for window in drops), min(window[0] for window in picks)
        blocks.append(_block(f"someone home with {listed(babies)} (weekday daytime)", "weekdays", gone, home))
    return blocks


def _of(entry: dict[str, Any], children: list[Child]) -> list[Child]:
    return [child for child in children if child.age.group == entry["ages"]]


def _block(name: str, days: str, start: str, end: str) -> dict[str, Any]:
    return {"name": name, "days": days, "from": start, "to": end}
