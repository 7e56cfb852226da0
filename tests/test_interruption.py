"""Bounded time, Ctrl-C and killed runs: an answer in time, and nothing half-written."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import labor_opt

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import SIZES, generate, write  # noqa: E402

SCRIPT = Path(sys.executable).with_name("labor-opt")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    """A household CP-SAT cannot prove optimal in seconds (8 members, 800 occurrences, 5-minute grid)."""
    size = SIZES[3]
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    write(generate(size.members, size.types, size.occurrences, size.resolution, seed=1), path)
    return path


def test_the_time_limit_is_honoured_model_building_included(large):
    # Idle, this ends within half a second of the limit; the margin holds on a machine whose
    # cores are shared with other work (the suite is run beside four busy processes).
    began = time.monotonic()
    schedule = labor_opt.solve(labor_opt.load(large), time_limit=6)
    assert schedule.status == "feasible"
    assert schedule.solver.seconds < 6 + 3 and time.monotonic() - began < 6 + 3
    assert labor_opt.check(labor_opt.load(large), schedule).valid


def test_ctrl_c_prints_the_best_schedule_so_far(large, tmp_path):
    out = tmp_path / "out.json"
    run = subprocess.Popen(
        [str(SCRIPT), "solve", str(large), "--time-limit", "60", "-o", str(out), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal, even in a background job
    )
    time.sleep(6)  # reading, building, the greedy start and some search, even on a busy machine
    began = time.monotonic()
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=30)
    assert time.monotonic() - began < 10  # idle: well under a second
    assert run.returncode == 0, stderr
    assert "interrupted: this is the best valid schedule found so far" in stderr
    data = json.loads(out.read_text())
    assert data["status"] == "feasible"
    assert labor_opt.check(labor_opt.load(large), data).valid


def test_killing_a_run_never_leaves_a_partial_output(tmp_path):
    example = ROOT / "examples" / "dual_earners_toddler.yaml"
    out = tmp_path / "out.json"
    earlier = labor_opt.solve(labor_opt.load(example)).to_dict()
    out.write_text(json.dumps(earlier))
    chance = random.Random(4)
    for _ in range(12):
        run = subprocess.Popen(
            [str(SCRIPT), "solve", str(example), "-o", str(out), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.2, 1.6))  # before, during or after the write
        run.kill()
        run.wait()
        data = json.loads(out.read_text())  # never partial: the earlier file or the new one, whole
        assert labor_opt.check(labor_opt.load(example), data).valid
    # A kill mid-write may leave its hidden temporary file, never anything a person would take for the output.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "out.json"]
    assert all(name.startswith(".out.json.") and name.endswith(".tmp") for name in leftovers), leftovers


def test_a_failed_run_leaves_the_earlier_output_untouched(tmp_path):
    out = tmp_path / "out.json"
    out.write_text('{"earlier": true}')
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nmembers: []\ntasks: []\n")
    result = subprocess.run([str(SCRIPT), "solve", str(broken), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 2
    assert out.read_text() == '{"earlier": true}'
