"""The console script's entry point: ``labor-opt ...`` or ``python -m labor_opt ...``.

Kept tiny, so that Ctrl-C while the program is still starting (loading its
libraries) ends as cleanly as at any later moment: with exit code 130 and
no traceback.

When the reader of standard output goes away (``labor-opt check ... | head
-1``), labor-opt stops quietly as Unix tools do, with the shell's code for
a death by SIGPIPE (141): the output was cut short, so it is no success,
and it is no bug (exit 1) either.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

INTERRUPTED = 130


def main() -> None:
    """Run the command line, turning a Ctrl-C at any moment into exit code 130."""
    # numpy's OpenBLAS starts a thread per core as it loads, which spins for a tenth of a
    # second of CPU; labor-opt does no linear algebra, so one is enough (unless asked otherwise).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        with _ctrl_c_held():  # a compiled library interrupted while it loads fails with a confusing error
            from labor_opt.cli import run
        run()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except BrokenPipeError:  # commands say this themselves; this is for the rest (only a running command writes)
        from labor_opt.report.console import closed_pipe

        closed_pipe()


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold back Ctrl-C while inside; one pressed meanwhile arrives as soon as the block ends."""
    hold = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


if __name__ == "__main__":
    main()
