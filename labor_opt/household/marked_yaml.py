"""YAML read safely into plain dicts and lists that remember their lines.

PyYAML's safe composer builds the node tree (it never constructs Python
objects from tags); this module turns it into :class:`MarkedDict` and
:class:`MarkedList`, which are ordinary ``dict`` and ``list`` with the line of
each key and item, so that any problem found later by a path such as
``("tasks", 2, "window")`` can be reported at its line.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import yaml

from labor_opt.household.yaml_core import TAG, CoreLoader
from labor_opt.kernel.errors import Issue
from labor_opt.kernel.safe_text import shown

# Guards against hostile files: alias bombs expand to many nodes, deep nesting
# exhausts the stack. No real household comes near either.
MAX_NODES = 200_000
MAX_DEPTH = 60

_STANDARD_TAGS = {TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "merge")}


class MarkedDict(dict[str, Any]):
    """A mapping from a file; ``line`` is where it starts, ``key_lines`` each key's line.

    ``source`` names the file, for data that mixes files (a scenario file
    applied to a household file).
    """

    line: int
    key_lines: dict[str, int]
    source: str | None
    key_sources: dict[str, str | None]  # keys written in another file (scenario updates)
    value_texts: dict[str, str]  # how a value read as a number, boolean or null was written

    def __init__(self, *args: Any, line: int = 0, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines = {}
        self.source = source
        self.key_sources = {}
        self.value_texts = {}


class MarkedList(list[Any]):
    """A sequence from a file; ``line`` is where it starts, ``item_lines`` each item's line."""

    line: int
    item_lines: list[int]
    source: str | None
    item_texts: list[str | None]  # how an item read as a number, boolean or null was written

    def __init__(self, *args: Any, line: int = 0, source: str | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.item_lines = []
        self.source = source
        self.item_texts = []


@dataclass
class _Reading:
    """One file being converted: its name, its lines, and how many values it has expanded to."""

    source: str | None
    loader: CoreLoader
    newlines: list[int]  # offsets of every "\n", to count lines as editors do
    issues: list[Issue] = field(default_factory=list)
    nodes: int = 0
    seen: set[int] = field(default_factory=set)  # nodes already converted once: met again, an alias

    def line(self, offset: int) -> int:
        """The 1-based line of a character offset: only "\\n" ends a line (U+2028 or U+0085 do not)."""
        return bisect_right(self.newlines, offset - 1) + 1

    def line_of(self, node: yaml.Node) -> int:
        return self.line(node.start_mark.index)


def parse_marked_yaml(text: str, source: str | None = None) -> tuple[Any, list[Issue]]:
    """Parse YAML text into marked dicts and lists (``source`` names the file).

    Returns the data (``None`` when the text could not be read) and every
    problem found, each with its line.
    """
    too_deep = nested_too_deep(text)
    if too_deep is not None:
        return None, [
            Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels", line=too_deep)
        ]
    newlines = [index for index, character in enumerate(text) if character == "\n"]
    try:
        loader = CoreLoader(text)
    except yaml.YAMLError as error:  # the reader rejects characters such as NUL up front
        return None, [_reader_issue(error, text)]
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        return None, [_reader_issue(error, text)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_issue(error, newlines)]
    except yaml.YAMLError:
        return None, [Issue("the file is not valid YAML", "fix the YAML syntax; one file holds one document")]
    except RecursionError:
        return None, [Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels")]
    finally:
        if "loader" in locals():
            loader.dispose()
    if node is None:
        return None, []
    reading = _Reading(source, loader, newlines)
    data = _convert(node, reading, depth=0, expansion=None)
    if reading.nodes > MAX_NODES:  # what was read is cut short: its other problems would mislead
        return None, [issue for issue in reading.issues if "too many values" in issue.message]
    return data, reading.issues


def nested_too_deep(text: str) -> int | None:
    """The line where brackets nest deeper than any household needs, if any.

    Checked before parsing: the parser would recurse that deep first. Quoted
    text is skipped roughly; a bracket inside quotes only makes this stricter.
    """
    depth, line, quote = 0, 1, ""
    for character in text:
        if character == "\n":
            line += 1
        elif quote:
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif character in "]}":
            depth = max(depth - 1, 0)
    return None


def _reader_issue(error: yaml.YAMLError, text: str) -> Issue:
    position = getattr(error, "position", 0)
    line = text[:position].count("\n") + 1
    character = getattr(error, "character", None)
    what = f"U+{ord(character):04X}, " if isinstance(character, str) else ""
    return Issue(
        f"the file holds {what}a control character that text files do not (a NUL byte or similar)",
        "remove it: retype the line, or save the file again as plain UTF-8 text",
        line=line,
    )


def _syntax_issue(error: yaml.MarkedYAMLError, newlines: list[int]) -> Issue:
    mark = error.problem_mark or error.context_mark
    line = bisect_right(newlines, mark.index - 1) + 1 if mark is not None else None
    problem = " ".join((error.problem or "invalid YAML").split())
    hint = "fix the YAML syntax at this line"
    if "\t" in problem or "\\t" in problem or "tab" in problem.lower():
        hint = "indent with spaces, not tabs"
    elif "quot" in problem or "scanning a quoted" in (error.context or ""):
        hint = "close the quote: every \" or ' needs its partner on the same value"
    elif "indentation" in problem or "mapping values are not allowed" in problem:
        hint = "check the indentation: keys of one mapping line up, and a value after `key:` needs a space"
    elif "alias" in problem or "anchor" in problem:
        hint = "define an anchor (&name) before using its alias (*name)"
    context = f" ({' '.join(error.context.split())})" if error.context else ""
    return Issue(f"YAML syntax error: {problem}{context}", hint, line=line)


def _convert(node: yaml.Node, reading: _Reading, depth: int, expansion: int | None) -> Any:
    """One node as plain data. ``expansion`` is the line where the alias being expanded was used, if any."""
    reading.nodes += 1
    line = reading.line_of(node)
    reading.seen.add(id(node))
    if reading.nodes > MAX_NODES:
        if reading.nodes == MAX_NODES + 1:
            reading.issues.append(
                Issue(
                    "the file expands to too many values (aliases that repeat aliases?)",
                    f"write the file out plainly: a household or a schedule needs far fewer than {MAX_NODES} values",
                    line=expansion or line,
                )
            )
        return None
    if depth > MAX_DEPTH:
        reading.issues.append(
            Issue("the file is nested too deeply", f"keep nesting under {MAX_DEPTH} levels", line=line)
        )
        return None
    if node.tag not in _STANDARD_TAGS:
        reading.issues.append(
            Issue(
                f"the tag {shown(node.tag)} is not allowed",
                "remove the tag: a household file holds only plain values, lists and mappings",
                line=line,
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, reading, depth, expansion)
    if isinstance(node, yaml.SequenceNode):
        result = MarkedList(line=line, source=reading.source)
        for index, item in enumerate(node.value):
            alias = _alias_line(reading, node, index)
            result.append(_convert(item, reading, depth + 1, expansion or alias))
            result.item_lines.append(alias or reading.line_of(item))
            result.item_texts.append(_raw(item))
        return result
    try:
        return reading.loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError):
        # A 4,301-digit integer lands here (Python will not convert it): say how long, not every digit.
        value = node.value
        written = repr(value) if len(value) <= 60 else f"{value[:40]!r}... ({len(value)} characters)"
        reading.issues.append(Issue(f"the value {written} cannot be read", "write a plain value", line=line))
        return None


def _alias_line(reading: _Reading, parent: yaml.Node, place: int) -> int | None:
    offset = reading.loader.alias_marks.get((id(parent), place))
    return None if offset is None else reading.line(offset)


def _raw(node: yaml.Node) -> str | None:
    """The text a plain value was written as, when it was read as something other than text."""
    if isinstance(node, yaml.ScalarNode) and node.tag != TAG + "str":
        return str(node.value)
    return None


def _convert_mapping(node: yaml.MappingNode, reading: _Reading, depth: int, expansion: int | None) -> MarkedDict:
    """A mapping; keys written here win over keys a ``<<`` merge brings, as YAML says."""
    result = MarkedDict(line=reading.line_of(node), source=reading.source)
    merges = []
    for key_node, value_node in node.value:
        if key_node.tag == TAG + "merge":
            merges.append((key_node, value_node))
            continue
        key = _key(key_node, reading, depth)
        if key is None:
            continue
        key_line = reading.line_of(key_node)
        if key in result:
            reading.issues.append(
                Issue(
                    f"the key `{shown(key)}` appears twice in this mapping (first at line {result.key_lines[key]})",
                    "keep one of them",
                    line=key_line,
                )
            )
            continue
        alias = _alias_line(reading, node, id(key_node))
        result[key] = _convert(value_node, reading, depth + 1, expansion or alias)
        result.key_lines[key] = key_line
        if (text := _raw(value_node)) is not None:
            result.value_texts[key] = text
    for key_node, value_node in merges:
        _merge(result, key_node, value_node, reading, depth, expansion)
    return result


def _merge(
    result: MarkedDict, key_node: yaml.Node, value_node: yaml.Node, reading: _Reading, depth: int, expansion: int | None
) -> None:
    """Add the keys a ``<<`` merge brings that the mapping does not write itself (earlier merges first)."""
    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
    for source in sources:
        merged = _convert(source, reading, depth + 1, expansion or reading.line_of(key_node))
        if not isinstance(merged, MarkedDict):
            reading.issues.append(
                Issue(
                    "a merge key (<<) brings something that is not a mapping",
                    "merge a mapping: <<: *defaults, where &defaults names a mapping",
                    line=reading.line_of(key_node),
                )
            )
            continue
        for key, value in merged.items():
            if key not in result:
                result[key] = value
                result.key_lines[key] = merged.key_lines.get(key, merged.line)  # where the key was written
                if key in merged.value_texts:
                    result.value_texts[key] = merged.value_texts[key]


def _key(key_node: yaml.Node, reading: _Reading, depth: int) -> str | None:
    """A mapping key as text: a number is taken as written (a scenario named 2024); true, false or null is refused."""
    key = _convert(key_node, reading, depth + 1, None)
    if isinstance(key, str):
        return key
    line = reading.line_of(key_node)
    written = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        return written
    if isinstance(key, bool) or key is None:
        reading.issues.append(
            Issue(
                f"the key {shown(written) or 'null'} is not a name",
                f'quote the key, e.g. "{shown(written) or "name"}"',
                line=line,
            )
        )
        return None
    reading.issues.append(Issue("a key is not a name", "keys are names such as `id` or `duration`", line=line))
    return None


def locate(data: Any, path: tuple[str | int, ...]) -> tuple[int | None, str | None]:
    """The line and file of the deepest part of ``path`` that exists in ``data``."""
    line: int | None = getattr(data, "line", None)
    source: str | None = getattr(data, "source", None)
    current = data
    for step in path:
        if isinstance(current, MarkedDict) and isinstance(step, str) and step in current:
            line, source = current.key_lines.get(step, line), current.key_sources.get(step, current.source)
            current = current[step]
        elif isinstance(current, MarkedList) and isinstance(step, int) and 0 <= step < len(current):
            line, source = current.item_lines[step], current.source
            current = current[step]
        elif isinstance(current, dict) and step in current:
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
        else:
            continue  # pydantic adds steps such as union branch names
    return line or None, source  # line 0: data built in code, with no file behind it


def raw_text(data: Any, path: tuple[str | int, ...]) -> str | None:
    """How the value at ``path`` was written, when it was read as a number, boolean or null."""
    parent, step = data, None
    for position, part in enumerate(path):
        if position == len(path) - 1:
            step = part
            break
        if isinstance(parent, dict) and part in parent:
            parent = parent[part]
        elif isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
            parent = parent[part]
        else:
            return None
    if isinstance(parent, MarkedDict) and isinstance(step, str):
        return parent.value_texts.get(step)
    if isinstance(parent, MarkedList) and isinstance(step, int) and 0 <= step < len(parent.item_texts):
        return parent.item_texts[step]
    return None
