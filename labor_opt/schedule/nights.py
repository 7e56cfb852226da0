"""Nights a household should look at twice: someone woken on more nights than another could share.

The solver keeps the most disturbed nights of anyone as low as it can
inside the fairness band, but that bounds only the highest count: with the
most held by someone else, or minutes in the way, one member may be woken on
five nights while another, who may do the same night task, is woken on one.
:func:`night_shares` finds such pairs, claiming only what it checks: the
other member is balanced, under their ``max_nights``, woken on at least two
nights fewer (so that one night handed over makes the split more even), may
do one of the night occurrences that wake the first, and is free at one of
its starts (no work, commute, busy time, nor another of their tasks).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    night = [
        placement for placement in placements if problem.tasks[problem.occurrences[placement.occurrence].task].night
    ]
    if not night:
        return ()
    spans: list[list[tuple[int, int]]] = [[] for _ in problem.members]
    for placement in placements:
        task = problem.tasks[problem.occurrences[placement.occurrence].task]
        for member in placement.members:
            spans[member].append((placement.start, placement.start + task.length[member]))
    shares = []
    for index, facts in enumerate(problem.members):
        others = sorted(
            (other for other in problem.balanced if disturbed[other] + 2 <= disturbed[index]),
            key=lambda other: (disturbed[other], problem.members[other].id),
        )
        for other in others:
            if disturbed[other] >= problem.members[other].max_nights:
                continue
            could = _one_they_could_take(problem, night, index, other, spans[other])
            if could is not None:
                shares.append(
                    NightShare(facts.id, disturbed[index], problem.members[other].id, disturbed[other], could)
                )
                break
    return tuple(shares)


def _one_they_could_take(
    problem: Problem, night: list[Placement], member: int, other: int, busy: list[tuple[int, int]]
) -> str | None:
    """The first id of a night task whose occurrence (in ``night``) wakes ``member`` and ``other`` may do, free."""
    could = set()
    for placement in night:
        occurrence = problem.occurrences[placement.occurrence]
        task = problem.tasks[occurrence.task]
        if member not in placement.members or other in placement.members or other not in occurrence.starts:
            continue
        if task.id in could or not occurrence.sleep_hits.get(member, {}).get(placement.start):
            continue
        starts = (start for by_day in occurrence.starts[other].values() for start in by_day)
        if any(not _clashes(start, task.length[other], busy) for start in starts):
            could.add(task.id)
    return min(could, default=None)


def _clashes(start: int, length: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, start + length) overlaps one of ``spans``, around the week."""
    return any(
        start < end + shift and begin + shift < start + length
        for begin, end in spans
        for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK)
    )
