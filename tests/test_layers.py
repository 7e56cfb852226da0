"""The package's layers: each imports only those below it, nothing reaches around the API, no import cycles.

Data flows one way (docs/how-it-works.md): the household file is read into a household document, a
solver-independent problem is built from it, the solver and the independent checker work on that, the
use cases in ``analysis`` combine them, and the API, the reports and the command line sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "labor_opt"

# The lower the number, the lower the layer: a module imports only from its own layer or below.
LAYERS: dict[str, int] = {
    "labor_opt.kernel": 0,
    "labor_opt.household": 1,
    "labor_opt.catalog": 1,
    "labor_opt.problem": 2,
    "labor_opt.schedule": 3,
    "labor_opt.solve_params": 3,
    "labor_opt.solver": 4,
    "labor_opt.checker": 4,
    "labor_opt.analysis": 5,
    "labor_opt.api": 6,
    "labor_opt.report": 6,
    "labor_opt.batch": 7,
    "labor_opt.cli": 7,
    "labor_opt.web": 7,  # labor-opt serve, next
    "labor_opt.__main__": 8,
    "labor_opt": 8,
}
# Neighbours in one layer that must stay apart: the checker is a referee independent of the solver,
# and the API returns values that the reports (and the command line) render.
APART = {
    ("labor_opt.solver", "labor_opt.checker"),
    ("labor_opt.checker", "labor_opt.solver"),
    ("labor_opt.api", "labor_opt.report"),
    ("labor_opt.report", "labor_opt.api"),
}
# The command line and the web app use the public API as a library user would: ``import labor_opt``.
FACADE_USERS = ("labor_opt.cli", "labor_opt.web")
# The command line and batch never reach around the API into the use cases or the solver's internals
# (the reports render the values those return, so they may name their types).
ABOVE_THE_API = ("labor_opt.cli", "labor_opt.batch", "labor_opt.web")
BEHIND_THE_API = ("labor_opt.solver", "labor_opt.problem", "labor_opt.checker", "labor_opt.analysis")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """Imports under ``if TYPE_CHECKING:``: names for annotations, never run."""
    return {
        node
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for statement in block.body
        for node in ast.walk(statement)
    }


def _imports(at_run_time: bool = False) -> dict[str, set[str]]:
    """Every module's imports of the package's own modules, wherever in the module they are written.

    With ``at_run_time``, those only written for the type checker are left out.
    """
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree) if at_run_time else set()
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("labor_opt"):
                for alias in node.names:  # `from labor_opt.schedule import validity` imports a module
                    candidate = f"{node.module}.{alias.name}"
                    imported.add(candidate if candidate in modules else node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names if alias.name.startswith("labor_opt"))
        found[name] = {module for module in imported if module in modules and module != name}
    return found


def _layer(module: str) -> str:
    return max((prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")), key=len)


def test_every_module_belongs_to_a_layer_and_the_root_holds_only_the_api():
    loose = [path.name for path in PACKAGE.glob("*.py")]
    assert sorted(loose) == ["__init__.py", "__main__.py", "api.py", "solve_params.py"]
    unplaced = [module for module in _imports() if _layer(module) == "labor_opt" and module != "labor_opt"]
    assert unplaced == [], "give each new package a layer in LAYERS"


def test_nothing_is_imported_up_the_layers():
    upward = [
        f"{module} imports {imported}"
        for module, imports in _imports().items()
        for imported in imports
        if LAYERS[_layer(imported)] > LAYERS[_layer(module)] or (_layer(module), _layer(imported)) in APART
        if not (imported == "labor_opt" and module.startswith(FACADE_USERS))
    ]
    assert upward == []


def test_nothing_reaches_around_the_api():
    around = [
        f"{module} imports {imported}"
        for module, imports in _imports().items()
        if module.startswith(ABOVE_THE_API)
        for imported in imports
        if imported.startswith(BEHIND_THE_API)
    ]
    assert around == []


def test_no_import_cycles():
    """No module needs another that needs it back, at run time (annotations may name each other)."""
    graph = _imports(at_run_time=True)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 while on the path being walked, 2 once every path from it is walked

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                walk(imported, [*path, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert cycles == []


def test_a_cycle_is_found_when_there_is_one(monkeypatch):
    """The cycle test itself can fail: two modules importing each other are caught."""
    fake = {"labor_opt.kernel.a": {"labor_opt.kernel.b"}, "labor_opt.kernel.b": {"labor_opt.kernel.a"}}
    monkeypatch.setattr(f"{__name__}._imports", lambda at_run_time=False: fake)
    try:
        test_no_import_cycles()
    except AssertionError:
        return
    raise AssertionError("a cycle went unnoticed")
