"""The same input gives the same schedule, run after run, in fresh processes, whatever --workers says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import labor_opt

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate, write  # noqa: E402

SCRIPT = Path(sys.executable).with_name("labor-opt")


def solve_in_fresh_process(path: Path, *options: str) -> dict:
    completed = subprocess.run(
        [str(SCRIPT), "solve", str(path), "--format", "json", "-q", *options],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    data = json.loads(completed.stdout)
    data.pop("solver")  # timings differ, nothing else may
    return data


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_same_schedule_run_after_run(tmp_path, workers):
    generated = tmp_path / "generated.yaml"
    # Proves optimal in under 2 s on an idle machine: far inside its 30 s limit even on a busy one.
    write(generate(4, 30, 200, 15, seed=7), generated)
    # The interleaved search of several workers is slow on larger households: one is enough to show it.
    paths = [ROOT / "examples" / "shared_house.yaml"] + ([generated] if workers == "1" else [])
    for path in paths:
        first = solve_in_fresh_process(path, "--workers", workers)
        second = solve_in_fresh_process(path, "--workers", workers)
        assert first == second
        assert first["status"] == "optimal"
        assert labor_opt.check(labor_opt.load(path), first).valid
