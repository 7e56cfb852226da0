"""Shared helpers: every schedule a test produces is checked by the independent checker."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import labor_opt
from labor_opt import Household, Schedule

# Hypothesis profiles: "ci" (the default) keeps the suite fast; "long" is for
# local runs hunting rare cases: HYPOTHESIS_PROFILE=long pytest tests/test_properties.py
settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def solve_checked(household: Household, scenario: str | None = None, **options: Any) -> Schedule:
    """Solve and assert that the independent checker finds nothing wrong."""
    schedule = labor_opt.solve(household, scenario=scenario, **options)
    report = labor_opt.check(household, schedule)
    assert report.valid, [str(v) for v in report.violations]
    return schedule


def assert_cli_answers_clearly(house: Path, time_limit: float = 5) -> None:
    """Through the real command line: exit 0 with a valid schedule, or 2/3/4 with a message; never a traceback."""
    import json

    from click.testing import CliRunner

    from labor_opt.cli import cli

    result = CliRunner().invoke(cli, ["solve", str(house), "--format", "json", "-q", "--time-limit", str(time_limit)])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2, 3, 4), result.output
    if result.exit_code == 0:
        report = labor_opt.check(labor_opt.load(house), json.loads(result.stdout))
        assert report.valid, report.violations
    else:
        assert result.stderr.strip()
        if result.exit_code == 2:
            assert str(house) in result.stderr  # the message names the file


def household(text: str) -> Household:
    """A household from YAML text."""
    return labor_opt.parse_household(text, source="test.yaml")


@pytest.fixture
def examples() -> list[Path]:
    return EXAMPLES
