"""Files at the edge: reading only regular files of bounded size, and writing outputs safely.

Reading refuses at once anything that is not a regular file (a folder, a
device such as ``/dev/zero``, a pipe), so that a wrong path can never hang
the program or fill its memory. Writing goes through a temporary file and a
rename, so that a reader never sees half a file and an earlier output
survives any failure; every failure is an :class:`~labor_opt.kernel.errors.InputError`
naming the path and what to do.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from labor_opt.kernel.errors import InputError, Issue

MAX_FILE_BYTES = 5 * 1024 * 1024  # households and schedules are a few KB; this keeps hostile files cheap

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


def read_text(path: str | Path, what: str = "household file") -> str:
    """The UTF-8 text of the regular file at ``path`` (a byte-order mark is allowed), or an input error.

    ``what`` names the file people are expected to give ("schedule file").
    """
    return text_of(read_bytes(path, what), str(path))


def text_of(raw: bytes, file: str) -> str:
    """The UTF-8 text of bytes read from ``file`` (a byte-order mark is allowed), or an input error at the line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            [Issue("the file is not UTF-8 text", "save it as UTF-8 (most editors offer this under 'Save as')",
                   line=line, file=file)]
        ) from None  # fmt: skip


def read_bytes(path: str | Path, what: str = "household file") -> bytes:
    """The bytes of the regular file at ``path``, at most :data:`MAX_FILE_BYTES`, or an input error.

    The size is judged from the file system before a byte is read, so that a
    huge (or sparse) file is refused at once rather than read into memory.
    """
    file = str(path)
    if not file:
        raise InputError([Issue("no file name was given", f"name a {what}")])
    try:
        info = os.stat(file)
        kind = next((word for test, word in _KINDS if test(info.st_mode)), None)
        if kind is not None:
            raise _refusal(file, f"this is {kind}, not a regular file", f"name a {what}")
        if info.st_size > MAX_FILE_BYTES:
            raise _refusal(file, f"the file is {info.st_size / 1024 / 1024:.0f} MB; a {what} is at most "
                           f"{MAX_FILE_BYTES // 1024 // 1024} MB", f"check that this is a {what}")  # fmt: skip
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _refusal(file, "the file does not exist", "check the path and its spelling") from None
    except OSError as error:
        raise _refusal(
            file, f"the file cannot be read: {error.strerror}", "check the path and its permissions"
        ) from None
    if len(raw) > MAX_FILE_BYTES:  # it grew after the stat
        raise _refusal(file, f"the file is over {MAX_FILE_BYTES // 1024 // 1024} MB; a {what} is at most that",
                       f"check that this is a {what}")  # fmt: skip
    return raw


