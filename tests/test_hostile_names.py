"""Never a traceback, part three: names that attack terminals, init's answers and prompts, closed pipes.

Names come from anyone who shares the house and schedule files from
anywhere: a control character in a name is refused at reading (exit 2, the
line, the character by its code), a schedule file's values are printed
escaped, and nothing labor-opt prints carries ESC, BEL or CR. Each case has
its exact exit code and first message line.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import labor_opt
from labor_opt.cli import cli
from labor_opt.kernel.errors import InputError
from labor_opt.kernel.safe_text import has_control_characters

from .conftest import ROOT, household, solve_checked

SCRIPT = Path(sys.executable).with_name("labor-opt")
CORPUS = ROOT / "tests" / "corpus"
HOSTILE_MEMBER = CORPUS / "unicode_escape_in_member_name.yaml"
OSC_52 = "\x1b]52;c;ZXZpbA==\x07"  # writes "evil" to the clipboard
CLEAR = "\x1b[2J"  # clears the screen
SMALL = """\
version: 1
name: Small
members: [{id: kim}, {id: lee}]
tasks:
  - {id: tidy, duration: 30m, repeat: daily}
  - {id: dinner, duration: 45m, repeat: [mon, thu], window: {from: "18:00", to: "20:00"}}
scenarios:
  later:
    remove_members: [lee]
"""


def run(*args: object, **options: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "200"}, **options)


def first_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip())


def assert_harmless(result) -> None:
    """Nothing that acts on a terminal reached it, and no traceback."""
    for stream in (result.stdout, result.stderr):
        assert not {"\x1b", "\x07", "\r"} & set(stream), stream
    assert "Traceback" not in result.stdout + result.stderr


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


# Item 2: control characters in names are refused at reading, whatever the command.


@pytest.mark.parametrize(
    "command",
    [
        ["solve", HOSTILE_MEMBER],
        ["solve", HOSTILE_MEMBER, "--format", "markdown"],
        ["explain", HOSTILE_MEMBER, "tidy"],
        ["compare", HOSTILE_MEMBER],
        ["audit", HOSTILE_MEMBER],
        ["check", HOSTILE_MEMBER, HOSTILE_MEMBER],
    ],
)
def test_a_name_holding_escapes_is_refused_by_every_command(command):
    result = run(*command)
    assert result.exit_code == 2
    assert first_line(result.stderr) == (
        f'{HOSTILE_MEMBER}:4: error: members[0].name: "Kim\\x1b]0;pwned\\x07\\x1b[2J" holds U+001B ESCAPE, '
        "U+0007 BELL, control characters; remove them: names, ids and other values are plain text on one line"
    )
    assert_harmless(result)


NAMES = st.text(min_size=1, max_size=12).filter(has_control_characters)


@given(name=NAMES, where=st.sampled_from(["member", "task", "household", "tag", "scenario"]))
def test_any_control_character_anywhere_is_refused_and_never_printed(name, where):
    quoted = json.dumps(name)  # a YAML double-quoted scalar that holds exactly ``name``
    text = {
        "member": f"version: 1\nmembers: [{{id: kim, name: {quoted}}}]\ntasks: []\n",
        "task": f"version: 1\nmembers: [{{id: kim}}]\ntasks: [{{id: {quoted}, duration: 30m}}]\n",
        "household": f"version: 1\nname: {quoted}\nmembers: [{{id: kim}}]\ntasks: []\n",
        "tag": f"version: 1\nmembers: [{{id: kim}}]\ntasks: [{{id: t, duration: 30m, tags: [{quoted}]}}]\n",
        "scenario": f"version: 1\nmembers: [{{id: kim}}]\ntasks: []\nscenarios: {{{quoted}: {{}}}}\n",
    }[where]
    with pytest.raises(InputError) as raised:
        household(text)
    issues = raised.value.errors
    assert issues and "control character" in str(issues[0]) and str(issues[0]).startswith("test.yaml:")
    assert not any(has_control_characters(str(issue)) for issue in issues)


def test_a_scenario_file_whose_name_holds_an_escape_is_refused(small, tmp_path):
    scenario = tmp_path / f"later{CLEAR}.yaml"
    scenario.write_text("remove_tasks: [tidy]\n", encoding="utf-8")
    result = run("compare", small, "--scenario-file", scenario)
    assert result.exit_code == 2
    assert first_line(result.stderr) == (
        f'{tmp_path}/later\\x1b[2J.yaml:1: error: the scenario file\'s name "later\\x1b[2J" holds U+001B ESCAPE; '
        "rename the file with plain characters"
    )
    assert_harmless(result)


def test_command_line_values_are_quoted_escaped(small):
    member = run("solve", small, "--member", f"kim{OSC_52}", "--time-limit", "5")
    assert member.exit_code == 2
    assert first_line(member.stderr) == (
        f'{small}: error: --member: there is no member "kim\\x1b]52;c;ZXZpbA==\\x07"; it holds U+001B ESCAPE '
        "(it cannot be seen), U+0007 BELL (it cannot be seen); retype it with plain characters"
    )
    assert_harmless(member)
    scenario = run("solve", small, "--scenario", f"later{CLEAR}")
    assert scenario.exit_code == 2
    assert first_line(scenario.stderr) == (
        f"{small}: error: there is no scenario later\\x1b[2J; it holds U+001B ESCAPE (it cannot be seen); "
        "retype it with plain characters"
    )
    assert_harmless(scenario)
    missing = run("solve", f"{small}{CLEAR}")
    assert missing.exit_code == 2
    assert first_line(missing.stderr) == (
        f"{small}\\x1b[2J: error: the file does not exist; check the path and its spelling"
    )
    assert_harmless(missing)
    usage = subprocess.run([str(SCRIPT), "solve", small, "--format", f"json{OSC_52}"], capture_output=True,
                           text=True, timeout=60)  # fmt: skip
    assert usage.returncode == 2  # click's own message quotes the argument, escaped on its way out
    assert first_line(usage.stderr) == "Usage: labor-opt solve [OPTIONS] HOUSEHOLD_FILE"
    assert "'json\\x1b]52;c;ZXZpbA==\\x07' is not one of" in usage.stderr
    assert_harmless(usage)


def test_check_prints_an_untrusted_schedules_values_escaped(small, tmp_path):
    house = labor_opt.load(small)
    data = solve_checked(house, time_limit=5).to_dict()
    data["assignments"][0]["members"] = [f"lee{OSC_52}"]
    data["assignments"][1]["task"] = f"dinner{CLEAR}"
    data["household"] = f"Small\r{CLEAR}"
    data["members"][f"kim\n{OSC_52}"] = data["members"].pop("kim")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    result = run("check", small, hostile, "--strict")  # every problem a line, stale figures too
    assert result.exit_code == 5
    assert first_line(result.stdout).startswith(f"{hostile}: ") and "problem" in first_line(result.stdout)
    assert "- figures are reported for 'kim\\n\\x1b]52;c;ZXZpbA==\\x07', who is not a member" in result.stdout
    assert "- the schedule is of household 'Small\\r\\x1b[2J', not 'Small'" in result.stdout
    assert all(line.startswith(("- ", f"{hostile}: ")) for line in result.stdout.splitlines())  # one line each
    assert_harmless(result)


def assert_checked(house: Path, schedule: dict) -> None:
    """A schedule the command line gave keeps every rule, by the project's own checker."""
    report = labor_opt.check(labor_opt.load(house), schedule)
    assert report.valid, [str(v) for v in report.violations]


