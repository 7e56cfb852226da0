"""Running `labor-opt` as a user does, with this tree's code or an earlier commit's, in one benchmark run.

An earlier commit is checked out into a temporary folder (a detached git
worktree, removed afterwards) and put first on PYTHONPATH of each process,
so both versions run side by side from the same virtual environment. Every
process starts in an empty folder, so that ``python -m`` never picks up the
package from the current directory instead.

Shared by ``orders.py`` and ``same_figures.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples"
INSTANCES = HERE / "instances"


@dataclass(frozen=True)
class Code:
    """One version of labor-opt: its label (``now`` or the commit) and the folder its package is imported from."""

    label: str
    folder: Path


@dataclass(frozen=True)
class Case:
    """One household to solve: a file, and a scenario in it or a scenario file beside it."""

    label: str
    file: Path
    scenario: str | None = None
    scenario_file: Path | None = None

    def arguments(self, file: Path | None = None, scenario_file: Path | None = None) -> list[str]:
        """``labor-opt solve`` arguments for this case (optionally with reordered copies of its files)."""
        found = [str(file or self.file)]
        if self.scenario is not None:
            found += ["--scenario", self.scenario]
        if self.scenario_file is not None:
            found += ["--scenario-file", str(scenario_file or self.scenario_file)]
        return found


@dataclass(frozen=True)
class Run:
    """One finished ``labor-opt`` process."""

    exit_code: int
    stdout: str
    stderr: str
    wall: float  # seconds, process start included
    cpu: float  # the process's user and system seconds: its wall time on an idle machine, near enough


@contextlib.contextmanager
def code_of(commit: str) -> Iterator[Code]:
    """``commit``'s code in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="labor-opt-bench-") as folder:
        checkout = Path(folder) / "code"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(checkout), commit], check=True
        )
        try:
            yield Code(commit, checkout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(checkout)], check=True)


NOW = Code("now", ROOT)


def compiled(code: Code) -> Code:
    """``code`` with its modules compiled to bytecode, as an installed package has them.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (this project's machine sets it)
    every run would compile labor-opt's modules from source again, about
    0.1 s that no installed copy spends.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code.folder / "labor_opt")], check=True)
    return code


def run_labor_opt(code: Code, arguments: list[str]) -> Run:
    """``python -m labor_opt ARGUMENTS`` with ``code``'s package, timed from before the process starts.

    Bytecode is used as written by :func:`compiled`, whatever ``PYTHONDONTWRITEBYTECODE`` says.
    """
    environment = {**os.environ, "PYTHONPATH": str(code.folder), "PYTHONHASHSEED": "0"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="labor-opt-cwd-") as empty:
        used = _children_cpu()
        began = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "labor_opt", *arguments],
            capture_output=True,
            text=True,
            env=environment,
            cwd=empty,
        )
        wall = time.perf_counter() - began
        cpu = _children_cpu() - used
    return Run(completed.returncode, completed.stdout, completed.stderr, wall, cpu)


def _children_cpu() -> float:
    """User and system seconds of this process's finished children (one runs at a time here)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def imported_from(code: Code) -> Path:
    """Where ``code``'s processes import labor_opt from: checks that PYTHONPATH wins over the editable install."""
    environment = {**os.environ, "PYTHONPATH": str(code.folder)}
    with tempfile.TemporaryDirectory() as empty:
        completed = subprocess.run(
            [sys.executable, "-c", "import labor_opt; print(labor_opt.__file__)"],
            capture_output=True,
            text=True,
            env=environment,
            cwd=empty,
            check=True,
        )
    return Path(completed.stdout.strip()).parent.parent


def example_cases(with_scenarios: bool = True) -> list[Case]:
    """Every solvable example (and, with ``with_scenarios``, each of its scenarios), then the scenario files.

    ``examples/no_schedule`` holds households that have no schedule on purpose: see :func:`unsolvable_cases`.
    """
    import yaml

    from labor_opt.household.yaml_core import CoreLoader

    cases: list[Case] = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        cases.append(Case(path.stem, path))
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=CoreLoader)  # noqa: S506 (a safe loader)
        if with_scenarios:
            cases += [Case(f"{path.stem} / {name}", path, scenario=name) for name in data.get("scenarios") or {}]
    for path in sorted((EXAMPLES / "scenarios").glob("*.yaml")):
        base = _base_of(path)
        cases.append(Case(f"{base.stem} + {path.name}", base, scenario_file=path))
    return cases


def unsolvable_cases() -> list[Case]:
    """The examples that have no schedule on purpose."""
    return [Case(f"no_schedule/{path.stem}", path) for path in sorted((EXAMPLES / "no_schedule").glob("*.yaml"))]


def generated_cases(sizes: tuple[str, ...] = ("xs", "s")) -> list[Case]:
    """The generated households of these sizes (benchmarks/instances, made by run.py's generator)."""
    cases = []
    for size in sizes:
        (path,) = sorted(INSTANCES.glob(f"{size}_*.yaml"))
        cases.append(Case(f"generated {size}", path))
    return cases


def _base_of(scenario_file: Path) -> Path:
    """The household a scenario file is written for: the one its comment's example command names."""
    text = scenario_file.read_text(encoding="utf-8")
    for word in text.split():
        if word.startswith("examples/") and word.endswith(".yaml") and "/scenarios/" not in word:
            return ROOT / word
    raise SystemExit(f"{scenario_file}: no example command naming its household")


def machine() -> str:
    """The CPU, the cores and Python, for the record."""
    import platform

    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, {len(os.sched_getaffinity(0))} cores (nproc), "
        f"{platform.machine()} {platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


class Tee(io.StringIO):
    """What is printed, kept as well (to save it under benchmarks/results/)."""

    def __init__(self, shown: TextIO) -> None:
        super().__init__()
        self.shown = shown

    def write(self, text: str) -> int:
        self.shown.write(text)
        self.shown.flush()
        return super().write(text)
