"""A member or a task found by what people call it: its id or its display name, in any case.

People type the names they use (``--member Ines``, ``explain ... "Cook
dinner"``); the file's ids stay the one key everything else works with.
A name that fits several is never guessed: the answer is a problem listing
them, as is a name that fits none (listing the names known).

>>> import labor_opt
>>> toddler = labor_opt.load("examples/dual_earners_toddler.yaml")
>>> find_task(toddler, "cook DINNER"), find_member(toddler, "Sam")
('dinner', 'sam')
"""

from __future__ import annotations

from collections.abc import Sequence

from labor_opt.household.models import Household
from labor_opt.household.units import closest, odd_characters
from labor_opt.kernel.errors import Issue
from labor_opt.kernel.safe_text import shown


def find_member(household: Household, given: str) -> str | Issue:
    """The id of the member ``given`` names (an id or a display name, any case), or why there is none."""
    return find_id(given, [(member.id, member.display_name) for member in household.members], "member")


def find_task(household: Household, given: str) -> str | Issue:
    """The id of the task ``given`` names (an id or a display name, any case), or why there is none."""
    return find_id(given, [(task.id, task.display_name) for task in household.tasks], "task")


def find_id(given: str, known: Sequence[tuple[str, str]], kind: str) -> str | Issue:
    """The id among ``known`` (id, display name) that ``given`` names; an :class:`Issue` if none or several do.

    An exact id wins; otherwise ids and names are compared ignoring case,
    spacing, ``_`` and ``-`` (``nursery pick-up`` names ``nursery_pick_up``).

    >>> find_id("grandma rosa", [("rosa", "Grandma Rosa"), ("tom", "Tom")], "member")
    'rosa'
    >>> find_id("Sam", [("sam", "Sam"), ("samuel", "Sam")], "member").message
    'more than one member is called "Sam": Sam (sam), Sam (samuel)'
    """
    if any(given == member_id for member_id, _ in known):
        return given
    wanted = _key(given)
    matching = [(i, name) for i, name in known if wanted in (_key(i), _key(name))]
    if len(matching) == 1:
        return matching[0][0]
    if matching:
        return Issue(
            f'more than one {kind} is called "{shown(given)}": {_listed(matching, ids=True)}',
            f"give the id: {' or '.join(shown(i) for i, _ in matching)}",
        )
    odd = odd_characters(given)
    if odd:
        return Issue(f'there is no {kind} "{shown(given)}"', f"it holds {odd}; retype it with plain characters")
    guess = closest(wanted, [_key(name) for _, name in known] + [_key(i) for i, _ in known])
    named = [name for i, name in known if guess in (_key(i), _key(name))][:1]
    hint = f"did you mean {shown(named[0])}? " if named else ""
    return Issue(f'there is no {kind} "{shown(given)}"', f"{hint}{kind}s: {_listed(known)}")


def _key(text: str) -> str:
    """What two spellings of one name share: no case, one space between words, ``_`` and ``-`` as spaces."""
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def _listed(known: Sequence[tuple[str, str]], *, ids: bool = False) -> str:
    """``Grandma Rosa (rosa), Tom``: each display name, with its id when that differs (or always, with ``ids``)."""
    return ", ".join(
        f"{shown(name)} ({shown(i)})" if ids or _key(name) != _key(i) else shown(name) for i, name in known
    )
