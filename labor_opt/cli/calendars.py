"""Writing the calendars `solve --ics DIR` asks for: the edge where the files are made.

Every target is checked before anything is solved (no solving time is spent
on files that could not be written), and the set of files is written all or
nothing: each file goes to a temporary file in the folder first, then all are
renamed into place; on any failure the temporaries go and the files that
were there before are as they were.

A calendar already in the folder under a file's name is read first: the
new file revises its events and cancels those the plan no longer has
(labor_opt/report/calendar_history.py), so that importing it again leaves
the calendar holding exactly the new plan. A file there that labor-opt did
not write, or cannot read, is never replaced: the command stops, naming it.
Nothing else in the folder is read or touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import labor_opt
from labor_opt.cli.options import CalendarOptions
from labor_opt.kernel.errors import InputError, Issue
from labor_opt.kernel.files import read_bytes, same_file, temporary_beside, text_of
from labor_opt.kernel.safe_text import shown
from labor_opt.report.console import say
from labor_opt.schedule.model import Schedule

if TYPE_CHECKING:
    from labor_opt.report.calendar import CalendarFile
    from labor_opt.report.calendar_history import EarlierEvent

_ANOTHER = "name another folder for the calendars"
_KEEP = f"move or rename it, or {_ANOTHER}"


def check_calendar_options(options: CalendarOptions) -> None:
    """Refuse, before anything is solved, calendar options that cannot work."""
    if options.folder is None:
        return
    from labor_opt.report.calendar import check_week_of, time_zone

    time_zone(options.zone or _system_zone())
    if options.week_of is not None:
        check_week_of(options.week_of)
    if options.folder.exists() and not options.folder.is_dir():
        raise InputError([Issue(f"--ics {shown(options.folder)} is not a folder", "name a folder for the .ics files")])


def check_calendar_targets(
    options: CalendarOptions,
    household: labor_opt.Household,
    scenario: str | None,
    member: str | None,
    reads: Iterable[Path | None] = (),
) -> None:
    """Refuse, once the household is read but before it is solved, a folder or file the calendars cannot be written to.

    The files are the household's and one per member (of the scenario, which may add members; just
    ``member``'s for one person's week). ``reads`` are the files the command reads or writes besides:
    a calendar never replaces one of them.
    """
    folder = options.folder
    if folder is None:
        return
    from labor_opt.household.document import scenario_household
    from labor_opt.report.calendar import file_names

    _check_folder(folder)
    target = household if scenario is None else scenario_household(household, scenario)
    members = [member] if member is not None else sorted(m.id for m in target.members)
    others = [Path(path) for path in reads if path is not None and str(path)]
    for name in file_names(members, whole_household=member is None).values():
        if _check_file(folder, name, others):
            _earlier(folder, name, "solved")


def write_calendars(schedule: Schedule, options: CalendarOptions) -> None:
    """Write the household's and each member's .ics file into ``options.folder`` (made if missing), all or nothing."""
    from labor_opt.report.calendar import calendar_names, calendars, next_monday, time_zone

    folder = options.folder
    assert folder is not None
    zone = time_zone(options.zone or _system_zone())
    names = calendar_names(schedule).values()
    earlier = {name: _earlier(folder, name, "written") for name in names if (folder / name).is_file()}
    week_of = options.week_of or next_monday(date.today())
    files = calendars(schedule, week_of, zone, earlier, datetime.now(UTC))
    made = not folder.is_dir()
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        hint = "name a folder you can write to"
        raise _refused(folder, f"the folder cannot be made ({error.strerror})", hint, "written") from None
    try:
        _write_all(folder, {file.name: file.text for file in files})
    except BaseException:
        if made:  # a folder this run made holds nothing now: it goes too
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    say(f"calendars written to {folder}: {', '.join(file.name for file in files)} (time zone {zone})")
    if earlier:
        say(_revised(files, set(earlier)))


def _revised(files: list[CalendarFile], replaced: set[str]) -> str:
    """What changed against the files replaced, for the person who imports them again."""
    changes = []
    for file in files:
        counts = [(file.changed, "changed"), (file.cancelled, "cancelled"), (file.added, "new")]
        said = ", ".join(f"{count} {what}" for count, what in counts if count)
        if file.name not in replaced:
            changes.append(f"{file.name} (a new file)")
        elif said:
            changes.append(f"{file.name} ({said})")
    if not changes:
        return "no event changed since the calendars there before: nothing to import again"
    return f"events changed since the calendars there before: {'; '.join(changes)}; import these again"


def _earlier(folder: Path, name: str, undone: str) -> dict[str, EarlierEvent]:
    """The events of the calendar ``name`` in the folder, which labor-opt wrote; an input error for any other file."""
    from labor_opt.report.calendar_history import Unreadable, read_earlier

    try:
        text = text_of(read_bytes(folder / name, "calendar"), str(folder / name))
    except InputError as error:
        reason = error.errors[0].message if error.errors else "it cannot be read"
        raise _refused(folder, f"{name} there is left as it is: it cannot be read ({reason})", _KEEP, undone) from None
    events = read_earlier(text)
    if isinstance(events, Unreadable):
        raise _refused(folder, f"{name} there is left as it is: {events.reason}", _KEEP, undone)
    return events


def _check_folder(folder: Path) -> None:
    """The folder is one labor-opt may write in, or one it can make (its parent a folder it may write in)."""
    there = folder if folder.exists() else folder.absolute().parent
    if not folder.exists() and not there.is_dir():
        raise _refused(folder, f"the folder {shown(there)} does not exist", f"create it first, or {_ANOTHER}")
    if not os.access(there, os.W_OK | os.X_OK):
        raise _refused(folder, f"labor-opt may not write in {shown(there)}", f"{_ANOTHER}, one you can write to")


def _check_file(folder: Path, name: str, others: list[Path]) -> bool:
    """A calendar's target is missing (False) or a regular file (True), and none of the files the command reads."""
    path = folder / name
    for other in others:
        if same_file(path, other):
            raise _refused(folder, f"the calendar {name} would overwrite {shown(other)}", _ANOTHER)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _refused(folder, f"{name} cannot be written ({error.strerror})", _ANOTHER) from None
    if stat.S_ISDIR(info.st_mode):
        message = f"{name} there is a folder, so that calendar cannot be written"
        raise _refused(folder, message, f"move or rename that folder, or {_ANOTHER}")
    if not stat.S_ISREG(info.st_mode):
        raise _refused(folder, f"{name} there is not a regular file", _ANOTHER)
    return True


