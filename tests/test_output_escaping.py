"""Outputs that cannot attack their readers, and calendars that are written whole or not at all.

Names come from anyone who shares the house. Each output is read back by an
independent parser (icalendar and vobject, a CR-splitting one, for the
calendars; markdown-it-py for markdown): a name never adds a line, an
event, a table row or live HTML. The `--ics` folder and `--week-of` are
checked before anything is solved, each case with its exact exit code and
first message.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import re
import tempfile
from datetime import date
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from click.testing import CliRunner
from markdown_it import MarkdownIt

import labor_opt
from labor_opt.cli import cli
from labor_opt.kernel.errors import InputError
from labor_opt.kernel.safe_text import shown
from labor_opt.report.calendar import calendars
from labor_opt.report.html_page import schedule_page
from labor_opt.report.markdown import schedule_markdown

from .conftest import ROOT, solve_checked

NEWBORN = ROOT / "examples" / "newborn.yaml"
TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"  # both members have chores, and one is done together
MONDAY = date(2026, 3, 23)
BERLIN = ZoneInfo("Europe/Berlin")
# A bare CR, a LF, a CRLF that tries to close the event and open another, an escape sequence, RFC 5545's own
# separators, and a long name with characters of several bytes (folded across lines).
INJECTED_EVENT = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nSUMMARY:pwned\r\n"
HOUSE = "Kai\rEND:VCALENDAR\rBEGIN:VEVENT\rUID:evil-cr@x" + INJECTED_EVENT + "; a, b \\ c"
NAMES = {"alex": "Alex\nUID:evil-lf@x\x1b]0;title\x07", "sam": "Säm " + "🧺" * 60 + "\r"}
TASK = "Cook <img src=x onerror=alert(1)>" + INJECTED_EVENT


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "200"})


def first_error(result) -> str:
    return next(line for line in result.stderr.splitlines() if line.strip())


@pytest.fixture(scope="module")
def plain() -> labor_opt.Schedule:
    return solve_checked(labor_opt.load(TODDLER))


@pytest.fixture(scope="module")
def hostile(plain: labor_opt.Schedule) -> labor_opt.Schedule:
    """The checked schedule with hostile names (built here: reading such names may be refused at the file)."""
    return dataclasses.replace(
        plain, household=HOUSE, member_names=NAMES, task_names={**plain.task_names, "dinner": TASK}
    )


# 1. Calendars: every value escaped and folded by the icalendar library, read back by two parsers.


def unescaped(raw: str) -> str:
    """An RFC 5545 TEXT value, unescaped (icalendar reads an X- property raw; vobject unescapes it itself)."""
    return re.sub(r"\\([\\;,nN])", lambda match: "\n" if match[1] in "nN" else match[1], raw)


def expected_uids(schedule: labor_opt.Schedule, member: str | None) -> set[str]:
    """Task and day (and the household's mark) at the household's name made safe (the injected text only as letters)."""
    slug = "kai-end-vcalendar-begin-vevent-uid-evil-cr-x-end-vevent-begin-vevent-uid-evil-x-summary-pwned-a-b-c"
    return {
        f"{a.task}-{a.home_day}{'' if member else '.household'}@{slug}.labor-opt"
        for a in schedule.assignments
        if member is None or member in a.members
    }


def test_names_with_line_breaks_and_escapes_add_no_line_no_event_and_read_back_visible(hostile):
    files = {file.name: file.text for file in calendars(hostile, MONDAY, BERLIN)}
    assert list(files) == ["household.ics", "alex.ics", "sam.ics"]
    for name, text in files.items():
        member = None if name == "household.ics" else name.removesuffix(".ics")
        whose = f"{NAMES[member]}'s chores" if member else "Chores"
        # No raw control character anywhere: only the library's own CRLF line endings.
        assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "") and "\x1b" not in text
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded as RFC 5545 says
        calendar = icalendar.Calendar.from_ical(text)
        events = list(calendar.walk("VEVENT"))
        assert {str(event["UID"]) for event in events} == expected_uids(hostile, member)
        assert len(events) == len(expected_uids(hostile, member))
        assert unescaped(str(calendar["X-WR-CALNAME"])) == shown(f"{whose} - {HOUSE}")
        read = list(vobject.readComponents(text))  # splits lines at a bare CR as well
        assert len(read) == 1
        assert set(read[0].contents) == {
            "version",
            "prodid",
            "calscale",
            "x-wr-calname",
            "x-wr-timezone",
            "vtimezone",
            "vevent",
        }
        vevents = read[0].contents["vevent"]
        assert sorted(event.uid.value for event in vevents) == sorted(expected_uids(hostile, member))
        assert read[0].x_wr_calname.value == shown(f"{whose} - {HOUSE}")
        summaries = {event.uid.value: event.summary.value for event in vevents}
        for event in events:
            assert summaries[str(event["UID"])] == str(event["SUMMARY"])
            assert "\n" not in str(event["SUMMARY"]) and "\r" not in str(event["SUMMARY"])
    dinners = [e for e in icalendar.Calendar.from_ical(files["household.ics"]).walk("VEVENT") if "dinner" in e["UID"]]
    assert len(dinners) == sum(1 for a in hostile.assignments if a.task == "dinner")
    for dinner in dinners:
        assert str(dinner["SUMMARY"]).startswith(shown(TASK) + ": ")
        lines = str(dinner["DESCRIPTION"]).split("\n")  # its own line breaks survive, a name's do not
        assert lines[0] in {f"Done by {shown(NAMES[m])}." for m in NAMES} and lines[-1] == "Planned with labor-opt."
    joint = [e for e in icalendar.Calendar.from_ical(files["alex.ics"]).walk("VEVENT") if e["UID"].startswith("paed")]
    assert joint and all(str(event["SUMMARY"]).endswith(f"(with {shown(NAMES['sam'])})") for event in joint)


def test_one_members_calendar_is_safe_too(hostile):
    files = calendars(hostile.for_member("sam"), MONDAY, BERLIN)
    assert [file.name for file in files] == ["sam.ics"]
    read = list(vobject.readComponents(files[0].text))
    assert read[0].x_wr_calname.value == shown(f"{NAMES['sam']}'s chores - {HOUSE}")
    assert sorted(event.uid.value for event in read[0].contents["vevent"]) == sorted(expected_uids(hostile, "sam"))


# 3. Markdown: a name never splits a row or a cell, and never becomes HTML.


def test_markdown_tables_keep_their_rows_and_columns_and_html_in_names_stays_text(hostile):
    names = {"alex": "Alex\n| Sam | 99h | 0m |\n| evil | row |", "sam": "<b>Sam</b> | x \\"}
    schedule = dataclasses.replace(hostile, member_names=names)
    tokens = MarkdownIt("commonmark").enable("table").parse(schedule_markdown(schedule))
    tables, cells = [], 0
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("td_open", "th_open"):
            tables[-1][-1] += 1
        cells += token.type == "td_open"
    days = [
        sum(1 for a in schedule.assignments if a.day == day)
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    ]
    assert tables == [[3] * (1 + count) for count in days if count] + [[8] * (1 + len(schedule.members))]
    html = MarkdownIt("commonmark").enable("table").render(schedule_markdown(schedule))
    assert "<img" not in html and "<b>" not in html and "\x1b" not in html
    assert "Cook &lt;img src=x onerror=alert(1)&gt;\\r\\nEND:VEVENT" in html
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1 + sum(1 for count in days if count)


def test_markdown_shows_names_exactly_as_text():
    from labor_opt.report.markdown import markdown_table, markdown_text

    names = ["- item", "1. first", "> quote", "# hash", "    code", "**b** _i_ `c` ~~s~~", "[l](javascript:x)", "a_b_c"]
    rendered = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .render("\n\n".join(markdown_text(name) for name in names))
    )
    assert rendered.split("\n")[:-1] == [
        "<p>- item</p>",
        "<p>1. first</p>",
        "<p>&gt; quote</p>",
        "<p># hash</p>",
        "<p>code</p>",
        "<p>**b** _i_ `c` ~~s~~</p>",
        "<p>[l](javascript:x)</p>",
        "<p>a_b_c</p>",
    ]
    table = MarkdownIt("commonmark").enable("table").render("\n".join(markdown_table(["a", "b"], [["x\\|y", "z"]])))
    assert "<td>x\\|y</td>\n<td>z</td>" in table


# 5. The page: household text escaped, the package's own stylesheet as written.


def test_the_page_escapes_names_and_inlines_its_own_stylesheet_unescaped(hostile):
    page = schedule_page(hostile)
    style = page[page.index("<style>") : page.index("</style>")]
    assert '"Segoe UI"' in style and "&#34;" not in style and "&quot;" not in style
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    css = (ROOT / "labor_opt" / "report" / "templates" / "style.css").read_text(encoding="utf-8")
    assert "</" not in css  # nothing in it may close the <style> element


# 12. --ics DIR: every target checked before solving; the files written all or nothing.


def test_ics_targets_that_cannot_be_written_are_refused_before_solving(tmp_path):
    folder = tmp_path / "cal"
    folder.mkdir()
    (folder / "kai.ics").mkdir()
    result = run("solve", NEWBORN, "-q", "--ics", folder)
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: --ics {folder}: kai.ics there is a folder, so that calendar cannot be written; "
        "move or rename that folder, or name another folder for the calendars"
    )
    assert "nothing was solved" in result.stderr and result.stdout == ""
    assert sorted(path.name for path in folder.iterdir()) == ["kai.ics"]  # nothing else was written
    one = run("solve", NEWBORN, "-q", "--member", "noor", "--ics", folder, "--week-of", "2026-03-23")
    assert one.exit_code == 0, one.output  # noor's week needs only noor.ics
    assert sorted(path.name for path in folder.iterdir()) == ["kai.ics", "noor.ics"]

    missing = tmp_path / "no" / "cal"
    result = run("solve", NEWBORN, "-q", "--ics", missing)
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: --ics {missing}: the folder {tmp_path / 'no'} does not exist; "
        "create it first, or name another folder for the calendars"
    )

    file = tmp_path / "file"
    file.write_text("mine", encoding="utf-8")
    result = run("solve", NEWBORN, "-q", "--ics", file)
    assert result.exit_code == 2
    assert first_error(result) == f"labor-opt: error: --ics {file} is not a folder; name a folder for the .ics files"
    assert file.read_text(encoding="utf-8") == "mine"


def test_a_calendar_never_replaces_the_household_file_or_the_output(tmp_path):
    house = tmp_path / "household.ics"  # a household file that happens to have the household calendar's name
    house.write_text(NEWBORN.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("solve", house, "-q", "--ics", tmp_path)
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: --ics {tmp_path}: the calendar household.ics would overwrite {house}; "
        "name another folder for the calendars"
    )
    output = tmp_path / "out" / "kai.ics"
    output.parent.mkdir()
    result = run("solve", NEWBORN, "-q", "--ics", output.parent, "-o", output, "--format", "markdown")
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: --ics {output.parent}: the calendar kai.ics would overwrite {output}; "
        "name another folder for the calendars"
    )
    assert house.read_text(encoding="utf-8") == NEWBORN.read_text(encoding="utf-8") and not output.exists()


def test_a_read_only_folder_is_refused_before_solving(tmp_path, monkeypatch):
    folder = tmp_path / "cal"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root may write anywhere: the system's answer is made "no" for this folder
        real = os.access
        refused = {folder, folder.absolute()}
        monkeypatch.setattr(
            os, "access", lambda path, mode: not (mode & os.W_OK and path in refused) and real(path, mode)
        )
    try:
        result = run("solve", NEWBORN, "-q", "--ics", folder)
        assert result.exit_code == 2
        assert first_error(result) == (
            f"labor-opt: error: --ics {folder}: labor-opt may not write in {folder}; "
            "name another folder for the calendars, one you can write to"
        )
        inside = folder / "new"
        result = run("solve", NEWBORN, "-q", "--ics", inside)
        assert result.exit_code == 2
        assert first_error(result) == (
            f"labor-opt: error: --ics {inside}: labor-opt may not write in {folder}; "
            "name another folder for the calendars, one you can write to"
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("failing", ["mkstemp", "replace"])
def test_a_failure_while_writing_leaves_every_earlier_calendar_as_it_was(tmp_path, monkeypatch, failing):
    folder = tmp_path / "cal"
    assert run("solve", NEWBORN, "-q", "--ics", folder, "--week-of", "2026-03-16").exit_code == 0
    earlier = {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}
    assert sorted(earlier) == ["household.ics", "kai.ics", "noor.ics"]
    module = tempfile if failing == "mkstemp" else os
    real = getattr(module, failing)
    calls = []

    def fail_the_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:  # the first files went well: they must be undone
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, failing, fail_the_third)
    result = run("solve", NEWBORN, "-q", "--ics", folder, "--week-of", "2026-03-23", "--format", "json")
    monkeypatch.undo()
    assert result.exit_code == 2
    assert first_error(result) == (
        f"labor-opt: error: --ics {folder}: cannot write the calendars (No space left on device); "
        "check the folder and the free space; no calendar was changed"
    )
    assert "nothing was written" in result.stderr
    assert labor_opt.check(labor_opt.load(NEWBORN), json.loads(result.stdout)).valid  # printed before the calendars
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == earlier  # no temporaries


def test_calendars_replace_earlier_ones_and_a_new_folder_is_made(tmp_path):
    folder = tmp_path / "cal"
    assert run("solve", NEWBORN, "-q", "--member", "kai", "--ics", folder, "--week-of", "2026-03-16").exit_code == 0
    assert [path.name for path in folder.iterdir()] == ["kai.ics"]  # a folder made for one member's calendar
    (folder / "kai.ics").chmod(0o640)
    result = run("solve", NEWBORN, "-q", "--ics", folder, "--week-of", "2026-03-23", "--format", "json")
    assert result.exit_code == 0, result.output
    assert labor_opt.check(labor_opt.load(NEWBORN), json.loads(result.stdout)).valid
    assert sorted(path.name for path in folder.iterdir()) == ["household.ics", "kai.ics", "noor.ics"]
    assert (folder / "kai.ics").stat().st_mode & 0o777 == 0o640  # its permissions kept
    assert (folder / "kai.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


# 14. --week-of: a week the calendars cannot hold is refused before solving.


def test_a_week_past_the_year_9999_is_refused_before_solving(tmp_path, plain):
    result = run("solve", NEWBORN, "-q", "--ics", tmp_path / "cal", "--week-of", "9999-12-27")
    assert result.exit_code == 2
    assert first_error(result) == (
        "labor-opt: error: --week-of 9999-12-27: the calendars' week would run past the year 9999; "
        "give a Monday on or before 9999-12-20"
    )
    assert "nothing was solved" in result.stderr and not (tmp_path / "cal").exists()
    tuesday = run("solve", NEWBORN, "-q", "--ics", tmp_path / "cal", "--week-of", "2026-03-24")
    assert tuesday.exit_code == 2
    assert first_error(tuesday) == "labor-opt: error: --week-of 2026-03-24 is a Tuesday; give the date of a Monday"
    with pytest.raises(InputError):
        calendars(plain, date(9999, 12, 27), BERLIN)
    for zone in ("Pacific/Kiritimati", "Etc/GMT+12", "Europe/Berlin"):  # the last Monday allowed works everywhere
        for file in calendars(plain, date(9999, 12, 20), ZoneInfo(zone)):
            assert list(icalendar.Calendar.from_ical(file.text).walk("VEVENT"))
            assert list(vobject.readComponents(file.text))


def test_a_written_backslash_n_stays_text_and_forges_no_line(plain):
    r"""icalendar's own escaping turns a written ``\N`` into a line break; a name must read back as written."""
    forged = "Kim.\\NLee carries its planning and remembering (the mental load).\\nReply to evil.example"
    schedule = dataclasses.replace(
        plain,
        household="Home\\N",
        member_names={"alex": forged, "sam": "Sam"},
        task_names={**plain.task_names, "dinner": "Dinner\\N"},
    )
    files = {file.name: file.text for file in calendars(schedule, MONDAY, BERLIN)}
    text = files["household.ics"]
    read = list(vobject.readComponents(text))[0]
    assert read.x_wr_calname.value == "Chores - Home\\N"
    dinners = [event for event in read.contents["vevent"] if event.uid.value.startswith("dinner")]
    assert dinners
    for event in dinners:
        assert event.summary.value.startswith("Dinner\\N: ")
        lines = event.description.value.split("\n")
        assert lines[0] in {f"Done by {forged}.", "Done by Sam."}
        assert lines[-1] == "Planned with labor-opt."
        assert not any(line.startswith("Lee carries") or line.startswith("Reply to") for line in lines)
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        assert "\n" not in str(event["SUMMARY"])
