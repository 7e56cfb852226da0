"""A starter household file from a few answers, with tasks from a catalog based on time-use data.

Pure: the answers in, the file's text out. The command line asks the
questions (:mod:`labor_opt.cli.questions`) and writes the file. Members are
those who share the work: adults in the balance, and helpers (a grandparent,
a teen who helps) outside it, each with a cap, because work the fairness
measure does not count must never land on them by default. Children who do
no chores are not members: their care is tasks and presence blocks from
their ages (:mod:`labor_opt.household.children`). The answers
are checked as values, each named by its option, before any text is made:
a mistake in one is never reported at a line of a file that was not
written, and every answer is written quoted where YAML could read it as
anything else (a line break in an answer cannot add keys to the file).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from labor_opt.catalog import section
from labor_opt.household.answer_times import Unreadable, around, duration, week_hours
from labor_opt.household.answers import Kind, chores_cap
from labor_opt.household.children import Child, children_tasks, presence_blocks
from labor_opt.household.units import DAY_SHORTHANDS, UnitError, format_duration, parse_clock, parse_duration
from labor_opt.household.values import member_id_problem
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import control_characters, shown

_BLOCK = re.compile(r"^\s*([a-z,\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
CAP = 180  # minutes a week: a helper's or a teen's chores when the answers name no other cap
Role = Literal["adult", "helper", "teen"]


@dataclass(frozen=True)
class MemberAnswers:
    """One member as answered: an id, paid work ("mon-fri 8am-4.30pm", "" for none), a commute ("45 minutes").

    A ``helper`` (a grandparent who comes by) and a ``teen`` who helps are
    outside the balance, with a cap on their chores (``max_chores``, "" for
    3h); a helper is around at ``around`` ("always", or "" before it is answered: any time).
    """

    id: str
    work: str = ""
    commute: str = "0"
    name: str | None = None
    role: Role = "adult"
    around: str = ""
    max_chores: str = ""
    minds_children: bool = False  # a teen the household lets look after the younger children


@dataclass(frozen=True)
class Answers:
    """Everything `labor-opt init` asks: the members who share the work, and the children who do not."""

    name: str
    kind: Kind
    members: tuple[MemberAnswers, ...]
    children: tuple[Child, ...] = ()


def catalog() -> list[dict[str, Any]]:
    """The catalog's tasks, each with ``for`` (which households) and ``source`` (its time-use figure)."""
    return section("tasks") + section("children")


def chosen_tasks(answers: Answers) -> list[dict[str, Any]]:
    """The catalog's tasks for this kind of household, then the children's."""
    shared = answers.kind == "shared-house"
    fits = {"all": True, "not_shared": not shared, "shared": shared}
    return [task for task in section("tasks") if fits[task["for"]]] + children_tasks(answers.children)


def work_blocks(member: str, text: str) -> list[dict[str, Any]]:
    """Paid work as answered: "mon-fri 8am-4.30pm", "weekdays 09:00-17:00; sat 10:00-14:00" (empty or "none": none)."""
    read = week_hours(text or "none")
    if not isinstance(read, Unreadable):
        return [block.written() for block in read]
    _strict_problem(member, text)  # the file's own words, when the answer is written as the file writes hours
    raise InputError(
        [
            Issue(
                f"the work hours of {member}, '{shown(text)}', cannot be read ({read.message})",
                "write days and hours such as mon-fri 8am-4.30pm or weekdays 09:00-17:00; "
                "separate blocks with ;, or write none",
            )
        ],
        "written",
    )


def _strict_problem(member: str, text: str) -> None:
    """Raise the household file's own message for a time written as the file writes times ("25:00")."""
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        found = _BLOCK.fullmatch(part.lower())
        day_list = [day.strip() for day in found.group(1).split(",")] if found else []
        if not found or not all(day in DAY_NAMES or day in DAY_SHORTHANDS for day in day_list):
            continue
        try:
            parse_clock(found.group(2), allow_end_of_day=False), parse_clock(found.group(3), allow_end_of_day=True)
        except UnitError as error:
            raise InputError([Issue(f"the work hours of {member}: {error.message}", error.hint)], "written") from None


def commute_minutes(text: str) -> int:
    """A commute as answered: ``45 minutes``, ``30m``, ``1h``, ``none``, or bare minutes such as ``45``."""
    read = duration(text or "0", most=12 * 60, example="45 minutes")
    if isinstance(read, Unreadable):
        written = text.strip()
        parse_duration(int(written) if written.isascii() and written.isdecimal() else written, allow_zero=True)
        raise UnitError(read.message, read.hint)  # the file's reader took what this one did not
    return read


def cap_minutes(member: MemberAnswers) -> int:
    """A helper's or teen's weekly cap on chores as answered ("" for the default 3h)."""
    read = chores_cap(member.max_chores or format_duration(CAP))
    if isinstance(read, Unreadable):
        raise UnitError(read.message, read.hint)
    return read


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
    if not answers.members:
        problems.append(Issue("nobody shares the work", "name at least one adult or helper as a member"))
    ids = [member.id for member in answers.members]
    for position, member in enumerate(answers.members):
        problems += _member_problems(member, position, ids)
    if problems:
        raise InputError(problems, "written")
    for member in answers.members:
        work_blocks(member.id, member.work)


