"""Every command ends within its time limit plus a small margin, and says what the time did not allow.

Each case runs the real ``labor-opt`` as its own process (Python's start and
writing the output included), as ``benchmarks/time_limits.py`` measures
them. Idle, each ends within its limit plus the documented 1.5 s; the
margin asserted here is wide, for a busy machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import labor_opt

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import SIZES, generate  # noqa: E402
from generate import write as write_household  # noqa: E402
from time_limits import early_proof_household, presence_household  # noqa: E402

SCRIPT = Path(sys.executable).with_name("labor-opt")
pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")

MARGIN = 6.0  # seconds past the limit allowed here; the docs promise about 1.5 on an idle machine (docs/guide.md)
NO_SCHEDULE = ROOT / "examples" / "no_schedule" / "nursery_clash.yaml"
NEWBORN = ROOT / "examples" / "newborn.yaml"
TWINS = ROOT / "examples" / "scenarios" / "twins.yaml"


@dataclass(frozen=True)
class Ran:
    """What a run of the command line left: its exit code, what it printed, its wall seconds and peak memory."""

    code: int
    stdout: str
    stderr: str
    wall: float
    peak_mb: float


def run(arguments: list[str], folder: Path, *, interrupt_after: float | None = None) -> Ran:
    """Run ``labor-opt`` with ``arguments``; with ``interrupt_after``, Ctrl-C then (wall counts from it)."""
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        began = time.monotonic()
        process = subprocess.Popen(
            [str(SCRIPT), *arguments],
            stdout=stdout,
            stderr=stderr,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
        )
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            began = time.monotonic()
            process.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - began
        process.returncode = os.waitstatus_to_exitcode(status)
    return Ran(process.returncode, out.read_text(), err.read_text(), wall, usage.ru_maxrss / 1024)


@pytest.fixture(scope="module")
def presence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The after-school household with 100 presence blocks, on three to seven days each, and two more away tasks."""
    return presence_household(tmp_path_factory.mktemp("presence") / "presence.yaml", blocks=100)


