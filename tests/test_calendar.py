"""Calendars: parsed back, they hold exactly the schedule's occurrences at the right local times, every week.

And they stay true after a re-plan: an event is its occurrence (task and day), the same in every member's
file; written into a folder that holds earlier files, the new ones revise and cancel the earlier events, so
that importing every file again, in order, leaves each calendar exactly the new plan.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from click.testing import CliRunner

import labor_opt
from labor_opt.cli import cli
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.report.calendar import calendars

from .conftest import ROOT

TODDLER = ROOT / "examples" / "dual_earners_toddler.yaml"
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 23)  # Berlin moves its clocks on Sunday 29 March: the second week is in summer time
WEEKS = 3


def occurrences(text: str) -> set[tuple[str, datetime, datetime]]:
    """Every occurrence in the first three weeks, as (uid, local start, local end)."""
    calendar = icalendar.Calendar.from_ical(text)
    begin = datetime.combine(MONDAY, datetime.min.time(), tzinfo=BERLIN)
    found = recurring_ical_events.of(calendar).between(begin, begin + timedelta(weeks=WEEKS))
    return {
        (str(event["UID"]), event["DTSTART"].dt.astimezone(BERLIN), event["DTEND"].dt.astimezone(BERLIN))
        for event in found
    }


def expected(schedule: labor_opt.Schedule, member: str | None) -> set[tuple[str, datetime, datetime]]:
    """What the schedule says, week after week, at the same local (wall-clock) time."""
    result = set()
    for assignment in schedule.assignments:
        if member is not None and member not in assignment.members:
            continue
        hours, minutes = map(int, assignment.start.split(":"))
        for week in range(WEEKS):
            day = MONDAY + timedelta(days=7 * week + DAY_NAMES.index(assignment.day))
            start = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=BERLIN)
            uid = f"{assignment.task}-{assignment.home_day}{'' if member else '.household'}@rivera-okafor.labor-opt"
            result.add((uid, start, start + timedelta(minutes=assignment.minutes)))
    return result


def test_every_calendar_holds_exactly_the_schedules_occurrences_at_their_local_times_each_week():
    house = labor_opt.load(TODDLER)
    schedule = labor_opt.solve(house)
    assert labor_opt.check(house, schedule).valid
    files = {file.name: file.text for file in calendars(schedule, MONDAY, BERLIN)}
    assert set(files) == {"household.ics", "alex.ics", "sam.ics"}
    assert occurrences(files["household.ics"]) == expected(schedule, None)
    for member in ("alex", "sam"):
        assert occurrences(files[f"{member}.ics"]) == expected(schedule, member)
    # Local times hold across the change to summer time: 18:00 stays 18:00, an hour less of UTC offset apart.
    dinners = sorted(start for uid, start, _ in occurrences(files["household.ics"]) if uid.startswith("dinner-mon."))
    assert [start.strftime("%H:%M %Z") for start in dinners[:2]] == [
        dinners[0].strftime("%H:%M") + " CET",
        dinners[0].strftime("%H:%M") + " CEST",
    ]


def test_events_name_the_task_the_partners_and_who_carries_the_mental_load():
    schedule = labor_opt.solve(labor_opt.load(TODDLER))
    files = {file.name: icalendar.Calendar.from_ical(file.text) for file in calendars(schedule, MONDAY, BERLIN)}
    events = {str(event["UID"]): event for event in files["alex.ics"].walk("VEVENT")}
    checkup = next(event for uid, event in events.items() if uid.startswith("paediatrician-"))
    assert str(checkup["SUMMARY"]) == "Check-up with the child (with Sam)"
    assert str(checkup["RRULE"].to_ical().decode()) == "FREQ=WEEKLY"
    dinner_owner = schedule.owners["dinner"]
    dinner = next(event for event in files["household.ics"].walk("VEVENT") if str(event["UID"]).startswith("dinner-"))
    assert f"{schedule.member_name(dinner_owner)} carries its planning and remembering" in str(dinner["DESCRIPTION"])


def test_an_event_is_its_occurrence_on_every_members_calendar_and_the_household_has_its_own():
    house = labor_opt.load(TODDLER)
    before = labor_opt.solve(house)
    after = labor_opt.solve(house, scenario="new_job")
    assert labor_opt.check(house, before).valid and labor_opt.check(house, after).valid
    old = {file.name: {uid for uid, _, _ in occurrences(file.text)} for file in calendars(before, MONDAY, BERLIN)}
    new = {file.name: {uid for uid, _, _ in occurrences(file.text)} for file in calendars(after, MONDAY, BERLIN)}
    doers = {(a.task, a.home_day): a.members for a in before.assignments}
    moved = [
        (a.task, a.home_day, a.members)
        for a in after.assignments
        if doers.get((a.task, a.home_day), a.members) != a.members
    ]
    assert moved  # the re-plan gives some occurrences to someone else
    for task, day, members in moved:
        uid = f"{task}-{day}@rivera-okafor.labor-opt"  # whoever does it, the same event
        assert all(uid in old[f"{member}.ics"] for member in doers[(task, day)])
        assert all(uid in new[f"{member}.ics"] for member in members)
        assert f"{task}-{day}.household@rivera-okafor.labor-opt" in old["household.ics"] & new["household.ics"]
    joint = next(a for a in before.assignments if len(a.members) > 1)
    assert f"{joint.task}-{joint.home_day}@rivera-okafor.labor-opt" in old["alex.ics"] & old["sam.ics"]


def test_the_command_writes_the_files_and_refuses_what_cannot_work(tmp_path):
    def run(*args: object):
        return CliRunner().invoke(cli, ["solve", str(TODDLER), "-q", *map(str, args)])

    result = run("--ics", tmp_path / "calendars", "--week-of", "2026-03-23", "--tz", "Europe/Berlin")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "calendars").iterdir()) == ["alex.ics", "household.ics", "sam.ics"]
    assert "calendars written to" in result.stderr
    one = run("--ics", tmp_path / "sam", "--member", "sam", "--week-of", "2026-03-23", "--tz", "Europe/Berlin")
    assert one.exit_code == 0, one.output
    assert [p.name for p in (tmp_path / "sam").iterdir()] == ["sam.ics"]
    assert run("--ics", tmp_path / "c", "--week-of", "2026-03-24").exit_code == 2  # a Tuesday
    bad_zone = run("--ics", tmp_path / "c", "--tz", "Mars/Olympus")
    assert bad_zone.exit_code == 2 and "--tz Mars/Olympus is not a time zone" in bad_zone.stderr
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    assert run("--ics", tmp_path / "file").exit_code == 2
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine"


# Issue 22, 3: calendars that stay true after a re-plan.

Store = dict[tuple[str, str | None], tuple[int, icalendar.Event | None]]


def apply(store: Store, text: str) -> None:
    """Import ``text`` into a calendar store as RFC 5545 has it: by UID (and RECURRENCE-ID), the higher SEQUENCE
    wins, and STATUS:CANCELLED removes the event."""
    for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
        recurrence = event.get("RECURRENCE-ID")
        key = (str(event["UID"]), None if recurrence is None else recurrence.to_ical().decode())
        sequence = int(event.get("SEQUENCE", 0))
        if key not in store or sequence > store[key][0]:
            store[key] = (sequence, None if str(event.get("STATUS", "")) == "CANCELLED" else event)


def held(store: Store, week_of: date) -> set[tuple[str, datetime, datetime, str]]:
    """What the store shows in the three weeks from ``week_of``: (uid, local start, local end, who does it)."""
    calendar = icalendar.Calendar()
    for _, event in store.values():
        if event is not None:
            calendar.add_component(event)
    begin = datetime.combine(week_of, datetime.min.time(), tzinfo=BERLIN)
    return {
        (
            str(e["UID"]),
            e["DTSTART"].dt.astimezone(BERLIN),
            e["DTEND"].dt.astimezone(BERLIN),
            str(e["DESCRIPTION"]).split("\n")[0],
        )
        for e in recurring_ical_events.of(calendar).between(begin, begin + timedelta(weeks=WEEKS))
    }


def planned(
    plan: dict, member: str | None, week_of: date, slug: str = "rivera-okafor"
) -> set[tuple[str, datetime, datetime, str]]:
    """The plan's events (a schedule file's data) for ``member`` (None: the household), week after week."""
    names = plan.get("names", {}).get("members", {})  # absent when every name is its id
    result = set()
    for a in plan["assignments"]:
        if member is not None and member not in a["members"]:
            continue
        hours, minutes = map(int, a["start"].split(":"))
        done_by = f"Done by {' and '.join(names.get(m, m) for m in a['members'])}."
        uid = f"{a['task']}-{a['belongs_to']}{'' if member else '.household'}@{slug}.labor-opt"
        for week in range(WEEKS):
            day = week_of + timedelta(days=7 * week + DAY_NAMES.index(a["day"]))
            start = datetime(day.year, day.month, day.day, hours, minutes, tzinfo=BERLIN)
            result.add((uid, start, start + timedelta(minutes=a["minutes"]), done_by))
    return result


Run = tuple[dict, dict[str, str], str]


def write(folder: Path, *args: str, house: Path = TODDLER) -> Run:
    """One ``solve --ics folder`` of ``house``: the plan (checked), the files written, what it said."""
    result = CliRunner().invoke(
        cli, ["solve", str(house), "-q", "--format", "json", "--ics", str(folder), "--tz", "Europe/Berlin", *args]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert labor_opt.check(labor_opt.load(house), plan).valid
    return plan, {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}, result.stderr


def shared(runs: list[Run], order: tuple[str, ...]) -> Store:
    """One calendar into which each run's files named in ``order`` were imported, in that order."""
    store: Store = {}
    for _, files, _ in runs:
        for name in order:
            apply(store, files[name])
    return store


