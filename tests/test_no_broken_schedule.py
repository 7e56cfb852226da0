"""No schedule that breaks a rule, exact figures at any weight, nights before refinements, Ctrl-C everywhere.

Issue 20, items 6, 8, 9, 10 (a required skill nobody has), 13 (Ctrl-C in the
diagnosis and in explain), 14 (``--workers``) and 16 (a presence block named).
Every schedule produced here goes through the project's checker.
"""

from __future__ import annotations

import dataclasses
import json
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

import labor_opt
from labor_opt.cli import cli
from labor_opt.kernel.errors import InfeasibleError, InputError, NoScheduleInTimeError, SearchInterrupted
from labor_opt.report.terminal import GOAL_WORDS
from labor_opt.solver.engine import minimize
from labor_opt.solver.goals import Goal, in_solvable_groups, lexicographic

from .conftest import EXAMPLES, ROOT, household, solve_checked
from .strategies import households

SCRIPT = Path(sys.executable).with_name("labor-opt")
needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")

# Two parents and a baby someone must be home with all day; the errands are done away from home.
BABY = """
version: 1
members: [{id: kim}, {id: lee}]
presence:
  - {name: someone home with the baby, days: daily, from: "08:00", to: "20:00", who: [kim, lee]}
tasks:
  - {id: shop, duration: 1h, repeat: daily, window: {from: "09:00", to: "12:00"}, away: true}
  - {id: walk, duration: 1h, repeat: daily, window: {from: "09:00", to: "12:00"}, away: true}
  - {id: gym, duration: 1h, repeat: daily, window: {from: "13:00", to: "16:00"}, away: true}
  - {id: errand, duration: 1h, repeat: daily, window: {from: "13:00", to: "16:00"}, away: true}
"""

# The same, but both errands take two of the three hours: one parent is always out while the other is.
NO_ROOM = """
version: 1
members: [{id: kim}, {id: lee}]
presence:
  - {name: someone home with the baby, days: daily, from: "08:00", to: "20:00", who: [kim, lee]}
tasks:
  - {id: shop, duration: 2h, repeat: daily, window: {from: "09:00", to: "12:00"}, away: true}
  - {id: walk, duration: 2h, repeat: daily, window: {from: "09:00", to: "12:00"}, away: true}
"""

# A household whose diagnosis (the conflict, then each change tried by solving) runs for seconds.
SLOW_DIAGNOSIS = """
version: 1
settings: {time_limit: 60s, resolution: 5m}
members:
  - {id: kim, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: lee, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: max, max_chores: 3h}
presence:
  - {name: someone home with the baby, days: daily, from: "17:00", to: "23:00", who: [kim, lee]}
tasks:
  - {id: shop, duration: 2h, repeat: daily, window: {from: "17:00", to: "20:00"}, away: true, who: [kim, lee]}
  - {id: walk, duration: 2h, repeat: daily, window: {from: "17:00", to: "20:00"}, away: true, who: [kim, lee]}
  - {id: run, duration: 1h, repeat: daily, window: {from: "17:00", to: "20:00"}, away: true, who: [kim, lee]}
  - {id: gym, duration: 1h, repeat: daily, window: {from: "20:00", to: "23:00"}, away: true, who: [kim, lee]}
  - {id: cook, duration: 1h, repeat: daily, window: {from: "17:30", to: "21:30"}}
  - {id: dishes, duration: 30m, repeat: daily, window: {from: "19:00", to: "22:00"}}
  - {id: laundry, duration: 1h, repeat: {times: 3}, window: {from: "17:00", to: "22:00"}}
  - {id: clean, duration: 2h, repeat: {times: 2}, window: {from: "17:00", to: "22:00"}}
"""

NO_TIME = "no valid schedule was found within the time limit of 0.01s; "
NO_TIME += "raise settings.time_limit or pass --time-limit with more seconds"
INTERRUPTED = "interrupted before any valid schedule was found; nothing was written"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0]