def _write_all(folder: Path, texts: dict[str, str]) -> None:
    """Write every file or none: temporaries first, then renames; earlier files are restored on any failure."""
    temporaries: dict[str, Path] = {}
    backups: dict[str, Path] = {}
    renamed: list[str] = []
    try:
        for name, text in texts.items():
            temporaries[name] = _temporary(folder, name, text)
        for name in texts:  # keep each earlier file, to put it back should a later rename fail
            if (folder / name).exists():
                backups[name] = _backup(folder / name)
        for name, temporary in temporaries.items():
            os.replace(temporary, folder / name)
            renamed.append(name)
    except BaseException as error:
        with contextlib.suppress(OSError):  # put back what was there, then tidy up
            for name in renamed:
                if name in backups:
                    os.replace(backups.pop(name), folder / name)
                else:
                    (folder / name).unlink(missing_ok=True)
        for leftover in [*temporaries.values(), *backups.values()]:
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if isinstance(error, OSError):
            hint = "check the folder and the free space; no calendar was changed"
            raise _refused(folder, f"cannot write the calendars ({error.strerror or error})", hint, "written") from None
        raise
    for backup in backups.values():
        backup.unlink(missing_ok=True)


def _temporary(folder: Path, name: str, text: str) -> Path:
    """``text`` in a new hidden file beside ``name``, with the permissions ``name`` has (or a new file's)."""
    try:
        mode: int | None = stat.S_IMODE(os.stat(folder / name).st_mode)
    except FileNotFoundError:
        mode = None
    return temporary_beside(folder / name, text, mode, newline="")


def _backup(path: Path) -> Path:
    """A hidden copy of ``path`` beside it: a hard link where the file system has them."""
    handle, backup = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(handle)
    try:
        os.unlink(backup)
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return Path(backup)


def _refused(folder: Path, message: str, hint: str, undone: str = "solved") -> InputError:
    return InputError([Issue(f"--ics {shown(folder)}: {message}", hint)], undone)


def _system_zone() -> str:
    """This computer's IANA time zone name, or UTC when it has none configured."""
    from tzlocal import get_localzone_name

    try:
        return get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors on an unconfigured machine: UTC is the honest default
        return "UTC"
