"""Fuzzing: the shipped examples, mutated (keys deleted, duplicated, retyped, perturbed), through the CLI.

Every mutant gets exit 0 with a schedule that passes the checker, or exit
2/3/4 with a message; never a traceback, never exit 1. The fast profile runs
in CI; ``HYPOTHESIS_PROFILE=long`` runs thousands of mutants (see docs/robustness.md).
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLES, assert_cli_answers_clearly

DATA = {path.stem: yaml.safe_load(path.read_text()) for path in EXAMPLES}
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10_000, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "25:00",
            "24:00",
            "-1h",
            "0m",
            "daily",
            "weekly",
            "\u201c09:00\u201d",
            "expert",
            "pro",
            "",
            "mon",
            "funday",
            "9999h",
            "1h30m",
        ]
    ),
    st.lists(st.integers(0, 10), max_size=3),
    st.dictionaries(st.sampled_from(["times", "from", "id"]), st.integers(-3, 9)),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def parent_and_key(data: Any, path: tuple[Any, ...]) -> tuple[Any, Any]:
    node = data
    for step in path[:-1]:
        node = node[step]
    return node, path[-1]


@st.composite
def mutants(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(DATA[draw(st.sampled_from(sorted(DATA)))])
    for _ in range(draw(st.integers(1, 3))):
        candidates = [p for p in paths(data) if p]
        path = draw(st.sampled_from(candidates))
        parent, key = parent_and_key(data, path)
        operation = draw(st.sampled_from(["delete", "duplicate", "retype", "perturb"]))
        if operation == "delete":
            del parent[key]
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif operation == "perturb" and isinstance(parent[key], (int, str)) and not isinstance(parent[key], bool):
            value = parent[key]
            parent[key] = (
                value * draw(st.sampled_from([-1, 0, 2, 100]))
                if isinstance(value, int)
                else (draw(st.sampled_from(["", "-", "9", "x"])) + value + draw(st.sampled_from(["", "0", "h", " "])))
            )
        else:
            parent[key] = draw(ODD_VALUES)
    return data


@settings(deadline=None)
@given(mutants())
def test_mutated_examples_get_a_schedule_or_a_clear_error(tmp_path_factory, data):
    house = tmp_path_factory.mktemp("fuzz") / "household.yaml"
    house.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert_cli_answers_clearly(house, time_limit=3)
