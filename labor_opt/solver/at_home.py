"""Who is at home, minute by minute, for the greedy schedule: so that its away tasks keep every presence block.

Each block counts, at each of its minutes, how many of its members are at
home: not at work, commuting, unavailable or outside their available hours
(sleep is at home), and not away on a task placed so far. An away task may
take a member out only where the count stays at the block's ``people``.
Changes are logged, so that a try that fails can be undone.
"""

from __future__ import annotations

from collections.abc import Sequence

from labor_opt.household.units import MINUTES_PER_WEEK
from labor_opt.problem.data import PresenceFacts, Problem

# A minute outside a block: never the one that binds.
_OUTSIDE = 1 << 30


class AtHome:
    """The members at home in each presence block, as the greedy places away tasks."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.home: list[list[int]] = [_home_counts(problem, block) for block in problem.presence]
        self.blocks_of: list[list[int]] = [
            [b for b, block in enumerate(problem.presence) if member in block.members]
            for member in range(len(problem.members))
        ]
        self.log: list[tuple[int, int, int]] = []  # (block, start, length) of each member taken out

    def may_leave(self, members: Sequence[int], start: int, lengths: Sequence[int]) -> bool:
        """Whether ``members`` may all be away from ``start``, each for their length, keeping every block."""
        leaving: dict[int, list[int]] = {}
        for member, length in zip(members, lengths):
            for block in self.blocks_of[member]:
                leaving.setdefault(block, []).append(length)
        for block, lengths_out in leaving.items():
            home, people = self.home[block], self.problem.presence[block].people
            for offset in range(max(lengths_out)):
                gone = sum(1 for length in lengths_out if offset < length)
                if home[(start + offset) % MINUTES_PER_WEEK] - gone < people:
                    return False
        return True

    def leave(self, member: int, start: int, length: int) -> None:
        """Take ``member`` out of their blocks from ``start`` for ``length`` minutes."""
        for block in self.blocks_of[member]:
            self._add(block, start, length, -1)
            self.log.append((block, start, length))

    def mark(self) -> int:
        """A point to undo back to."""
        return len(self.log)

    def undo(self, mark: int) -> None:
        """Bring back every member taken out since ``mark``."""
        while len(self.log) > mark:
            block, start, length = self.log.pop()
            self._add(block, start, length, 1)

    def _add(self, block: int, start: int, length: int, change: int) -> None:
        home = self.home[block]
        for offset in range(length):
            home[(start + offset) % MINUTES_PER_WEEK] += change


def _home_counts(problem: Problem, block: PresenceFacts) -> list[int]:
    """At each week minute of the block, how many of its members no fixed time away takes out."""
    home = [_OUTSIDE] * MINUTES_PER_WEEK
    for begin, end in block.spans:
        for minute in range(begin, end):
            home[minute % MINUTES_PER_WEEK] = len(block.members)
    for member in block.members:
        for kind, start, stop in problem.members[member].busy:
            if kind == "asleep":  # asleep is at home
                continue
            for minute in range(start, stop):
                at = minute % MINUTES_PER_WEEK
                if home[at] != _OUTSIDE:
                    home[at] -= 1
    return home
