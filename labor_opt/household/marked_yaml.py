"""YAML read safely into plain dicts and lists that remember their lines.

PyYAML's safe composer builds the node tree (it never constructs Python
objects from tags); this module turns it into :class:`MarkedDict` and
:class:`MarkedList`, which are ordinary ``dict`` and ``list`` with the line of
each key and item, so that any problem found later by a path such as
``("tasks", 2, "window")`` can be reported at its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from labor_opt.errors import Issue

# Guards against hostile files: alias bombs expand to many nodes, deep nesting
# exhausts the stack. No real household comes near either.
MAX_NODES = 200_000
MAX_DEPTH = 60

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
}


class MarkedDict(dict[str, Any]):
    """A mapping from a file; ``line`` is where it starts, ``key_lines`` each key's line.

    ``source`` names the file, for data that mixes files (a scenario file
    applied to a household file).
    """

    line: int
    key_lines: dict[str, int]
    source: str | None
    key_sources: dict[str, str | None]  # keys written in another file (scenario updates)

    def __init__(self, *args: Any, line: int = 0, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines = {}
        self.source = source
        self.key_sources = {}


class MarkedList(list[Any]):
    """A sequence from a file; ``line`` is where it starts, ``item_lines`` each item's line."""

    line: int
    item_lines: list[int]
    source: str | None

    def __init__(self, *args: Any, line: int = 0, source: str | None = None) -> None:
        super().__init__(*args)
        self.line = line
        self.item_lines = []
        self.source = source


@dataclass
class _Budget:
    source: str | None
    nodes: int = 0


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps unquoted ``17:30`` a string.

    YAML 1.1 reads ``17:30`` as the base-60 integer 1050; in a household file
    it is always a time of day.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if ":" in str(node.value):
            return self.construct_scalar(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        if ":" in str(node.value):
            return self.construct_scalar(node)
        return super().construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)


def parse_marked_yaml(text: str, source: str | None = None) -> tuple[Any, list[Issue]]:
    """Parse YAML text into marked dicts and lists (``source`` names the file).

    Returns the data (``None`` when the text could not be read) and every
    problem found, each with its line.
    """
    too_deep = _too_deep(text)
    if too_deep is not None:
        return None, [
            Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels", line=too_deep)
        ]
    try:
        loader = _Loader(text)
    except yaml.YAMLError as error:  # the reader rejects characters such as NUL up front
        return None, [_reader_issue(error, text)]
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        return None, [_reader_issue(error, text)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_issue(error)]
    except yaml.YAMLError as error:
        return None, [Issue(f"the file is not valid YAML: {error}", "fix the YAML syntax")]
    except RecursionError:
        return None, [Issue("the file is nested too deeply to read", f"keep nesting under {MAX_DEPTH} levels")]
    finally:
        if "loader" in locals():
            loader.dispose()
    if node is None:
        return None, []
    issues: list[Issue] = []
    budget = _Budget(source)
    data = _convert(node, loader, issues, budget, depth=0)
    if budget.nodes > MAX_NODES:  # what was read is cut short: its other problems would mislead
        return None, [issue for issue in issues if "too many values" in issue.message]
    return data, issues


def _too_deep(text: str) -> int | None:
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
    return Issue(
        "the file holds a control character that text files do not (a NUL byte or similar)",
        "remove it: retype the line, or save the file again as plain UTF-8 text",
        line=line,
    )


def _syntax_issue(error: yaml.MarkedYAMLError) -> Issue:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = error.problem or "invalid YAML"
    hint = "fix the YAML syntax at this line"
    if "\t" in problem or "\\t" in problem or "tab" in problem.lower():
        hint = "indent with spaces, not tabs"
    elif "quot" in problem or "scanning a quoted" in (error.context or ""):
        hint = "close the quote: every \" or ' needs its partner on the same value"
    elif "indentation" in problem or "mapping values are not allowed" in problem:
        hint = "check the indentation: keys of one mapping line up, and a value after `key:` needs a space"
    context = f" ({error.context})" if error.context else ""
    return Issue(f"YAML syntax error: {problem}{context}", hint, line=line)


def _convert(node: yaml.Node, loader: _Loader, issues: list[Issue], budget: _Budget, depth: int) -> Any:
    budget.nodes += 1
    line = node.start_mark.line + 1
    if budget.nodes > MAX_NODES:
        if budget.nodes == MAX_NODES + 1:
            issues.append(
                Issue(
                    "the file expands to too many values (aliases that repeat aliases?)",
                    f"write the household out plainly; a household needs far fewer than {MAX_NODES} values",
                    line=line,
                )
            )
        return None
    if depth > MAX_DEPTH:
        issues.append(Issue("the file is nested too deeply", f"keep nesting under {MAX_DEPTH} levels", line=line))
        return None
    if node.tag not in _STANDARD_TAGS:
        issues.append(
            Issue(
                f"the tag {node.tag} is not allowed",
                "remove the tag: a household file holds only plain values, lists and mappings",
                line=line,
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, loader, issues, budget, depth)
    if isinstance(node, yaml.SequenceNode):
        result = MarkedList(line=line, source=budget.source)
        for item in node.value:
            result.append(_convert(item, loader, issues, budget, depth + 1))
            result.item_lines.append(item.start_mark.line + 1)
        return result
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:
        issues.append(Issue(f"this value cannot be read: {error}", "write a plain value", line=line))
        return None


def _convert_mapping(
    node: yaml.MappingNode, loader: _Loader, issues: list[Issue], budget: _Budget, depth: int
) -> MarkedDict:
    result = MarkedDict(line=node.start_mark.line + 1, source=budget.source)
    try:
        loader.flatten_mapping(node)  # applies `<<: *anchor` merge keys
    except yaml.YAMLError as error:
        issues.append(Issue(f"a merge key cannot be applied: {error}", "write the keys out", line=result.line))
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        key = _convert(key_node, loader, issues, budget, depth + 1)
        if not isinstance(key, str):
            if isinstance(key, bool):
                # YAML 1.1 reads an unquoted yes/no/on/off as true/false.
                hint = f'quote the key, e.g. "{key_node.value}"'
            else:
                hint = "keys are names such as `id` or `duration`"
            issues.append(Issue(f"the key {key_node.value!r} is not a name", hint, line=key_line))
            continue
        if key in result:
            issues.append(
                Issue(
                    f"the key `{key}` appears twice in this mapping (first at line {result.key_lines[key]})",
                    "keep one of them",
                    line=key_line,
                )
            )
            continue
        result[key] = _convert(value_node, loader, issues, budget, depth + 1)
        result.key_lines[key] = key_line
    return result


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
