"""A schedule as markdown, to paste into a chat or a note: one table per day, then the summary.

Names come from anyone who shares the house, and markdown is rendered to
HTML by whoever reads it: every piece of text from the household goes
through :func:`markdown_text` (or :func:`markdown_table`), so that a name
can neither add a line, a table row or a heading, nor become markup or live
HTML.
"""

from __future__ import annotations

import re

from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import shown
from labor_opt.report.terminal import (
    by_day,
    fairness_sentence,
    member_rows,
    notes,
    task_of,
    time_of,
    title_of,
    who_of,
)
from labor_opt.schedule.model import Schedule

DAY_TITLES = dict(zip(DAY_NAMES, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))

# Characters that are markup inline (emphasis, code, links, raw HTML and entities, tables, strikethrough, a
# heading's closing #), and an underscore unless it is inside a word (where CommonMark never reads it as emphasis).
_INLINE = re.compile(r"[\\`*\[\]<>&|~#]|(?<![^\W_])_|_(?![^\W_])")
# What starts a block at the beginning of a line (a list item, a setext underline, an ordered list): up to
# its punctuation. A quote, an HTML block or a heading start with a character _INLINE already escapes.
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")


def schedule_markdown(schedule: Schedule) -> str:
    """The week day by day, the members' figures and the fairness line, as markdown.

    >>> import labor_opt
    >>> text = schedule_markdown(labor_opt.solve(labor_opt.load("examples/newborn.yaml")))
    >>> text.splitlines()[0]
    '# Kai and Noor'
    """
    out = [f"# {markdown_text(title_of(schedule))}", ""]
    for day, assignments in by_day(schedule).items():
        rows = [[time_of(a), task_of(schedule, a), who_of(schedule, a)] for a in assignments]
        if rows:
            out += [f"## {DAY_TITLES[day]}", "", *markdown_table(["time", "task", "who"], rows), ""]
    header, rows = member_rows(schedule)
    out += ["## Members (hours a week)", "", *markdown_table(header, rows), ""]
    out += [markdown_text(fairness_sentence(schedule)), ""]
    out += [line for note in notes(schedule) for line in (markdown_text(note), "")]
    return "\n".join(out)


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    r"""A markdown table's lines, every cell escaped: a cell can never end early or add a row.

    >>> markdown_table(["who"], [["Kim | <b>Lee</b>"], ["Ana\nBo"]])
    ['| who |', '| --- |', '| Kim \\| \\<b\\>Lee\\</b\\> |', '| Ana\\\\nBo |']
    """

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(_inline(cell) for cell in cells) + " |"

    return [line(header), "| " + " | ".join(["---"] * len(header)) + " |", *(line(row) for row in rows)]


def markdown_text(text: str) -> str:
    r"""``text`` as one line of markdown that shows exactly it, for a paragraph or a heading.

    Control characters (line breaks too) are made visible, inline markup and HTML are escaped with a
    backslash, and a leading character that would start a list, a quote or a break is escaped too.

    >>> print(markdown_text("1. *Sam* <img src=x> & nursery_pick_up"))
    1\. \*Sam\* \<img src=x\> \& nursery_pick_up
    """
    escaped = _inline(text).lstrip(" ")  # four leading spaces would make a code block
    starts = _BLOCK_START.match(escaped)
    if starts is None:
        return escaped
    # The marker's punctuation gets the backslash: "1\." (a backslash before a digit would stay a backslash).
    at = starts.end() - 1
    return escaped[:at] + "\\" + escaped[at:]


def _inline(text: str) -> str:
    """``text`` on one line with its inline markup escaped: enough for a table cell."""
    return _INLINE.sub(lambda match: "\\" + match.group(), shown(text))
