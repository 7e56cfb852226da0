"""Is the time limit held by every command? Each case runs as a real ``labor-opt`` process.

For each case prints the limit, the wall seconds the process took (Python's
start and writing the output included), the overrun (wall minus limit), its
peak resident memory and its exit code. The cases are those of issue 21:
households with no schedule (the diagnosis and the changes that would make
them work), a household with 120 presence blocks, Ctrl-C during ``explain``,
``--stable`` (one limit for base and scenario together) and a household
whose goals are proven early (the figure that says what the tolerance went
to has a small budget of its own).

    python benchmarks/time_limits.py                 # every case, about a minute and a half
    python benchmarks/time_limits.py --only presence # the cases whose name holds "presence"
    python benchmarks/time_limits.py --csv out.csv

Importable: :func:`presence_household` writes the household with many
presence blocks, :func:`early_proof_household` the one proven early.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import SIZES, generate, write  # noqa: E402

SCRIPT = Path(sys.executable).with_name("labor-opt")
NO_SCHEDULE = ROOT / "examples" / "no_schedule" / "nursery_clash.yaml"
INFEASIBLE = sorted((ROOT / "tests" / "infeasible").glob("*.yaml"))
NEWBORN = ROOT / "examples" / "newborn.yaml"
TWINS = ROOT / "examples" / "scenarios" / "twins.yaml"
AFTER_SCHOOL = ROOT / "examples" / "after_school.yaml"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class Case:
    """One command line, its time limit, and (for Ctrl-C) the seconds after which SIGINT is sent."""

    name: str
    arguments: tuple[str, ...]
    limit: float
    interrupt_after: float | None = None


@dataclass(frozen=True)
class Run:
    """What one case measured."""

    case: Case
    wall: float
    peak_mb: float
    code: int
    stderr: str

    @property
    def overrun(self) -> float:
        """Seconds past the limit (or, interrupted, past the moment of Ctrl-C)."""
        allowed = self.case.interrupt_after if self.case.interrupt_after is not None else self.case.limit
        return self.wall - allowed


def presence_household(path: Path, blocks: int = 120, seed: int = 1) -> Path:
    """The after-school household with ``blocks`` presence blocks, each one someone can keep, and more away tasks.

    The blocks fall in the evenings, on three to seven days each; the dog
    walk, the errands, a run, the library and the pharmacy are done away
    from home at times the solver picks, so each may cut into every block.
    """
    data: dict[str, Any] = yaml.safe_load(AFTER_SCHOOL.read_text(encoding="utf-8"))
    chance = random.Random(seed)
    presence = []
    for number in range(blocks):
        days = chance.sample(DAYS, k=chance.randint(3, 7))
        start = chance.randrange(15 * 60 + 30, 20 * 60, 15)
        end = min(start + chance.choice([30, 45, 60, 90, 120]), 21 * 60 + 30)
        presence.append(
            {
                "name": f"block {number + 1}",
                "days": sorted(days, key=DAYS.index),
                "from": f"{start // 60:02d}:{start % 60:02d}",
                "to": f"{end // 60:02d}:{end % 60:02d}",
                "who": ["maya", "tom", "rosa"],
            }
        )
    data["presence"] = presence
    data["tasks"] += [
        {"id": "dog_walk", "duration": "45m", "repeat": "daily", "away": True},
        {"id": "errands", "duration": "1h", "repeat": {"times": 3, "min_gap_days": 1}, "away": True},
        {"id": "gym_run", "duration": "1h", "repeat": {"times": 2, "min_gap_days": 2}, "away": True},
        {"id": "library", "duration": "45m", "repeat": "weekly", "away": True},
        {"id": "pharmacy", "duration": "30m", "repeat": "weekly", "away": True},
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def early_proof_household(path: Path) -> Path:
    """A generated household (3 members, 200 occurrences) whose goals are all proven in about 2 s.

    Its imbalance uses some of the tolerance, and telling which goal it went
    to takes far longer than the solve itself.
    """
    size = SIZES[1]
    write(generate(size.members, size.types, size.occurrences, size.resolution, seed=3), path)
    return path


def cases(folder: Path) -> list[Case]:
    """Every case, its households written to ``folder``."""
    clash = str(NO_SCHEDULE)
    presence = str(presence_household(folder / "presence_120.yaml"))
    early = str(early_proof_household(folder / "early_proof.yaml"))
    schedule = folder / "presence_schedule.json"
    found = [
        Case("baseline: a solve proven at once", ("solve", str(NEWBORN)), 1),
        Case("no schedule: solve", ("solve", clash), 1),
        Case("no schedule: compare", ("compare", clash), 1),
        Case("no schedule: explain", ("explain", clash, "dinner"), 1),
        Case("no schedule: audit", ("audit", clash, "--baseline", str(_empty_split(folder))), 1),
        *(Case(f"infeasible {path.stem}: solve", ("solve", str(path)), 1) for path in INFEASIBLE),
        Case("presence 120: solve", ("solve", presence, "-o", str(schedule)), 2),
        Case("presence 120: compare", ("compare", presence), 2),
        Case("presence 120: explain", ("explain", presence, "dinner"), 2),
        Case("presence 120: audit", ("audit", presence, "--baseline", str(_empty_split(folder))), 2),
        Case("presence 120: check --verify", ("check", presence, str(schedule), "--verify"), 2),
        Case("explain, Ctrl-C at 2 s (the plan)", ("explain", early, "dishes_0_0"), 60, 2.0),
        Case("explain, Ctrl-C at 9 s (the alternatives)", ("explain", early, "dishes_0_0"), 60, 9.0),
        Case("twins: solve --stable", ("solve", str(NEWBORN), "--scenario-file", str(TWINS), "--stable"), 2),
        Case("twins: compare --stable", ("compare", str(NEWBORN), "--scenario-file", str(TWINS), "--stable"), 2),
        Case("proven early: solve", ("solve", early, "-o", str(folder / "early_schedule.json")), 10),
        Case("proven early: check --verify", ("check", early, str(folder / "early_schedule.json"), "--verify"), 2),
        Case("proven early: explain", ("explain", early, "dishes_0_0"), 10),
    ]
    return found


def _empty_split(folder: Path) -> Path:
    """Today's split as a file with nobody doing anything: the audit has something to compare."""
    path = folder / "today.json"
    path.write_text('{"assignments": [], "owners": {}}', encoding="utf-8")
    return path


