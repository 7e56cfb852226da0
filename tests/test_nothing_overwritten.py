"""Nothing a user wrote is overwritten, batch outputs cannot attack their readers, and batch's limits (issue 20).

Each case has its exact exit code and first message (or summary row); every
schedule written is checked by the project's own checker.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import labor_opt
import labor_opt.batch.running as batch
from labor_opt.cli import cli
from labor_opt.kernel.globbing import matching

from .conftest import ROOT

SCRIPT = Path(sys.executable).with_name("labor-opt")
NEWBORN = ROOT / "examples" / "newborn.yaml"
TWINS = ROOT / "examples" / "scenarios" / "twins.yaml"
SHARED = ROOT / "examples" / "shared_house.yaml"


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "200"})


def first_error(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.strip())


def rows(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def assert_valid(household: Path, schedule: Path) -> None:
    text = schedule.read_text(encoding="utf-8")
    data = json.loads(text) if schedule.suffix == ".json" else yaml.safe_load(text)
    report = labor_opt.check(labor_opt.load(household), data)
    assert report.valid, [str(v) for v in report.violations]


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


# Item 11: no command writes over a file it reads, whatever the link.


@pytest.fixture
def home(tmp_path: Path) -> dict[str, Path]:
    house = copy(NEWBORN, tmp_path / "house.yaml")
    scenario = copy(TWINS, tmp_path / "twins.yaml")
    baseline = tmp_path / "base.json"
    assert run("solve", house, "-o", baseline, "-q").exit_code == 0
    assert_valid(house, baseline)
    return {"house": house, "scenario": scenario, "baseline": baseline}


def test_no_output_is_written_over_a_file_the_command_reads(tmp_path, home):
    house, scenario, baseline = home["house"], home["scenario"], home["baseline"]
    link = tmp_path / "link.yaml"
    link.symlink_to(house)
    hard = tmp_path / "hard.yaml"
    os.link(house, hard)
    hint = "write to another file, e.g. schedule.json"
    cases = [
        (["solve", house, "-o", house], f"{house}: error: -o names the household file itself; it would be overwritten"),
        (["solve", house, "-o", link], f"{link}: error: -o names the household file itself; it would be overwritten"),
        (["solve", house, "-o", hard], f"{hard}: error: -o names the household file itself; it would be overwritten"),
        (
            ["solve", house, "--scenario-file", scenario, "-o", scenario, "--format", "yaml"],
            f"{scenario}: error: -o names the scenario file itself; it would be overwritten",
        ),
        (
            ["solve", house, "--baseline", baseline, "-o", baseline],
            f"{baseline}: error: -o names the baseline schedule itself; it would be overwritten",
        ),
        (
            ["compare", house, "--baseline", baseline, "-o", baseline, "--format", "json"],
            f"{baseline}: error: -o names the baseline schedule itself; it would be overwritten",
        ),
        (
            ["compare", house, "--scenario-file", scenario, "-o", scenario, "--format", "yaml"],
            f"{scenario}: error: -o names the scenario file itself; it would be overwritten",
        ),
        (
            ["audit", house, "--baseline", baseline, "-o", baseline, "--format", "json"],
            f"{baseline}: error: -o names the baseline schedule itself; it would be overwritten",
        ),
        (
            ["audit", house, "--scenario-file", scenario, "-o", scenario, "--format", "yaml"],
            f"{scenario}: error: -o names the scenario file itself; it would be overwritten",
        ),
        (
            ["explain", house, "dinner", "-o", link, "--format", "markdown"],
            f"{link}: error: -o names the household file itself; it would be overwritten",
        ),
    ]
    before = {path: path.read_bytes() for path in (house, scenario, baseline)}
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert first_error(result) == f"{message}; {hint}", args
        assert "nothing was solved" in result.stderr
    assert {path: path.read_bytes() for path in before} == before
    assert link.is_symlink() and hard.read_bytes() == before[house]


def test_the_generic_check_takes_any_outputs_and_inputs(tmp_path, home):
    from labor_opt.kernel.errors import InputError
    from labor_opt.kernel.files import refuse_to_overwrite

    calendar = tmp_path / "cal" / "kim.ics"
    calendar.parent.mkdir()
    calendar.symlink_to(home["scenario"])
    inputs = [("household file", home["house"]), ("scenario file", home["scenario"]), ("baseline schedule", None)]
    refuse_to_overwrite([("--ics", tmp_path / "cal" / "lee.ics"), ("-o", None)], inputs)  # nothing read: fine
    with pytest.raises(InputError) as refused:
        refuse_to_overwrite([("--ics", tmp_path / "cal" / "lee.ics"), ("--ics", calendar)], inputs)
    assert str(refused.value.issues[0]) == (
        f"{calendar}: error: --ics names the scenario file itself; it would be overwritten; give --ics another place"
    )


def test_batch_never_writes_a_schedule_over_a_household(tmp_path):
    homes = tmp_path / "homes"
    house = copy(NEWBORN, homes / "newborn.yaml")
    other = copy(SHARED, homes / "shared.yaml")
    result = run("batch", homes, "-o", homes, "--format", "yaml", "--workers", "1")
    assert result.exit_code == 2, result.output
    assert first_error(result) == (
        f"{house}: error: batch would write its own schedule over this household file; choose an output folder "
        "that holds no household files, e.g. -o schedules, or another --format"
    )
    assert house.read_bytes() == NEWBORN.read_bytes() and other.read_bytes() == SHARED.read_bytes()
    assert not (homes / "summary.csv").exists()
    # A household elsewhere whose schedule would land on one in the output folder.
    elsewhere = copy(NEWBORN, tmp_path / "elsewhere" / "shared.yml")
    result = run("batch", tmp_path / "elsewhere", "-o", homes, "--format", "yaml")
    assert result.exit_code == 0, result.output  # homes/shared.yaml is not one of its inputs: an ordinary output
    assert_valid(elsewhere, homes / "shared.yaml")


def test_a_rerun_whose_glob_matches_its_own_outputs_skips_them(tmp_path):
    data = tmp_path / "data"
    paths = [copy(NEWBORN, data / "a.yaml"), copy(SHARED, data / "deep" / "b.yaml")]
    out = data / "out"
    pattern = str(data / "**" / "*.yaml")
    first = run("batch", pattern, "-o", out, "--format", "yaml", "--workers", "1")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("2 solved, 0 failed, 0 already done")
    again = run("batch", pattern, "-o", out, "--format", "yaml", "--workers", "1")
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 solved, 0 failed, 2 already done")
    everything = run("batch", str(data / "**"), "-o", out, "--format", "yaml", "--workers", "1")
    assert everything.stdout.startswith("0 solved, 0 failed, 2 already done"), everything.output  # summary.csv too
    assert sorted(row["household"] for row in rows(out)) == sorted(str(path) for path in paths)
    for path in paths:
        assert_valid(path, out / f"{path.stem}.yaml")
    # The output folder is the households' folder, in another format: the schedules are outputs on a rerun.
    assert run("batch", str(data / "*"), "-o", data, "--workers", "1").stdout.startswith("1 solved")
    rerun = run("batch", str(data / "*"), "-o", data, "--workers", "1")
    assert rerun.exit_code == 0 and rerun.stdout.startswith("0 solved, 0 failed, 1 already done"), rerun.output
    assert_valid(paths[0], data / "a.json")


# Item 4: summary.csv cells a spreadsheet would run as formulas are neutralised.


def test_summary_cells_from_households_are_never_formulas(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    formula = copy(NEWBORN, folder / '=HYPERLINK("x","y").yaml')
    copy(NEWBORN, folder / "+plus.yaml")
    broken = folder / "@SUM(1+1).yaml"
    broken.write_text("version: 1\nmembers: [{id: kim, comute: 5m}]\ntasks: []\n")
    copy(NEWBORN, folder / "line\nbreak.yaml")
    monkeypatch.chdir(folder)
    result = run("batch", ".", "-o", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 6, result.output
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8", newline="") as file:
        text = file.read()
    assert len(text.splitlines()) == 5  # a header and one line a row: no cell holds a line break
    found = {row["household"]: row for row in csv.DictReader(text.splitlines())}
    assert set(found) == {'\'=HYPERLINK("x","y").yaml', "'+plus.yaml", "'@SUM(1+1).yaml", "line\\nbreak.yaml"}
    good = found['\'=HYPERLINK("x","y").yaml']
    assert good["schedule"] == '\'=HYPERLINK("x","y").json'
    # labor-opt's own numbers stay numbers a spreadsheet can sum.
    assert int(good["exit_code"]) == 0 and int(good["imbalance"]) >= 0 and float(good["seconds"]) >= 0
    assert_valid(formula, tmp_path / "out" / '=HYPERLINK("x","y").json')
    failed = found["'@SUM(1+1).yaml"]
    assert failed["exit_code"] == "2" and failed["message"].startswith("1 problem found: | @SUM(1+1).yaml:2: error:")
    for row in found.values():
        for column in ("household", "status", "schedule", "message"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), row
    # The neutralised cells still find their households: a rerun has nothing to do.
    again = run("batch", ".", "-o", tmp_path / "out", "--workers", "1")
    assert again.stdout.startswith("0 solved, 0 failed, 4 already done"), again.output


# Item 14: batch's processes, unreadable households, a summary.csv batch did not write.


def test_absurd_worker_counts_are_refused_and_no_more_processes_than_households_start(tmp_path, monkeypatch):
    cores = os.cpu_count() or 1
    most = 4 * cores
    result = run("batch", NEWBORN, "-o", tmp_path / "out", "--workers", "100000")
    assert result.exit_code == 2, result.output
    assert first_error(result) == (
        f"labor-opt: error: --workers 100000 is more processes than this computer runs well: at most {most} "
        f"(4 per core, {cores} core{'s' if cores != 1 else ''}); give --workers {most} or fewer, or leave it out: "
        "one per core is usually the fastest"
    )
    assert not (tmp_path / "out").exists()
    started = []

    class Counted(batch.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options) -> None:
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **options)

    monkeypatch.setattr(batch, "ProcessPoolExecutor", Counted)
    folder = tmp_path / "in"
    paths = [copy(NEWBORN, folder / "a.yaml"), copy(SHARED, folder / "b.yaml")]
    report = labor_opt.run_batch(folder, tmp_path / "out", workers=most)
    assert (report.solved, report.failed) == (2, 0)
    assert started == [2]  # two households: two processes, not one per worker asked for
    for path in paths:
        assert_valid(path, tmp_path / "out" / f"{path.stem}.json")


def test_unreadable_households_get_their_row_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    good = copy(NEWBORN, folder / "good.yaml")
    (folder / "latin1.yaml").write_bytes("version: 1\n# caf\xe9\n".encode("latin-1"))
    (folder / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    out = tmp_path / "out"
    result = run("batch", folder, "-o", out, "--workers", "2")
    assert result.exit_code == 6, result.output
    assert result.stdout.startswith("1 solved, 2 failed, 0 already done")
    found = {Path(row["household"]).name: row for row in rows(out)}
    assert (found["latin1.yaml"]["status"], found["latin1.yaml"]["exit_code"]) == ("invalid", "2")
    assert found["latin1.yaml"]["message"] == (
        f"1 problem found: | {folder / 'latin1.yaml'}:2: error: the file is not UTF-8 text; "
        "save it as UTF-8 (most editors offer this under 'Save as')"
    )
    assert (found["dangling.yaml"]["status"], found["dangling.yaml"]["exit_code"]) == ("invalid", "2")
    assert found["dangling.yaml"]["message"] == (
        f"1 problem found: | {folder / 'dangling.yaml'}: error: the file does not exist; "
        "check the path and its spelling"
    )
    assert_valid(good, out / "good.json")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_household_without_read_permission_gets_its_row(tmp_path):
    folder = tmp_path / "in"
    secret = copy(NEWBORN, folder / "secret.yaml")
    secret.chmod(0)
    result = run("batch", folder, "-o", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 6, result.output
    (row,) = rows(tmp_path / "out")
    assert row["message"] == (
        f"1 problem found: | {secret}: error: the file cannot be read: Permission denied; "
        "check the path and its permissions"
    )


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda path: path.mkdir(), "it is not a regular file (a folder, a device, a pipe)"),
        (lambda path: path.write_bytes(b"household,\xff\xfe\n"), "it is not UTF-8 text"),
        (lambda path: path.write_text("name,score\nkim,3\n"), "its columns are not those batch writes ("
         "household, sha256, status, exit_code, imbalance, lower_bound, occurrences, seconds, schedule, message)"),
    ],
    ids=["folder", "not-utf8", "other-columns"],
)  # fmt: skip
def test_a_summary_batch_did_not_write_is_refused_before_solving(tmp_path, make, why):
    out = tmp_path / "out"
    out.mkdir()
    make(out / "summary.csv")
    result = run("batch", NEWBORN, "-o", out, "--workers", "1")
    assert result.exit_code == 2, result.output
    assert first_error(result) == (
        f"{out / 'summary.csv'}: error: batch keeps its summary here and reads it to resume, but {why}; "
        "move it away, or choose another output folder with -o"
    )
    assert result.stderr.splitlines()[-1] == "1 problem found; nothing was solved."
    assert not (out / "newborn.json").exists()


# Item 15: sizes judged before reading, globs that never follow a linked folder.


def test_a_huge_sparse_household_is_refused_by_its_size_without_reading_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    huge = folder / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(400 * 1024 * 1024)  # sparse: takes no disk, reads as 400 MB of zeros
    tracemalloc.start()
    try:
        report = labor_opt.run_batch(folder, tmp_path / "out", workers=1)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (report.solved, report.failed) == (0, 1)
    assert peak < 2 * 1024 * 1024, peak  # never read: the limit is 5 MB, the file 400 MB
    (row,) = rows(tmp_path / "out")
    assert (row["status"], row["exit_code"], row["sha256"]) == ("invalid", "2", "")
    assert row["message"] == (
        f"1 problem found: | {huge}: error: the file is 400 MB; a household file is at most 5 MB; "
        "check that this is a household file"
    )


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_a_glob_never_follows_linked_folders(tmp_path):
    folder = tmp_path / "loop"
    house = copy(NEWBORN, folder / "house.yaml")
    copy(SHARED, folder / "real" / "shared.yaml")
    (folder / "a").symlink_to(".")
    (folder / "b").symlink_to(".")
    (folder / "elsewhere").symlink_to(tmp_path)  # a linked folder holding the loop itself
    out = tmp_path / "out"
    result = subprocess.run(
        [str(SCRIPT), "batch", str(folder / "**" / "*.yaml"), "-o", str(out), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=120,  # the exponential walk never ends
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 solved, 0 failed, 0 already done")
    assert sorted(row["household"] for row in rows(out)) == [str(house), str(folder / "real" / "shared.yaml")]
    assert_valid(house, out / "house.json")


def test_the_walk_matches_what_glob_matches_without_links(tmp_path):
    for name in ("a.yaml", "b.yml", ".hidden.yaml", "x/c.yaml", "x/y/d.yaml", "x/.h/e.yaml", "z/f.txt", "[g].yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    patterns = ["*.yaml", "**/*.yaml", "**", "*/*.yaml", "x/**/*.y*ml", "**/y/*", "?.yaml", "x/**", ".*", "[[]g].yaml"]
    for pattern in patterns:
        expected = sorted(Path(p) for p in glob.glob(str(tmp_path / pattern), recursive=True) if not os.path.isdir(p))
        assert matching(str(tmp_path / pattern)) == expected, pattern


# Ctrl-C: the batch stops at once, keeps the rows it wrote, and records no half-searched household.


@pytest.mark.skipif(not SCRIPT.exists(), reason="console script not installed")
def test_ctrl_c_stops_a_batch_at_once_and_it_resumes(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate, write

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in range(3):  # each takes the whole time limit: there is always a solve running
        write(generate(8, 60, 300, 15, seed=seed), folder / f"h{seed}.yaml")
    out = tmp_path / "out"
    command = [str(SCRIPT), "batch", str(folder), "-o", str(out), "--workers", "2", "--time-limit", "120"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not (out / "summary.csv").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # the workers are solving
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: the batch and its workers
    stdout, stderr = process.communicate(timeout=100)  # far less than the 120 s a solve would go on for
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "interrupted"
    assert rows(out) == []  # nothing half-searched is recorded as done
    assert not list(out.glob("*.json"))


def test_init_never_replaces_a_file_that_appears_while_the_questions_are_answered(tmp_path, monkeypatch):
    import labor_opt.cli.authoring as authoring

    target = tmp_path / "household.yaml"
    real = authoring.starter_text

    def someone_saves_meanwhile(answers):
        target.write_text("# written by hand meanwhile\n")
        return real(answers)

    monkeypatch.setattr(authoring, "starter_text", someone_saves_meanwhile)
    result = run("init", target, "--no-input", "--member", "kim", "--member", "lee")
    assert result.exit_code == 2, result.output
    assert first_error(result) == (
        f"{target}: error: the file already exists; init never overwrites a file; name a new file"
    )
    assert target.read_text() == "# written by hand meanwhile\n"
    assert [path.name for path in tmp_path.iterdir()] == ["household.yaml"]  # no temporary left behind


def test_households_sharing_a_file_name_are_named_with_their_paths(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / "d" / folder).mkdir(parents=True)
        shutil.copy(NEWBORN, tmp_path / "d" / folder / "a.yaml")
    result = run("batch", str(tmp_path / "d" / "**" / "*.yaml"), "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: several files have one name (a: {tmp_path}/d/x/a.yaml, {tmp_path}/d/y/a.yaml); "
        "each household needs its own file name: their schedules share one output folder"
    )
    assert not (tmp_path / "out").exists()
