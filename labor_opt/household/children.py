"""The children's tasks, from their ages.

Children who do no chores are not members: a member is someone who shares
the work (a 15-year-old entered as a member with no work would be given
every chore to even out the adults' paid hours). Their care is tasks named
after them, from the catalog's ``children`` section, and presence blocks
(:mod:`labor_opt.household.runs`): someone is home with them whenever no
run (nursery, school) has them out.
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
        kids = of_age(entry, list(children))
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


def of_age(entry: dict[str, Any], children: list[Child]) -> list[Child]:
    """The children of the age a catalog entry is for."""
    return [child for child in children if child.age.group == entry["ages"]]
