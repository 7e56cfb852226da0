"""The week as the page draws it: the household's day down the side, a column per day, a lane per member.

Members keep one colour wherever they appear, taken from their place in the
household file (not in a filtered view): Sam is the same colour on the
household's page and on Sam's own. A member who is away all day (a helper
around on some afternoons) gets a thin lane that day, so the lanes of the
others keep their place and their width goes to those who are there.
"""

from __future__ import annotations

from typing import Any

from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.report.markdown import DAY_TITLES
from labor_opt.report.week_labels import NUMBER, Block, Placed, number_width, paper_height, place_lane
from labor_opt.report.week_span import DaySpan, household_day, pieces
from labor_opt.schedule.model import Assignment, Schedule

MEMBER_STYLES = 8  # .m0 ... .m7 in style.css
BUSY_CLASSES = {
    "at work": "at-work",
    "working at home": "at-work",  # busy like any work; its words say it is at home
    "commuting": "commuting",
    "unavailable": "unavailable",
    "away": "away",
    "asleep": "asleep",
}
_NOT_AROUND = ("away", "asleep")


def household_order(schedule: Schedule) -> list[str]:
    """Every member's id in the household file's order (a schedule keeps its busy times in that order)."""
    listed = list(schedule.busy)
    return listed + sorted(set(schedule.members) - set(listed))


def colour_index(schedule: Schedule) -> dict[str, int]:
    """Each member's colour: their position in the household file, so that every view of them agrees."""
    return {member: position % MEMBER_STYLES for position, member in enumerate(household_order(schedule))}


def shown_members(schedule: Schedule) -> list[str]:
    """The members this page draws (one on a member's own page), in the household's order."""
    return [member for member in household_order(schedule) if member in schedule.members]


def week_context(schedule: Schedule) -> dict[str, Any]:
    """Everything week.html.j2 needs for the grid: hours, days with their lanes and blocks, the key of numbers."""
    span = household_day(schedule)
    members = shown_members(schedule)
    colours = colour_index(schedule)
    number = number_width(len({a.task for a in schedule.assignments}))
    days = [_day(schedule, day, span, members, colours, number) for day in range(7)]
    key = _number(schedule, days)
    blocks = [block for day in days for lane in day["lanes"] for block in lane["chores"]]
    return {
        "span_hours": span.minutes // 60,
        "paper_week": paper_height(len(members)),
        "hours": [{"top": _percent(minute - span.start, span), "label": label} for minute, label in span.hour_marks()],
        "days": days,
        "key": key,
        "unlabelled": [block["title"] for block in blocks if block["unlabelled"]],
        "key_media": sorted({medium for entry in key for medium in entry["media"]}),
        "shading": _shading(days),
        "marks": {
            "night": any(block["night"] for block in blocks),
            "continued": any(block["continued"] for block in blocks),
            "stretched": any(block["stretched"] for block in blocks),
            "thin": any(lane["thin"] for day in days for lane in day["lanes"]),
        },
    }


def _day(
    schedule: Schedule, day: int, span: DaySpan, members: list[str], colours: dict[str, int], number: str
) -> dict[str, Any]:
    """One day's column: a lane per member with their busy time and chores, labelled to fit."""
    begin, end = day * MINUTES_PER_DAY + span.start, day * MINUTES_PER_DAY + span.end
    lanes: list[dict[str, Any]] = []
    blocks: list[list[Block]] = []
    for member in members:
        chores = [
            _chore(schedule, assignment, low, high, begin)
            for assignment in schedule.assignments
            if member in assignment.members
            for low, high in pieces(assignment.week_minute, assignment.week_minute + assignment.minutes, begin, end)
        ]
        busy = [
            {"kind": BUSY_CLASSES.get(kind, "unavailable"), "words": kind, **_span(low - begin, high - begin, span)}
            for kind, start, stop in schedule.busy.get(member, ())
            for low, high in pieces(start, stop, begin, end)
        ]
        away = not chores and _away_all_day(schedule.busy.get(member, ()), begin, end)
        lanes.append({"member": member, "name": schedule.member_name(member), "index": colours[member]})
        lanes[-1].update(busy=busy, chores=[chore for chore, _ in chores], thin=away)
        blocks.append([block for _, block in chores])
    thin = sum(1 for lane in lanes if lane["thin"])
    for lane, lane_blocks in zip(lanes, blocks, strict=True):
        placed = place_lane(lane_blocks, span.minutes, len(lanes), thin, number)
        for chore, block in zip(lane["chores"], placed, strict=True):
            chore.update(_drawn(block, span))
    return {"key": DAY_NAMES[day], "title": DAY_TITLES[DAY_NAMES[day]], "lanes": lanes}


