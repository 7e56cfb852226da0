"""The problem in one order whatever the file's: members and tasks sorted, so its speed is not luck.

CP-SAT's search follows the order of the model's variables and constraints,
which follows the order in which the file lists members and tasks. Listed
in ten random orders, the same two-member household took 0.19 s to 1.06 s;
which order a file happened to use decided how fast it was solved, and
which of several equally good schedules came back. The solver therefore
sees every problem in a canonical order (:func:`canonical_order`), and the
schedule it finds is built again in the file's order before anyone reads it
(:func:`~labor_opt.schedule.figures.in_order_of`): the same household gives
the same schedule, as fast, however its file is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from labor_opt.problem.data import Forcing, MemberFacts, Occurrence, PresenceFacts, Problem, TaskFacts

Value = TypeVar("Value")


def member_key(member: MemberFacts) -> tuple[str]:
    """Members in the order of their ids: unique, and the same however the file lists them."""
    return (member.id,)


def task_key(task: TaskFacts) -> tuple[str]:
    """Tasks in the order of their ids."""
    return (task.id,)


@dataclass(frozen=True)
class Reordering:
    """A problem in canonical order, and the way back to the file's indexes.

    ``members[new]`` and ``tasks[new]`` are the file's indexes of the
    canonical problem's member and task ``new``; ``occurrences`` likewise.
    """

    problem: Problem
    members: tuple[int, ...]
    tasks: tuple[int, ...]
    occurrences: tuple[int, ...]

    def forcing(self, forcing: Forcing) -> Forcing:
        """A forcing written in the file's indexes, for the canonical problem."""
        occurrence = {old: new for new, old in enumerate(self.occurrences)}
        member = {old: new for new, old in enumerate(self.members)}
        task = {old: new for new, old in enumerate(self.tasks)}
        return Forcing(
            does=tuple((occurrence[o], member[m]) for o, m in forcing.does),
            owns=tuple((task[t], member[m]) for t, m in forcing.owns),
        )


def canonical_order(problem: Problem) -> Reordering:
    """``problem`` with its members and tasks sorted (:func:`member_key`, :func:`task_key`), and the way back.

    Two files that list the same members and tasks in different orders give
    equal canonical problems.

    >>> import labor_opt
    >>> from labor_opt.problem.build import build_problem
    >>> reordering = canonical_order(build_problem(labor_opt.load("examples/shared_house.yaml")))
    >>> [member.id for member in reordering.problem.members] == sorted(m.id for m in reordering.problem.members)
    True
    """
    members = tuple(sorted(range(len(problem.members)), key=lambda m: member_key(problem.members[m])))
    tasks = tuple(sorted(range(len(problem.tasks)), key=lambda t: task_key(problem.tasks[t])))
    new_member = {old: new for new, old in enumerate(members)}
    new_task = {old: new for new, old in enumerate(tasks)}
    occurrences = tuple(index for old in tasks for index in problem.tasks[old].occurrences)
    new_occurrence = {old: new for new, old in enumerate(occurrences)}
    shared: dict[int, dict[int, dict[int, tuple[int, ...]]]] = {}  # a task's occurrences share their sleep hits
    canonical = replace(
        problem,
        members=tuple(problem.members[old] for old in members),
        tasks=tuple(_task(problem.tasks[old], new_member, new_occurrence) for old in tasks),
        occurrences=tuple(_occurrence(problem.occurrences[old], new_member, new_task, shared) for old in occurrences),
        presence=tuple(sorted((_presence(block, new_member) for block in problem.presence), key=_presence_key)),
    )
    return Reordering(canonical, members, tasks, occurrences)


def _renumbered(by_member: Mapping[int, Value], new_member: Mapping[int, int]) -> dict[int, Value]:
    """A dict keyed by member index, keyed by the new indexes in their order (as the problem builds them)."""
    return dict(sorted((new_member[m], value) for m, value in by_member.items()))


def _task(task: TaskFacts, new_member: Mapping[int, int], new_occurrence: Mapping[int, int]) -> TaskFacts:
    return replace(
        task,
        allowed=tuple(sorted(new_member[m] for m in task.allowed)),
        length=_renumbered(task.length, new_member),
        preference=_renumbered(task.preference, new_member),
        occurrences=tuple(new_occurrence[o] for o in task.occurrences),
        excluded=_renumbered(task.excluded, new_member),
    )


def _occurrence(
    occurrence: Occurrence,
    new_member: Mapping[int, int],
    new_task: Mapping[int, int],
    shared: dict[int, dict[int, dict[int, tuple[int, ...]]]],
) -> Occurrence:
    hits = occurrence.sleep_hits
    if id(hits) not in shared:
        shared[id(hits)] = _renumbered(hits, new_member)
    return replace(
        occurrence,
        task=new_task[occurrence.task],
        starts=_renumbered(occurrence.starts, new_member),
        sleep_hits=shared[id(hits)],
    )


def _presence(block: PresenceFacts, new_member: Mapping[int, int]) -> PresenceFacts:
    return replace(block, members=tuple(sorted(new_member[m] for m in block.members)))


def _presence_key(block: PresenceFacts) -> tuple[str, tuple[tuple[int, int], ...], tuple[int, ...], int, bool]:
    return (block.name, block.spans, block.members, block.people, block.awake)
