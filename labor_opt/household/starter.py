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
import textwrap
from typing import Any

from labor_opt.catalog import section
from labor_opt.household.answer_times import around
from labor_opt.household.children import children_tasks
from labor_opt.household.day_sleep import sleep_by_night
from labor_opt.household.init_answers import (
    SCHOOL,
    Answers,
    MemberAnswers,
    cap_minutes,
    check_answers,
    commute_minutes,
    member_week_of,
    minds,
    work_blocks,
    work_hours,
)
from labor_opt.household.runs import ChildrenPlan, plan_children
from labor_opt.household.units import format_duration


def catalog() -> list[dict[str, Any]]:
    """The catalog's tasks, each with ``for`` (which households) and ``source`` (its time-use figure)."""
    return section("tasks") + section("children")


def chosen_tasks(answers: Answers) -> list[dict[str, Any]]:
    """The catalog's tasks for this kind of household, then the children's (a run left to care is not one)."""
    shared = answers.kind == "shared-house"
    fits = {"all": True, "not_shared": not shared, "shared": shared}
    left_out = children_plan(answers).left_out
    theirs = [task for task in children_tasks(answers.children) if task["id"] not in left_out]
    return [task for task in section("tasks") if fits[task["for"]]] + theirs


def children_plan(answers: Answers) -> ChildrenPlan:
    """Who does the children's runs, and when someone is home with them, from the weeks of those who may mind them."""
    minders = tuple(member_week_of(member) for member in answers.members if minds(member))
    return plan_children(answers.children, minders)


def starter_text(answers: Answers) -> str:
    """The household file, commented, for these answers.

    >>> text = starter_text(Answers("Kim and Lee", "couple", (MemberAnswers("kim"), MemberAnswers("lee"))))
    >>> text.splitlines()[0]
    '# A starter household file written by `labor-opt init`. Describe your week, then run:'
    """
    check_answers(answers)
    tasks, plan = chosen_tasks(answers), children_plan(answers)
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
    lines += _presence_lines(answers, plan)
    lines += ["", "tasks:"]  # each task from the catalog, its figure's source beside its id
    for task in tasks:
        lines += _task_lines(task)
    lines += _left_to_care(answers, plan)
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
    able = {skill: "able" for skill in skills if skill != "childcare" or minds(member)}  # a teen: only if let
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
        *_sleep_lines(member),
    ]


def _sleep_lines(member: MemberAnswers) -> list[str]:
    """Sleep by day after each night shift; none when the file's default (23:00 to 07:00) suits."""
    nights = sleep_by_night(work_hours(member.work), commute_minutes(member.commute))
    if nights is None:
        return []
    called = member.name or member.id
    return [
        f"    # {called} works nights: after each shift, sleep by day from getting home (8h, or until leaving",
        "    # again); other nights 23:00 to 07:00. Each block's days name the evening its night begins.",
        "    # Change them to the hours you really sleep.",
        "    sleep:",
        *(f"      - {_flow(block.written())}" for block in nights),
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
        school = _flow(SCHOOL.written())
        lines += ["    unavailable:", f"      - {school}   # school: change it to {called}'s hours"]
    around_at = around(member.around)
    if member.role == "helper" and isinstance(around_at, tuple):
        lines += ["    available:           # around only then; away at all other times"]
        lines += [f"      - {_flow(block.written())}" for block in around_at]
    return lines


def _presence_lines(answers: Answers, plan: ChildrenPlan) -> list[str]:
    if not plan.presence:
        return []
    minding = [member.id for member in answers.members if minds(member)]
    who = {"who": minding} if 0 < len(minding) < len(answers.members) else {}
    lines = ["", "presence:   # someone at home with the children: at work, commuting or on an away task is not home"]
    lines += [f"  # {line}" for note in plan.notes for line in textwrap.wrap(note, 96)]  # what init assumed
    return lines + [f"  - {_flow(block | who)}" for block in plan.presence]


def _left_to_care(answers: Answers, plan: ChildrenPlan) -> list[str]:
    """The runs nobody in the household is free for, as comments: care the answers did not mention does them."""
    runs = [task for task in children_tasks(answers.children) if task["id"] in plan.left_out]
    if not runs:
        return []
    lines = [
        "",
        "  # Nobody here is free on weekdays for the runs below, so care you did not mention does them",
        "  # (a club, a childminder, a drop-off on the way to work). To do one yourselves, remove the",
        "  # # of its lines and set a window when one of you is free.",
    ]
    return lines + [f"{line[:2]}# {line[2:]}" for task in runs for line in _task_lines(task)]


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
