"""Ctrl-C as a request to stop: searches end gracefully and the best schedule so far is kept.

Inside :func:`ctrl_c_stops_the_search` (entered by the API's solves, in the
main thread), SIGINT no longer raises ``KeyboardInterrupt`` at an arbitrary
moment; it sets a flag, and every running CP-SAT search is told to stop.
The solver checks the flag between its steps. Nothing is ever abandoned
half-way, so no CP-SAT thread outlives the process's last Python frame.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # this module loads before the solver's libraries: it guards their loading too
    from ortools.sat.python import cp_model

_requested = threading.Event()
_lock = threading.Lock()
_searching: set[cp_model.CpSolver] = set()  # noqa: UP037
_depth = 0  # nested uses (compare solving its base) share one handler


class StopRequested(Exception):
    """Raised at a safe point (between steps of building a model) when a stop was requested."""


def stop_requested() -> bool:
    """Whether Ctrl-C asked the solve to stop."""
    return _requested.is_set()


def check_for_stop() -> None:
    """Raise :class:`StopRequested` when a stop was requested: call between steps of long work."""
    if _requested.is_set():
        raise StopRequested()


def request_stop() -> None:
    """Ask every running and later search to stop (what Ctrl-C does)."""
    _requested.set()
    with _lock:
        for solver in _searching:
            solver.stop_search()


@contextmanager
def searching(solver: cp_model.CpSolver) -> Iterator[None]:  # noqa: UP037
    """Register a running search, so that a stop request reaches it."""
    with _lock:
        _searching.add(solver)
    try:
        yield
    finally:
        with _lock:
            _searching.discard(solver)


@contextmanager
def ctrl_c_stops_the_search() -> Iterator[None]:
    """While inside, Ctrl-C requests a stop instead of raising ``KeyboardInterrupt``.

    Only the main thread can own signals; elsewhere this does nothing.
    """
    global _depth
    if threading.current_thread() is not threading.main_thread() or _depth:
        _depth += threading.current_thread() is threading.main_thread()
        try:
            yield
        finally:
            _depth -= threading.current_thread() is threading.main_thread()
        return
    _requested.clear()
    previous = signal.signal(signal.SIGINT, _on_ctrl_c)
    _depth = 1
    try:
        yield
    finally:
        _depth = 0
        signal.signal(signal.SIGINT, previous)


def _on_ctrl_c(number: int, frame: FrameType | None) -> None:
    request_stop()
