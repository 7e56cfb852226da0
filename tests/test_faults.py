"""Never a traceback, part two: devices and pipes, outputs that cannot be written, a referee that cannot be fooled.

Each case was found by someone who had not seen the corpus; each gets its
exact exit code and message here. The hostile household files themselves
are in tests/corpus.
"""

from __future__ import annotations

import copy
import errno
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import labor_opt
from labor_opt.cli import cli

from .conftest import ROOT, household, solve_checked

SCRIPT = Path(sys.executable).with_name("labor-opt")
NEWBORN = ROOT / "examples" / "newborn.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "200"})


def run_process(*args: object, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def first_error(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.strip())


# 1. Anything that is not a regular file is refused at once.


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_devices_pipes_and_folders_are_refused_at_once(tmp_path, fifo):
    endless = tmp_path / "x.yaml"
    endless.symlink_to("/dev/urandom")
    cases = [
        (
            ["solve", "/dev/zero"],
            "/dev/zero: error: this is a character device, not a regular file; name a household file",
        ),
        (
            ["solve", endless],
            f"{endless}: error: this is a character device, not a regular file; name a household file",
        ),
        (["solve", fifo], f"{fifo}: error: this is a pipe (FIFO), not a regular file; name a household file"),
        (["solve", tmp_path], f"{tmp_path}: error: this is a folder, not a regular file; name a household file"),
        (
            ["compare", NEWBORN, "--scenario-file", fifo],
            f"{fifo}: error: this is a pipe (FIFO), not a regular file; name a scenario file",
        ),
        (["check", NEWBORN, fifo], f"{fifo}: error: this is a pipe (FIFO), not a regular file; name a schedule file"),
        (
            ["compare", NEWBORN, "--baseline", "/dev/zero"],
            "/dev/zero: error: this is a character device, not a regular file; name a schedule file",
        ),
    ]
    for args, expected in cases:
        began = time.monotonic()
        result = run_process(*args, timeout=20)  # a read of /dev/zero or a pipe would never end
        assert time.monotonic() - began < 15
        assert result.returncode == 2, (args, result.stderr)
        assert first_error(result) == expected
        assert "Traceback" not in result.stderr and "Usage:" not in result.stderr


# 2. YAML that means what it says.


def test_merge_keys_share_defaults_and_written_keys_win():
    house = household("""
version: 1
members: [{id: kim}, {id: lee}]
tasks:
  - &chore {id: dusting, duration: 30m, repeat: weekly, tags: [cleaning]}
  - <<: *chore
    id: hoover
    duration: 45m
  - <<: [*chore]
    id: windows
""")
    assert [(t.id, t.duration, t.tags) for t in house.tasks] == [
        ("dusting", 30, ["cleaning"]),
        ("hoover", 45, ["cleaning"]),
        ("windows", 30, ["cleaning"]),
    ]
    solve_checked(house)


def test_numbers_as_names_times_unquoted_and_yaml_1_1_words():
    house = household("""
version: 1
members: [{id: kim, work: [{days: weekdays, from: 09:00, to: 17:30}]}]
tasks: [{id: tea, duration: 15m, window: {from: 17:30, to: 18:00}}]
scenarios:
  2024: {description: the year we moved}
  yes: {description: a scenario called yes}
""")
    assert list(house.scenarios) == ["2024", "yes"]
    assert house.members[0].work[0].end == 17 * 60 + 30
    assert solve_checked(house, "2024").scenario == "2024"


# 7. Outputs that cannot be written, and outputs that must not be replaced.


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_device_outputs_are_written_in_place_never_replaced():
    quiet = run("solve", NEWBORN, "-q", "--format", "json", "-o", "/dev/null")
    assert quiet.exit_code == 0 and "written to /dev/null" in quiet.stderr
    full = run("solve", NEWBORN, "-q", "--format", "json", "-o", "/dev/full")
    assert full.exit_code == 2
    assert first_error(full) == (
        "/dev/full: error: cannot write the output: No space left on device; "
        "the disk is full; free some space and run it again"
    )
    assert "nothing was written" in full.stderr and "written to" not in full.stderr
    for device in ("/dev/null", "/dev/full"):
        assert stat.S_ISCHR(os.stat(device).st_mode), f"{device} was replaced"


def test_outputs_that_cannot_be_written_are_clear_errors(tmp_path, fifo):
    cases = [
        (tmp_path / "missing" / "out.json", "the folder {folder} does not exist; create it first"),
        (tmp_path, "-o names a folder, which cannot hold an output"),
        (fifo, "-o names a pipe (FIFO), which cannot hold an output"),
    ]
    for target, expected in cases:
        result = run("solve", NEWBORN, "-q", "--format", "json", "-o", target)
        assert result.exit_code == 2, result.output
        assert expected.format(folder=tmp_path / "missing") in first_error(result)
        assert first_error(result).startswith(f"{target}: error:")
    empty = run("solve", NEWBORN, "-q", "-o", "")
    assert empty.exit_code == 2 and "Traceback" not in empty.output


def test_a_failed_write_keeps_the_earlier_output_and_its_permissions(tmp_path, monkeypatch):
    out = tmp_path / "week.json"
    out.write_text('{"earlier": true}')
    out.chmod(0o640)

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("labor_opt.kernel.files.os.fsync", full_disk)
        failed = run("solve", NEWBORN, "-q", "-o", out)
    assert failed.exit_code == 2 and "the disk is full" in failed.stderr
    assert out.read_text() == '{"earlier": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["week.json"]  # no temporary file left
    assert run("solve", NEWBORN, "-q", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert labor_opt.check(labor_opt.load(NEWBORN), json.loads(out.read_text())).valid


# 9. The referee cannot be fooled.


@pytest.fixture(scope="module")
def schedule() -> dict:
    return labor_opt.solve(labor_opt.load(NEWBORN)).to_dict()


def problems(data) -> list[str]:
    return [str(v) for v in labor_opt.check(labor_opt.load(NEWBORN), data).violations]


def test_every_claim_is_checked(schedule):
    claims = copy.deepcopy(schedule)
    claims["fairness"].update(tolerance=15, measure="chores")
    claims["version"] = 2
    assert problems(claims) == [
        "the file says version 2; the schedule format has only version 1",
        'the measure is reported as "chores", but the household measures total',
        "the tolerance is reported as 15, but the household's is 30",
    ]
    optimistic = copy.deepcopy(schedule)
    optimistic["fairness"]["lower_bound"] = 0
    assert problems(optimistic) == [
        "the schedule claims to be optimal, but its imbalance 430 is more than the tolerance (30) above its own "
        "lower bound 0"
    ]
    owned = copy.deepcopy(schedule)
    owned["owners"]["laundry"] = "kai"
    owned["members"]["stranger"] = owned["members"]["kai"]
    assert problems(owned) == [
        "rule 5 (one owner): owners names laundry, which has no mental load to own",
        "figures are reported for 'stranger', who is not a member",
    ]


def test_garbled_schedules_are_violations_never_crashes(schedule):
    lee = copy.deepcopy(schedule)
    lee["assignments"][0]["members"] = "noor"  # one member, not n, o, o, r
    assert any(p.startswith("an assignment cannot be read:") for p in problems(lee))
    assert "scenario 123 is not the name of a scenario" in problems({**schedule, "scenario": 123})
    assert problems([1, 2])[0] == "the schedule is not a mapping of keys to values"
    assert "`assignments` is not a list" in problems({**schedule, "assignments": {"a": 1}})


def test_schedule_files_get_the_limits_household_files_have(tmp_path, schedule):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    aliased = tmp_path / "aliased.yaml"
    aliased.write_text("fairness: &f {measure: total}\nassignments: []\nagain: *f\n")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
        + "assignments: []\n"
    )
    for path, exit_code, message in (
        (deep, 2, f"{deep}:1: error: the file is nested too deeply to read; keep nesting under 60 levels"),
        (aliased, 5, None),  # read, then refereed: it is not this household's schedule
        (bomb, 2, f"{bomb}:6: error: the file expands to too many values (aliases that repeat aliases?)"),
    ):
        began = time.monotonic()
        result = run("check", NEWBORN, path)
        assert time.monotonic() - began < 10
        assert result.exit_code == exit_code, result.output
        assert "Traceback" not in result.output
        if message:
            assert first_error(result).startswith(message)


# 10. Half minutes round half up, everywhere.


def test_a_half_minute_imbalance_rounds_up_in_the_solver_the_reports_and_the_checker():
    house = household("""
version: 1
settings: {fairness: {measure: chores, shares: {kim: 1, lee: 2}, tolerance: 0}}
members: [{id: kim}, {id: lee}]
tasks: [{id: tidy, duration: 15m, who: [kim]}]
""")
    # Kim's share-adjusted load is 15 / (1 x 2 / 3) = 22.5 minutes; Lee's is 0.
    schedule = solve_checked(house)
    assert (schedule.fairness.imbalance, schedule.fairness.lower_bound) == (23, 23)
    assert labor_opt.check(house, schedule).imbalance == 23
    assert "Imbalance 23m" in labor_opt.report.terminal.fairness_sentence(schedule)


# 8. Ctrl-C at any moment ends cleanly.


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import SIZES, generate, write

    size = SIZES[3]
    path = tmp_path_factory.mktemp("large") / "large.yaml"
    write(generate(size.members, size.types, size.occurrences, size.resolution, seed=1), path)
    return path


def with_ctrl_c() -> None:
    """In the child: Ctrl-C as at a terminal, even where the tests run as a background job (which ignores it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# From loading the libraries (the first half second) to reading the file, building the model and
# searching. The first few milliseconds, while Python itself starts, are Python's own.
@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
@pytest.mark.parametrize("after", [0.3, 0.8, 1.4, 2.0, 2.6, 3.4])
def test_ctrl_c_at_any_moment_ends_cleanly(large, after):
    run_ = subprocess.Popen(
        [str(SCRIPT), "solve", str(large), "--format", "json", "-q", "--time-limit", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=with_ctrl_c,
    )
    time.sleep(after)
    run_.send_signal(signal.SIGINT)
    stdout, stderr = run_.communicate(timeout=30)
    assert "Traceback" not in stderr and "terminate called" not in stderr, stderr
    assert run_.returncode in (0, 130), (run_.returncode, stderr)
    if run_.returncode == 0:
        data = json.loads(stdout)
        assert data["status"] == "feasible" and labor_opt.check(labor_opt.load(large), data).valid
    else:
        assert stderr.strip().splitlines()[-1].startswith("interrupted") and not stdout


# 6. The first message is the real problem, and errors are not buried.


def test_errors_are_not_followed_by_thousands_of_warnings(tmp_path):
    many = tmp_path / "many.yaml"
    tasks = "".join(f"  - {{id: t{i}, duration: 20m, window: {{from: '19:05', to: '21:00'}}}}\n" for i in range(2500))
    many.write_text(f"version: 1\nmembers: [{{id: kim}}]\ntasks:\n{tasks}")
    result = run("solve", many)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"{many}:3: error: tasks: the file has 2500 tasks; labor-opt plans for at most 2000; "
        "merge similar tasks, or split the household"
    )
    assert len(lines) <= 3 and "warning" not in result.stderr


SCHEDULE_KEYS = st.sampled_from(["version", "status", "assignments", "owners", "members", "fairness", "scenario"])
JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


BASE: list = []  # the newborn household and its schedule, solved once


@given(data=st.data())
def test_the_referee_never_crashes_on_any_schedule_data(data):
    if not BASE:
        house = labor_opt.load(NEWBORN)
        BASE.extend([house, labor_opt.solve(house).to_dict()])
    house, broken = BASE[0], copy.deepcopy(BASE[1])
    for _ in range(data.draw(st.integers(1, 3))):
        key = data.draw(SCHEDULE_KEYS)
        entries = broken.get("assignments")
        if key == "assignments" and isinstance(entries, list) and entries and isinstance(entries[0], dict):
            entry = entries[data.draw(st.integers(0, len(entries) - 1))]
            if isinstance(entry, dict):
                entry[data.draw(st.sampled_from(sorted(entries[0])))] = data.draw(JUNK)
        else:
            broken[key] = data.draw(JUNK)
    try:
        report = labor_opt.check(house, broken)
    except labor_opt.InputError as error:  # a scenario the household does not have: a clear input error
        assert error.errors[0].message.startswith("there is no scenario")
        return
    assert all(str(violation).strip() for violation in report.violations)  # each a sentence, none a crash
    if json.dumps(broken, sort_keys=True) == json.dumps(BASE[1], sort_keys=True):  # junk equal to what was there
        assert report.valid
