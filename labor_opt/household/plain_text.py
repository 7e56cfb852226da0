"""Control characters in a household file's text: refused at reading, each at its line, named, never printed.

Names and ids reach terminals, calendars, pages and spreadsheets; they come
from anyone who shares the house. An escape sequence in one could retitle a
window, clear the screen or write to the clipboard; a line break could split
a calendar's event or a table's row; a bidirectional override reorders what
a person reads. No household needs any of them, so every key and value of
the file is plain text on one line (a scenario's description may hold line
breaks and tabs), and a message names such a character by its code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labor_opt.kernel.errors import Issue
from labor_opt.kernel.safe_text import control_characters, shown

LONGEST_SHOWN = 60  # characters of a refused value quoted in its message
_MULTI_LINE_KEYS = frozenset({"description"})  # free text, where a line break is no harm once shown escaped
_LINE_BREAKS = "\n\t\r\x85\u2028\u2029"  # what YAML may leave of a folded line, and tabs


def control_issues(data: Any, source: str, at: tuple[str | int, ...] = ()) -> list[Issue]:
    """One issue for each key or text value of ``data`` that holds a control character, at its line.

    ``at`` is where ``data`` stands in its household (a scenario added from a file of its own).
    """
    issues: list[Issue] = []
    _walk(data, at, getattr(data, "line", None) or None, getattr(data, "source", None) or source, issues)
    return issues


def quoted(text: str) -> str:
    """``text`` in double quotes for a message, its control characters written as escapes, cut when long.

    >>> quoted("Kim\\x1b[2J")
    '"Kim\\\\x1b[2J"'
    """
    escaped = shown(text)
    return '"' + (escaped if len(escaped) <= LONGEST_SHOWN else escaped[: LONGEST_SHOWN - 3] + "...") + '"'


def _walk(value: Any, path: tuple[str | int, ...], line: int | None, file: str, issues: list[Issue]) -> None:
    if isinstance(value, str):
        kept = _LINE_BREAKS if path and path[-1] in _MULTI_LINE_KEYS else ""
        found = control_characters("".join(c for c in value if c not in kept))
        if found:
            what = "a description is plain text (line breaks are fine)" if kept else _ONE_LINE
            issues.append(Issue(f"{quoted(value)} holds {found}{_kind(found)}", f"{_remove(found)}: {what}",
                                _dotted(path), line, file))  # fmt: skip
    elif isinstance(value, Mapping):
        for key, item in value.items():
            key_line = getattr(value, "key_lines", {}).get(key, line)
            key_file = getattr(value, "key_sources", {}).get(key) or getattr(value, "source", None) or file
            found = control_characters(key) if isinstance(key, str) else None
            if found:
                issues.append(
                    Issue(
                        f"the key {quoted(key)} holds {found}{_kind(found)}",
                        f"retype the key: {_ONE_LINE}",
                        _dotted(path),
                        key_line,
                        key_file,
                    )
                )
                continue
            _walk(item, (*path, key), key_line, key_file, issues)
    elif isinstance(value, list):
        lines = getattr(value, "item_lines", [])
        for index, item in enumerate(value):
            _walk(item, (*path, index), lines[index] if index < len(lines) else line, file, issues)


_ONE_LINE = "names, ids and other values are plain text on one line"


def _kind(found: str) -> str:
    return ", control characters" if ", " in found else ", a control character"


def _remove(found: str) -> str:
    return "remove them" if ", " in found else "remove it"


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