def test_solve_and_explain_print_plain_names(small, tmp_path):
    solved = run("solve", small, "--time-limit", "5", "-o", tmp_path / "week.json")  # the schedule, to check
    assert solved.exit_code == 0, solved.output
    assert_checked(small, json.loads((tmp_path / "week.json").read_text(encoding="utf-8")))
    shown = run("solve", small, "--time-limit", "5")  # the same schedule (every run gives it), as a table
    assert shown.exit_code == 0 and "Small" in shown.stdout
    assert_harmless(shown)
    explained = run("explain", small, "dinner", "--time-limit", "5", "--format", "json")
    assert explained.exit_code == 0, explained.output
    assert_checked(small, json.loads(explained.stdout)["plan"])
    explained = run("explain", small, "dinner", "--time-limit", "5")
    assert explained.exit_code == 0 and "dinner" in explained.stdout
    assert_harmless(explained)


# Item 10: an error a scenario's edit caused is reported at that edit.


def test_a_removed_task_whose_tag_is_liked_is_reported_at_the_remove_edit():
    text = SMALL.replace("{id: kim}", "{id: kim, never: [cooking]}").replace(
        "window: {", "tags: [cooking], window: {"
    ).replace("remove_members: [lee]", "remove_tasks: [dinner]")  # fmt: skip
    with pytest.raises(InputError) as raised:
        household(text)
    assert [str(issue) for issue in raised.value.errors] == [
        "test.yaml:9: error: scenarios.later.remove_tasks[0]: scenario later: removes dinner, which was tagged "
        "cooking, but `never` of kim names cooking, now neither a task id nor a tag; also update never of kim in "
        "this scenario (update_members: {kim: {never: [...]}}), or keep a task tagged cooking"
    ]
    liked_by_id = SMALL.replace("{id: kim}", "{id: kim, likes: [dinner]}").replace(
        "remove_members: [lee]", "remove_tasks: [dinner]"
    )
    assert household(liked_by_id).scenarios["later"].remove_tasks == ["dinner"]  # liking a removed task is no mistake


