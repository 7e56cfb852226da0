"""One solve's settings and clock (SolveParams, Deadline) and its own stop token (issue 21, item 1)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import labor_opt
from labor_opt import Deadline, SolveParams, StopToken
from labor_opt.cli import cli

ROOT = Path(__file__).resolve().parent.parent
LARGE = ROOT / "tests" / "households" / "large_household.yaml"
SMALL = ROOT / "examples" / "dual_earners_toddler.yaml"


def test_a_budget_never_exceeds_what_is_left():
    deadline = Deadline(2.0)
    assert deadline.budget(seconds=60).end <= deadline.end
    assert deadline.budget(0.5).limit <= 1.0 + 1e-6
    assert deadline.budget(3.0).limit <= 2.0 + 1e-6  # a fraction above 1 is still only what is left
    assert deadline.budget(0.5, seconds=0.1).limit <= 0.1
    inner = deadline.budget(seconds=1.0)
    assert inner.end <= deadline.end
    assert inner.budget(seconds=5).end <= inner.end
    spent = Deadline(0.01, started=time.monotonic() - 1)
    assert spent.expired() and spent.remaining() == 0.0 and spent.budget(seconds=5).limit == 0.0
    assert not deadline.expired()


def test_solve_params_keep_the_older_keywords():
    household = labor_opt.load(SMALL)
    by_keywords = labor_opt.solve(household, time_limit=10, workers=1)
    by_params = labor_opt.solve(household, params=SolveParams(time_limit=10, workers=1))
    assert by_keywords.to_dict()["assignments"] == by_params.to_dict()["assignments"]
    for schedule in (by_keywords, by_params):
        assert labor_opt.check(household, schedule).valid
    with pytest.raises(AttributeError):
        SolveParams().workers = 2  # type: ignore[misc]  # frozen


def test_a_stop_token_stops_only_its_own_solve():
    """Two solves in two threads of one process: the one stopped ends at once, the other finishes optimal."""
    large, small = labor_opt.load(LARGE), labor_opt.load(SMALL)
    stop_large, stop_small = StopToken(), StopToken()
    results: dict[str, object] = {}

    def run(name: str, household: labor_opt.Household, limit: float, stop: StopToken) -> None:
        began = time.monotonic()
        try:
            results[name] = labor_opt.solve(household, time_limit=limit, stop=stop)
        except labor_opt.SearchInterrupted as error:
            results[name] = error
        results[name + "_seconds"] = time.monotonic() - began

    threads = [
        threading.Thread(target=run, args=("large", large, 60.0, stop_large)),
        threading.Thread(target=run, args=("small", small, 60.0, stop_small)),
    ]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    stop_large.request()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert not stop_small.requested()
    assert results["large_seconds"] < 30  # not its 60 s limit: the stop reached it
    stopped = results["large"]
    if isinstance(stopped, labor_opt.Schedule):
        assert stopped.status is labor_opt.Status.INTERRUPTED
        assert labor_opt.check(large, stopped).valid
    else:
        assert isinstance(stopped, labor_opt.SearchInterrupted)
    finished = results["small"]
    assert isinstance(finished, labor_opt.Schedule)
    assert finished.status is labor_opt.Status.OPTIMAL
    assert labor_opt.check(small, finished).valid


def test_a_token_requested_before_the_solve_stops_it_before_any_search():
    household = labor_opt.load(SMALL)
    stop = StopToken()
    stop.request()
    try:
        schedule = labor_opt.solve(household, time_limit=10, stop=stop)
    except labor_opt.SearchInterrupted:
        return
    assert schedule.status is labor_opt.Status.INTERRUPTED
    assert labor_opt.check(household, schedule).valid


@pytest.mark.parametrize("command", [["audit"], ["explain", "dishes"]])
def test_audit_and_explain_take_the_portfolio(command, tmp_path):
    out = tmp_path / "out.json"
    name, *rest = command
    result = CliRunner().invoke(
        cli, [name, str(SMALL), *rest, "--portfolio", "--workers", "2", "--time-limit", "20", "-q", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.exists()


@pytest.mark.parametrize("command", ["solve", "compare", "audit", "explain", "check"])
def test_every_command_that_solves_takes_the_same_settings(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    for option in ("--time-limit", "--workers", "--portfolio"):
        assert option in result.output, (command, option)
