"""Calendars: parsed back, they hold exactly the schedule's occurrences at the right local times, every week."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
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
            uid = f"{assignment.task}-{assignment.home_day}.{member or 'household'}@rivera-okafor.labor-opt"
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


def test_re_exporting_after_a_change_keeps_the_uids_of_unchanged_occurrences():
    house = labor_opt.load(TODDLER)
    before = labor_opt.solve(house)
    after = labor_opt.solve(house, scenario="alex_four_days", stable=True)
    assert labor_opt.check(house, after).valid
    old = {file.name: occurrences(file.text) for file in calendars(before, MONDAY, BERLIN)}
    new = {file.name: occurrences(file.text) for file in calendars(after, MONDAY, BERLIN)}
    unchanged = {(a.task, a.home_day, a.start, a.members) for a in before.assignments} & {
        (a.task, a.home_day, a.start, a.members) for a in after.assignments
    }
    assert unchanged
    for task, day, _, members in unchanged:
        for name in ["household.ics", *(f"{member}.ics" for member in members)]:
            old_uids = {uid for uid, _, _ in old[name] if uid.startswith(f"{task}-{day}.")}
            assert old_uids and old_uids == {uid for uid, _, _ in new[name] if uid.startswith(f"{task}-{day}.")}


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
