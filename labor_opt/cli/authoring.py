"""The commands that help write a household file: `init` (a starter file) and `schema` (for editors)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import click

from labor_opt.cli.options import FILE
from labor_opt.cli.questions import Given, ask_household, resumed
from labor_opt.household import answers as read
from labor_opt.household.answer_times import Unreadable
from labor_opt.household.answers import KINDS, Age, Kind
from labor_opt.household.children import Child, children_tasks, listed
from labor_opt.household.init_answers import Answers, MemberAnswers, check_answers
from labor_opt.household.models import Household
from labor_opt.household.reading import parse_household
from labor_opt.household.starter import children_plan, starter_text
from labor_opt.household.units import format_duration
from labor_opt.kernel.errors import ExitCode, InfeasibleError, InputError, Issue, LaborOptError
from labor_opt.kernel.files import write_atomically, write_new
from labor_opt.kernel.safe_text import shown
from labor_opt.report.console import errors_to_exit_codes, say


@click.command()
@click.argument("file", type=FILE, default="household.yaml")
@click.option("--name", help="The household's name.")
@click.option("--kind", type=click.Choice(KINDS), help="couple, family, single-parent or shared-house.")
@click.option("--member", "members", multiple=True, help="A member who shares the work, by name or id (repeatable).")
@click.option("--work", "work", multiple=True, metavar="ID=HOURS", help='Paid work, e.g. dana="mon-fri 8am-4.30pm".')
@click.option(
    "--commute", "commutes", multiple=True, metavar="ID=TIME", help='A commute each way, e.g. dana="45 minutes".'
)
@click.option(
    "--teen", "teens", multiple=True, metavar="ID", help="A --member who is a teen who helps, outside the balance."
)
@click.option(
    "--helper",
    "helpers",
    multiple=True,
    metavar="ID[=HOURS]",
    help='A --member who helps outside the balance (a grandparent), around then, e.g. grandpa="tue,thu 2pm-6pm".',
)
@click.option(
    "--child",
    "children",
    multiple=True,
    metavar="NAME=AGE",
    help='A child who does no chores, e.g. "Leo=7" or "Lily=8 months".',
)
@click.option(
    "--child-age", "ages", multiple=True, type=click.IntRange(0, 17), help="A child's age, unnamed (repeatable)."
)
@click.option("--no-input", is_flag=True, help="Ask nothing: take every answer from the options.")
@errors_to_exit_codes
def init(file: Path, name: str | None, kind: str | None, no_input: bool, **given: tuple[Any, ...]) -> None:
    """Write a starter FILE (default household.yaml) from a few answers; an existing file is never replaced.

    Each answer is checked as it is typed and asked again until it can be
    read. Children are not members: their care comes from their ages as
    tasks, and as times someone must be home. Tasks come from a catalog of
    common household work based on the American Time Use Survey.
    """
    refusal = "the file already exists; init never overwrites a file"
    if file.exists():  # asked before the questions, and again as it is written (write_new)
        raise InputError([Issue(refusal, "name a new file", file=str(file))], "written")
    options = _given(name, cast(Kind | None, kind), given)  # click.Choice allows only KINDS
    if options.members:  # an option's mistake is said before any question is asked
        check_answers(
            Answers(options.name or "Our household", options.kind or "couple", options.members, options.children)
        )
    if no_input:
        if not options.members:
            raise InputError(
                [Issue("--no-input needs at least one --member", "add --member alex --member sam")], "written"
            )
        answers = Answers(options.name or "Our household", options.kind or "couple", options.members, options.children)
    else:
        answers = _asked(file, options)
    text = starter_text(answers)
    try:
        household = parse_household(text, source=str(file))  # what is written is a valid household, or nothing is
    except InputError as error:  # the answers were checked as values: say it of them, never at an unwritten line
        raise InputError([replace(issue, file=None, line=None) for issue in error.issues], "written") from None
    write_new(file, text, refusal)
    say(f"written to {file}: {counted(len(answers.members), 'member')}, {counted(len(household.tasks), 'task')}")
    for line in _assumed(answers, household):
        say(line)
    say(_first_solve(household, file))


class _Interrupted(LaborOptError):
    """Ctrl-C at a question: nothing is written, and the answers given so far are kept in a command to go on with."""

    exit_code = ExitCode.INTERRUPTED


def _asked(file: Path, options: Given) -> Answers:
    try:
        return ask_household(options)
    except KeyboardInterrupt:
        command = resumed(str(file), options)
        if command is None:
            raise
        raise _Interrupted(
            f"interrupted; nothing was written. To go on, keeping your answers so far:\n{command}"
        ) from None


def counted(number: int, thing: str) -> str:
    """``1 member``, ``3 members``."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _assumed(answers: Answers, household: Household) -> list[str]:
    """What the file assumed, to check: where the children went, who does their runs, who sleeps by day."""
    nights = [
        f"{member.display_name} works nights, so the file gives {member.display_name} sleep by day after each "
        "shift: check it"
        for member in household.members
        if isinstance(member.sleep, list)
    ]
    return _children_said(answers, household) + nights


