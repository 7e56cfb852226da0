"""`labor-opt init`'s questions: each answer is read as it is typed, and asked again until it can be.

A typo in the third answer is said at once, with an example, and only that
question is asked again: no answer given before it is lost. The readers are
the pure ones of :mod:`labor_opt.household.answers` and
:mod:`labor_opt.household.answer_times`; everything printed goes through
the console's safe text.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

import click

from labor_opt.household import answers as read
from labor_opt.household.answer_times import Unreadable, around, duration, week_hours
from labor_opt.household.answers import Age, Kind, Person
from labor_opt.household.children import Child, listed
from labor_opt.household.init_answers import NO_ADULT, TWICE_HINT, Answers, MemberAnswers
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.safe_text import shown
from labor_opt.report.console import say

T = TypeVar("T")
WITH_CHILDREN: tuple[Kind, ...] = ("family", "single-parent")


@dataclass
class Given:
    """What the options already said, then every answer as soon as it is read; the questions ask only for the rest.

    Ctrl-C therefore loses nothing answered: :func:`resumed` writes it all as options.
    """

    name: str | None = None
    kind: Kind | None = None
    members: tuple[MemberAnswers, ...] = ()
    children: tuple[Child, ...] = ()
    works: dict[str, str] = field(default_factory=dict)
    travel: dict[str, str] = field(default_factory=dict)


def ask(question: str, reader: Callable[[str], T | Unreadable], default: str | None = None) -> T:
    """The answer to ``question``, read by ``reader``; what cannot be read is said, and the question asked again."""
    while True:
        value = reader(prompt(question, default))
        if not isinstance(value, Unreadable):
            return value
        say(f"  {value}", "yellow")


def prompt(question: str, default: str | None = None) -> str:
    """One answer from the terminal; Ctrl-C ends the command as everywhere (130), a closed input is a mistake (2).

    click says both as Abort; the exception it replaced tells them apart.
    """
    try:
        answer: str = click.prompt(question, default=default, type=str)
        return answer
    except click.exceptions.Abort as abort:
        click.echo()  # the prompt's line ends first: what is said next starts on a line of its own
        if isinstance(abort.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        raise InputError(
            [
                Issue(
                    f"the input ended before every question was answered (at: {question.split(' (')[0]})",
                    "answer each question, or give every answer as an option with --no-input, "
                    "e.g. labor-opt init --no-input --member alex --member sam",
                )
            ],
            "written",
        ) from None


def ask_household(given: Given) -> Answers:
    """Ask, on the terminal, what the options did not say; each answer is kept in ``given`` as soon as it is read."""
    given.name = given.name or ask("Household name", read.household_name, default="Our household")
    kind: Kind = (
        ask(f"Kind of household ({', '.join(read.KINDS)})", read.kind, "couple") if not given.kind else given.kind
    )
    given.kind = kind
    if not given.members:
        people = ask("Who lives here, and who helps? Names, separated by commas (e.g. Dana, Marc, Zoe)", read.people)
        members, named = _roles(people, kind)
        given.members, given.children = tuple(members), given.children + named
    elif not given.children and kind in WITH_CHILDREN:
        question = "Children who do no chores, with their ages (e.g. Leo 7, Lily 8 months), or none"
        given.children = _children(ask(question, _not_members(given.members), default="none"))
    for position, member in enumerate(given.members):
        answered = _details(member, given, bool(given.children))
        given.members = given.members[:position] + (answered,) + given.members[position + 1 :]
    return Answers(given.name, kind, given.members, given.children)


def resumed(file: str, given: Given) -> str | None:
    """The command that asks only what is still unanswered: the answers so far, as options (None: there are none)."""
    words = ["labor-opt", "init", file, *(["--name", given.name] if given.name else [])]
    words += ["--kind", given.kind] if given.kind else []
    for member in given.members:
        words += ["--member", member.name or member.id]
        words += ["--teen", member.id] if member.role == "teen" else []
        words += ["--helper", f"{member.id}={member.around}".rstrip("=")] if member.role == "helper" else []
        words += ["--work", f"{member.id}={given.works[member.id]}"] if member.id in given.works else []
        words += ["--commute", f"{member.id}={given.travel[member.id]}"] if member.id in given.travel else []
    for child in given.children:
        age = f"{child.age.months // 12}" if child.age.months % 12 == 0 else f"{child.age.months} months"
        words += ["--child", f"{child.name}={age}"]
    return shlex.join(words) if len(words) > 3 else None


def _roles(people: tuple[Person, ...], kind: Kind) -> tuple[list[MemberAnswers], tuple[Child, ...]]:
    """Who is an adult, a helper, a teen who helps (a member outside the balance) or a child (not a member)."""
    if kind == "shared-house":  # adults who share a house
        return [MemberAnswers(one.id, name=one.name) for one in people], ()
    say(
        "For each person: adult; helper (helps but is outside the balance, e.g. a grandparent who comes by); "
        "or a child's age (e.g. 7, or 8 months): children are not members, and from 13 may help."
    )
    while True:
        members: list[MemberAnswers] = []
        children: list[Child] = []
        for one in people:
            asked = shown(one.called)
            question = f"{asked}: adult, helper, or a child's age"
            role: read.Role = ask(question, read.role, "adult")
            if not isinstance(role, Age):
                members.append(MemberAnswers(one.id, name=one.name, role=role))
            elif role.group == "teen" and ask(f"Does {asked} help with the chores? (yes or no)", read.yes_no, "no"):
                members.append(MemberAnswers(one.id, name=one.name, role="teen"))
            else:
                children.append(Child(one.id, one.called, role))
        if any(member.role == "adult" for member in members):
            return members, tuple(children)
        say(f"  {NO_ADULT}; name at least one adult", "yellow")


def _not_members(
    members: tuple[MemberAnswers, ...],
) -> Callable[[str], tuple[tuple[Person | None, Age], ...] | Unreadable]:
    """The children's reader, refusing a member's name: each person is a member or a child, once."""

    def children(text: str) -> tuple[tuple[Person | None, Age], ...] | Unreadable:
        found = read.children(text)
        if isinstance(found, Unreadable):
            return found
        twice = [one.called for one, _ in found if one and one.id in {member.id for member in members}]
        if twice:
            return Unreadable(f"{shown(listed(twice))} already shares the work as a member", TWICE_HINT)
        return found

    return children


def _children(found: tuple[tuple[Person | None, Age], ...]) -> tuple[Child, ...]:
    return tuple(
        Child(one.id, one.called, years) if one else Child(f"child{number}", f"child {number}", years)
        for number, (one, years) in enumerate(found, start=1)
    )


def _details(member: MemberAnswers, given: Given, younger: bool) -> MemberAnswers:
    """An adult's paid work and commute; a helper's hours and cap; a teen's cap, and whether they mind children."""
    asked = shown(member.name or member.id)
    if member.role == "helper":
        question = f"When is {asked} around? (e.g. tue,thu 2pm-6pm), or always"
        hours = member.around or _text(question, around, "always")
        return replace(member, around=hours, max_chores=_cap(member, asked))
    if member.role == "teen":
        cap = _cap(member, asked)
        minds = younger and ask(f"May {asked} look after the children? (yes or no)", read.yes_no, default="no")
        return replace(member, max_chores=cap, minds_children=minds)
    if member.id not in given.works:
        question = f"{asked}'s paid work (e.g. mon-fri 8am-4.30pm; sat 10am-2pm), or none"
        given.works[member.id] = _text(question, week_hours, "none")
    hours = given.works[member.id]
    if week_hours(hours) and member.id not in given.travel:  # an option's hours were checked before any question
        question = f"{asked}'s commute each way (e.g. 30 minutes), or none"
        given.travel[member.id] = _text(question, _commute, "none")
    return replace(member, work="" if hours == "none" else hours, commute=given.travel.get(member.id) or "0")


def _cap(member: MemberAnswers, asked: str) -> str:
    if member.max_chores:
        return member.max_chores
    question = f"At most how many hours of chores a week for {asked}? (e.g. 3h)"
    return _text(question, read.chores_cap, "3h")


def _text(question: str, reader: Callable[[str], object], default: str) -> str:
    """The answer as typed, once ``reader`` can read it (the file is written from it, with the same reader)."""

    def checked(text: str) -> str | Unreadable:
        value = reader(text)
        if isinstance(value, Unreadable):
            return value
        if isinstance(value, tuple) and value:
            say("  read as: " + "; ".join(str(block) for block in value))
        return text

    return ask(question, checked, default)


def _commute(text: str) -> int | Unreadable:
    return duration(text, most=12 * 60, example="30 minutes")
