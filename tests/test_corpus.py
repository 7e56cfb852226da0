"""A corpus of broken and hostile household files: each gets its exact message and exit code 2.

tests/corpus/expected.json holds, per file, the exit code and the first error
line (``{file}`` standing for its path). No file may produce a traceback, run
code, take more than a few seconds or more than a few hundred MB.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from labor_opt.cli import cli

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
PWNED = Path("/tmp/labor-opt-pwned")


def run(path: Path):
    return CliRunner().invoke(cli, ["solve", str(path), "-q", "--format", "json"], env={"COLUMNS": "500"})


def test_the_corpus_is_large_and_covers_every_kind():
    assert len(EXPECTED) >= 60
    assert set(EXPECTED) == {path.name for path in CORPUS.glob("*.yaml")}
    for kind in ("syntax_", "shape_", "value_", "reference_", "scenario_", "hostile_", "encoding_", "yaml", "unicode_"):
        assert any(name.startswith(kind) for name in EXPECTED), kind


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_gets_its_exact_message(name):
    path = CORPUS / name
    PWNED.unlink(missing_ok=True)
    tracemalloc.start()
    began = time.perf_counter()
    result = run(path)
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    assert result.exit_code == EXPECTED[name]["exit_code"] == 2
    assert lines[0].replace(str(path), "{file}") == EXPECTED[name]["first_error"]
    assert lines[0].startswith(f"{path}:")  # file and line
    assert "; " in lines[0]  # a suggested fix follows the message
    assert seconds < 15 and peak < 300 * 1024 * 1024  # idle: under a second; the margin is for busy machines
    assert not PWNED.exists()  # a Python tag never runs anything


def test_a_50_mb_file_is_refused_quickly(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as file:
        file.write("version: 1\nmembers: [{id: kim}]\ntasks:\n")
        line = "  - {id: t, duration: 30m}  # " + "x" * 70 + "\n"
        file.write(line * (50 * 1024 * 1024 // len(line)))
    began = time.perf_counter()
    result = run(huge)
    assert time.perf_counter() - began < 5
    assert result.exit_code == 2
    assert f"{huge}: error: the file is 50 MB; a household file is at most 5 MB" in result.stderr


def test_documented_limits_have_clear_messages(tmp_path):
    from labor_opt.household.validation import MAX_GRID_CELLS, MAX_MEMBERS, MAX_OCCURRENCES

    many = tmp_path / "many.yaml"
    members = "".join(f"  - id: m{i}\n" for i in range(MAX_MEMBERS + 1))
    tasks = "".join(f"  - {{id: t{i}, duration: 5m, repeat: daily}}\n" for i in range(MAX_OCCURRENCES // 7 + 1))
    many.write_text(f"version: 1\nsettings: {{resolution: 5m}}\nmembers:\n{members}tasks:\n{tasks}")
    began = time.perf_counter()
    result = run(many)
    assert time.perf_counter() - began < 10
    assert result.exit_code == 2
    assert (
        f"{many}:3: error: members: the file has {MAX_MEMBERS + 1} members; labor-opt plans for at most {MAX_MEMBERS}"
        in result.stderr
    )
    assert f"labor-opt plans for at most {MAX_OCCURRENCES}" in result.stderr
    assert "grid cells" not in result.stderr  # a consequence of the member cap: it would mislead
    assert "warning" not in result.stderr  # warnings wait until the errors are mended
    cells = tmp_path / "cells.yaml"
    members = "".join(f"  - id: m{i}\n" for i in range(MAX_MEMBERS))
    cells.write_text(f"version: 1\nsettings: {{resolution: 5m}}\nmembers:\n{members}tasks: []\n")
    assert f"labor-opt plans for at most {MAX_GRID_CELLS}" in run(cells).stderr.splitlines()[0]
