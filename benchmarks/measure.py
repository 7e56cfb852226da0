"""Measuring helpers shared by the benchmark scripts."""

from __future__ import annotations

import resource
from pathlib import Path


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB.

    /proc's high-water mark starts afresh at exec; ru_maxrss would include the
    parent's memory from before the fork.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