def solve_cli(path: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["solve", str(path), "--format", "json", "-q", *options])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "house.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# Item 6: the quick fallback keeps presence blocks, and no schedule the checker refuses is given.


def test_the_quick_fallback_keeps_every_presence_block():
    schedule = solve_checked(household(BABY), time_limit=0.01)
    assert schedule.solver.stages[0].status == "GREEDY"  # the fallback itself, not CP-SAT's schedule


def test_the_quick_fallback_through_the_command_line_passes_check(tmp_path):
    path = write(tmp_path, BABY)
    code, stdout, _ = solve_cli(path, "--time-limit", "0.01")
    assert code == 0
    assert labor_opt.check(labor_opt.load(path), yaml.safe_load(stdout)).valid


def _blind_greedy(monkeypatch: pytest.MonkeyPatch, stop: bool = False) -> None:
    """A fallback that ignores presence blocks, as the greedy once did (and Ctrl-C, if ``stop``)."""
    from labor_opt.solver import solve as solving

    original = solving.warm_start

    def blind(problem):  # type: ignore[no-untyped-def]
        if stop:
            _press_ctrl_c()
        return original(dataclasses.replace(problem, presence=()))

    monkeypatch.setattr(solving, "warm_start", blind)


def test_a_fallback_that_breaks_a_rule_is_never_returned_when_the_time_limit_strikes(monkeypatch):
    _blind_greedy(monkeypatch)
    with pytest.raises(NoScheduleInTimeError):
        labor_opt.solve(household(NO_ROOM), time_limit=0.01)


def test_a_fallback_that_breaks_a_rule_is_never_returned_at_ctrl_c(monkeypatch):
    _blind_greedy(monkeypatch, stop=True)
    with pytest.raises(SearchInterrupted):
        labor_opt.solve(household(NO_ROOM), time_limit=30)


def test_the_command_line_says_so_exactly_exit_4_and_130(monkeypatch, tmp_path):
    path = write(tmp_path, NO_ROOM)
    _blind_greedy(monkeypatch)
    code, stdout, stderr = solve_cli(path, "--time-limit", "0.01")
    assert (code, stdout, first_line(stderr)) == (4, "", NO_TIME)
    _blind_greedy(monkeypatch, stop=True)
    code, stdout, stderr = solve_cli(path)
    assert (code, stdout, first_line(stderr)) == (130, "", INTERRUPTED)
    assert "best valid schedule" not in stderr


# Item 8: integer goals held as integers, at any weight.


def test_an_objective_above_2_to_the_53_is_read_back_and_held_exactly():
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y")
    model.add(x + y >= 7)
    objective = (2**58 + 3) * x + y + 12345678901234567  # as a float, its last units are lost
    outcome = minimize(model, objective, seconds=5)
    assert outcome.proven and outcome.objective == 12345678901234567 + 7
    assert outcome.bound == outcome.objective
    model.add(objective <= outcome.objective)  # held at it, the next group still has the optimum
    assert minimize(model, y, seconds=5).proven


def test_groups_keep_what_cp_sat_judges_from_the_domains_within_64_bits():
    model = cp_model.CpModel()
    wide = [model.new_int_var(0, 2**40, f"v{i}") for i in range(4)]
    # Ranges the goals declare are narrower than their variables' domains (a leximin's threshold and excesses).
    goals = [Goal(f"g{i}", wide[i] + wide[(i + 1) % 4], 0, 2**20) for i in range(4)]
    for group in in_solvable_groups(goals):
        model.minimize(lexicographic(group))
        assert not model.validate(), model.validate()  # no "possible integer overflow"


