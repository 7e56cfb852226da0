"""The catalog of common household work that `labor-opt init` starts a file from (tasks.yaml, with its sources)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def _catalog() -> dict[str, Any]:
    text = resources.files("labor_opt.catalog").joinpath("tasks.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def section(name: str) -> list[dict[str, Any]]:
    """One section of the catalog (``tasks``: the household's, ``children``: from the children's ages), as copies."""
    return [dict(entry) for entry in _catalog()[name]]
