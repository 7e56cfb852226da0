"""Everything `labor-opt init` was told, as values, checked before any file is written.

The members who share the work (adults in the balance; helpers and teens
who help outside it, each with a cap) and the children who do not. Each
answer is checked as a value and named by its option, so that a mistake is
never reported at a line of a file that was not written. A member's week
as the file will say it (:func:`member_week_of`) is what `init` decides the
children's runs and presence from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from labor_opt.household.answer_times import Block, Unreadable, around, duration, week_hours
from labor_opt.household.answered_week import DEFAULT_SLEEP, MemberWeek, member_week
from labor_opt.household.answers import Kind, chores_cap
from labor_opt.household.children import Child
from labor_opt.household.day_sleep import sleep_by_night
from labor_opt.household.units import DAY_SHORTHANDS, UnitError, format_duration, parse_clock, parse_duration
from labor_opt.household.values import member_id_problem
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import control_characters, shown

_BLOCK = re.compile(r"^\s*([a-z,\s]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
CAP = 180  # minutes a week: a helper's or a teen's chores when the answers name no other cap
SCHOOL = Block((0, 1, 2, 3, 4), 8 * 60, 15 * 60 + 30)  # a teen's school day, written for them to change
Role = Literal["adult", "helper", "teen"]
NO_ADULT = (
    "nobody is an adult in the balance: it evens out the adults' loads, and helpers and teens who help are "
    "outside it, each with a cap, so the rest of the chores would have nobody to go to"
)
TWICE_HINT = "name each person once: a member shares the work, a child does not"


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


def member_week_of(member: MemberAnswers) -> MemberWeek:
    """A member's week as the file will say it: work and commute, a teen's school, a helper's hours, sleep."""
    called = member.name or member.id
    if member.role == "teen":
        return member_week(member.id, called, unavailable=(SCHOOL,))
    if member.role == "helper":
        around_at = around(member.around)
        return member_week(member.id, called, available=around_at if isinstance(around_at, tuple) else None)
    work, commute = work_hours(member.work), commute_minutes(member.commute)
    nights = sleep_by_night(work, commute)
    return member_week(member.id, called, work=work, commute=commute, sleep=nights or (DEFAULT_SLEEP,))


def minds(member: MemberAnswers) -> bool:
    """May look after the children: an adult, a helper, or a teen the household lets."""
    return member.role != "teen" or member.minds_children


def work_hours(text: str) -> tuple[Block, ...]:
    """Paid work as answered, as blocks (none when it cannot be read: that is said where it is checked)."""
    read = week_hours(text or "none")
    return read if isinstance(read, tuple) else ()


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
        problems.append(Issue("nobody shares the work", "name at least one adult as a member"))
    elif not any(member.role == "adult" for member in answers.members):
        problems.append(Issue(NO_ADULT, "name at least one adult as a --member, without --teen or --helper"))
    problems += _named_twice(answers)
    ids = [member.id for member in answers.members]
    for position, member in enumerate(answers.members):
        problems += _member_problems(member, position, ids)
    if problems:
        raise InputError(problems, "written")
    for member in answers.members:
        work_blocks(member.id, member.work)


def _named_twice(answers: Answers) -> list[Issue]:
    """A person is a member or a child, once: the same name twice would be two people the file cannot tell apart."""
    members = {member.id for member in answers.members}
    seen: set[str] = set()
    problems = []
    for child in answers.children:
        if child.id in members:
            problems.append(Issue(f"{shown(child.name)} is both a --member and a --child", TWICE_HINT))
        elif child.id in seen:
            problems.append(Issue(f"the --child {shown(child.name)} is given twice", "give each child once"))
        seen.add(child.id)
    return problems


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
