"""How wide a label is in ems, so the page can choose what fits in a block before any browser lays it out.

The page has no script, so each block's label is chosen when the page is
written. The widths are DejaVu Sans' (what `system-ui` is on Debian, and the
widest of the common system sans-serif faces): a label that fits in them
fits in Segoe UI, Roboto, Helvetica or San Francisco too. A character not in
the table (emoji, CJK, most of Unicode) counts as 1.25 em, wider than any
face draws it, so a name in any script errs on the side of a shorter label.

>>> round(text_em("Cook dinner"), 2)
6.32
>>> wrapped_lines("Homework with Zoe", 6.0), wrapped_lines("Homework", 3.0)
(2, None)
"""

from __future__ import annotations

import re

SAFETY = 1.05  # kerning, rounding and sub-pixel layout: never trust the last 5%
UNKNOWN = 1.25  # em for a character outside the table
# Advance widths in thousandths of an em, as Chromium draws DejaVu Sans (measured, rounded up).
_GROUPS = {
    278: "ijl",
    295: "IJ",
    318: " ,.’",
    337: ":;/\\|",
    345: "f",
    361: "-",
    391: "()[]",
    393: "t",
    396: "r",
    401: "!",
    460: '"',
    275: "'",
    500: "*_`–",
    521: "s",
    525: "z",
    531: "?",
    550: "c",
    558: "L",
    576: "F",
    580: "k",
    592: "vxy",
    596: "T",
    604: "P",
    611: "Y",
    613: "ao",
    616: "e",
    632: "E",
    635: "bdghnpquS",
    637: "0123456789${}",
    656: "K",
    685: "BVXZ",
    695: "R",
    698: "C",
    710: "A",
    732: "U",
    748: "N",
    752: "H",
    770: "D",
    775: "G",
    780: "&",
    787: "OQ",
    818: "w",
    838: "#+<=>^~",
    863: "M",
    951: "%",
    975: "m",
    989: "W",
    1000: "@—",
}
_WIDTHS = {char: width / 1000 for width, chars in _GROUPS.items() for char in chars}
_LATIN = 0.8  # accented Latin letters (é, ß, Ü): a little wider than the widest plain lowercase


def char_em(char: str) -> float:
    """One character's width in ems."""
    if char in _WIDTHS:
        return _WIDTHS[char]
    return _LATIN if "\u00c0" <= char <= "\u024f" else UNKNOWN


def text_em(text: str) -> float:
    """The width of ``text`` on one line, in ems, with the safety margin."""
    return SAFETY * sum(char_em(char) for char in text)


def pieces_of(word: str) -> list[str]:
    """A word cut where the page lets it break: after each underscore (a task named by its id, ``walk_dog``).

    >>> pieces_of("nursery_drop_off")
    ['nursery_', 'drop_', 'off']
    """
    return [piece for piece in re.split(r"(?<=_)", word) if piece]


def wrapped_lines(text: str, width_em: float) -> int | None:
    """How many lines ``text`` takes wrapped into lines ``width_em`` wide; None when a piece of a word is wider.

    A browser wraps greedily where this does: at spaces, and after the
    underscores where the page puts a break opportunity (``<wbr>``); it never
    breaks elsewhere inside a word, except after a hyphen, which only saves lines.
    """
    words = text.split()
    if not words:
        return 0
    space = text_em(" ")
    lines, used = 1, 0.0
    for word in words:
        for position, piece in enumerate(pieces_of(word)):
            width = text_em(piece)
            gap = space if position == 0 and used else 0.0
            if width > width_em:
                return None
            if used and used + gap + width > width_em:
                lines, used = lines + 1, width
            else:
                used += gap + width
    return lines