LATER = MONDAY + timedelta(weeks=2)  # a re-plan may start in another week: the events are the same ones


@pytest.fixture(scope="module")
def replans(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    """The toddler household's calendars written into one folder, plan after plan."""
    folder = tmp_path_factory.mktemp("replans") / "calendars"
    return [
        write(folder, "--week-of", str(MONDAY)),
        write(folder, "--week-of", str(MONDAY), "-s", "new_job"),  # occurrences move between Alex and Sam
        write(folder, "--week-of", str(LATER), "-s", "second_child"),  # tasks added, occurrences moved and gone
        write(folder, "--week-of", str(LATER), "-s", "new_job"),  # and back: cancelled events come back
    ]


def test_importing_every_file_again_after_re_plans_leaves_each_calendar_exactly_the_new_plan(replans: list[Run]):
    runs, later = replans, LATER
    plans = [plan for plan, _, _ in runs]
    moved = {(a["task"], a["belongs_to"]): a["members"] for a in plans[0]["assignments"]}
    assert any(moved.get((a["task"], a["belongs_to"]), a["members"]) != a["members"] for a in plans[1]["assignments"])
    final = plans[-1]
    for name, member in [("household.ics", None), ("alex.ics", "alex"), ("sam.ics", "sam")]:
        assert held(shared(runs, (name,)), later) == planned(final, member, later), name
        skipped = shared([runs[0], runs[-1]], (name,))  # someone who imported the first and the last files only
        assert held(skipped, later) == planned(final, member, later), name
    assert "cancelled" in runs[1][2] and "import these again" in runs[1][2]  # and the command says so


def test_members_files_imported_into_one_shared_calendar_in_any_order_leave_exactly_the_new_plan(replans: list[Run]):
    # An occurrence that moved from Sam to Alex is cancelled in sam.ics and new in alex.ics, under one UID.
    final = replans[-1][0]
    members = planned(final, "alex", LATER) | planned(final, "sam", LATER)  # a joint task's event once
    everyone = members | planned(final, None, LATER)  # the household's file may share that calendar too
    for names, wanted in [(("alex.ics", "sam.ics"), members), (("alex.ics", "sam.ics", "household.ics"), everyone)]:
        for order in itertools.permutations(names):
            assert held(shared(replans, order), LATER) == wanted, order
            assert held(shared([replans[0], replans[-1]], order), LATER) == wanted, order  # the runs between skipped


FLATMATES = """\
version: 1
name: Three flatmates
members:
  - {id: ana}
  - {id: ben}
  - {id: cat, never: [dinner]}
tasks:
  - {id: dinner, duration: 1h, repeat: [mon, thu], window: {from: "18:00", to: "20:00"}, people: 2}
  - {id: dishes, duration: 30m, repeat: daily, window: {from: "19:00", to: "22:00"}}
scenarios:
  ben_gives_up_cooking:
    update_members: {ben: {never: [dinner]}, cat: {never: []}}
"""


def test_a_joint_task_whose_partner_changes_stays_one_event_in_a_shared_calendar_whatever_the_order(tmp_path):
    house = tmp_path / "flat.yaml"
    house.write_text(FLATMATES, encoding="utf-8")
    folder = tmp_path / "calendars"
    runs = [
        write(folder, "--week-of", str(MONDAY), house=house),
        write(folder, "--week-of", str(MONDAY), "-s", "ben_gives_up_cooking", house=house),
    ]
    cooks = [{frozenset(a["members"]) for a in plan["assignments"] if a["task"] == "dinner"} for plan, _, _ in runs]
    assert cooks == [{frozenset({"ana", "ben"})}, {frozenset({"ana", "cat"})}]  # Ana's partner changes
    final = runs[-1][0]
    wanted = set().union(*(planned(final, member, MONDAY, "three-flatmates") for member in ("ana", "ben", "cat")))
    for order in itertools.permutations(["ana.ics", "ben.ics", "cat.ics"]):
        assert held(shared(runs, order), MONDAY) == wanted, order


def test_writing_the_same_plan_again_changes_no_event(tmp_path):
    folder = tmp_path / "calendars"
    _, first, _ = write(folder, "--week-of", str(MONDAY))
    _, again, said = write(folder, "--week-of", str(MONDAY))
    assert again == first  # each event keeps its SEQUENCE and DTSTAMP: importing it again changes nothing
    assert "no event changed since the calendars there before: nothing to import again" in said


def test_a_calendar_written_into_a_new_folder_still_outranks_an_earlier_one():
    house = labor_opt.load(TODDLER)
    before, after = labor_opt.solve(house), labor_opt.solve(house, scenario="new_job")
    assert labor_opt.check(house, before).valid and labor_opt.check(house, after).valid
    old = {f.name: f.text for f in calendars(before, MONDAY, BERLIN, written=datetime(2026, 3, 20, 9, tzinfo=BERLIN))}
    new = {f.name: f.text for f in calendars(after, MONDAY, BERLIN, written=datetime(2026, 3, 20, 9, 1, tzinfo=BERLIN))}
    for name, text in new.items():  # no earlier file to count from: the time of writing makes each revision win
        store: Store = {}
        apply(store, old[name])
        apply(store, text)
        fresh: Store = {}
        apply(fresh, text)
        assert held(fresh, MONDAY) <= held(store, MONDAY), name


HOSTILE = "BEGIN:VCALENDAR\r\nPRODID:-//labor-opt//labor-opt 0.1.0//EN\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:gone@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\nSUMMARY:Dishes\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil@x\x1b[2J\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize(
    ("earlier", "reason"),
    [
        (
            b"BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
            "it was not written by labor-opt",
        ),
        (b"my own notes\n", "it cannot be read as a calendar ("),
        (b"", "it was not written by labor-opt"),
        (
            b"BEGIN:VCALENDAR\r\nPRODID:-//labor-opt//x\r\nBEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:7e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "its SEQUENCE cannot be read (",
        ),
        (b"\xff\xfeB\x00E\x00", "it cannot be read (the file is not UTF-8 text)"),
        (None, "it cannot be read (the file is 6 MB; a calendar is at most 5 MB)"),
    ],
)
def test_a_file_labor_opt_did_not_write_is_never_replaced_and_stops_the_command_before_solving(
    tmp_path, earlier, reason
):
    folder = tmp_path / "calendars"
    folder.mkdir()
    theirs = folder / "sam.ics"
    if earlier is None:
        with open(theirs, "wb") as handle:
            handle.truncate(6 * 1024 * 1024)  # sparse: nothing of it is read
    else:
        theirs.write_bytes(earlier)
    (folder / "notes.txt").write_text("nothing else in the folder is touched", encoding="utf-8")
    before = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    result = CliRunner().invoke(cli, ["solve", str(TODDLER), "-q", "--ics", str(folder)])
    assert result.exit_code == 2 and result.stdout == ""  # refused before solving: no schedule printed
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"labor-opt: error: --ics {folder}: sam.ics there is left as it is: {reason}"), first
    assert first.endswith("; move or rename it, or name another folder for the calendars")
    assert "nothing was solved" in result.stderr and "Traceback" not in result.output
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == before


def test_an_earlier_labor_opt_file_is_read_as_data_and_its_events_cancelled_harmlessly(tmp_path):
    folder = tmp_path / "calendars"
    folder.mkdir()
    (folder / "sam.ics").write_text(HOSTILE, encoding="utf-8", newline="")
    _, files, said = write(folder, "--week-of", str(MONDAY))
    assert "sam.ics (1 cancelled" in said
    read = list(vobject.readComponents(files["sam.ics"]))[0]  # a CR-splitting parser finds no forged event
    uids = [event.uid.value for event in read.contents["vevent"]]
    assert "gone@x" in uids and not any(uid.startswith("evil") for uid in uids)
    gone = next(event for event in read.contents["vevent"] if event.uid.value == "gone@x")
    assert gone.status.value == "CANCELLED" and gone.sequence.value != "0"
