"""What each block of the week says, chosen so that it is never cut, on screen or on paper.

In each medium (see :func:`media`, which mirrors style.css) a block shows the
richest label that fits whole in it: its time and task name, wrapped; else
the name alone; else the task's number from the key under the week. A block
too short for one line is drawn one line tall, and the next block in the lane
moves down as far as it must, so no label covers another. Only a lane too
narrow for a number (a household of a dozen) leaves a block unlabelled; the
page then lists it under the week.
"""

from __future__ import annotations

from dataclasses import dataclass

from labor_opt.report.text_width import wrapped_lines

NUMBER = "#"  # a label that is the task's number, filled in once the page knows which tasks need one


@dataclass(frozen=True)
class Medium:
    """The week's geometry in one medium, in CSS pixels; each number is also in style.css."""

    name: str
    week_width: float  # .week: its narrowest width (min-width on screen; the page's width on paper)
    lanes_height: float  # a day's lanes inside their border: .week height - the day's header row - 2 px of border
    font: float  # .chore font-size
    line: float  # .chore line-height
    axis: float = 36  # .week's first column
    day_gap: float = 4  # .week's column gap


LANE_GAP = 1  # .lanes' gap
THIN_LANE = 6  # .lane.thin: a member away all day
BLOCK_INSET = 2  # a block's left and right border
BLOCK_EDGES = 2  # a block's top and bottom border
SCREEN = Medium("screen", week_width=1224, lanes_height=920 - 18 - 2, font=11, line=13)


def paper_height(members: int) -> int:
    """The week's height on paper: what a sheet leaves it beside the figures, which grow with the members."""
    return 500 if members <= 3 else 480 if members <= 5 else 440


def media(members: int) -> tuple[Medium, Medium]:
    """The screen, and the sheet for a page of ``members`` lanes a day (the week is .week's --paper-week tall)."""
    lanes_height = paper_height(members) - 13 - 2
    return SCREEN, Medium("paper", week_width=1062, lanes_height=lanes_height, font=9, line=11, axis=30, day_gap=3)


@dataclass(frozen=True)
class Block:
    """One chore in one lane on one day, in minutes from the top of the drawn day."""

    top: int
    bottom: int
    texts: tuple[str, ...]  # the labels to try, richest first
    numbered: bool  # whether it shows its task's number when no text fits (not a continued part)


@dataclass(frozen=True)
class Placed:
    """A block as drawn in each medium (possibly taller than its time, or moved down), and what it says there."""

    block: Block
    spans: dict[str, tuple[float, float]]  # medium -> (top, bottom) in minutes from the top of the drawn day
    labels: dict[str, str]  # medium -> its label: a text, NUMBER, or "" for none

    @property
    def stretched(self) -> bool:
        """Drawn taller than its time, or lower, in some medium."""
        return any(span != (self.block.top, self.block.bottom) for span in self.spans.values())

    @property
    def unlabelled(self) -> bool:
        """A block that should say what it is and, in some medium, cannot."""
        return self.block.numbered and not all(self.labels.values())


def lane_width(medium: Medium, lanes: int, thin: int) -> float:
    """A full lane's width in ``medium`` on a day with ``lanes`` lanes, ``thin`` of them thin."""
    day = (medium.week_width - medium.axis - 7 * medium.day_gap) / 7 - 2
    return (day - (lanes - 1) * LANE_GAP - thin * THIN_LANE) / max(lanes - thin, 1)


def place_lane(blocks: list[Block], day_minutes: int, lanes: int, thin: int, number: str) -> list[Placed]:
    """Each block of one lane (in the order given), placed in each medium and labelled there.

    Top to bottom: a block starts at its time or below the block above it,
    and is at least one line tall where a number (``number`` is as wide as
    the widest) fits across the lane. Its label is the richest text that fits
    whole.
    """
    order = sorted(range(len(blocks)), key=lambda i: (blocks[i].top, blocks[i].bottom))
    spans: dict[str, list[tuple[float, float]]] = {}
    labels: dict[str, list[str]] = {}
    for medium in media(lanes):
        width = (lane_width(medium, lanes, thin) - BLOCK_INSET) / medium.font
        numbered = wrapped_lines(number, width) == 1
        spans[medium.name] = _stack([blocks[i] for i in order], medium, day_minutes, numbered)
        labels[medium.name] = [
            _label(blocks[i], span, medium, width, day_minutes, numbered)
            for i, span in zip(order, spans[medium.name], strict=True)
        ]
    placed: list[Placed | None] = [None] * len(blocks)
    for position, index in enumerate(order):
        placed[index] = Placed(
            blocks[index],
            {name: spans[name][position] for name in spans},
            {name: labels[name][position] for name in labels},
        )
    return [block for block in placed if block is not None]


def _label(
    block: Block, span: tuple[float, float], medium: Medium, width: float, day_minutes: int, numbered: bool
) -> str:
    """The richest text that fits whole in the block as drawn; else its number where one fits; else nothing."""
    pixels = (span[1] - span[0]) * medium.lanes_height / day_minutes
    for text in block.texts:
        lines = wrapped_lines(text, width)
        if lines is not None and lines * medium.line + BLOCK_EDGES <= pixels + 0.01:
            return text
    return NUMBER if block.numbered and numbered else ""


def _stack(blocks: list[Block], medium: Medium, day_minutes: int, numbered: bool) -> list[tuple[float, float]]:
    """Top and bottom of each block in one medium: one line tall at least, never over the block above."""
    one_line = (medium.line + BLOCK_EDGES) * day_minutes / medium.lanes_height
    spans: list[tuple[float, float]] = []
    floor = 0.0
    for block in blocks:
        top = max(float(block.top), floor)
        bottom = max(float(block.bottom), top + (one_line if block.numbered and numbered else 0.0))
        spans.append((top, bottom))
        floor = bottom
    ceiling = float(day_minutes)  # pushed past the bottom of the day: move up again, each above the one below
    for index in reversed(range(len(spans))):
        top, bottom = spans[index]
        if bottom <= ceiling:
            break
        spans[index] = (max(ceiling - (bottom - top), 0.0), ceiling)
        ceiling = spans[index][0]
    return spans


def number_width(count: int) -> str:
    """A number as wide as the widest a key of ``count`` tasks uses."""
    return "0" * len(str(max(count, 1)))