def test_leximin_with_stable_at_the_largest_share_weights_is_proven_at_every_stage():
    house = household(
        """
version: 1
settings:
  fairness: {objective: leximin, shares: {ann: 1000, bob: 1, cat: 1, dan: 1}, tolerance: 2h}
members:
  - {id: ann, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: bob}
  - {id: cat, work: [{days: [mon, tue, wed], from: "08:00", to: "16:00"}]}
  - {id: dan}
tasks:
  - {id: dinner, duration: 45m, repeat: daily, window: {from: "18:00", to: "20:00"}}
  - {id: dishes, duration: 30m, repeat: daily, window: {from: "19:00", to: "21:00"}}
  - {id: laundry, duration: 1h, repeat: {times: 3}}
  - {id: shop, duration: 1h30m, repeat: weekly, mental_load: 30m}
  - {id: clean, duration: 2h, repeat: weekly}
scenarios:
  more: {add_tasks: [{id: garden, duration: 1h, repeat: weekly}]}
"""
    )
    schedule = solve_checked(house, "more", stable=True, time_limit=30)
    assert schedule.status == "optimal"
    assert {stage.status for stage in schedule.solver.stages} == {"OPTIMAL"}


# Item 9: the nights before every refinement, and words for every goal.

NIGHTS = """
version: 1
settings:
  fairness: {objective: OBJECTIVE, tolerance: 1h}
members:
  - {id: ann, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: bob, work: [{days: weekdays, from: "09:00", to: "17:00"}]}
  - {id: cy, work: [{days: weekdays, from: "09:00", to: "13:00"}]}
tasks:
  - {id: feed, duration: 30m, repeat: daily, night: true, window: {from: "02:00", to: "04:00"}}
  - {id: dinner, duration: 1h, repeat: daily, window: {from: "18:00", to: "20:00"}}
  - {id: clean, duration: 2h, repeat: {times: 2}}
"""


def most_nights(schedule: labor_opt.Schedule) -> int:
    return max(summary.disturbed_nights for summary in schedule.members.values())


def test_leximin_never_trades_the_night_feeds_for_evener_totals():
    plain = solve_checked(household(NIGHTS.replace("OBJECTIVE", "imbalance")))
    leximin = solve_checked(household(NIGHTS.replace("OBJECTIVE", "leximin")))
    assert plain.status == leximin.status == "optimal"
    assert most_nights(leximin) == most_nights(plain) == 6  # leximin first gave one parent all 7


# The tolerance bought evener highest loads: with the least imbalance (2h: ann does bins and clean, 3h30m)
# someone carries 3h30m; 30m more imbalance lets bob mow and run the errand and cy clean (30m, 3h, 3h).
TOLERANCE_TO_LEXIMIN = """
version: 1
settings:
  fairness: {objective: leximin, tolerance: 30m}
members: [{id: ann}, {id: bob}, {id: cy}]
tasks:
  - {id: errand, duration: 1h30m, repeat: weekly, who: [bob, cy]}
  - {id: mow, duration: 1h30m, repeat: weekly, who: [bob]}
  - {id: clean, duration: 3h, repeat: weekly, who: [ann, cy]}
  - {id: bins, duration: 30m, repeat: weekly, who: [ann]}
"""

# The tolerance bought evenly shared routine work: an imbalance of 0 needs 8 of the 14 daily chores against 6
# plus the weekly clean; 1h of imbalance lets each do 7 (3h30m of routine work each).
TOLERANCE_TO_ROUTINE = """
version: 1
settings:
  fairness: {routine: balance, tolerance: 1h}
members: [{id: kim}, {id: lee}]
tasks:
  - {id: dishes, duration: 30m, repeat: daily}
  - {id: tidy, duration: 30m, repeat: daily}
  - {id: clean, duration: 1h, repeat: weekly}
"""


