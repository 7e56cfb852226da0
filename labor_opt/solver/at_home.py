"""Who is at home, minute by minute, for the greedy schedule: so that its away tasks keep every presence block.

The blocks are taken merged by the members they name
(:func:`~labor_opt.problem.presence.presence_groups`). Each group counts, at
each minute, how many of its members are at home: not at work away from
home, commuting, unavailable or outside their available hours (sleep and
work at home are at home; sleep is not, for a group asking for someone
awake), and not away on a task placed so far. An away task may take a member out only where
the count stays at what the group's blocks need there. Changes are logged,
so that a try that fails can be undone.
"""

from __future__ import annotations

from collections.abc import Sequence

from labor_opt.problem.data import Problem
from labor_opt.problem.presence import PresenceGroup, presence_groups, time_away_spans


class AtHome:
    """The members at home in each group of presence blocks, as the greedy places away tasks.

    In a group asking for someone awake, a member asleep is out already: a
    night task they do away then takes nobody more out.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.minutes = problem.horizon.minutes
        groups = presence_groups(problem)
        self.home: list[list[int]] = [_home_counts(problem, group) for group in groups]
        self.need: list[list[int]] = [_needs(group, self.minutes) for group in groups]
        self.awake = [group.awake for group in groups]
        self.groups_of: list[list[int]] = [
            [g for g, group in enumerate(groups) if member in group.members] for member in range(len(problem.members))
        ]
        self.log: list[tuple[int, int, int, int]] = []  # (group, member, start, length) of each member taken out
        self._out: dict[int, bytearray] = {}  # member -> 1 where fixed time or sleep already has them out

    def may_leave(self, members: Sequence[int], start: int, lengths: Sequence[int]) -> bool:
        """Whether ``members`` may all be away from ``start``, each for their length, keeping every block."""
        leaving: dict[int, list[tuple[int, int]]] = {}
        for member, length in zip(members, lengths):
            for group in self.groups_of[member]:
                leaving.setdefault(group, []).append((member, length))
        for group, out in leaving.items():
            home, need = self.home[group], self.need[group]
            for offset in range(max(length for _, length in out)):
                at = (start + offset) % self.minutes
                gone = sum(1 for member, length in out if offset < length and self._counts(group, member, at))
                if need[at] and home[at] - gone < need[at]:
                    return False
        return True

    def leave(self, member: int, start: int, length: int) -> None:
        """Take ``member`` out of their groups from ``start`` for ``length`` minutes."""
        for group in self.groups_of[member]:
            self._add(group, member, start, length, -1)
            self.log.append((group, member, start, length))

    def mark(self) -> int:
        """A point to undo back to."""
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Bring back every member taken out since ``mark``."""
        while len(self.log) > mark:
            group, member, start, length = self.log.pop()
            self._add(group, member, start, length, 1)

    def _add(self, group: int, member: int, start: int, length: int, change: int) -> None:
        home = self.home[group]
        for offset in range(length):
            at = (start + offset) % self.minutes
            if self._counts(group, member, at):
                home[at] += change

    def _counts(self, group: int, member: int, at: int) -> bool:
        """Whether the member going out at minute ``at`` takes one more out of the group (not if asleep, awake)."""
        if not self.awake[group]:
            return True
        if member not in self._out:
            out = bytearray(self.minutes)
            for start, stop in time_away_spans(self.problem.members[member], awake=True):
                for minute in range(start, stop):
                    out[minute % self.minutes] = 1
            self._out[member] = out
        return not self._out[member][at]


def _needs(group: PresenceGroup, minutes: int) -> list[int]:
    """At each minute of the horizon, how many of the group's members must be home (0 outside its blocks)."""
    need = [0] * minutes
    for start, end, people in group.needs:
        need[start:end] = [people] * (end - start)
    return need


def _home_counts(problem: Problem, group: PresenceGroup) -> list[int]:
    """At each minute of the horizon, how many of the group's members no fixed time away takes out."""
    minutes = problem.horizon.minutes
    home = [len(group.members)] * minutes
    for member in group.members:
        for start, stop in time_away_spans(problem.members[member], awake=group.awake):
            for minute in range(start, stop):
                home[minute % minutes] -= 1
    return home
