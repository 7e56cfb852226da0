"""OR-Tools' CP-SAT module, loaded without pandas: every solver module imports ``cp_model`` from here.

``ortools.sat.python.cp_model`` imports pandas for its ``*_series`` helpers,
which labor-opt never calls; on the project's machine pandas alone took
longer to load than solving any shipped example (about 0.3 s of a 1 s
``labor-opt solve``). While CP-SAT's module loads, ``pandas`` is a stand-in
that hands out :data:`typing.Any` for the names its annotations mention; the
stand-in stays in that module only, as ``pd``, and loads the real pandas the
first time anything there uses it. When pandas is already loaded (a program
that uses it), nothing is stood in for.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _PandasOnDemand(types.ModuleType):
    """Stands in for pandas while CP-SAT loads; afterwards, the real pandas the first time it is used."""

    loading = True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self.loading:  # names in annotations and type aliases, read as CP-SAT's module is defined
            return Any
        return getattr(importlib.import_module("pandas"), name)


def _load() -> types.ModuleType:
    if "pandas" in sys.modules or "ortools.sat.python.cp_model" in sys.modules:
        return importlib.import_module("ortools.sat.python.cp_model")
    stand_in = _PandasOnDemand("pandas")
    sys.modules["pandas"] = stand_in
    try:
        return importlib.import_module("ortools.sat.python.cp_model")
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
        stand_in.loading = False


_load()

from ortools.sat.python import cp_model as cp_model  # noqa: E402  (loaded above, without pandas)
