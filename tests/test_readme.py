"""Every example in the README runs, and prints what the README says it prints."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"(?:<!-- output of: (?P<of>[^\n]+?) -->\n)?```(?P<kind>\w+)\n(?P<body>.*?)```", re.S)
BLOCKS = [(m.group("kind"), m.group("body"), m.group("of")) for m in BLOCK.finditer(README)]
SCRIPT = Path(sys.executable).with_name("labor-opt")


def run_command(command: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "labor-opt"
    env = {**os.environ, "COLUMNS": "100"}
    return subprocess.run([str(SCRIPT), *words[1:]], cwd=workdir, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(ROOT / "tests" / "households", tmp_path / "tests" / "households")
    return tmp_path


def expected_lines(body: str) -> list[str]:
    return [
        line.rstrip()
        for line in body.splitlines()
        if line.strip() and line.strip() != "..." and not line.startswith("$ ")  # the command itself
    ]


def appears(line: str, output: str) -> bool:
    output_lines = [o.rstrip() for o in output.splitlines()]
    if line.endswith("..."):
        return any(o.startswith(line[:-3].rstrip()) for o in output_lines)
    return line in output_lines


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_console_examples_print_what_the_readme_shows(workdir):
    sessions = [body for kind, body, _ in BLOCKS if kind == "console"]
    assert sessions
    for body in sessions:
        command, expected = None, []
        for line in body.splitlines() + ["$ "]:
            if line.startswith("$ "):
                if command:
                    result = run_command(command, workdir)
                    output = result.stdout + result.stderr
                    assert result.returncode in (0, 2, 3), output
                    for wanted in expected:
                        assert appears(wanted, output), f"{command!r} did not print {wanted!r}:\n{output}"
                command, expected = line[2:].strip() or None, []
            elif line.strip() and line.strip() != "...":
                expected.append(line.rstrip())


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_shown_outputs_are_the_real_outputs(workdir):
    shown = [(of, body) for kind, body, of in BLOCKS if of]
    assert shown
    for command, body in shown:
        result = run_command(command, workdir)
        output = result.stdout + result.stderr
        for wanted in expected_lines(body):
            assert appears(wanted, output), f"{command!r} did not print {wanted!r}:\n{output}"


def test_python_examples_run():
    blocks = [body for kind, body, _ in BLOCKS if kind == "python"]
    assert blocks
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for body in blocks:
            exec(compile(body, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)


def test_yaml_examples_are_valid_households():
    import labor_opt

    for kind, body, _ in BLOCKS:
        if kind == "yaml" and body.startswith("version:"):
            household = labor_opt.parse_household(body, source="README.md")
            assert labor_opt.check(household, labor_opt.solve(household)).valid


def test_setup_commands_are_what_ci_runs():
    commands = [line for kind, body, _ in BLOCKS if kind == "sh" for line in body.splitlines() if line.strip()]
    install_and_solve, install_and_test = commands[:2]
    assert "labor-opt solve examples/" in install_and_solve
    assert (ROOT / install_and_solve.split("labor-opt solve ")[1].split()[0]).exists()
    assert "pytest" in install_and_test
    assert install_and_test in (ROOT / ".ci" / "run").read_text()