def _member_problems(member: MemberAnswers, position: int, ids: list[str]) -> list[Issue]:
    problems = []
    problem = member_id_problem(member.id)
    odd = control_characters(member.name or "")
    if odd:
        problems.append(Issue(f"the name of {shown(member.id)} holds {odd}", "write it as plain text on one line"))
    if problem is not None:
        problems.append(Issue(f"the member id (--member) {problem[0]}", problem[1]))
    elif ids.index(member.id) != position and ids.index(member.id, ids.index(member.id) + 1) == position:
        problems.append(Issue(f"the member id (--member) {member.id} is given twice", "give each member once"))
    try:
        commute_minutes(member.commute)
    except UnitError as error:
        problems.append(Issue(f"the commute of {shown(member.id)} (--commute): {error.message}", error.hint))
    hours = around(member.around)
    if isinstance(hours, Unreadable):
        problems.append(Issue(f"the hours {shown(member.id)} is around (--helper): {hours.message}", hours.hint))
    try:
        cap_minutes(member)
    except UnitError as error:
        problems.append(Issue(f"the most chores of {shown(member.id)}: {error.message}", error.hint))
    return problems


def starter_text(answers: Answers) -> str:
    """The household file, commented, for these answers.

    >>> text = starter_text(Answers("Kim and Lee", "couple", (MemberAnswers("kim"), MemberAnswers("lee"))))
    >>> text.splitlines()[0]
    '# A starter household file written by `labor-opt init`. Describe your week, then run:'
    """
    check_answers(answers)
    tasks = chosen_tasks(answers)
    skills = sorted({skill for task in tasks for skill in task.get("requires", [])})
    shared = answers.kind == "shared-house"
    lines = [
        "# A starter household file written by `labor-opt init`. Describe your week, then run:",
        "#   labor-opt solve THIS_FILE",
        "# Task durations and frequencies are defaults for two adults from the American Time",
        "# Use Survey (U.S. Bureau of Labor Statistics); each task says which figure. Change",
        "# them to your own. For completion and checking in your editor, run",
        "#   labor-opt schema -o household.schema.json",
        "# and add this line at the top: # yaml-language-server: $schema=household.schema.json",
        *(
            [
                "# Children are not members: their care is the tasks named after them, and the",
                "# presence blocks keep someone home with them.",
            ]
            if answers.children
            else []
        ),
        "version: 1",
        f"name: {_text(answers.name)}",
        "settings:",
        "  fairness:",
        f"    measure: {'chores' if shared else 'total'}" + ("   # a shared house balances chores, not jobs" * shared),
        "    tolerance: 15m",
        "  time_limit: 10s",
        "",
        "members:",
    ]
    for member in answers.members:
        lines += _member_lines(member, skills, tasks)
    lines += _presence_lines(answers)
    lines += ["", "tasks:"]  # each task from the catalog, its figure's source beside its id
    for task in tasks:
        lines += _task_lines(task)
    return "\n".join(lines) + "\n"


def _member_lines(member: MemberAnswers, skills: list[str], tasks: list[dict[str, Any]]) -> list[str]:
    lines = [f"  - id: {_text(member.id)}"]
    if member.name is not None:
        lines.append(f"    name: {_text(member.name)}")
    called = member.name or member.id
    if member.role == "adult":
        lines += _work_lines(member)
    else:
        lines += _helper_lines(member, called)
    minds = member.role != "teen" or member.minds_children  # a teen: the children's care only if the household says so
    able = {skill: "able" for skill in skills if skill != "childcare" or minds}
    if able:
        lines.append(f"    skills: {_flow(able)}   # learning, able or expert")
    if (
        member.role == "teen"
        and not member.minds_children
        and any("childcare" in task.get("tags", []) for task in tasks)
    ):
        lines.append(
            f"    never: [childcare]   # the children's care stays with the adults; remove it to let {called} help"
        )
    lines += ["    likes: []            # task ids or tags, e.g. [cooking]", "    dislikes: []"]
    return lines


def _work_lines(member: MemberAnswers) -> list[str]:
    blocks = work_blocks(member.id, member.work)
    if not blocks:
        return ["    work: []"]
    commute = format_duration(commute_minutes(member.commute))  # as the file writes it: nothing else gets in
    return [
        "    work:",
        *(f"      - {_flow(block)}" for block in blocks),
        f"    commute: {commute}          # each way",
    ]


def _helper_lines(member: MemberAnswers, called: str) -> list[str]:
    """A helper or a teen: outside the balance, so capped, or every chore the others could shed lands on them."""
    cap = cap_minutes(member)
    others = "the adults'" if member.role == "teen" else "the others'"
    lines = [
        f"    # {called} helps, but is not in the fairness measure, which evens out {others} loads.",
        f"    # Without a cap every chore the others could shed would land on {called}:",
        f"    # {format_duration(cap)} a week is about {format_duration(round(cap / 7 / 5) * 5)} a day.",
        "    balance: false",
        f"    max_chores: {format_duration(cap)}",
    ]
    if member.role == "teen":
        school = _flow({"days": "weekdays", "from": "08:00", "to": "15:30"})
        lines += ["    unavailable:", f"      - {school}   # school: change it to {called}'s hours"]
    hours = around(member.around)
    if member.role == "helper" and isinstance(hours, tuple):
        lines += ["    available:           # around only then; away at all other times"]
        lines += [f"      - {_flow(block.written())}" for block in hours]
    return lines


def _presence_lines(answers: Answers) -> list[str]:
    blocks = presence_blocks(answers.children)
    if not blocks:
        return []
    minding = [member.id for member in answers.members if member.role != "teen" or member.minds_children]
    who = {"who": minding} if 0 < len(minding) < len(answers.members) else {}  # no adult: the teens, then
    lines = ["", "presence:   # someone at home with the children: at work, commuting or on an away task is not home"]
    return lines + [f"  - {_flow(block | who)}" for block in blocks]


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
