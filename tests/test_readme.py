"""Every example in the README and in the docs pages runs, and prints what the page says it prints.

One test per page and kind of example, so a failure names the page. A ```console block runs each
`$ labor-opt ...` line and looks for the lines under it; a ```text block marked
`<!-- output of: labor-opt ... -->` runs that command; a line ending in `...` is a prefix and a line `...`
skips lines. ```python blocks run from the repository's root; ```yaml blocks that start with `version:` are
households that must solve to a schedule the checker passes.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(
    r"^[ \t]*(?:<!-- output of: (?P<of>[^\n]+?) -->\n[ \t]*)?```(?P<kind>\w+)\n(?P<body>.*?)^[ \t]*```", re.S | re.M
)
SCRIPT = Path(sys.executable).with_name("labor-opt")


class Block(NamedTuple):
    kind: str
    body: str
    of: str | None


def blocks(page: Path) -> list[Block]:
    """The page's fenced blocks, a block inside a list item dedented as it reads."""
    text = page.read_text(encoding="utf-8")
    return [Block(m["kind"], textwrap.dedent(m["body"]), m["of"]) for m in BLOCK.finditer(text)]


def name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def pages_with(wanted: str) -> list[Path]:
    """The pages that show examples of one kind: `console` sessions, `outputs` of commands, `python`, `household`."""
    kinds = {
        "console": lambda b: b.kind == "console" and "$ labor-opt" in b.body,
        "outputs": lambda b: b.of is not None,
        "python": lambda b: b.kind == "python",
        "household": lambda b: b.kind == "yaml" and b.body.startswith("version:"),
    }
    return [page for page in PAGES if any(kinds[wanted](block) for block in blocks(page))]


def run_command(command: str, workdir: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "labor-opt", command
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


def sessions(body: str) -> list[tuple[str, list[str]]]:
    """Each `$ labor-opt ...` line of a console block with the lines shown under it."""
    found: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:].strip(), []))
        elif found and line.strip() and line.strip() != "...":
            found[-1][1].append(line.rstrip())
    return found


def test_every_kind_of_example_is_found_where_the_docs_show_it():
    names = {kind: {name(page) for page in pages_with(kind)} for kind in ("console", "outputs", "python", "household")}
    assert {"docs/guide.md", "docs/commands.md", "docs/schedule-format.md"} <= names["console"]
    assert {"README.md", "docs/index.md", "docs/guide.md", "docs/commands.md"} <= names["outputs"]
    assert "docs/library.md" in names["python"]
    assert {"README.md", "docs/household-format.md"} <= names["household"]
    guide = blocks(ROOT / "docs" / "guide.md")
    assert sum(len(sessions(b.body)) for b in guide if b.kind == "console") >= 5
    assert any(
        s[0].startswith("labor-opt compare") for b in blocks(ROOT / "docs" / "commands.md") for s in sessions(b.body)
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
@pytest.mark.parametrize("page", pages_with("console"), ids=name)
def test_console_sessions_print_what_the_page_shows(page, workdir):
    # One working folder per page: a session may read what an earlier one on the page wrote.
    for block in blocks(page):
        for command, expected in sessions(block.body) if block.kind == "console" else []:
            result = run_command(command, workdir)
            output = result.stdout + result.stderr
            assert result.returncode in (0, 2, 3), f"{name(page)}: {command!r} exited {result.returncode}:\n{output}"
            for wanted in expected:
                assert appears(wanted, output), f"{name(page)}: {command!r} did not print {wanted!r}:\n{output}"


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
@pytest.mark.parametrize("page", pages_with("outputs"), ids=name)
def test_shown_outputs_are_the_real_outputs(page, workdir):
    for block in blocks(page):
        if block.of:
            result = run_command(block.of, workdir)
            output = result.stdout + result.stderr
            for wanted in expected_lines(block.body):
                assert appears(wanted, output), f"{name(page)}: {block.of!r} did not print {wanted!r}:\n{output}"


@pytest.mark.parametrize("page", pages_with("python"), ids=name)
def test_python_examples_run(page):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks(page):
            if block.kind == "python":
                exec(compile(block.body, name(page), "exec"), {})
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("page", pages_with("household"), ids=name)
def test_yaml_examples_are_valid_households(page):
    import labor_opt

    for block in blocks(page):
        if block.kind == "yaml" and block.body.startswith("version:"):
            household = labor_opt.parse_household(block.body, source=name(page))
            assert labor_opt.check(household, labor_opt.solve(household)).valid


README_BLOCKS = blocks(ROOT / "README.md")
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_setup_commands_are_what_ci_runs():
    commands = [line for kind, body, _ in README_BLOCKS if kind == "sh" for line in body.splitlines() if line.strip()]
    install_and_solve, install_and_test = commands[:2]
    assert "labor-opt solve examples/" in install_and_solve
    assert (ROOT / install_and_solve.split("labor-opt solve ")[1].split()[0]).exists()
    assert "pytest" in install_and_test
    assert install_and_test in CI_RUN


def test_the_readme_says_what_else_ci_does():
    # .ci/run runs the test command and, where it may, installs a browser first: the README says both.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`.ci/run`" in readme
    if "apt-get install" in CI_RUN and "chromium" in CI_RUN:
        assert "Chromium" in readme
    steps = [line for line in CI_RUN.splitlines() if line.strip() and not line.lstrip().startswith(("#", "fi"))]
    assert len(steps) == 5, "a new step in .ci/run: say what it does in the README, then count it here"


def test_the_readme_is_a_front_door():
    # What it is, the two commands, one household, the picture, where to go next: under 250 lines.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 250
    assert [b.kind for b in README_BLOCKS].count("sh") == 2
    assert any(b.kind == "yaml" and b.body.startswith("version:") for b in README_BLOCKS)
    assert "](docs/images/week.png)" in readme
    for page in ("guide", "household-format", "schedule-format", "commands", "library", "how-it-works", "performance"):
        assert f"](docs/{page}.md" in readme, page
