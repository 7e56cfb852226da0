"""Nights a household should look at twice: someone woken on more nights than another could share.

The solver keeps the most disturbed nights of anyone as low as it can
inside the fairness band, but that bounds only the highest count: with the
most held by someone else, or minutes in the way, one member may be woken on
five nights while another, who may do the same night task, is woken on one.
:func:`night_shares` finds such pairs, claiming only what it checks: the
other member is balanced, under their ``max_nights``, woken on at least two
nights fewer (so that one night handed over makes the split more even), may
do one of the night occurrences that wake the first, and is free at one of
its starts (no work, commute, busy time, nor another of their tasks). A task
with ``assign: one`` is not shared a night at a time (whoever takes it takes
every night), so it is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from labor_opt.kernel.horizon import MINUTES_PER_WEEK
from labor_opt.problem.data import Placement, Problem


@dataclass(frozen=True)
class NightShare:
    """``member`` is woken on ``nights`` nights, ``other`` on ``other_nights``, and could do ``task`` for them."""

    member: str  # id
    nights: int
    other: str  # id: balanced, under their max_nights
    other_nights: int
    task: str  # id of a night task waking ``member`` that ``other`` may do and is free for


def night_shares(problem: Problem, placements: list[Placement], disturbed: list[int]) -> tuple[NightShare, ...]:
    """For each member, the least woken balanced member who could take one of their disturbing occurrences."""
    waking: list[list[Placement]] = [[] for _ in problem.members]  # each member's night occurrences that wake them
    for placement in placements:
        occurrence = problem.occurrences[placement.occurrence]
        for member in placement.members:
            if occurrence.sleep_hits.get(member, {}).get(placement.start):
                waking[member].append(placement)
    if not any(waking):
        return ()
    busy: dict[int, list[int]] = {}  # member -> prefix sums of their occupied minutes, made when first needed
    shares = []
    for index, facts in enumerate(problem.members):
        others = sorted(
            (other for other in problem.balanced if disturbed[other] + 2 <= disturbed[index]),
            key=lambda other: (disturbed[other], problem.members[other].id),
        )
        for other in others:
            if disturbed[other] >= problem.members[other].max_nights:
                continue
            if other not in busy:
                busy[other] = _occupied(problem, placements, other)
            could = _one_they_could_take(problem, waking[index], other, busy[other])
            if could is not None:
                shares.append(
                    NightShare(facts.id, disturbed[index], problem.members[other].id, disturbed[other], could)
                )
                break
    return tuple(shares)


def _one_they_could_take(problem: Problem, waking: list[Placement], other: int, busy: list[int]) -> str | None:
    """The first id of a night task, of the occurrences in ``waking``, that ``other`` may do at a free start."""
    could = set()
    for placement in waking:
        occurrence = problem.occurrences[placement.occurrence]
        task = problem.tasks[occurrence.task]
        if task.assign_one or task.id in could or other in placement.members or other not in occurrence.starts:
            continue
        length = task.length[other]
        starts = (start for by_day in occurrence.starts[other].values() for start in by_day)
        if any(busy[start + length] == busy[start] for start in starts):
            could.add(task.id)
    return min(could, default=None)


def _occupied(problem: Problem, placements: list[Placement], member: int) -> list[int]:
    """Prefix sums over two weeks of the minutes ``member``'s occurrences take: [a, b) holds ``p[b] - p[a]``."""
    minutes = bytearray(MINUTES_PER_WEEK)
    for placement in placements:
        if member in placement.members:
            length = problem.tasks[problem.occurrences[placement.occurrence].task].length[member]
            for minute in range(placement.start, placement.start + length):
                minutes[minute % MINUTES_PER_WEEK] = 1
    return [0, *accumulate(minutes + minutes)]
