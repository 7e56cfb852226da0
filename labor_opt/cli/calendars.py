"""Writing the calendars `solve --ics DIR` asks for: the edge where the files are made."""

from __future__ import annotations

from datetime import date

from labor_opt.errors import InputError, Issue
from labor_opt.files import write_atomically
from labor_opt.options import CalendarOptions
from labor_opt.report.console import say
from labor_opt.schedule import Schedule


def check_calendar_options(options: CalendarOptions) -> None:
    """Refuse, before anything is solved, calendar options that cannot work."""
    if options.folder is None:
        return
    from labor_opt.report.calendar import time_zone

    time_zone(options.zone or _system_zone())
    if options.week_of is not None and options.week_of.weekday() != 0:
        raise InputError([Issue(f"--week-of {options.week_of} is a {options.week_of:%A}", "give the date of a Monday")])
    if options.folder.exists() and not options.folder.is_dir():
        raise InputError([Issue(f"--ics {options.folder} is not a folder", "name a folder for the .ics files")])


def write_calendars(schedule: Schedule, options: CalendarOptions) -> None:
    """Write the household's and each member's .ics file into ``options.folder`` (made if missing)."""
    from labor_opt.report.calendar import calendars, next_monday, time_zone

    folder = options.folder
    assert folder is not None
    zone = time_zone(options.zone or _system_zone())
    files = calendars(schedule, options.week_of or next_monday(date.today()), zone)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise InputError(
            [Issue(f"--ics {folder}: the folder cannot be made ({error.strerror})", "name a folder you can write to")],
            "written",
        ) from None
    for file in files:
        write_atomically(folder / file.name, file.text)
    say(f"calendars written to {folder}: {', '.join(file.name for file in files)} (time zone {zone})")


def _system_zone() -> str:
    """This computer's IANA time zone name, or UTC when it has none configured."""
    from tzlocal import get_localzone_name

    try:
        return get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors on an unconfigured machine: UTC is the honest default
        return "UTC"