# Item 16: init's answers are values, named by their option; nothing can add keys to the file.


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--commute", "kim=30m\nname: hacked"],
            'labor-opt: error: the commute of kim (--commute): "30m\\nname: hacked" is not a duration; write whole '
            'minutes such as 45, or a string such as "45m", "1h" or "1h30m"',
        ),
        (
            ["--name", f"Home{OSC_52}"],
            "labor-opt: error: the household name (--name) 'Home\\x1b]52;c;ZXZpbA==\\x07' holds U+001B ESCAPE, "
            "U+0007 BELL, control characters; write it as plain text on one line",
        ),
        (
            ["--member", "lee\nversion: 2"],
            'labor-opt: error: the member id (--member) "lee\\nversion: 2" is not a valid member id; it holds '
            "U+000A LINE FEED (it cannot be seen); retype it",
        ),
        (
            ["--work", "kim=weekdays 09:00-25:00"],
            'labor-opt: error: the work hours of kim: "25:00" is not a time of day; write a quoted 24-hour time '
            'from "00:00" to "24:00", e.g. "07:30"',
        ),
    ],
)
def test_init_refuses_a_bad_answer_by_its_option_and_writes_nothing(tmp_path, options, message):
    path = tmp_path / "house.yaml"
    result = run("init", path, "--no-input", "--member", "kim", *options)
    assert result.exit_code == 2
    assert first_line(result.stderr) == message
    assert result.stderr.rstrip().endswith("nothing was written.")
    assert not path.exists()
    assert_harmless(result)


def test_init_quotes_what_yaml_would_read_as_something_else(tmp_path):
    path = tmp_path / "house.yaml"
    result = run("init", path, "--no-input", "--member", "123", "--member", "kim", "--name", "2024: a new home",
                 "--commute", "123=90", "--work", "123=weekdays 09:00-17:00")  # fmt: skip
    assert result.exit_code == 0, result.output
    house = labor_opt.load(path)
    assert house.name == "2024: a new home" and [m.id for m in house.members] == ["123", "kim"]
    assert house.member("123").commute == 90


class _CtrlC(io.RawIOBase):
    """Standard input at which the person presses Ctrl-C."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        if len(buffer) == 0:  # click checks that it reads bytes, reading none
            return 0
        raise KeyboardInterrupt


def test_ctrl_c_at_an_init_prompt_is_exit_130_and_writes_nothing(tmp_path):
    path = tmp_path / "house.yaml"
    result = run("init", path, input=_CtrlC())
    assert result.exit_code == 130
    assert first_line(result.stderr) == "interrupted"
    assert "Traceback" not in result.output and "Aborted" not in result.output
    assert not path.exists()


def test_closed_input_before_the_answers_are_complete_is_exit_2(tmp_path):
    path = tmp_path / "house.yaml"
    result = run("init", path, input="Flat 3\nshared-house\n")
    assert result.exit_code == 2
    assert first_line(result.stderr) == (
        "labor-opt: error: the input ended before every question was answered (at: Who lives here, and who "
        "helps? Names, separated by commas); answer each question, or give every answer as an option with --no-input, e.g. labor-opt init "
        "--no-input --member alex --member sam"
    )
    assert not path.exists()
    with open("/dev/null", encoding="utf-8") as nothing:  # the real thing: a process whose stdin is closed
        process = subprocess.run([str(SCRIPT), "init", str(path)], stdin=nothing, capture_output=True, text=True,
                                 timeout=60)  # fmt: skip
    assert process.returncode == 2
    assert first_line(process.stderr).startswith("labor-opt: error: the input ended before every question")
    assert "Traceback" not in process.stderr and not path.exists()


def test_bad_ages_at_the_prompt_are_a_clear_message_and_asked_again(tmp_path):
    path = tmp_path / "house.yaml"
    result = run("init", path, "--name", "Us", "--kind", "family", "--member", "kim", "--work", "kim=none",
                 input="²\nnone\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert first_line(result.stderr) == "  '²' gives no age; write it like this: Leo 7, Lily 8 months"
    assert_harmless(result)


# Item 14: a reader that goes away (| head -1) ends labor-opt quietly, with the shell's SIGPIPE code.


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{small}", "{schedule}"],
        ["solve", "{small}", "--time-limit", "5"],
        ["solve", "{small}", "--time-limit", "5", "--format", "json"],
        ["--help"],
    ],
)
def test_a_closed_pipe_ends_quietly_with_141(small, tmp_path, command):
    schedule = tmp_path / "week.json"
    schedule.write_text(json.dumps(solve_checked(labor_opt.load(small), time_limit=5).to_dict()), encoding="utf-8")
    args = [part.format(small=small, schedule=schedule) for part in command]
    process = subprocess.Popen([str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before labor-opt writes a line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert stderr == ""