def _shading(days: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The kinds of busy time the page shades, for the legend: only those it shows."""
    shown = {block["words"] for day in days for lane in day["lanes"] if not lane["thin"] for block in lane["busy"]}
    shown |= {"unavailable" for word in shown if word not in BUSY_CLASSES}  # drawn as unavailable
    words = {"away": "away (outside available hours)"}
    return [{"kind": kind, "words": words.get(word, word)} for word, kind in BUSY_CLASSES.items() if word in shown]


def _away_all_day(runs: tuple[tuple[str, int, int], ...], begin: int, end: int) -> bool:
    """Away (outside their available hours) or asleep at every minute of the drawn day, and away at some."""
    covered = bytearray(end - begin)
    away = False
    for kind, start, stop in runs:
        if kind in _NOT_AROUND:
            for low, high in pieces(start, stop, begin, end):
                covered[low - begin : high - begin] = b"\x01" * (high - low)
                away = away or kind == "away"
    return away and all(covered)


def _chore(schedule: Schedule, assignment: Assignment, low: int, high: int, begin: int) -> tuple[dict[str, Any], Block]:
    """A chore's part inside one day's column: what the page says of it, and its block to place and label."""
    name = schedule.task_name(assignment.task)
    who = " and ".join(schedule.member_name(m) for m in assignment.members)
    continued = low % MINUTES_PER_WEEK != assignment.week_minute
    time = assignment.start.removeprefix("0") if assignment.start != "00:00" else "0:00"
    texts = (name,) if continued else (f"{time} {name}", name)
    return {
        "task": assignment.task,
        "occurrence": assignment.occurrence,
        "day": assignment.day,
        "start": assignment.start,
        "members": " ".join(assignment.members),
        "night": assignment.night,
        "continued": continued,
        "name": name,
        "title": f"{name}, {assignment.day} {assignment.start}-{assignment.end}: {who}",
    }, Block(low - begin, high - begin, texts, numbered=not continued)


def _drawn(placed: Placed, span: DaySpan) -> dict[str, Any]:
    """Where a block is drawn on screen and on paper (as CSS variables), and its label."""
    screen, paper = placed.spans["screen"], placed.spans["paper"]
    return {
        "style": (
            f"--top: {_percent(screen[0], span)}%; --height: {_percent(screen[1] - screen[0], span)}%; "
            f"--paper-top: {_percent(paper[0], span)}%; --paper-height: {_percent(paper[1] - paper[0], span)}%"
        ),
        "labels": placed.labels,
        "stretched": placed.stretched,
        "unlabelled": placed.unlabelled,
    }


def _number(schedule: Schedule, days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Number the tasks some block shows by number (in the order of their names), and put the numbers in.

    The key lists each numbered task, with the media (screen, paper) in
    which some block shows its number.
    """
    chores = [chore for day in days for lane in day["lanes"] for chore in lane["chores"]]
    used: dict[str, set[str]] = {}
    for chore in chores:
        for medium, label in chore["labels"].items():
            if label == NUMBER:
                used.setdefault(chore["task"], set()).add(medium)
    tasks = sorted(used, key=lambda task: (schedule.task_name(task).lower(), task))
    numbers = {task: str(position) for position, task in enumerate(tasks, start=1)}
    for chore in chores:
        chore["numbered"] = {medium for medium, label in chore["labels"].items() if label == NUMBER}
        chore["labels"] = {
            m: numbers[chore["task"]] if label == NUMBER else label for m, label in chore["labels"].items()
        }
    return [{"code": numbers[task], "name": schedule.task_name(task), "media": sorted(used[task])} for task in tasks]


def _span(top: float, bottom: float, span: DaySpan) -> dict[str, float]:
    """Top and height, in percent of the drawn day, of a stretch given in minutes from its top."""
    return {"top": _percent(top, span), "height": _percent(bottom - top, span)}


def _percent(minutes: float, span: DaySpan) -> float:
    return round(100 * minutes / span.minutes, 3)
