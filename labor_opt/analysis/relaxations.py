"""What would make a household with no schedule solvable: the smallest changes, each verified by solving.

Only chores are proposed for change: a task's window, a member's cap, who
may do a task, a `never`, how many people a task needs, `assign: one`, the
skill level a task requires.
Paid work, commute and sleep are the household's life, not the thing to
bend. Each change is a scenario's edits as data, applied to the household's
data as read exactly as the same edits under ``scenarios:`` would be, and
validated once, before it is solved; its YAML is what a person would write there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from labor_opt.household.edits import with_edits
from labor_opt.household.models import Household, Member, Task
from labor_opt.household.units import format_clock, format_duration
from labor_opt.household.values import LEVELS
from labor_opt.kernel.errors import InputError
from labor_opt.kernel.horizon import MINUTES_PER_DAY
from labor_opt.solve_params import Deadline, StopToken

MOST_PROPOSED = 5
# The kinds of change, in the order they are offered when equally small.
# A value as the file writes it: a whole number, a word or duration, a list of ids, a mapping of words.
Written = int | str | list[str] | dict[str, str]
KINDS = ("window", "max_chores", "max_mental", "max_nights", "who", "never", "people", "assign", "requires")


@dataclass(frozen=True)
class Relaxation:
    """One change that makes the household solvable, verified by solving it.

    ``changes`` is the change as data: the keys of one entry of
    ``scenarios:`` (``{"update_tasks": {"dinner": {"people": 1}}}``), values
    as the file writes them; ``edits`` the same as YAML, to paste there.
    ``size`` is how big it is in its kind's unit (minutes, nights, people, or 1).
    """

    kind: str  # one of KINDS
    subject: str  # the task or member changed
    text: str  # the change in words
    changes: Mapping[str, Any] = field(hash=False)
    size: int

    @property
    def edits(self) -> str:
        """The change as YAML for one entry of ``scenarios:``.

        >>> Relaxation("people", "bath", "", {"update_tasks": {"bath": {"people": 1}}}, 1).edits
        'update_tasks: {bath: {people: 1}}'
        """
        return ", ".join(f"{_key(key)}: {_flow(value)}" for key, value in self.changes.items())

    def applied_to(self, household: Household) -> Household:
        """``household`` with this change made, as a scenario's edits would make it: on the data, validated once.

        >>> import labor_opt
        >>> house = labor_opt.load("examples/no_schedule/nursery_clash.yaml")
        >>> try:
        ...     labor_opt.solve(house)
        ... except labor_opt.InfeasibleError as error:
        ...     fixed = error.relaxations[0].applied_to(house)
        >>> labor_opt.check(fixed, labor_opt.solve(fixed)).valid
        True
        """
        return with_edits(household, self.changes, source="<relaxation>")

    def to_dict(self) -> dict[str, Any]:
        """As the JSON outputs show it."""
        return {"kind": self.kind, "subject": self.subject, "text": self.text, "edits": self.edits, "size": self.size}


@dataclass(frozen=True)
class _Family:
    """Changes of one kind to one subject, larger with each step; the smallest step that works is wanted."""

    steps: int
    make: Callable[[int], Relaxation]


Solvable = Callable[[Household], bool | None]  # None: not settled in the time it had


def find_relaxations(
    household: Household, tasks: set[int], members: set[int], deadline: Deadline, solvable: Solvable, stop: StopToken
) -> tuple[tuple[Relaxation, ...], int]:
    """Up to five changes to ``household`` that make it solvable, smallest first, and how many were left unsettled.

    ``tasks`` and ``members`` (indexes) are those the diagnosis implicates;
    ``solvable`` decides whether a household has a schedule (``None``: not in
    the time it had). Searching stops when ``deadline`` expires, or once
    ``stop`` is requested (Ctrl-C), with what was verified by then; a kind of
    change that was not settled is counted, never silently dropped.
    """
    found: list[Relaxation] = []
    unsettled = 0
    for family in _families(household, tasks, members):
        if deadline.expired() or stop.requested():
            unsettled += 1
            continue
        smallest, settled = _smallest_working(household, family, solvable, deadline, stop)
        unsettled += not settled
        if smallest is not None:
            found.append(smallest)
    return _smallest_first(found), unsettled


def _smallest_working(
    household: Household, family: _Family, solvable: Solvable, deadline: Deadline, stop: StopToken
) -> tuple[Relaxation | None, bool]:
    """The smallest step of ``family`` that makes the household solvable (more never hurts: bisect), and if settled.

    The largest step first (a family that cannot work costs one solve), then
    1, 2, 4, ... until one works, then bisection below it: a small change,
    the usual answer, is settled in a few solves when time is short.
    """

    def works(step: int) -> bool | None:
        if deadline.expired() or stop.requested():
            return None
        try:
            return solvable(family.make(step).applied_to(household))
        except InputError:  # the change itself is not a valid file: not a proposal
            return False

    if family.steps < 1:
        return None, True
    largest = works(family.steps)
    if not largest:
        return None, largest is not None
    low, high, probe = 1, family.steps, 1  # high works; every step below low does not
    while probe < high:  # 1, 2, 4, ...: the first step that works bounds the smallest
        answer = works(probe)
        if answer is None:
            return None, False
        if answer:
            high = probe
            break
        low, probe = probe + 1, probe * 2
    while low < high:
        middle = (low + high) // 2
        answer = works(middle)
        if answer is None:  # not settled in time: what works is not known to be the smallest, and is not offered
            return None, False
        if answer:
            high = middle
        else:
            low = middle + 1
    return family.make(high), True


def _smallest_first(found: Sequence[Relaxation]) -> tuple[Relaxation, ...]:
    """The smallest of each kind first, then the next of each kind; at most five."""
    smallest: dict[tuple[str, str], Relaxation] = {}  # one change per kind and subject: the smallest
    for relaxation in sorted(found, key=lambda r: r.size):
        smallest.setdefault((relaxation.kind, relaxation.subject), relaxation)
    by_kind: dict[str, list[Relaxation]] = {}
    for relaxation in sorted(smallest.values(), key=lambda r: (r.size, r.subject)):
        by_kind.setdefault(relaxation.kind, []).append(relaxation)
    ranked = sorted(
        (
            (rank, KINDS.index(kind), relaxation)
            for kind, items in by_kind.items()
            for rank, relaxation in enumerate(items)
        ),
        key=lambda item: (item[0], item[1]),
    )
    return tuple(relaxation for _, _, relaxation in ranked[:MOST_PROPOSED])


def _families(household: Household, tasks: set[int], members: set[int]) -> Iterator[_Family]:
    resolution = household.settings.resolution
    involved = [household.tasks[index] for index in sorted(tasks)]
    for task in involved:
        yield from _windows(task, resolution)
    capped = [household.members[index] for index in sorted(members)]
    for member in capped:
        yield from _caps(household, member, resolution)
    for task in involved:
        yield from _who(household, task)
        yield from _nevers(household, task)
        yield from _people(task)
        yield from _assign(task)
        yield from _requires(household, task)


def _windows(task: Task, resolution: int) -> Iterator[_Family]:
    """The task's window made later, earlier or both, by whole grid steps, within its day."""
    window = task.effective_window
    if window is None:
        return
    start, length = window.start, window.minutes
    room = (MINUTES_PER_DAY - length) // resolution - 1  # steps until the window would fill the day
    earliest = start // resolution  # an earlier start stays on the same day

    def widened(earlier: int, later: int) -> Relaxation:
        new_start, new_end = start - earlier * resolution, start + length + later * resolution
        written = {"from": format_clock(new_start), "to": format_clock(new_end % MINUTES_PER_DAY)}
        moves = [f"{format_duration(earlier * resolution)} earlier"] if earlier else []
        moves += [f"{format_duration(later * resolution)} later"] if later else []
        return Relaxation(
            "window",
            task.id,
            f"widen the window of {task.id} to {format_clock(new_start)}-{format_clock(new_end % MINUTES_PER_DAY)} "
            f"({' and '.join(moves)})",
            _updated("tasks", task.id, "window", written),
            (earlier + later) * resolution,
        )

    yield _Family(room, lambda step: widened(0, step))
    yield _Family(min(room, earliest), lambda step: widened(step, 0))
    yield _Family(min(room // 2, earliest), lambda step: widened(step, step))


def _caps(household: Household, member: Member, resolution: int) -> Iterator[_Family]:
    """The member's caps raised: chores by grid steps, mental load by minutes, nights one at a time."""
    every_chore = sum(task.duration * 2 * task.repeat.count for task in household.tasks)  # learning takes 1.5x
    every_mental = sum(task.mental_load for task in household.tasks)
    if member.max_chores is not None:
        cap = member.max_chores
        yield _Family(
            max(0, (every_chore - cap) // resolution + 1),
            lambda step: _cap(member, "max_chores", cap, cap + step * resolution, format_duration),
        )
    mental = member.mental_cap
    if mental is not None:
        yield _Family(
            max(0, every_mental - mental),
            lambda step: _cap(member, "max_mental", mental, mental + step, format_duration),
        )
    if member.night_cap < 7:
        nights = member.night_cap
        yield _Family(7 - nights, lambda step: _cap(member, "max_nights", nights, nights + step, str))


def _cap(member: Member, key: str, old: int, new: int, shown: Callable[[int], str]) -> Relaxation:
    default = (
        " (the default for members outside the balance)" if key == "max_mental" and member.max_mental is None else ""
    )
    return Relaxation(
        key,
        member.id,
        f"raise {key} of {member.id} to {shown(new)} (from {shown(old)}{default})",
        _updated("members", member.id, key, new if key == "max_nights" else shown(new)),  # nights are a count
        new - old,
    )


def _who(household: Household, task: Task) -> Iterator[_Family]:
    """Each member left out of the task's ``who`` let in, one at a time."""
    if task.who is None:
        return
    for member in household.members:
        if member.id not in task.who:
            relaxation = Relaxation(
                "who",
                f"{task.id}/{member.id}",
                f"let {member.id} do {task.id} too (add them to its `who`)",
                _updated("tasks", task.id, "who", [*task.who, member.id]),
                1,
            )
            yield _Family(1, _always(relaxation))


def _nevers(household: Household, task: Task) -> Iterator[_Family]:
    """Each `never` entry that keeps a member from the task, dropped."""
    for member in household.members:
        for word in member.never:
            if word != task.id and word not in task.tags:
                continue
            others = [t.id for t in household.tasks if t.id != task.id and (word == t.id or word in t.tags)]
            also = f"; the tag also covers {', '.join(others)}" if others else ""
            relaxation = Relaxation(
                "never",
                f"{member.id}/{word}",
                f"drop {word} from the `never` of {member.id}, so they may do {task.id}{also}",
                _updated("members", member.id, "never", [w for w in member.never if w != word]),
                1,
            )
            yield _Family(1, _always(relaxation))


def _people(task: Task) -> Iterator[_Family]:
    """Fewer people for a task done together."""
    if task.people < 2:
        return
    yield _Family(
        task.people - 1,
        lambda step: Relaxation(
            "people",
            task.id,
            f"do {task.id} with {task.people - step} {'person' if task.people - step == 1 else 'people'} "
            f"instead of {task.people}",
            _updated("tasks", task.id, "people", task.people - step),
            step,
        ),
    )


def _assign(task: Task) -> Iterator[_Family]:
    """A task kept with the same member(s) all week, let go to anyone each time."""
    if task.assign != "one":
        return
    relaxation = Relaxation(
        "assign",
        task.id,
        f"let each occurrence of {task.id} go to anyone allowed (assign: any instead of one)",
        _updated("tasks", task.id, "assign", "any"),
        1,
    )
    yield _Family(1, _always(relaxation))


def _requires(household: Household, task: Task) -> Iterator[_Family]:
    """Each skill the task requires, lowered to the best level a member has, or dropped when nobody has it."""
    for skill, level in task.requires.items():
        levels = [member.skills[skill] for member in household.members if skill in member.skills]
        best = max(levels, key=LEVELS.index, default=None)
        if best is not None and LEVELS.index(best) >= LEVELS.index(level):
            continue  # someone has it: what keeps them from the task is something else
        kept = {name: wanted for name, wanted in task.requires.items() if name != skill}
        if best is not None:
            kept[skill] = best
        text = (
            f"require {skill}:{best} for {task.id} instead of {skill}:{level} (the best any member has)"
            if best is not None
            else f"drop {skill} from what {task.id} requires (no member has it), or add it to a member's `skills`"
        )
        relaxation = Relaxation("requires", f"{task.id}/{skill}", text, _updated("tasks", task.id, "requires", kept), 1)
        yield _Family(1, _always(relaxation))


def _always(relaxation: Relaxation) -> Callable[[int], Relaxation]:
    """A family of one change (allow a member, drop a `never`): there is no smaller step."""
    return lambda step: relaxation


_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off"}  # plain, these would not read as text


def _updated(section: str, item: str, key: str, value: Written) -> dict[str, Any]:
    """The edits that replace ``key`` of task or member ``item`` with ``value``, as a scenario's update would."""
    return {f"update_{section}": {item: {key: value}}}


def _flow(value: Any) -> str:
    """A value as YAML flow text, as a person would write it: ``{from: "15:30", to: "18:00"}``, ``[ana, ben]``."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(key)}: {_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return str(value) if isinstance(value, int) else _key(value)


def _key(text: str) -> str:
    r"""An id as YAML flow text: quoted (JSON-style, which YAML reads) unless plainly safe.

    A character beyond U+FFFF gets YAML's ``\U`` escape: JSON's pair of
    ``\u`` halves would read back as two lone halves, not the id.

    >>> print(_key("dishes"), _key("yes"), _key("Zoë"), _key("a\U0001f600"))
    dishes "yes" "Zo\u00eb" "a\U0001f600"
    """
    plain = text.isidentifier() and text.isascii() and text.lower() not in _YAML_WORDS
    if plain:
        return text
    return '"' + "".join(f"\\U{ord(c):08x}" if ord(c) > 0xFFFF else json.dumps(c)[1:-1] for c in text) + '"'
