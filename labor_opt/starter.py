"""A starter household file from a few answers, with tasks from a catalog based on time-use data.

Pure: the answers in, the file's text out. The command line asks the
questions (:mod:`labor_opt.cli.authoring`) and writes the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from labor_opt.errors import InputError, Issue
from labor_opt.household.units import DAY_NAMES, DAY_SHORTHANDS

Kind = Literal["couple", "family", "single-parent", "shared-house"]
KINDS: tuple[str, ...] = ("couple", "family", "single-parent", "shared-house")
_BLOCK = re.compile(r"^\s*([a-z,\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class MemberAnswers:
    """One member as answered: an id, paid work ("weekdays 09:00-17:00", "" for none), a commute ("30m")."""

    id: str
    work: str = ""
    commute: str = "0"


@dataclass(frozen=True)
class Answers:
    """Everything `labor-opt init` asks."""

    name: str
    kind: Kind
    members: tuple[MemberAnswers, ...]
    child_ages: tuple[int, ...] = ()


def catalog() -> list[dict[str, Any]]:
    """The catalog's tasks, each with ``for`` (which households) and ``source`` (its time-use figure)."""
    text = resources.files("labor_opt.catalog").joinpath("tasks.yaml").read_text(encoding="utf-8")
    tasks: list[dict[str, Any]] = yaml.safe_load(text)["tasks"]
    return tasks


def chosen_tasks(answers: Answers) -> list[dict[str, Any]]:
    """The catalog's tasks for this kind of household and these children."""
    ages = answers.child_ages
    fits = {
        "all": True,
        "not_shared": answers.kind != "shared-house",
        "shared": answers.kind == "shared-house",
        "with_children": bool(ages),
        "young_children": any(age < 6 for age in ages),
        "school_children": any(6 <= age <= 17 for age in ages),
        "baby": any(age < 1 for age in ages),
    }
    return [task for task in catalog() if fits[task["for"]]]


def work_blocks(member: str, text: str) -> list[dict[str, Any]]:
    """Paid work as written in an answer: "weekdays 09:00-17:00; sat 10:00-14:00" (empty or "none": no work)."""
    blocks = []
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        if part.lower() in ("none", "no", "-"):
            continue
        found = _BLOCK.match(part.lower())
        days = [day.strip() for day in found.group(1).split(",")] if found else []
        if not found or not days or not all(day in DAY_NAMES or day in DAY_SHORTHANDS for day in days):
            raise InputError(
                [
                    Issue(
                        f"the work hours of {member}, {part!r}, cannot be read",
                        "write days and hours such as weekdays 09:00-17:00 or mon,tue 08:00-12:00; "
                        "separate blocks with ;, or write none",
                    )
                ]
            )
        blocks.append({"days": days[0] if len(days) == 1 else days, "from": found.group(2), "to": found.group(3)})
    return blocks


def starter_text(answers: Answers) -> str:
    """The household file, commented, for these answers.

    >>> text = starter_text(Answers("Kim and Lee", "couple", (MemberAnswers("kim"), MemberAnswers("lee"))))
    >>> text.splitlines()[0]
    '# A starter household file written by `labor-opt init`. Describe your week, then run:'
    """
    tasks = chosen_tasks(answers)
    skills = sorted({skill for task in tasks for skill in task.get("requires", [])})
    lines = [
        "# A starter household file written by `labor-opt init`. Describe your week, then run:",
        "#   labor-opt solve THIS_FILE",
        "# Task durations and frequencies are defaults for two adults from the American Time",
        "# Use Survey (U.S. Bureau of Labor Statistics); each task says which figure. Change",
        "# them to your own. For completion and checking in your editor, run",
        "#   labor-opt schema -o household.schema.json",
        "# and add this line at the top: # yaml-language-server: $schema=household.schema.json",
        "version: 1",
        f"name: {_flow(answers.name)}",
        "settings:",
        "  fairness:",
        f"    measure: {'chores' if answers.kind == 'shared-house' else 'total'}"
        + ("   # a shared house balances chores, not jobs" if answers.kind == "shared-house" else ""),
        "    tolerance: 15m",
        "  time_limit: 10s",
        "",
        "members:",
    ]
    for member in answers.members:
        lines += _member_lines(member, skills)
    lines += ["", "tasks:"]  # each task from the catalog, its figure's source beside its id
    for task in tasks:
        lines += _task_lines(task)
    return "\n".join(lines) + "\n"


def _member_lines(member: MemberAnswers, skills: list[str]) -> list[str]:
    lines = [f"  - id: {_flow(member.id)}"]
    blocks = work_blocks(member.id, member.work)
    if blocks:
        lines.append("    work:")
        lines += [f"      - {_flow(block)}" for block in blocks]
        lines.append(f"    commute: {member.commute or '0'}          # each way")
    else:
        lines.append("    work: []")
    if skills:
        lines.append(f"    skills: {_flow(dict.fromkeys(skills, 'able'))}   # learning, able or expert")
    lines += ["    likes: []            # task ids or tags, e.g. [cooking]", "    dislikes: []"]
    return lines


_SOURCES = {
    "H": "ATUS 2019, household activities",
    "S": "ATUS 2009-13, table A-7, grocery shopping",
    "C": "ATUS 2004, table 9, childcare",
}


def _task_lines(task: dict[str, Any]) -> list[str]:
    written = {key: value for key, value in task.items() if key not in ("for", "source")}
    if "window" in written:
        written["window"] = {"from": written["window"][0], "to": written["window"][1]}
    lines = [f"  - id: {written.pop('id')}" + f"   # {_SOURCES[task['source']]}"]
    lines += [f"    {key}: {_flow(value)}" for key, value in written.items()]
    return lines


def _flow(value: Any) -> str:
    """A value as one line of YAML flow style (times quoted, as the format asks)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if _PLAIN.match(value) and value.lower() not in _YAML_WORDS else json.dumps(value)
    return str(value)


_PLAIN = re.compile(r"^(?:[A-Za-z][\w' -]*[\w']|[A-Za-z]|\d+[hm]?(?:\d+m)?)$")  # words, or a duration like 1h30m
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