def _children_said(answers: Answers, household: Household) -> list[str]:
    """Where the children went: not members, but tasks named after them and times someone is home with them."""
    if not answers.children:
        return []
    named = listed([child.name for child in answers.children])
    being = "is not a member" if len(answers.children) == 1 else "are not members"
    plan = children_plan(answers)
    theirs = {task["id"] for task in children_tasks(answers.children)} - plan.left_out
    tasks = [task for task in household.tasks if task.id in theirs]
    if not tasks and not household.presence:
        return [f"{named} {being}; from 13, children need no care tasks of their own"]
    care = f"{counted(len(tasks), 'task')} {'is' if len(tasks) == 1 else 'are'} their care"
    home = f"{counted(len(household.presence), 'presence block')} keep{'s' * (len(household.presence) == 1)}"
    return [f"{named} {being}: {care}, and {home} someone home with them", *plan.notes]


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


def _given(name: str | None, kind: Kind | None, given: dict[str, tuple[Any, ...]]) -> Given:
    """The answers the options give, each checked as the questions check it (a mistake names its option)."""
    works, travel = _pairs("--work", given["work"]), _pairs("--commute", given["commutes"])
    helpers = _pairs("--helper", tuple(value if "=" in value else f"{value}=" for value in given["helpers"]))
    members = tuple(_member(text, position) for position, text in enumerate(given["members"], start=1))
    known = {member.id for member in members}
    unknown = sorted((set(works) | set(travel) | set(helpers) | {_id(teen) for teen in given["teens"]}) - known)
    if unknown:
        named = ", ".join(shown(member) for member in unknown)
        problem = f"--work, --commute, --teen or --helper names {named}, not a --member"
        raise InputError([Issue(problem, "add them as --member")], "written")
    return Given(
        name,
        kind,
        tuple(_role(member, works, travel, helpers, given["teens"]) for member in members),
        _children(given["children"], given["ages"]),
        works,
        travel,
    )


def _role(
    member: MemberAnswers,
    works: dict[str, str],
    travel: dict[str, str],
    helpers: dict[str, str],
    teens: tuple[str, ...],
) -> MemberAnswers:
    if member.id in helpers:
        return replace(member, role="helper", around=helpers[member.id])  # "" (no hours given): asked, or always
    teen = member.id in {_id(teen) for teen in teens}
    return replace(
        member, role="teen" if teen else "adult", work=works.get(member.id, ""), commute=travel.get(member.id) or "0"
    )


def _member(text: str, position: int) -> MemberAnswers:
    """A --member by name (Dana: the id dana) or id; one that is neither is checked with the answers, by its id."""
    one = read.person(text, position)
    return MemberAnswers(text) if isinstance(one, Unreadable) else MemberAnswers(one.id, name=one.name)


def _id(text: str) -> str:
    one = read.person(text)
    return text if isinstance(one, Unreadable) else one.id


def _children(named: tuple[str, ...], ages: tuple[int, ...]) -> tuple[Child, ...]:
    found = [_child(value, position) for position, value in enumerate(named, start=1)]
    for position, years in enumerate(ages, start=len(found) + 1):
        found.append(Child(f"child{position}", f"child {position}", Age(years * 12)))
    return tuple(found)


def _child(value: str, position: int) -> Child:
    """A --child NAME=AGE, read as the question about children reads it."""
    name, _, age = value.partition("=")
    one = read.person(name, position)
    years = read.age(age) if not isinstance(one, Unreadable) else one
    if isinstance(years, Unreadable) or isinstance(one, Unreadable):
        message = years.message if isinstance(years, Unreadable) else "it cannot be read"
        raise InputError([Issue(f"--child '{shown(value)}': {message}", 'write --child "Leo=7"')], "written")
    if years.months >= read.ADULT_MONTHS:
        raise InputError([Issue(f"--child '{shown(value)}' is an adult", "give them as --member")], "written")
    return Child(one.id, one.called, years)


def _pairs(option: str, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        member, separator, text = value.partition("=")
        if not separator or not member.strip():
            raise InputError([Issue(f"{option} '{shown(value)}' names no member", f"write {option} ID=VALUE")])
        pairs[_id(member.strip())] = text.strip()
    return pairs


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
