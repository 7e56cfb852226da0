"""Text from a file or a command line, made harmless for a terminal.

Names come from anyone who shares the house and schedule files from
anywhere: an escape sequence in a name could retitle a window, clear the
screen or write to the clipboard (OSC 52). Everything labor-opt prints goes
through :func:`for_terminal`; a value quoted inside a message goes through
:func:`shown` first, so that even a line break in it stays on one line.

>>> shown("kim\\x1b]0;pwned\\x07")
'kim\\\\x1b]0;pwned\\\\x07'
>>> for_terminal("line one\\nline \\x1b[2Jtwo")
'line one\\nline \\\\x1b[2Jtwo'
"""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and isolates reorder what follows them on screen ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _unsafe(character: str) -> bool:
    category = unicodedata.category(character)
    # A lone surrogate (YAML "\ud800") cannot even be written as UTF-8: printing it would crash.
    return category in ("Cc", "Cs", "Zl", "Zp") or character in _BIDI_CONTROLS


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: object) -> str:
    """``value`` as text with every control character (line breaks too) written as a visible escape.

    For a value quoted inside a message: it can neither act on the terminal
    nor break the message's line.

    >>> shown("dana\\nmarc")
    'dana\\\\nmarc'
    """
    text = str(value)
    if not any(_unsafe(character) for character in text):
        return text
    special = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return "".join(special.get(c, _escaped(c)) if _unsafe(c) else c for c in text)


def for_terminal(text: str) -> str:
    """``text`` ready for a terminal: line breaks and tabs kept, every other control character made visible.

    >>> for_terminal("a\\tb\\rc")
    'a\\tb\\\\rc'
    """
    if not any(_unsafe(character) for character in text if character not in "\n\t"):
        return text
    return "".join(c if c in "\n\t" or not _unsafe(c) else shown(c) for c in text)


# The control characters' names (Unicode gives C0 and C1 controls aliases only), for messages.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def character_name(character: str) -> str:
    """``U+001B ESCAPE``: a character named by its code and name, never printed itself.

    >>> character_name("\\u202e"), character_name("\\x1b"), character_name("\\x01")
    ('U+202E RIGHT-TO-LEFT OVERRIDE', 'U+001B ESCAPE', 'U+0001')
    """
    code = ord(character)
    if unicodedata.category(character) == "Cs":  # unnamed by Unicode: say what it is
        return f"U+{code:04X} (a lone half of a UTF-16 surrogate pair)"
    name = _CONTROL_NAMES.get(code) or unicodedata.name(character, "")
    return f"U+{code:04X} {name}".rstrip()


def control_characters(text: str) -> str | None:
    """The characters of ``text`` that must never reach a terminal raw, each named once; ``None`` if none.

    >>> control_characters("Kim\\x1b[2J\\x1b]0;x\\x07")
    'U+001B ESCAPE, U+0007 BELL'
    """
    found = [character_name(character) for character in dict.fromkeys(text) if _unsafe(character)]
    return ", ".join(found) or None


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character that must never reach a terminal or a one-line field raw.

    >>> has_control_characters("Zoë"), has_control_characters("a\\x1bb")
    (False, True)
    """
    return any(_unsafe(character) for character in text)
