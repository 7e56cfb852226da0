"""Ctrl-C as a request to stop: searches end gracefully and the best schedule so far is kept.

A solve is stopped through its own :class:`~labor_opt.solve_params.StopToken`
(no process-wide flag): the solver checks it between its steps and
registers each running CP-SAT search with it. Inside
:func:`ctrl_c_stops_the_search` (entered by the API's solves and the
command line, in the main thread), SIGINT no longer raises
``KeyboardInterrupt`` at an arbitrary moment; it requests the tokens of the
solves started inside. Nothing is ever abandoned half-way, so no CP-SAT
thread outlives the process's last Python frame.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from labor_opt.solve_params import StopRequested, StopToken

__all__ = ["StopRequested", "StopToken", "ctrl_c_stops_the_search"]

# The tokens Ctrl-C requests now: those of the solves started inside the outermost handler (main thread only).
_tokens: list[StopToken] = []


@contextmanager
def ctrl_c_stops_the_search(token: StopToken) -> Iterator[None]:
    """While inside, Ctrl-C requests ``token`` (and those of enclosing solves) instead of raising ``KeyboardInterrupt``.

    Only the main thread can own signals; elsewhere this does nothing (a
    solve in another thread is stopped through its token alone).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    outermost = not _tokens
    previous = signal.signal(signal.SIGINT, _on_ctrl_c) if outermost else None
    _tokens.append(token)
    try:
        yield
    finally:
        _tokens.pop()
        if outermost:
            signal.signal(signal.SIGINT, previous)


def _on_ctrl_c(number: int, frame: FrameType | None) -> None:
    for token in list(_tokens):
        token.request()