@pytest.fixture(scope="module")
def early(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A household whose every goal is proven in about 2 s, with part of its tolerance used."""
    return early_proof_household(tmp_path_factory.mktemp("early") / "early.yaml")


def today_file(folder: Path) -> Path:
    """Today's split, with nobody doing anything: what an audit compares the plan with."""
    path = folder / "today.json"
    path.write_text('{"assignments": [], "owners": {}}', encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["solve", "compare", "explain", "audit"])
def test_a_household_with_no_schedule_is_diagnosed_within_the_limit(command, tmp_path):
    extra = {"explain": ["dinner"], "audit": ["--baseline", str(today_file(tmp_path))]}.get(command, [])
    ran = run([command, str(NO_SCHEDULE), *extra, "--time-limit", "1", "-q"], tmp_path)
    assert ran.wall < 1 + MARGIN, ran.wall
    assert "Traceback" not in ran.stderr
    if ran.code == 4:  # on a busy machine, loading the solver can take most of the second (explain's plan has half)
        assert "no valid schedule was found within the time limit of 1s" in ran.stderr  # the user's limit
        return
    assert ran.code == 3, ran.stderr
    assert "no schedule can satisfy this household:" in ran.stderr
    assert "nursery_pick_up" in ran.stderr
    # The changes that would make it work are verified ones, or the user reads that the time ran out.
    assert "what would make it work" in ran.stderr or "stopped looking for changes after" in ran.stderr


def test_a_diagnosis_the_time_limit_cuts_short_says_so_instead_of_overrunning(monkeypatch):
    from labor_opt.analysis import infeasibility as infeasible

    tried, original = [], infeasible.has_schedule

    def slow(relaxed, seconds, stop):  # type: ignore[no-untyped-def]
        tried.append(seconds)
        time.sleep(0.3)  # each change takes a while to try: the second cannot try them all
        return original(relaxed, seconds, stop)

    monkeypatch.setattr(infeasible, "has_schedule", slow)
    began = time.monotonic()
    with pytest.raises(labor_opt.InfeasibleError) as raised:
        labor_opt.solve(labor_opt.load(NO_SCHEDULE), time_limit=1)
    assert time.monotonic() - began < 1 + MARGIN
    assert "nursery_pick_up" in raised.value.reasons[0]
    assert str(raised.value).splitlines()[-1].startswith("stopped looking for changes after")
    assert str(raised.value).endswith("s: the time limit; a longer --time-limit may find more")
    assert 1 <= len(tried) < 10  # it stopped trying (given time, it tries about twenty)


def test_a_conflict_found_by_solving_is_diagnosed_within_the_limit(tmp_path):
    house = ROOT / "tests" / "infeasible" / "two_jobs_one_free_half_hour.yaml"
    ran = run(["solve", str(house), "--time-limit", "1", "-q"], tmp_path)
    assert ran.wall < 1 + MARGIN, ran.wall
    assert (ran.code, ran.stderr.splitlines()[0]) == (3, "no schedule can satisfy this household:"), ran.stderr


def test_a_schedule_of_a_household_with_no_schedule_fails_the_check_at_once(tmp_path):
    ran = run(["check", str(NO_SCHEDULE), str(today_file(tmp_path)), "--verify", "--time-limit", "1"], tmp_path)
    assert ran.wall < 1 + MARGIN, ran.wall
    assert ran.code == 5 and "problem" in ran.stdout, ran.stdout + ran.stderr


def test_a_hundred_presence_blocks_solve_within_the_limit_and_little_memory(presence, tmp_path):
    out = tmp_path / "schedule.json"
    ran = run(["solve", str(presence), "--time-limit", "2", "-q", "-o", str(out)], tmp_path)
    assert ran.wall < 2 + MARGIN, ran.wall
    assert ran.code == 0, ran.stderr
    # About 380 MB before blocks naming the same members were merged into one rule; about 125 now, most of
    # it the solver's libraries.
    assert ran.peak_mb < 250, ran.peak_mb
    assert labor_opt.check(labor_opt.load(presence), json.loads(out.read_text())).valid
    verified = run(["check", str(presence), str(out), "--verify", "--time-limit", "2"], tmp_path)
    assert verified.wall < 2 + MARGIN, verified.wall
    assert verified.code == 0 and "valid; every rule holds" in verified.stdout, verified.stdout + verified.stderr


@pytest.mark.parametrize("command", ["compare", "explain", "audit"])
def test_every_command_on_a_hundred_presence_blocks_ends_within_the_limit(command, presence, tmp_path):
    extra = {"explain": ["dinner"], "audit": ["--baseline", str(today_file(tmp_path))]}.get(command, [])
    ran = run([command, str(presence), *extra, "--time-limit", "2", "-q", "--format", "json"], tmp_path)
    assert ran.wall < 2 + MARGIN, ran.wall
    assert ran.code == 0, ran.stderr
    data = json.loads(ran.stdout)
    plan = data["base"] if command == "compare" else data["plan"]
    assert labor_opt.check(labor_opt.load(presence), plan).valid


def test_an_audit_from_now_places_today_within_the_same_limit(tmp_path):
    # 400 occurrences, each task given to someone under `now` (many of them not allowed to do it, or busy then):
    # the plan and the placing of today's split by solving share the one time limit.
    size = SIZES[2]
    data = generate(size.members, size.types, size.occurrences, size.resolution, seed=1)
    ids = [member["id"] for member in data["members"]]
    for position, task in enumerate(data["tasks"]):
        task["now"] = [ids[(position + k) % len(ids)] for k in range(task.get("people", 1))]
    house = tmp_path / "today.yaml"
    write_household(data, house)
    ran = run(["audit", str(house), "--time-limit", "3", "-q", "--format", "json"], tmp_path)
    assert ran.wall < 3 + MARGIN, ran.wall
    assert ran.code == 0, ran.stderr
    audited = json.loads(ran.stdout)
    assert labor_opt.check(labor_opt.load(house), audited["plan"]).valid
    assert audited["today"]["placed"] in ("solved", "best_found", "first_fit")
    assert audited["findings"]  # today's split breaks rules: each is reported, none is a failure


@pytest.mark.parametrize("command", ["solve", "compare"])
def test_stable_re_planning_takes_one_time_limit_for_base_and_scenario(command, tmp_path):
    arguments = [command, str(NEWBORN), "--scenario-file", str(TWINS), "--stable", "--time-limit", "2", "-q"]
    ran = run([*arguments, "--format", "json"], tmp_path)
    assert ran.wall < 2 + MARGIN, ran.wall  # two time limits, one after the other, were 2 x 2 s
    assert ran.code == 0, ran.stderr
    household, _ = labor_opt.load_scenario_file(labor_opt.load(NEWBORN), TWINS)
    data = json.loads(ran.stdout)
    schedule = data if command == "solve" else data["scenarios"]["twins"]["schedule"]
    assert schedule["scenario"] == "twins"
    assert labor_opt.check(household, schedule).valid


@pytest.mark.parametrize("command", ["solve", "compare"])
def test_stable_re_planning_of_a_household_never_proven_still_takes_one_time_limit(command, tmp_path):
    # Neither the base nor the scenario is proven in seconds: each uses all the time it is given.
    size = SIZES[2]
    house = tmp_path / "medium.yaml"
    write_household(generate(size.members, size.types, size.occurrences, size.resolution, seed=1), house)
    scenario = tmp_path / "fewer.yaml"
    scenario.write_text(f"remove_tasks: [{labor_opt.load(house).tasks[0].id}]\n", encoding="utf-8")
    arguments = [command, str(house), "--scenario-file", str(scenario), "--stable", "--time-limit", "8", "-q"]
    ran = run(arguments, tmp_path)
    assert ran.code == 0, ran.stderr
    assert ran.wall < 8 + MARGIN, ran.wall  # the base's 8 s and then the scenario's were 16 s and more


def test_a_solve_proven_early_ends_soon_after_its_proof(early, tmp_path):
    # Every goal is proven in about 2 s (idle); telling what the tolerance went to took the rest of the 30 s.
    ran = run(["solve", str(early), "--time-limit", "30", "-q", "--format", "json"], tmp_path)
    assert ran.code == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert data["status"] == "optimal"
    proven = max(stage["finished_at"] for stage in data["solver"]["stages"])
    # After the proof only the tolerance figure's own budget (at most 2 s) and writing the output are left;
    # how long the proof takes depends on how busy the machine is, so the end is measured from it.
    assert ran.wall < min(proven + 2 + MARGIN, 30), (ran.wall, proven)
    assert labor_opt.check(labor_opt.load(early), data).valid
    (tmp_path / "early.json").write_text(ran.stdout, encoding="utf-8")
    verified = run(["check", str(early), str(tmp_path / "early.json"), "--verify", "--time-limit", "2"], tmp_path)
    assert verified.wall < 2 + MARGIN, verified.wall
    assert verified.code == 0 and "valid; every rule holds" in verified.stdout, verified.stdout + verified.stderr


def test_explain_solves_its_plan_and_alternatives_in_one_time_limit(early, tmp_path):
    # The plan and each alternative once had the whole 6 s each.
    ran = run(["explain", str(early), "dishes_0_0", "--time-limit", "6", "-q", "--format", "json"], tmp_path)
    assert ran.wall < 6 + MARGIN, ran.wall
    assert ran.code == 0, ran.stderr
    data = json.loads(ran.stdout)
    assert labor_opt.check(labor_opt.load(early), data["plan"]).valid
    assert data["alternatives"]  # the others who may wash up
    unsolved = [a for a in data["alternatives"] if a["undecided"]]
    assert (data["cut_short"] is None) == (not unsolved)  # any left unsolved is said to be


def test_ctrl_c_during_explain_ends_it_at_once_with_what_it_has(early, tmp_path):
    # The plan is proven within about 4 s (idle), then each alternative is solved: Ctrl-C comes among them.
    ran = run(["explain", str(early), "dishes_0_0", "--time-limit", "60", "-q"], tmp_path, interrupt_after=8)
    assert ran.wall < MARGIN, ran.wall  # idle, about 0.3 s
    assert "Traceback" not in ran.stderr
    first = ran.stderr.splitlines()[0] if ran.stderr else ""
    if ran.code == 0:  # among the alternatives: the plan, those solved, and how many were not
        assert first.startswith("interrupted: ") and first.endswith("alternatives were not solved"), ran.stderr
        assert "dishes_0_0 in the plan" in ran.stdout
    else:  # a machine so busy that the plan was still being solved: nothing explained
        assert (ran.code, first) == (130, "interrupted while solving the plan; nothing was explained or written")
