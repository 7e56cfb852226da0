"""Who lives here, as people answer `labor-opt init`: names, who is an adult, a helper or a child, and ages.

``Dana, Marc and Zoe`` are three people whose display names become the ids
dana, marc and zoe; ``8 months``, ``7`` or ``adult`` says who each one is.
Like :mod:`labor_opt.household.answer_times`, every reader takes any text and
returns a value or an :class:`Unreadable` with an example, and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, TypeAlias

from labor_opt.household.answer_times import NONE_WORDS, Unreadable, duration, like, plain
from labor_opt.kernel.safe_text import control_characters, shown

Kind = Literal["couple", "family", "single-parent", "shared-house"]
KINDS: tuple[Kind, ...] = ("couple", "family", "single-parent", "shared-house")
NAMES_EXAMPLE = "Dana, Marc, Zoe"
AGE_EXAMPLE = "7, or 8 months"
MOST_PEOPLE = 40  # a large shared house; more is a typo, or not a household
ADULT_MONTHS = 18 * 12
TEEN_MONTHS = 13 * 12  # from 13 a child may be asked to help, as a member outside the balance
MOST_CAP = 40 * 60  # minutes a week: a helper's cap on chores beyond a full-time job's hours is a typo

_ADULT_WORDS = frozenset({"adult", "a", "parent", "grown-up", "grownup", "grown up"})
_HELPER_WORDS = frozenset({"helper", "h", "grandparent", "grandma", "grandpa", "granny", "grandad", "nanny"})
_CHILD_WORDS = frozenset({"child", "kid", "c", "teen", "teenager", "minor", "son", "daughter"})
_BABY_WORDS = frozenset({"baby", "newborn", "infant", "due", "expected"})
_AGE = re.compile(
    r"(?P<n>[0-9]{1,3})(?P<half>[.,]5)?\s*(?:(?P<unit>years?|yrs?|y|yo|y/o|months?|mos?|m|weeks?|wks?|w)\b\.?)?"
    r"(?:\s*old)?"
)
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|/|\band\b)\s*")


@dataclass(frozen=True)
class Person:
    """Someone as named: an id for the file, and the name as typed when it is not the id itself."""

    id: str
    name: str | None = None

    @property
    def called(self) -> str:
        """What to call them in a question or a task's name."""
        return self.name or self.id


@dataclass(frozen=True)
class Age:
    """A child's age in whole months (a baby's months matter; a school child's are whole years)."""

    months: int

    @property
    def group(self) -> Literal["baby", "toddler", "school", "teen"]:
        """Which of the catalog's children's tasks this age brings."""
        if self.months < 12:
            return "baby"
        if self.months < 5 * 12:
            return "toddler"
        return "school" if self.months < TEEN_MONTHS else "teen"


Role: TypeAlias = Literal["adult", "helper"] | Age


def person(text: str, position: int = 1) -> Person | Unreadable:
    """One person's name as typed; ``Dana`` becomes the id dana, ``kim`` stays kim, ``Zoë`` is zoe."""
    name = text.strip()
    odd = control_characters(name)
    if odd:
        return Unreadable(f"the name '{shown(name)}' holds {odd}, which cannot be seen", "retype it")
    if not name:
        return Unreadable("a name is empty", like(NAMES_EXAMPLE))
    if len(name) > 60:
        return Unreadable(
            f"the name '{name[:20]}...' is {len(name)} characters long", "write a shorter name, e.g. Dana"
        )
    if re.fullmatch(r"[a-z0-9_-]+", name):
        return Person(name)  # already an id: kept as it is, number-like or not
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    made = re.sub(r"[^a-z0-9-]+", "_", ascii_name).strip("_-") or f"person{position}"
    return Person(made, name)


def people(text: str) -> tuple[Person, ...] | Unreadable:
    """Names separated by commas (or "and"): ``Dana, Marc and Zoe``, each once.

    >>> [(one.id, one.name) for one in people("Dana, Marc and Zoë")]
    [('dana', 'Dana'), ('marc', 'Marc'), ('zoe', 'Zoë')]
    """
    odd = control_characters(text)
    if odd:
        return Unreadable(f"'{shown(text)}' holds {odd}, which cannot be seen", "retype it")
    parts = [part for part in _SEPARATORS.split(text.strip()) if part.strip()]
    if not parts:
        return Unreadable("no names were given", like(NAMES_EXAMPLE))
    if len(parts) > MOST_PEOPLE:
        return Unreadable(f"{len(parts)} names are more than a household holds ({MOST_PEOPLE})", like(NAMES_EXAMPLE))
    found: list[Person] = []
    for position, part in enumerate(parts, start=1):
        one = person(part, position)
        if isinstance(one, Unreadable):
            return one
        twin = next((earlier for earlier in found if earlier.id == one.id), None)
        if twin is not None:
            return Unreadable(
                f"{twin.called} and {one.called} would both be {one.id}", "tell them apart, e.g. Sam B, Sam C"
            )
        found.append(one)
    return tuple(found)


