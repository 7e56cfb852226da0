"""A command loads only what it needs: help and the commands that solve nothing never wait for the solver.

Importing OR-Tools' CP-SAT pulled in pandas, and the two took longer than
solving any shipped example. Each check runs a fresh interpreter (this
process has loaded everything long ago) and reads which modules it loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

RUN_AND_LIST = """
import json, sys
from labor_opt.__main__ import main
sys.argv = ["labor-opt", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
with open(OUT, "w") as file:
    json.dump(sorted(sys.modules), file)
"""


def loaded_by(tmp_path: Path, arguments: list[str] | None = None, code: str | None = None) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``labor-opt ARGUMENTS`` (or ``code``)."""
    listed = tmp_path / "modules.json"
    if code is None:
        code = RUN_AND_LIST.replace("OUT", repr(str(listed)))
    else:
        code += f"\nimport json, sys\njson.dump(sorted(sys.modules), open({str(listed)!r}, 'w'))\n"
    completed = subprocess.run(
        [sys.executable, "-c", code, json.dumps(arguments or [])],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.exists(), completed.stderr
    names = json.loads(listed.read_text())
    return {name.split(".")[0] for name in names} | set(names)  # each package and each module


def test_importing_the_command_line_loads_neither_the_solver_nor_pandas(tmp_path):
    modules = loaded_by(tmp_path, code="import labor_opt.cli")
    assert "labor_opt.cli" in modules  # the check would pass vacuously if nothing were imported
    assert "ortools" not in modules
    assert "pandas" not in modules


@pytest.mark.parametrize("arguments", [["--help"], ["solve", "--help"], ["schema"]], ids=" ".join)
def test_help_and_the_schema_load_no_solver(tmp_path, arguments):
    modules = loaded_by(tmp_path, arguments)
    assert "click" in modules
    assert "ortools" not in modules
    assert "pandas" not in modules


def test_solving_loads_the_solver_but_not_pandas(tmp_path):
    modules = loaded_by(tmp_path, ["solve", str(ROOT / "examples" / "newborn.yaml"), "--format", "json", "-q"])
    assert "ortools.sat.python.cp_model" in modules  # it did solve
    assert "pandas" not in modules
    assert "jinja2" not in modules  # the page's templates wait for --format html


def test_pandas_still_works_with_the_solver_loaded_first(tmp_path):
    """Library users who use pandas, and CP-SAT's own pandas helpers, get the real pandas."""
    newborn = ROOT / "examples" / "newborn.yaml"
    code = f"""
import labor_opt
schedule = labor_opt.solve(labor_opt.load({str(newborn)!r}))
import pandas
from ortools.sat.python import cp_model
model = cp_model.CpModel()
variables = model.new_bool_var_series("x", pandas.Index(range(3)))
assert len(variables) == 3 and isinstance(variables, pandas.Series)
assert cp_model.pd.Series is pandas.Series
print("ok")
"""
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert completed.stdout.strip() == "ok", completed.stderr
