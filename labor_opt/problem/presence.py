"""Who is at home for a presence block, and the blocks that fixed time away alone makes impossible.

A member is out of the house while at work away from home, commuting,
unavailable or outside their ``available`` hours; asleep is at home, and so
is working at home (``at_home: true``), unless the block asks for someone
``awake``: then a member inside their sleep does not count. Before any chore
is placed, that time away already takes members out. Where it leaves fewer
than ``people`` at home, no schedule can help; this says when, and why for
each member ("nobody is home with Zoe on tue 15:30-16:10: alex at work
until 17:00, sam commuting until 16:10").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from labor_opt.household.units import format_clock
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.data import WORKING_AT_HOME, MemberFacts, PresenceFacts, Problem

Shortfall = tuple[PresenceFacts, int, int]  # the block, and [start, end) in week minutes where too few are home
ASLEEP = "asleep"
AT_HOME = frozenset({ASLEEP, WORKING_AT_HOME})  # busy kinds that keep a member in the house


def takes_out(kind: str, *, awake: bool) -> bool:
    """Whether busy time of ``kind`` counts as not at home; asleep does only for a block that asks for someone awake."""
    return kind not in AT_HOME or (awake and kind == ASLEEP)


def time_away(member: MemberFacts, *, awake: bool) -> np.ndarray:
    """At each week minute, whether fixed time takes the member out of the house (overlapping reasons once)."""
    out = np.zeros(MINUTES_PER_WEEK, dtype=np.bool_)
    for kind, start, stop in member.busy:
        if takes_out(kind, awake=awake):
            out[np.arange(start, stop) % MINUTES_PER_WEEK] = True
    return out


def time_away_spans(member: MemberFacts, *, awake: bool) -> list[tuple[int, int]]:
    """The member's fixed time out of the house as stretches apart, inside [0, week)."""
    edges = np.flatnonzero(np.diff(np.concatenate(([False], time_away(member, awake=awake), [False])).astype(np.int8)))
    return [(int(start), int(stop)) for start, stop in zip(edges[::2], edges[1::2])]


@dataclass(frozen=True)
class PresenceGroup:
    """The presence blocks that name the same members (and ask alike for someone awake), merged into one need.

    ``needs`` holds ``(start, end, people)`` stretches in week minutes,
    sorted and apart, inside ``[0, week)``: where blocks overlap, the most
    people any of them asks for. Merged, a hundred blocks of one family are
    a handful of stretches, so that keeping them costs no more than one.
    """

    members: tuple[int, ...]
    needs: tuple[tuple[int, int, int], ...]
    awake: bool = False  # a member inside their sleep is not at home for this group


def presence_groups(problem: Problem) -> list[PresenceGroup]:
    """The presence blocks grouped by the members they name and whether they ask for someone awake, needs merged."""
    spans: dict[tuple[tuple[int, ...], bool], list[tuple[int, int, int]]] = {}
    for block in problem.presence:
        for begin, end in block.spans:
            spans.setdefault((block.members, block.awake), []).extend(_within_the_week(begin, end, block.people))
    return [PresenceGroup(members, _merged(pieces), awake) for (members, awake), pieces in spans.items()]


def _within_the_week(begin: int, end: int, people: int) -> list[tuple[int, int, int]]:
    """[begin, end) as stretches inside [0, week): a block past Sunday midnight goes on on Monday."""
    begin, end = begin % MINUTES_PER_WEEK, begin % MINUTES_PER_WEEK + (end - begin)
    if end <= MINUTES_PER_WEEK:
        return [(begin, end, people)]
    return [(begin, MINUTES_PER_WEEK, people), (0, end - MINUTES_PER_WEEK, people)]


def _merged(pieces: list[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """Overlapping stretches as stretches apart, each with the most people asked for in it."""
    changes: dict[int, list[tuple[int, int]]] = {}
    for start, end, people in pieces:
        changes.setdefault(start, []).append((people, 1))
        changes.setdefault(end, []).append((people, -1))
    asked: Counter[int] = Counter()
    merged: list[tuple[int, int, int]] = []
    moments = sorted(changes)
    for moment, following in zip(moments, moments[1:]):
        for people, change in changes[moment]:
            asked[people] += change
        need = max((people for people, count in asked.items() if count > 0), default=0)
        if not need:
            continue
        if merged and merged[-1][1] == moment and merged[-1][2] == need:
            merged[-1] = (merged[-1][0], following, need)
        else:
            merged.append((moment, following, need))
    return tuple(merged)


def shortfalls(problem: Problem) -> list[Shortfall]:
    """Every stretch of a presence block with too few members at home on fixed time away alone."""
    found = []
    homes: dict[tuple[tuple[int, ...], bool], np.ndarray] = {}  # blocks naming the same members share their count
    for block in problem.presence:
        key = (block.members, block.awake)
        if key not in homes:
            homes[key] = _home_counts(problem, block.members, awake=block.awake)
        home = homes[key]
        for begin, end in block.spans:
            short = (home[np.arange(begin, end) % MINUTES_PER_WEEK] < block.people).astype(np.int8)
            edges = np.flatnonzero(np.diff(np.concatenate(([0], short, [0]))))
            found += [(block, begin + int(start), begin + int(stop)) for start, stop in zip(edges[::2], edges[1::2])]
    return found


def _home_counts(problem: Problem, members: tuple[int, ...], *, awake: bool) -> np.ndarray:
    """At each week minute, how many of ``members`` no fixed time takes out (asleep is at home unless ``awake``)."""
    home = np.full(MINUTES_PER_WEEK, len(members), dtype=np.int32)
    for member in members:
        home -= time_away(problem.members[member], awake=awake)
    return home


def describe(problem: Problem, shortfall: Shortfall) -> str:
    """The shortfall in words, with each member's reason."""
    block, start, end = shortfall
    when = f"{DAY_NAMES[(start // MINUTES_PER_DAY) % 7]} {format_clock(start % MINUTES_PER_DAY)}-{_end(end)}"
    reasons = "; ".join(why_not_home(problem, member, start, end, awake=block.awake) for member in block.members)
    home = "home and awake" if block.awake else "home"
    if block.people == 1:
        return f"{block.name}: nobody is {home} on {when}: {reasons}"
    return f"{block.name}: fewer than {block.people} are {home} on {when}: {reasons}"


def _away_at(problem: Problem, member: int, minute: int, *, awake: bool) -> tuple[str, int] | None:
    """What takes the member away at ``minute`` and until when (week minutes), or None when they are home."""
    at = minute % MINUTES_PER_WEEK
    for kind, start, stop in problem.members[member].busy:
        if takes_out(kind, awake=awake) and start <= at < stop:
            return kind, minute + (stop - at)
    return None


def why_not_home(problem: Problem, member: int, minute: int, end: int, *, awake: bool) -> str:
    """Why the member is not home from ``minute``: each stretch away in turn, while the shortfall lasts."""
    name = problem.members[member].id
    stretches = []
    away = _away_at(problem, member, minute, awake=awake)
    while away is not None:
        kind, until = away
        later_day = until // MINUTES_PER_DAY != minute // MINUTES_PER_DAY and until % MINUTES_PER_DAY != 0
        day = f"{DAY_NAMES[(until // MINUTES_PER_DAY) % 7]} " if later_day else ""
        stretches.append(f"{kind} until {day}{_end(until)}")
        away = _away_at(problem, member, until, awake=awake) if until < end else None
    return f"{name} " + (", then ".join(stretches) if stretches else "is home")


def _end(minute: int) -> str:
    clock = minute % MINUTES_PER_DAY
    return "24:00" if clock == 0 else format_clock(clock)