def age(text: str) -> Age | Unreadable:
    """A child's age as typed: ``7``, ``7 years``, ``8 months``, ``1.5``, ``6 weeks``, ``newborn``."""
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    if said in _BABY_WORDS:
        return Age(0)
    found = _AGE.fullmatch(said)
    if not found:
        return Unreadable(f"'{shown(text)}' is not an age", like(AGE_EXAMPLE))
    number, unit = int(found["n"]), (found["unit"] or "y")[0]
    if unit == "y":
        months = number * 12 + (6 if found["half"] else 0)
    elif found["half"]:
        return Unreadable(f"'{shown(text)}' is not whole {'months' if unit == 'm' else 'weeks'}", like(AGE_EXAMPLE))
    else:
        months = number if unit == "m" else number * 7 // 30
    if months > 120 * 12:
        return Unreadable(f"'{shown(text)}' is older than anyone", like(AGE_EXAMPLE))
    return Age(months)


def role(text: str) -> Role | Unreadable:
    """Who someone is: ``adult``, ``helper`` (a grandparent who comes by), or a child's age (18 or more: adult)."""
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    if said in _ADULT_WORDS:
        return "adult"
    if said in _HELPER_WORDS:
        return "helper"
    if said in _CHILD_WORDS:
        return Unreadable("how old? the age decides the child's tasks", f"write the child's age, e.g. {AGE_EXAMPLE}")
    read = age(said)
    if isinstance(read, Unreadable):
        return Unreadable(
            f"'{shown(text)}' is not adult, helper or an age",
            f"write adult, helper, or a child's age, e.g. {AGE_EXAMPLE}",
        )
    return "adult" if read.months >= ADULT_MONTHS else read


def children(text: str) -> tuple[tuple[Person | None, Age], ...] | Unreadable:
    """Children who do no chores, with their ages: ``Zoe 7, Sam 8 months``, or just ``7, 3``; ``none`` is ()."""
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    if said in ("none", "no", "0", "-", "nobody"):
        return ()
    found: list[tuple[Person | None, Age]] = []
    parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
    for position, part in enumerate(parts, start=1):
        split = re.fullmatch(r"(?P<name>.*?)[\s:(-]*(?P<age>[0-9].*?|newborn|baby)\s*\)?", part)
        if not split:
            return Unreadable(f"'{shown(part)}' gives no age", like("Leo 7, Lily 8 months"))
        named = person(split["name"], position) if split["name"].strip() else None
        years = age(split["age"])
        if isinstance(named, Unreadable):
            return named
        if isinstance(years, Unreadable):
            return years
        if years.months >= ADULT_MONTHS:
            return Unreadable(f"'{shown(part)}' is an adult, not a child", "give adults as members, not as children")
        if named and any(other and other.id == named.id for other, _ in found):
            return Unreadable(f"{named.called} is named twice", "tell them apart, e.g. Sam B and Sam C")
        found.append((named, years))
    return tuple(found)


def yes_no(text: str) -> bool | Unreadable:
    """Yes or no, as people say it."""
    said = plain(text)
    if said in ("y", "yes", "yeah", "yep", "sure", "ok", "true"):
        return True
    if said in ("n", "no", "nope", "false"):
        return False
    return Unreadable(f"'{shown(text)}' is neither yes nor no", "answer yes or no")


def kind(text: str) -> Kind | Unreadable:
    """The kind of household: couple, family, single-parent or shared-house (a clear start of one will do)."""
    said = plain(text)
    if isinstance(said, Unreadable):
        return said
    said = said.replace(" ", "-").replace("flat-share", "shared-house").replace("house-share", "shared-house")
    matches = [choice for choice in KINDS if len(said) >= 3 and choice.startswith(said)]
    if len(matches) == 1:
        return matches[0]
    return Unreadable(f"'{shown(text)}' is not a kind of household", "write one of " + ", ".join(KINDS))


def household_name(text: str) -> str | Unreadable:
    """The household's name: plain text on one line."""
    odd = control_characters(text)
    if odd:
        return Unreadable(f"'{shown(text)}' holds {odd}, which cannot be seen", like("The Riveras"))
    if not text.strip() or len(text) > 100:
        return Unreadable("a household name is 1 to 100 characters", like("The Riveras"))
    return text.strip()


def chores_cap(text: str) -> int | Unreadable:
    """A helper's most chores a week: ``3h``, ``2 hours``, ``90 minutes``; ``0`` for none ("none" is not a cap)."""
    said = plain(text)
    if isinstance(said, str) and said in NONE_WORDS - {"0", "zero"}:
        return Unreadable(f"'{shown(text)}' is not a length of time", "write the most hours a week, e.g. 3h, or 0")
    return duration(text, most=MOST_CAP, example="3h")
