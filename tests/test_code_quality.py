"""The package is fully typed (it ships py.typed) and lint-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.skipif(not (BIN / "mypy").exists(), reason="mypy not installed")
def test_mypy_strict_passes():
    result = subprocess.run([str(BIN / "mypy")], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("ruff", path=str(BIN)) is None, reason="ruff not installed")
def test_ruff_passes():
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


PACKAGE = ROOT / "labor_opt"


def test_functions_and_modules_stay_small():
    """A newcomer reads any function on one screen and any module in one sitting."""
    import ast

    long_functions, long_modules = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            long_modules.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length} lines")
    assert not long_functions, long_functions
    assert not long_modules, long_modules
    for command_module in (PACKAGE / "cli").glob("*.py"):  # the command line stays a thin layer over the API
        assert len(command_module.read_text(encoding="utf-8").splitlines()) < 300, command_module.name


def test_the_public_api_lists_every_export():
    import labor_opt

    assert sorted(labor_opt.__all__) == sorted(labor_opt._EXPORTS)
    for name in labor_opt.__all__:
        assert getattr(labor_opt, name) is not None
