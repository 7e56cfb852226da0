"""A safe YAML loader that reads plain values as YAML 1.2 does, and remembers where aliases were used.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are
booleans, ``017`` is octal 15 and ``17:30`` is the base-60 number 1050: a
household file would silently change meaning. This loader resolves only the
YAML 1.2 core schema: ``true``/``false``, ``null``/``~``, decimal integers
(``0o17`` and ``0x1f`` when written so), and decimal floats with ``.inf``
and ``.nan``; everything else is text. It never constructs Python objects
from tags.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

TAG = "tag:yaml.org,2002:"


class CoreResolver(BaseResolver):
    """Implicit types of the YAML 1.2 core schema, and ``<<`` merge keys."""


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    CoreResolver.add_implicit_resolver(TAG + _tag, re.compile(_pattern), list(_first))


class CoreLoader(Reader, Scanner, Parser, Composer, SafeConstructor, CoreResolver):
    """Reads YAML 1.2 core values; ``alias_marks`` holds where each alias was used.

    An alias composes to the very node its anchor names, so the node alone
    cannot tell where the alias stood; ``alias_marks`` maps (the parent
    node's id, the item's index or the key node's id) to the character
    offset of the alias, for messages that point at it.
    """

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        CoreResolver.__init__(self)
        self.alias_marks: dict[tuple[int, int], int] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            place = index if isinstance(index, int) else id(index)
            event = self.peek_event()  # type: ignore[no-untyped-call]
            self.alias_marks[(id(parent), place)] = event.start_mark.index
        return super().compose_node(parent, index)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(node.value).replace("_", "")
        sign = -1 if text.startswith("-") else 1
        digits = text.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)  # 017 is seventeen, as in YAML 1.2; never octal


CoreLoader.add_constructor(TAG + "int", CoreLoader.construct_yaml_int)  # type: ignore[type-var]