@pytest.mark.parametrize(
    ("text", "used_by", "sentence"),
    [
        (
            TOLERANCE_TO_LEXIMIN,
            "leximin",
            "Imbalance 2h30m of total load: 30m above the least possible (2h, proven), inside the 30m tolerance, "
            "which went to evening out the highest loads (leximin). Optimal: within the tolerance, no schedule "
            "does better.",
        ),
        (
            TOLERANCE_TO_ROUTINE,
            "routine",
            "Imbalance 1h of total load: 1h above the least possible (0m, proven), inside the 1h tolerance, which "
            "went to evening out the routine work. Optimal: within the tolerance, no schedule does better.",
        ),
    ],
    ids=["leximin", "routine"],
)
def test_solve_says_in_words_what_the_tolerance_went_to(tmp_path, text, used_by, sentence):
    path = write(tmp_path, text)
    shown = CliRunner().invoke(cli, ["solve", str(path), "-q"], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    (line,) = [line for line in shown.stdout.splitlines() if line.startswith("Imbalance ")]
    assert re.fullmatch(re.escape(sentence) + r" Solved in \d+\.\d\ds\.", line), line
    code, stdout, _ = solve_cli(path)  # the same schedule (every run gives it), as the checker reads it
    assert code == 0
    data = json.loads(stdout)
    assert data["fairness"]["tolerance_used_by"] == used_by
    assert labor_opt.check(labor_opt.load(path), data).valid


@pytest.mark.parametrize(
    "goal",
    ["disturbed_nights", "moved_members", "moved_times", "moved_owners", "preference", "total_disturbed_nights"],
)
def test_every_other_goal_the_tolerance_can_go_to_has_its_words(goal):
    assert goal in GOAL_WORDS  # leximin and routine are shown as printed, above


# Item 10: a required skill nobody has is a valid file with no schedule.

SKILL = ROOT / "tests" / "infeasible" / "required_skill_nobody_has.yaml"


def test_a_required_skill_nobody_has_is_exit_3_naming_the_skill_and_the_task():
    code, stdout, stderr = solve_cli(SKILL)
    assert (code, stdout, first_line(stderr)) == (3, "", "no schedule can satisfy this household:")
    assert stderr.splitlines()[1].startswith(
        "- task curry (on any day): nobody can do it. kim: lacks skill cooking:expert"
    )


def test_other_commands_read_that_household_without_crashing(tmp_path):
    schedule = write(tmp_path, '{"assignments": [], "owners": {}}', "week.json")
    result = CliRunner().invoke(cli, ["check", str(SKILL), str(schedule)])
    assert result.exit_code == 5
    assert first_line(result.output).startswith(f"{schedule}: ")
    result = CliRunner().invoke(cli, ["explain", str(SKILL), "curry"])
    assert (result.exit_code, first_line(result.stderr)) == (3, "no schedule can satisfy this household:")


# Item 16: a presence block that, with away tasks, leaves no schedule is named.


def test_the_presence_block_is_named_among_the_reasons():
    with pytest.raises(InfeasibleError) as raised:
        labor_opt.solve(household(NO_ROOM))
    (reason,) = raised.value.reasons
    assert reason.startswith(
        "someone home with the baby (daily 08:00-20:00) cannot be kept while shop and walk are done away: "
    ), reason


# Item 14: --workers within what a machine can run.


def test_workers_above_the_maximum_is_exit_2_with_the_range(tmp_path):
    result = CliRunner().invoke(cli, ["solve", str(write(tmp_path, BABY)), "--workers", "100000"])
    assert (result.exit_code, first_line(result.stderr)) == (2, "Usage: cli solve [OPTIONS] HOUSEHOLD_FILE")
    assert "Invalid value for '--workers': 100000 is not in the range 1<=x<=64." in result.stderr
    with pytest.raises(InputError, match="workers must be a whole number from 1 to 64, not 100000"):
        labor_opt.solve(household(BABY), workers=100000)


# Item 13: Ctrl-C while finding out why there is no schedule, and while explain weighs the alternatives.


def test_ctrl_c_during_what_would_make_it_work_is_interrupted(monkeypatch, tmp_path):
    from labor_opt.analysis import infeasibility as infeasible

    original = infeasible.has_schedule

    def stopped(relaxed, seconds, stop):  # type: ignore[no-untyped-def]
        _press_ctrl_c()  # while the first change is tried
        return original(relaxed, seconds, stop)

    monkeypatch.setattr(infeasible, "has_schedule", stopped)
    code, stdout, stderr = solve_cli(write(tmp_path, NO_ROOM))
    assert (code, stdout, first_line(stderr)) == (130, "", INTERRUPTED)


def _press_ctrl_c() -> None:
    """What Ctrl-C does, at this very moment: the SIGINT handler labor-opt installed runs (it must be installed)."""
    handler = signal.getsignal(signal.SIGINT)
    assert callable(handler) and handler is not signal.default_int_handler, handler  # else KeyboardInterrupt
    handler(signal.SIGINT, None)


def test_ctrl_c_while_the_conflict_is_sought_stops_with_130_and_tries_no_change(monkeypatch, tmp_path):
    from labor_opt.analysis import infeasibility as infeasible

    calls = {"conflict": 0, "changes tried": 0}
    conflict, tried = infeasible.conflicting_occurrences, infeasible.has_schedule

    def seeking(*args: Any, **options: Any) -> Any:
        calls["conflict"] += 1
        _press_ctrl_c()  # the diagnosis of SLOW_DIAGNOSIS runs for seconds: Ctrl-C comes as it begins
        return conflict(*args, **options)

    def trying(*args: Any, **options: Any) -> Any:
        calls["changes tried"] += 1
        return tried(*args, **options)

    monkeypatch.setattr(infeasible, "conflicting_occurrences", seeking)
    monkeypatch.setattr(infeasible, "has_schedule", trying)
    code, stdout, stderr = solve_cli(write(tmp_path, SLOW_DIAGNOSIS))
    assert (code, stdout, first_line(stderr)) == (130, "", INTERRUPTED)
    assert "Traceback" not in stderr
    assert calls == {"conflict": 1, "changes tried": 0}


def test_ctrl_c_while_changes_are_tried_stops_at_that_change(monkeypatch, tmp_path):
    from labor_opt.analysis import infeasibility as infeasible

    tried, original = [], infeasible.has_schedule

    def trying(relaxed: Any, *args: Any, **options: Any) -> Any:
        tried.append(relaxed)
        if len(tried) == 3:
            _press_ctrl_c()  # while the third change is tried (SLOW_DIAGNOSIS tries dozens)
        return original(relaxed, *args, **options)

    monkeypatch.setattr(infeasible, "has_schedule", trying)
    code, stdout, stderr = solve_cli(write(tmp_path, SLOW_DIAGNOSIS))
    assert (code, stdout, first_line(stderr)) == (130, "", INTERRUPTED)
    assert len(tried) == 3


# Four members: who cooks is explained against the three others, each solved again with them cooking.
FOUR = """
version: 1
members: [{id: ann}, {id: bob}, {id: cy}, {id: dee}]
tasks:
  - {id: cook, duration: 1h, repeat: weekly}
  - {id: shop, duration: 1h30m, repeat: weekly}
"""
EXPLAIN_INTERRUPTED = "interrupted while solving the plan; nothing was explained or written"


def _counted_alternatives(monkeypatch: pytest.MonkeyPatch, ctrl_c: str | None = None) -> list[str]:
    """The members whose alternative is solved (a solve with one forced), in order.

    ``ctrl_c`` presses Ctrl-C as the first alternative's solve ``"begins"``
    or as it ``"ends"`` (its schedule found, the next not yet begun).
    """
    from labor_opt.solver import solve as solving

    forced: list[str] = []
    original = solving.solve_problem

    def solve_problem(problem, params, *args, **options):  # type: ignore[no-untyped-def]
        if params.forcing is None:  # the plan, not an alternative
            return original(problem, params, *args, **options)
        forced.append(problem.members[params.forcing.does[0][1]].id)
        if ctrl_c == "begins" and len(forced) == 1:
            _press_ctrl_c()
        try:
            return original(problem, params, *args, **options)
        finally:
            if ctrl_c == "ends" and len(forced) == 1:
                _press_ctrl_c()

    monkeypatch.setattr(solving, "solve_problem", solve_problem)
    return forced


def test_explain_solves_an_alternative_for_each_member_who_does_not_do_the_task(monkeypatch, tmp_path):
    path = write(tmp_path, FOUR)
    forced = _counted_alternatives(monkeypatch)
    result = CliRunner().invoke(cli, ["explain", str(path), "cook", "--format", "json", "-q", "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert labor_opt.check(labor_opt.load(path), data["plan"]).valid
    assert len(forced) == 3 and [alternative["member"] for alternative in data["alternatives"]] == forced


@pytest.mark.parametrize(("ctrl_c", "unsolved"), [("begins", 3), ("ends", 2)])
def test_ctrl_c_during_explains_alternatives_stops_them_and_shows_those_solved(monkeypatch, tmp_path, ctrl_c, unsolved):
    path = write(tmp_path, FOUR)
    forced = _counted_alternatives(monkeypatch, ctrl_c)
    result = CliRunner().invoke(cli, ["explain", str(path), "cook", "--format", "json", "-q", "--time-limit", "10"])
    said = f"interrupted: {unsolved} of 3 alternatives were not solved"
    assert (result.exit_code, first_line(result.stderr)) == (0, said), result.output
    assert "Traceback" not in result.stderr
    assert len(forced) == 1  # the two alternatives after it (see the test above) were never solved
    data = json.loads(result.stdout)
    assert labor_opt.check(labor_opt.load(path), data["plan"]).valid
    assert data["cut_short"] == said
    # The one solved before Ctrl-C is shown with its figures; the others say they were not solved.
    assert [alternative["possible"] for alternative in data["alternatives"]] == [ctrl_c == "ends", False, False]
    assert all("interrupted" in (a["reason"] or "") for a in data["alternatives"] if not a["possible"])


def _interrupted(command: list[str], after: float) -> tuple[int, str, float]:
    run = subprocess.Popen(
        [str(SCRIPT), *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
    )
    time.sleep(after)
    began = time.monotonic()
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    return run.returncode, stderr, time.monotonic() - began


@needs_script
def test_a_real_ctrl_c_into_explain_stops_with_130(tmp_path):
    """A real SIGINT to a real process (the in-process tests above press it at an exact step)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import SIZES, generate
    from generate import write as write_household

    size = SIZES[2]  # CP-SAT takes its whole time limit on it: the plan and each alternative
    path = tmp_path / "medium.yaml"
    write_household(generate(size.members, size.types, size.occurrences, size.resolution, seed=1), path)
    task = labor_opt.load(path).tasks[0].id
    # The plan has half of the 20 s: Ctrl-C at 4 s comes while it is solved.
    code, stderr, took = _interrupted(["explain", str(path), task, "--time-limit", "20", "-q"], after=4)
    assert "Traceback" not in stderr
    assert (code, first_line(stderr)) == (130, EXPLAIN_INTERRUPTED)
    assert took < 15  # not the rest of the time limit


# The acceptance: any household, any tiny time limit, any interruption: a valid schedule or a documented error.

DOCUMENTED = (InputError, InfeasibleError, NoScheduleInTimeError, SearchInterrupted)


@settings(max_examples=25, deadline=None)
@given(households(), st.floats(0.001, 0.5), st.one_of(st.none(), st.floats(0.0, 0.3)))
def test_a_solve_gives_a_valid_schedule_or_a_documented_error(data, time_limit, stop_after):
    try:
        house = labor_opt.parse_household(yaml.safe_dump(data), source="random.yaml")
    except InputError:
        event("an invalid household")
        return
    timer, stop = None, labor_opt.StopToken()
    try:
        if stop_after is not None:
            timer = threading.Timer(stop_after, stop.request)
            timer.start()
        schedule = labor_opt.solve(house, time_limit=time_limit, stop=stop)
    except DOCUMENTED as error:
        event(f"no schedule: {type(error).__name__}")
        return
    finally:
        if timer is not None:
            timer.cancel()
            timer.join()
    event(f"a schedule, {schedule.status.value}")
    note(f"{schedule.status.value} schedule: {schedule.to_dict()['assignments']}")
    report = labor_opt.check(house, schedule)
    assert report.valid, [str(v) for v in report.violations]


def test_tiny_time_limits_still_give_checked_schedules():
    """The property above is not vacuous: at 0.01 s, households do get schedules, and each passes the checker."""
    solved = []
    for path in EXAMPLES:
        house = labor_opt.load(path)
        try:
            schedule = labor_opt.solve(house, time_limit=0.01)
        except NoScheduleInTimeError:
            continue
        report = labor_opt.check(house, schedule)
        assert report.valid, (path.name, [str(v) for v in report.violations])
        solved.append(path.name)
    assert len(EXAMPLES) >= 4 and len(solved) >= 2, solved  # the quick fallback answers in no time


# Every command, through the command line, on random households with tiny time limits.

EXITS = {0, 2, 3, 4, 5, 130}  # never 1, a bug's code


def _command(*args: object) -> Any:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.exit_code in EXITS, (args, result.exit_code, output, result.exc_info)
    if result.exit_code:
        assert result.stderr.strip(), (args, result.exit_code)  # an error says what went wrong
    event(f"{args[0]} exit {result.exit_code}")
    return result


def _valid(path: Path, schedule: dict[str, Any]) -> None:
    report = labor_opt.check(labor_opt.load(path), schedule)
    assert report.valid, [str(v) for v in report.violations]


EXTRA = {"more": {"add_tasks": [{"id": "extra", "duration": 30, "repeat": "weekly"}]}}


@settings(max_examples=12, deadline=None)
@given(households(), st.sampled_from(["0.01", "0.05", "0.2", "0.5"]), st.booleans())
def test_every_command_gives_a_documented_exit_and_only_checked_schedules(data, time_limit, scenario):
    if scenario:
        data["scenarios"] = EXTRA
    tasks = [task["id"] for task in data["tasks"]]
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), yaml.safe_dump(data))
        limit = ["-q", "--time-limit", time_limit]
        solved = _command("solve", path, "--format", "json", *limit)
        week = None
        if solved.exit_code == 0:
            _valid(path, json.loads(solved.stdout))
            week = write(Path(folder), solved.stdout, "week.json")
            assert _command("check", path, week).exit_code == 0
            _command("check", path, week, "--verify", "--time-limit", time_limit)
        compared = _command("compare", path, "--format", "json", *limit)
        if compared.exit_code == 0:
            shown = json.loads(compared.stdout)
            for schedule in [shown["base"], *(each["schedule"] for each in shown["scenarios"].values())]:
                _valid(path, schedule)
        if tasks:
            explained = _command("explain", path, tasks[0], "--format", "json", *limit)
            if explained.exit_code == 0:
                _valid(path, json.loads(explained.stdout)["plan"])
        today = ["--baseline", week] if week is not None else []
        audited = _command("audit", path, *today, "--format", "json", *limit)
        if audited.exit_code == 0:
            _valid(path, json.loads(audited.stdout)["plan"])


# Shares whose exact comparison would overflow the solver's integers (a crash, exit 1) are refused at reading;
# the shares the message suggests solve, and leximin holds with them.

FINE_SHARES = """
version: 1
settings:
  fairness: {objective: leximin, shares: SHARES}
members: [{id: ana}, {id: ben}, {id: cho}, {id: dev}]
tasks:
  - {id: cook, duration: 45m, repeat: daily}
  - {id: shop, duration: 1h, repeat: {times: 2}, mental_load: 30m}
"""


def test_shares_too_fine_to_compare_exactly_are_refused_and_the_suggested_ones_solve():
    with pytest.raises(InputError) as refused:
        household(FINE_SHARES.replace("SHARES", "{ana: 999.999, ben: 0.001, cho: 0.002, dev: 998.997}"))
    (issue,) = refused.value.errors
    assert issue.hint.endswith("{ana: 1000, ben: 0.1, cho: 0.1, dev: 999}")
    suggested = household(FINE_SHARES.replace("SHARES", "{ana: 1000, ben: 0.1, cho: 0.1, dev: 999}"))
    schedule = solve_checked(suggested, time_limit=20)
    assert schedule.status == "optimal"
