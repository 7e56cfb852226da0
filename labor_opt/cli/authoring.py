"""The commands that help write a household file: `init` (a starter file) and `schema` (for editors)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click

from labor_opt.cli.options import FILE
from labor_opt.household.models import Household
from labor_opt.household.reading import parse_household
from labor_opt.household.starter import KINDS, Answers, Kind, MemberAnswers, starter_text
from labor_opt.household.units import format_duration
from labor_opt.kernel.errors import InfeasibleError, InputError, Issue, LaborOptError
from labor_opt.kernel.files import write_atomically, write_new
from labor_opt.kernel.safe_text import shown
from labor_opt.report.console import errors_to_exit_codes, say


@click.command()
@click.argument("file", type=FILE, default="household.yaml")
@click.option("--name", help="The household's name.")
@click.option("--kind", type=click.Choice(KINDS), help="couple, family, single-parent or shared-house.")
@click.option("--member", "members", multiple=True, help="A member's id (repeat for each member).")
@click.option("--work", "work", multiple=True, metavar="ID=HOURS", help='Paid work, e.g. alex="weekdays 09:00-17:00".')
@click.option("--commute", "commutes", multiple=True, metavar="ID=MINUTES", help="A commute each way, e.g. alex=30m.")
@click.option("--child-age", "ages", multiple=True, type=click.IntRange(0, 17), help="A child's age (repeatable).")
@click.option("--no-input", is_flag=True, help="Ask nothing: take every answer from the options.")
@errors_to_exit_codes
def init(
    file: Path,
    name: str | None,
    kind: str | None,
    members: tuple[str, ...],
    work: tuple[str, ...],
    commutes: tuple[str, ...],
    ages: tuple[int, ...],
    no_input: bool,
) -> None:
    """Write a starter FILE (default household.yaml) from a few answers; an existing file is never replaced.

    Tasks come from a catalog of common household work whose durations and
    frequencies are based on the American Time Use Survey.
    """
    refusal = "the file already exists; init never overwrites a file"
    if file.exists():  # asked before the questions, and again as it is written (write_new)
        raise InputError([Issue(refusal, "name a new file", file=str(file))], "written")
    works, travel = _pairs("--work", work), _pairs("--commute", commutes)
    if no_input:
        if not members:
            raise InputError(
                [Issue("--no-input needs at least one --member", "add --member alex --member sam")], "written"
            )
        chosen = cast(Kind, kind or "couple")  # click.Choice allows only KINDS
        answers = Answers(name or "Our household", chosen, _members(members, works, travel), ages)
    else:
        answers = _ask(name, kind, members, works, travel, ages)
    text = starter_text(answers)
    try:
        household = parse_household(text, source=str(file))  # what is written is a valid household, or nothing is
    except InputError as error:  # the answers were checked as values: say it of them, never at an unwritten line
        raise InputError([replace(issue, file=None, line=None) for issue in error.issues], "written") from None
    write_new(file, text, refusal)
    say(f"written to {file}: {len(answers.members)} member(s), {len(household.tasks)} tasks")
    say(_first_solve(household, file))


def _first_solve(household: Household, file: Path) -> str:
    """Whether the new file has a schedule as it stands, in one line."""
    from labor_opt.api import solve

    try:
        schedule = solve(household, time_limit=10)
    except InfeasibleError as error:
        return f"as written it has no schedule ({error.reasons[0]}); labor-opt solve {file} says what would fix it"
    except LaborOptError as error:
        return f"as written it was not solved: {error}"
    return (
        f"it solves (imbalance {format_duration(schedule.fairness.imbalance)}); edit it, then: labor-opt solve {file}"
    )


def _pairs(option: str, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        member, separator, text = value.partition("=")
        if not separator or not member.strip():
            raise InputError([Issue(f"{option} '{shown(value)}' names no member", f"write {option} ID=VALUE")])
        pairs[member.strip()] = text.strip()
    return pairs


def _members(ids: tuple[str, ...], works: dict[str, str], travel: dict[str, str]) -> tuple[MemberAnswers, ...]:
    unknown = sorted((set(works) | set(travel)) - set(ids))
    if unknown:
        named = ", ".join(shown(member) for member in unknown)
        raise InputError([Issue(f"--work or --commute names {named}, not a --member", "add them")], "written")
    return tuple(MemberAnswers(member, works.get(member, ""), travel.get(member) or "0") for member in ids)


def _ask(
    name: str | None,
    kind: str | None,
    members: tuple[str, ...],
    works: dict[str, str],
    travel: dict[str, str],
    ages: tuple[int, ...],
) -> Answers:
    """Ask, on the terminal, what the options did not say."""
    name = name or _prompt("Household name", default="Our household")
    kind = kind or _prompt("Kind of household", type=click.Choice(KINDS), default="couple")
    if not members:
        listed = _prompt("Members' ids, separated by commas (e.g. alex, sam)")
        members = tuple(part.strip() for part in listed.split(",") if part.strip())
    answered = []
    for member in members:
        asked = shown(member)  # an id not yet checked, in a question: on one line, nothing that acts on the terminal
        hours = works.get(member) or _prompt(
            f"{asked}'s paid work (e.g. weekdays 09:00-17:00; sat 10:00-14:00), or none", default="none"
        )
        commute = travel.get(member) or (
            _prompt(f"{asked}'s commute each way (e.g. 30m), or 0", default="0") if hours != "none" else "0"
        )
        answered.append(MemberAnswers(member, "" if hours == "none" else hours, commute))
    if not ages and kind in ("family", "single-parent"):
        listed = _prompt("Children's ages, separated by commas, or none", default="none")
        ages = _ages(listed)
    return Answers(name, cast(Kind, kind), tuple(answered), ages)  # click.Choice allows only KINDS


def _prompt(question: str, **options: Any) -> Any:
    """One answer from the terminal; Ctrl-C ends the command as everywhere (130), a closed input is a mistake (2).

    click says both as Abort; the exception it replaced tells them apart.
    """
    try:
        return click.prompt(question, **options)
    except click.exceptions.Abort as abort:
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


def _ages(listed: str) -> tuple[int, ...]:
    """Children's ages as answered: whole numbers from 0 to 17, separated by commas ("none": no children)."""
    parts = [part.strip() for part in listed.split(",") if part.strip() and part.strip().lower() != "none"]
    wrong = [part for part in parts if not (part.isascii() and part.isdecimal() and int(part) <= 17)]
    if wrong:
        raise InputError(
            [Issue(f"the child's age '{shown(wrong[0])}' cannot be read", "write whole numbers from 0 to 17")],
            "written",
        )
    return tuple(int(part) for part in parts)


@click.command()
@click.option("--output", "-o", "output_path", type=FILE, help="Write the schema to this file instead.")
@errors_to_exit_codes
def schema(output_path: Path | None) -> None:
    """Print the JSON Schema of the household file, for editors to check and complete it."""
    from labor_opt.household.schema import household_schema

    text = json.dumps(household_schema(), indent=2, ensure_ascii=False) + "\n"
    if output_path is None:
        click.echo(text, nl=False)
        return
    write_atomically(output_path, text)
    say(f"written to {output_path}")
