"""Problems as people read them: pydantic's errors and the cross-checks' findings become issues.

Each :class:`~labor_opt.kernel.errors.Issue` gets its YAML line (found by
following its path through the marked data), a message naming the problem
and a hint saying what to write instead.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from labor_opt.household.marked_yaml import locate, raw_text
from labor_opt.household.models import Household
from labor_opt.household.units import closest, odd_characters, suggestion
from labor_opt.household.validation import Finding
from labor_opt.household.values import WRITTEN, shown
from labor_opt.kernel.errors import Issue
from labor_opt.kernel.safe_text import shown as escaped

# What to write for a missing key, shown in the hint.
_EXAMPLES: dict[str, str] = {
    "version": "version: 1",
    "members": "members: [{id: alex}]",
    "tasks": "tasks: [] (or a list of tasks)",
    "id": "id: alex",
    "duration": "duration: 30m",
    "days": "days: weekdays",
    "from": 'from: "09:00"',
    "to": 'to: "17:00"',
}


def finding_issue(data: Any, finding: Finding, source: str, scenario: str | None) -> Issue:
    line, file = locate(data, finding.path)
    return Issue(
        message=(f"scenario {scenario}: " if scenario else "") + finding.message,
        hint=finding.hint,
        path=_dotted(finding.path),
        line=line,
        file=file or source,
        severity=finding.severity,
        rounded_by=finding.rounded_by,
    )


# pydantic's own error kinds, worded for people: (message, hint); {shown} is the value as written.
_PLAIN: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ("list_type", "tuple_type"), ("expected a list", "write [a, b] or one item per line starting with -")
    ),
    **dict.fromkeys(
        ("dict_type", "model_type", "model_attributes_type"),
        ("expected a mapping of keys and values", 'write key: value pairs, e.g. {from: "09:00", to: "17:00"}'),
    ),
    "too_short": ("this list is empty", "add at least one entry"),
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_from_float"),
        ("{shown} is not a whole number", "write a whole number such as 2"),
    ),
    **dict.fromkeys(("bool_type", "bool_parsing"), ("{shown} is not true or false", "write true or false")),
    **dict.fromkeys(
        ("string_type", "str_type"), ("{shown} is not text", "write text, in quotes if it could be read as a number")
    ),
}


def pydantic_issue(data: Any, entry: Any, source: str, scenario: str | None) -> Issue:
    """One of pydantic's errors as an issue: the line, the problem in words, what to write instead."""
    path = _in_file(data, tuple(entry["loc"]))
    kind = entry["type"]
    context = entry.get("ctx") or {}
    value = entry.get("input")
    key = path[-1] if path else ""
    if kind == "missing":
        line, file = locate(data, path[:-1])
        hint = f"add {_EXAMPLES.get(str(key), f'{key}: ...')}"
        return Issue(_prefix(scenario) + f"`{key}` is missing", hint, _dotted(path), line, file or source)
    if kind == "labor_opt":
        message, hint = str(context["message"]), str(context["hint"])
    elif kind == "extra_forbidden":
        valid = _keys_at(path[:-1])
        odd, guess = odd_characters(str(key)), closest(str(key), valid)
        said = f"it holds {odd}; retype it. " if odd else f"did you mean `{guess}`? " if guess else ""
        message, hint = f"unknown key `{escaped(str(key))}`", f"{said}valid keys here: {', '.join(valid)}"
    elif kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "")
        choices = [choice.strip() for choice in expected.replace(" or ", ",").split(",") if choice.strip()]
        advice = suggestion(str(value), choices)
        message, hint = f"{shown(value)} is not allowed here", (f"{advice} " if advice else "") + f"write {expected}"
    else:
        template, hint = _PLAIN.get(kind, ("{shown} is not allowed here", "see docs/household-format.md for this key"))
        message = template.replace("{shown}", shown(value))
    written = raw_text(data, path) or (str(value) if isinstance(value, (int, float)) else "")
    message, hint = message.replace(WRITTEN, written), hint.replace(WRITTEN, written)
    line, file = locate(data, path)
    return Issue(_prefix(scenario) + message, hint, _dotted(path), line, file or source)


def _in_file(data: Any, location: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """pydantic's location as a path in the file: without the steps it adds itself (``function-before[...]``).

    A key the file wrote stays even when it holds brackets (``"window[1]"``).
    """
    path: list[str | int] = []
    current = data
    for step in location:
        written = isinstance(current, Mapping) and step in current
        if isinstance(step, int) or written or "[" not in step:
            path.append(step)
        if written or (isinstance(step, int) and isinstance(current, list) and 0 <= step < len(current)):
            current = current[step]
    return tuple(path)


def _keys_at(path: tuple[str | int, ...]) -> list[str]:
    """The valid keys of the model found by following ``path`` from the top."""
    annotation: Any = Household
    for step in path:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(step, str):
            field = next((f for name, f in annotation.model_fields.items() if (f.alias or name) == step), None)
            if field is None:
                return []
            annotation = field.annotation
        else:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [field.alias or name for name, field in annotation.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0]
        else:
            return annotation


def _prefix(scenario: str | None) -> str:
    return f"scenario {scenario}: " if scenario else ""


def _dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        if isinstance(step, str) and any(mark in step for mark in ".[]"):  # a key, not an index: "window[1]"
            step = f'"{step}"'
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
