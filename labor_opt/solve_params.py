"""How a solve runs: one frozen :class:`SolveParams`, a :class:`Deadline` and a per-solve :class:`StopToken`.

Every entry point that solves (:func:`labor_opt.solve`, ``compare``,
``explain``, ``audit``, ``check --verify``, ``run_batch``) takes the same
``params`` and ``stop``. A token belongs to one solve (or to the solves one
call starts): stopping it stops those and no other, so several solves can
run side by side in one process and be cancelled one by one.

>>> from labor_opt import SolveParams, StopToken
>>> params = SolveParams(time_limit=5, workers=1)
>>> token = StopToken()
>>> token.requested()
False
>>> token.request()
>>> token.requested()
True

Nothing here loads the solver's libraries.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

DEFAULT_WORKERS = 1  # measured: one worker proves the examples fastest, and is deterministic
RANDOM_SEED = 20261123
# CP-SAT refuses more than 10,000 threads, and past the cores more only share them: a sensible ceiling, documented.
MAX_WORKERS = 64

if TYPE_CHECKING:
    from labor_opt.household.models import Household
    from labor_opt.schedule.model import Schedule


class StopRequested(Exception):
    """Raised at a safe point (between steps of building a model) when a stop was requested."""


class StopToken:
    """A request to stop one solve: a :class:`threading.Event` and the CP-SAT searches it reaches.

    :meth:`request` (from any thread, or Ctrl-C's handler) sets it and tells
    every search running under it to stop; the solve ends at its next safe
    point with the best schedule found so far (or
    :class:`~labor_opt.kernel.errors.SearchInterrupted` when it had none).
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        # Re-entrant: Ctrl-C's handler runs in the main thread, possibly while that thread holds the lock.
        self._lock = threading.RLock()
        self._searching: set[Any] = set()  # the CP-SAT solvers running now (anything with stop_search())

    def request(self) -> None:
        """Ask this solve to stop: its running searches now, its later steps before they start."""
        self._event.set()
        with self._lock:
            for solver in list(self._searching):
                solver.stop_search()

    def requested(self) -> bool:
        """Whether a stop was requested."""
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`StopRequested` when a stop was requested: call between steps of long work."""
        if self._event.is_set():
            raise StopRequested()

    @contextmanager
    def searching(self, solver: Any) -> Iterator[None]:
        """While inside, a request reaches ``solver`` (a CP-SAT solver) through its ``stop_search``."""
        with self._lock:
            self._searching.add(solver)
        try:
            yield
        finally:
            with self._lock:
                self._searching.discard(solver)


class Deadline:
    """A clock started at a :func:`time.monotonic` time with a limit in seconds.

    :meth:`budget` hands a stage (a diagnosis, a relaxation, an alternative)
    a deadline of its own that never ends after this one.

    >>> deadline = Deadline(10.0)
    >>> deadline.budget(seconds=60).end <= deadline.end
    True
    """

    def __init__(self, limit: float, started: float | None = None) -> None:
        self.limit = limit
        self.started = time.monotonic() if started is None else started

    @property
    def end(self) -> float:
        """The :func:`time.monotonic` time it expires."""
        return self.started + self.limit

    def elapsed(self) -> float:
        """Seconds since it started."""
        return time.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left (0 once expired)."""
        return max(self.end - time.monotonic(), 0.0)

    def expired(self) -> bool:
        """Whether no time is left."""
        return time.monotonic() >= self.end

    def budget(self, fraction: float | None = None, *, seconds: float | None = None) -> Deadline:
        """A deadline from now for ``fraction`` of the time left, or ``seconds``, never past this one's end.

        Both given: the smaller. Neither: all that is left.
        """
        now = time.monotonic()
        left = max(self.end - now, 0.0)
        wanted = left
        if fraction is not None:
            wanted = min(wanted, left * max(fraction, 0.0))
        if seconds is not None:
            wanted = min(wanted, max(seconds, 0.0))
        return Deadline(wanted, now)


class TimeShares:
    """One deadline shared by ``count`` solves run ``at_once`` at a time (a comparison's base and scenarios).

    Each solve, as it starts, takes what is left divided by the rounds still
    to run, its own included, so that the last round ends with the deadline
    and time a quick solve leaves goes to those after it.

    >>> shares = TimeShares(Deadline(10.0), count=3, at_once=2)
    >>> [round(shares.next().limit) for _ in range(2)]  # two rounds: the first two solves have half each
    [5, 5]
    """

    def __init__(self, deadline: Deadline, count: int, at_once: int) -> None:
        self._deadline = deadline
        self._rounds = max(math.ceil(count / max(at_once, 1)), 1)
        self._at_once = max(at_once, 1)
        self._started = 0
        self._lock = threading.Lock()

    def next(self) -> Deadline:
        """The deadline of the solve starting now."""
        with self._lock:
            rounds_left = max(self._rounds - self._started // self._at_once, 1)
            self._started += 1
            return self._deadline.budget(fraction=1 / rounds_left)


@dataclass(frozen=True)
class SolveParams:
    """How to solve, the same for every entry point that solves.

    ``time_limit`` (seconds, counted from the call, or from ``started``;
    ``None``: the household's ``settings.time_limit``) bounds the whole
    call, every solve it makes included: a command's stages, diagnosis,
    alternatives and scenarios share it. ``started`` (a
    :func:`time.monotonic` time; ``None``: when the call begins) lets a
    command count from its own start, and the calls it makes from the same
    moment. ``workers``
    solver threads search deterministically: a fixed seed, the same
    schedule every run; with ``portfolio`` they run CP-SAT's parallel
    portfolio instead (often fairer on large households, not the same every
    run). ``stable`` re-plans a scenario keeping close to the base schedule
    (solved first), ``baseline`` keeping close to that schedule instead.
    """

    time_limit: float | None = None
    workers: int = DEFAULT_WORKERS
    portfolio: bool = False
    stable: bool = False
    baseline: Schedule | None = None
    started: float | None = None

    def limit_for(self, household: Household) -> float:
        """The time limit for ``household``: this one's, else the household's own."""
        return self.time_limit if self.time_limit is not None else household.settings.time_limit

    def deadline(self, household: Household) -> Deadline:
        """The deadline for solving ``household``: from ``started`` (else now), for the time limit."""
        return Deadline(self.limit_for(household), self.started)

    def counting(self) -> SolveParams:
        """These settings with the clock started now, unless it already runs: the calls made under them share it."""
        return self if self.started is not None else replace(self, started=time.monotonic())

    def within(self, deadline: Deadline) -> SolveParams:
        """These settings, solving within ``deadline`` (a budget handed out by a larger one)."""
        return replace(self, time_limit=deadline.limit, started=deadline.started)


def settled(params: SolveParams | None, **given: Any) -> SolveParams:
    """``params`` (default: the defaults) with the keyword arguments given as not ``None`` in place of its own.

    The entry points' older keywords (``time_limit=``, ``workers=``, ...)
    keep working this way, beside or instead of ``params``.
    """
    chosen = params if params is not None else SolveParams()
    changes = {name: value for name, value in given.items() if value is not None}
    return replace(chosen, **changes) if changes else chosen
