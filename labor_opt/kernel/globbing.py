"""Files a glob matches, found without ever entering a folder through a symbolic link.

:func:`glob.glob` follows linked folders: two links to ``.`` make ``**``
walk an exponential tree that never ends in practice. Python 3.13's
``recurse_symlinks=False`` is not there in 3.11, so the walk is here.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from pathlib import Path

_MAGIC = re.compile(r"[*?[]")


def matching(source: str | Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` in the folder ``source``, or what the glob ``source`` matches, folders left out."""
    path = Path(source)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and not p.is_dir())
    parts = path.parts
    fixed = next((index for index, part in enumerate(parts) if _MAGIC.search(part)), len(parts))
    if fixed == len(parts):  # no wildcard: one file
        return [path] if os.path.lexists(path) and not path.is_dir() else []
    root, pattern = Path(*parts[:fixed]), parts[fixed:]
    found: list[Path] = []
    # followlinks=False: a linked folder is listed among the subfolders but never entered.
    for folder, subfolders, names in os.walk(root, followlinks=False):
        where = Path(folder).parts[len(root.parts) :]
        subfolders[:] = [name for name in subfolders if _matches((*where, name), pattern, whole=False)]
        found.extend(Path(folder, name) for name in names if _matches((*where, name), pattern, whole=True))
    return sorted(found)


@functools.lru_cache(maxsize=4096)
def _matches(parts: tuple[str, ...], pattern: tuple[str, ...], *, whole: bool) -> bool:
    """Whether the path ``parts`` match the glob ``pattern`` (``whole``), or could begin a match (a folder).

    As :func:`glob.glob` with ``recursive=True``: ``**`` is any number of
    folders, and a wildcard does not match a hidden name (one starting with a dot).
    """
    if not parts:
        return not whole or all(part == "**" for part in pattern)
    if not pattern:
        return False
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return _matches(parts, rest, whole=whole) or (
            not parts[0].startswith(".") and _matches(parts[1:], pattern, whole=whole)
        )
    hidden = parts[0].startswith(".") and not head.startswith(".")
    return not hidden and fnmatch.fnmatch(parts[0], head) and _matches(parts[1:], rest, whole=whole)