def check_output(path: str | Path) -> None:
    """Refuse, before any work is done, an output that could not be written: an empty name, a folder, a pipe,
    or a file in a folder that does not exist."""
    file = str(path)
    if not file:
        raise InputError([Issue("-o was given an empty file name", "name a file, e.g. schedule.json")])
    try:
        mode = os.stat(file).st_mode
    except FileNotFoundError:
        folder = Path(file).parent
        if not folder.is_dir():
            raise _write_error(Path(file), OSError(errno.ENOENT, "No such file or directory")) from None
        return
    except OSError as error:
        raise _write_error(Path(file), error) from None
    if not stat.S_ISREG(mode) and not stat.S_ISCHR(mode):
        kind = next((word for test, word in _KINDS if test(mode)), "not a regular file")
        raise _refusal(file, f"-o names {kind}, which cannot hold an output", "name a file, e.g. schedule.json")


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path``: replacing a regular file atomically (its permissions kept).

    A character device such as ``/dev/null`` is written in place; a folder,
    a pipe or a socket is refused. Any failure (a missing or read-only
    folder, a full disk) leaves an earlier file as it was.
    """
    file = str(path)
    if not file:
        raise InputError([Issue("-o was given an empty file name", "name a file, e.g. schedule.json")])
    target = Path(file)
    try:
        info = os.stat(file)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _write_error(target, error) from None
    if info is not None and stat.S_ISCHR(info.st_mode):
        _write_in_place(target, text)
        return
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((word for test, word in _KINDS if test(info.st_mode)), "not a regular file")
        raise _refusal(file, f"-o names {kind}, which cannot hold an output", "name a file, e.g. schedule.json")
    _replace(target, text, stat.S_IMODE(info.st_mode) if info is not None else None)


def _replace(target: Path, text: str, mode: int | None) -> None:
    try:
        temporary = temporary_beside(target, text, mode)
    except OSError as error:
        raise _write_error(target, error) from None
    try:
        os.replace(temporary, target)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _write_error(target, error) from None
        raise


def write_new(path: str | Path, text: str, refusal: str) -> None:
    """Write ``text`` to ``path`` only if no file is there at that moment; else an input error saying ``refusal``.

    The text is written beside it first and linked into place, which fails if
    anything appeared at ``path`` meanwhile (while questions were answered):
    a file a person wrote is never replaced.
    """
    target = Path(path)
    try:
        temporary = temporary_beside(target, text)
    except OSError as error:
        raise _write_error(target, error) from None
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _refusal(str(target), refusal, "name a new file", undone="written") from None
    except OSError as error:
        raise _write_error(target, error) from None
    finally:
        temporary.unlink(missing_ok=True)


def temporary_beside(target: Path, text: str, mode: int | None = None, newline: str | None = None) -> Path:
    """``text`` written and synced to a new hidden file beside ``target``, ready to be renamed onto it.

    It gets ``mode`` (a new file's permissions when ``None``); ``newline=""``
    writes line ends as they are (a calendar's CRLF). On any failure the
    temporary file is removed and the error raised.
    """
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as written:
            written.write(text)
            written.flush()
            os.fsync(written.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_umask())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _write_in_place(target: Path, text: str) -> None:
    try:
        with open(target, "w", encoding="utf-8") as written:
            written.write(text)
    except OSError as error:
        raise _write_error(target, error) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _write_error(target: Path, error: OSError) -> InputError:
    folder = target.parent if str(target.parent) else Path(".")
    hints = {
        errno.ENOENT: f"the folder {folder} does not exist; create it first, or write somewhere else",
        errno.ENOTDIR: f"{folder} is not a folder; check the path",
        errno.EACCES: f"labor-opt may not write in {folder}; write somewhere else",
        errno.EPERM: f"labor-opt may not write in {folder}; write somewhere else",
        errno.EROFS: f"{folder} is read-only; write somewhere else",
        errno.ENOSPC: "the disk is full; free some space and run it again",
        errno.EISDIR: "-o names a folder; name a file in it, e.g. schedule.json",
    }
    return _refusal(
        str(target),
        f"cannot write the output: {error.strerror or error}",
        hints.get(error.errno or 0, "check the path"),
        undone="written",
    )


def _refusal(file: str, message: str, hint: str, undone: str = "solved") -> InputError:
    return InputError([Issue(message, hint, file=file)], undone)


def refuse_to_overwrite(outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[tuple[str, Path | None]]) -> None:
    """An input error, before any work is done, when an output would be written over a file the command reads.

    What a person wrote is never lost. ``outputs`` are (the option that names
    it, the file): ``("-o", schedule.json)``, ``("--ics", folder / "kim.ics")``;
    ``inputs`` are (what it is, the file): ``("household file", ...)``,
    ``("scenario file", ...)``, ``("baseline schedule", ...)``. ``None``
    stands for an option not given. A symbolic link or a hard link to an
    input counts as the input itself.
    """
    clash = overwritten(outputs, inputs)
    if clash is not None:
        option, output, what, _ = clash
        raise _refusal(
            str(output), f"{option} names the {what} itself; it would be overwritten",
            "write to another file, e.g. schedule.json" if option == "-o" else f"give {option} another place",
        )  # fmt: skip


def overwritten(
    outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[tuple[str, Path | None]]
) -> tuple[str, Path, str, Path] | None:
    """The first output that is one of the inputs, as (its option, its path, what the input is, the input's path).

    Linear in the number of files, so that a batch of thousands checks at once.
    """
    seen: dict[object, tuple[str, Path]] = {}
    for what, file in inputs:
        if file is not None and str(file):
            seen.update(dict.fromkeys(_identities(Path(file)), (what, Path(file))))
    for option, output in outputs:
        if output is None or not str(output):
            continue
        found = next((seen[key] for key in _identities(Path(output)) if key in seen), None)
        if found is not None:
            return option, Path(output), *found
    return None


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file: equal once links are resolved, or the same inode (a hard link).

    A path that does not exist yet is compared by where it would be.
    """
    return not _identities(Path(one)).isdisjoint(_identities(Path(other)))


def _identities(path: Path) -> set[object]:
    """What makes a file itself: the path with every link resolved, and its device and inode when it exists."""
    keys: set[object] = {str(path.absolute())}
    try:
        keys.add(str(path.resolve()))
        info = path.stat()
        keys.add((info.st_dev, info.st_ino))
    except (OSError, RuntimeError):  # missing, unreadable, or a symbolic link loop (RuntimeError before 3.13)
        pass
    return keys
