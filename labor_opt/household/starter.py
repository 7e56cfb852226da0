"""A starter household file from a few answers, with tasks from a catalog based on time-use data.

Pure: the answers in, the file's text out. The command line asks the
questions (:mod:`labor_opt.cli.authoring`) and writes the file. The answers
are checked as values, each named by its option, before any text is made:
a mistake in one is never reported at a line of a file that was not
written, and every answer is written quoted where YAML could read it as
anything else (a line break in an answer cannot add keys to the file).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from labor_opt.household.units import DAY_SHORTHANDS, UnitError, format_duration, parse_clock, parse_duration
from labor_opt.household.values import member_id_problem
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import control_characters, shown

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
        found = _BLOCK.fullmatch(part.lower())
        days = [day.strip() for day in found.group(1).split(",")] if found else []
        if not found or not days or not all(day in DAY_NAMES or day in DAY_SHORTHANDS for day in days):
            raise InputError(
                [
                    Issue(
                        f"the work hours of {member}, '{shown(part)}', cannot be read",
                        "write days and hours such as weekdays 09:00-17:00 or mon,tue 08:00-12:00; "
                        "separate blocks with ;, or write none",
                    )
                ],
                "written",
            )
        try:
            parse_clock(found.group(2), allow_end_of_day=False), parse_clock(found.group(3), allow_end_of_day=True)
        except UnitError as error:
            raise InputError([Issue(f"the work hours of {member}: {error.message}", error.hint)], "written") from None
        blocks.append({"days": days[0] if len(days) == 1 else days, "from": found.group(2), "to": found.group(3)})
    return blocks


def commute_minutes(text: str) -> int:
    """A commute as answered: ``30m``, ``1h``, or bare minutes such as ``0`` or ``45``."""
    written = text.strip() or "0"
    return parse_duration(int(written) if written.isascii() and written.isdecimal() else written, allow_zero=True)


def check_answers(answers: Answers) -> None:
    """Raise :class:`InputError` naming every answer that cannot go into a household file, by its option."""
    problems = []
    odd = control_characters(answers.name)
    if odd:
        plural = "control characters" if ", " in odd else "a control character"
        said = f"the household name (--name) '{shown(answers.name)}' holds {odd}, {plural}"
        problems.append(Issue(said, "write it as plain text on one line"))
    elif not answers.name.strip():
        problems.append(Issue("the household name (--name) is empty", "write a name such as Our household"))
    ids = [member.id for member in answers.members]
    for position, member in enumerate(answers.members):
        problem = member_id_problem(member.id)
        if problem is not None:
            problems.append(Issue(f"the member id (--member) {problem[0]}", problem[1]))
        elif ids.index(member.id) != position and ids.index(member.id, ids.index(member.id) + 1) == position:
            problems.append(Issue(f"the member id (--member) {member.id} is given twice", "give each member once"))
        try:
            commute_minutes(member.commute)
        except UnitError as error:
            problems.append(Issue(f"the commute of {shown(member.id)} (--commute): {error.message}", error.hint))
    if problems:
        raise InputError(problems, "written")
    for member in answers.members:
        work_blocks(member.id, member.work)


def starter_text(answers: Answers) -> str:
    """The household file, commented, for these answers.

    >>> text = starter_text(Answers("Kim and Lee", "couple", (MemberAnswers("kim"), MemberAnswers("lee"))))
    >>> text.splitlines()[0]
    '# A starter household file written by `labor-opt init`. Describe your week, then run:'
    """
    check_answers(answers)
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
        f"name: {_text(answers.name)}",
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
    lines = [f"  - id: {_text(member.id)}"]
    blocks = work_blocks(member.id, member.work)
    if blocks:
        lines.append("    work:")
        lines += [f"      - {_flow(block)}" for block in blocks]
        commute = format_duration(commute_minutes(member.commute))  # as the file writes it: nothing else gets in
        lines.append(f"    commute: {commute}          # each way")
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
        return value if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS else _quoted(value)
    return str(value)


def _text(value: str) -> str:
    """An answer as YAML text: plain when it is words, else in double quotes (a number-like id stays text)."""
    return value if _WORDS.fullmatch(value) and value.lower() not in _YAML_WORDS else _quoted(value)


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes are YAML's, and letters beyond ASCII stay as they are."""
    return json.dumps(value, ensure_ascii=False)


_PLAIN = re.compile(r"^(?:[A-Za-z][\w' -]*[\w']|[A-Za-z]|\d+[hm]?(?:\d+m)?)$")  # words, or a duration like 1h30m
_WORDS = re.compile(r"^(?:[A-Za-z][\w' -]*[\w']|[A-Za-z])$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