def run(case: Case) -> Run:
    """Run ``case`` as its own process; its wall time and peak memory."""
    quiet = ["-q"] if case.arguments[0] != "check" else []  # check prints no warnings
    command = [str(SCRIPT), *case.arguments, "--time-limit", f"{case.limit:g}", *quiet]
    began = time.monotonic()
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
    )
    if case.interrupt_after is not None:
        try:
            process.wait(case.interrupt_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGINT)
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(case, wall, usage.ru_maxrss / 1024, process.returncode, stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Run only the cases whose name holds this text.")
    parser.add_argument("--csv", type=Path, help="Also write the rows to this CSV file.")
    options = parser.parse_args()
    rows = []
    print(f"{'case':44} {'limit':>6} {'wall':>6} {'overrun':>8} {'peak MB':>8} {'exit':>4}")
    with tempfile.TemporaryDirectory() as folder:
        for case in cases(Path(folder)):
            if options.only and options.only not in case.name:
                continue
            if "check --verify" in case.name and not Path(case.arguments[2]).exists():
                continue  # needs the schedule the solve case writes
            measured = run(case)
            shown = f"{case.limit:g}" if case.interrupt_after is None else f"^C@{case.interrupt_after:g}"
            print(
                f"{case.name:44} {shown:>6} {measured.wall:6.2f} {measured.overrun:+8.2f} "
                f"{measured.peak_mb:8.0f} {measured.code:>4}",
                flush=True,
            )
            rows.append(
                {
                    "case": case.name,
                    "limit": shown,
                    "wall_s": round(measured.wall, 2),
                    "overrun_s": round(measured.overrun, 2),
                    "peak_mb": round(measured.peak_mb),
                    "exit": measured.code,
                }
            )
    if options.csv is not None:
        with options.csv.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
