"""The validity rules, checked: one function per rule, keyed like the model's.

Each function reads the household and the schedule (:class:`CheckedWeek`)
and yields what breaks its rule, in words. :data:`CHECKS` has the same keys
as :data:`labor_opt.solver.rules.MODEL_RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from labor_opt.checker.reading import CheckedWeek, Placed
from labor_opt.checker.week import (
    DAY,
    DAYS,
    WEEK_MINUTES,
    away_minutes,
    block_minutes,
    commute_minutes,
    length_for,
    may_do,
    minutes,
    sleep_periods,
    work_minutes,
)
from labor_opt.household.models import Member, Task
from labor_opt.kernel.horizon import DAYS_PER_WEEK
from labor_opt.schedule import validity
from labor_opt.schedule.validity import Rule

Check = Callable[[CheckedWeek], Iterator[str]]


def placement(week: CheckedWeek) -> Iterator[str]:
    """Rule 1: every occurrence placed once, on an allowed day, inside its window, on the grid, as long as it takes."""
    for task_id, task in week.tasks.items():
        placed = week.placed[task_id]
        demanded = task.repeat.count
        if len(placed) != demanded:
            yield f"{task_id} is placed {len(placed)} times, the week needs {demanded}"
        numbers = sorted(number for p in placed if isinstance(number := p.entry.get("occurrence"), int))
        if numbers != list(range(1, len(placed) + 1)):  # also catches missing or non-integer numbers
            yield f"{task_id} has occurrence numbers {numbers}, not 1 to {len(placed)}"
        days = []
        for occurrence in placed:
            yield from _grid_and_length(week, occurrence)
            day = window_day(task, occurrence.start, occurrence.length)
            if day is None:
                yield f"{occurrence.where} is outside its window"
            else:
                days.append(day)
        yield from _days(task, days, all_read=len(days) == len(placed))


def _grid_and_length(week: CheckedWeek, occurrence: Placed) -> Iterator[str]:
    resolution = week.resolution
    if occurrence.start % resolution or occurrence.length % resolution:
        yield f"{occurrence.task.id} on {occurrence.entry['day']} at {occurrence.entry['start']} is off the " + (
            f"{resolution}m grid"
        )
    for member_id in occurrence.members:
        member = week.members[member_id]
        takes = length_for(member, occurrence.task, resolution)
        if may_do(member, occurrence.task) and takes != occurrence.length:
            yield f"{occurrence.where} lasts {occurrence.length} minutes, but takes {member_id} {takes}"


def window_day(task: Task, start: int, length: int) -> int | None:
    """The day whose window holds [start, start + length), or None."""
    window = task.effective_window
    if window is None:
        return start // DAY
    width = (window.end - window.start) % DAY or DAY
    for day in range(DAYS_PER_WEEK):
        opens = day * DAY + window.start
        for shift in (0, WEEK_MINUTES, -WEEK_MINUTES):
            if opens <= start + shift and start + shift + length <= opens + width:
                return day
    return None


def _days(task: Task, days: list[int], all_read: bool) -> Iterator[str]:
    if len(set(days)) != len(days):
        yield f"{task.id} is placed twice on one day"
    if task.repeat.days is not None:
        if sorted(days) != sorted(task.repeat.days) and all_read:
            wanted = ", ".join(DAYS[d] for d in task.repeat.days)
            placed = ", ".join(DAYS[d] for d in sorted(days)) or "no day"
            yield f"{task.id} must be on {wanted}, is on {placed}"
    elif len(days) > 1:
        ordered = sorted(days)
        gaps = [b - a - 1 for a, b in zip(ordered, ordered[1:])] + [ordered[0] + 7 - ordered[-1] - 1]
        if min(gaps) < task.repeat.min_gap_days:
            yield (
                f"{task.id} has only {min(gaps)} empty days between two occurrences, needs {task.repeat.min_gap_days}"
            )


def staffing(week: CheckedWeek) -> Iterator[str]:
    """Rule 2: exactly ``people`` distinct members, each allowed to do it."""
    for task_id, task in week.tasks.items():
        for occurrence in week.placed[task_id]:
            who = occurrence.members
            where = f"{task_id} on {occurrence.entry['day']} at {occurrence.entry['start']}"
            if len(set(who)) != len(who) or len(who) != task.people:
                distinct = len(set(who))
                yield f"{where} has {distinct} distinct member{'' if distinct == 1 else 's'}, needs {task.people}"
            for member_id in who:
                if not may_do(week.members[member_id], task):
                    yield f"{member_id} may not do {where}"


def no_overlap(week: CheckedWeek) -> Iterator[str]:
    """Rule 3, no overlap: nobody does two things at once."""
    for member in week.household.members:
        taken: dict[int, str] = {}
        for occurrence in week.of(member):
            span, where = minutes(occurrence.start, occurrence.length), occurrence.where
            for other in sorted({taken[m] for m in span if m in taken}):
                yield f"{member.id} does {where} and {other} at the same time"
            taken.update(dict.fromkeys(span, where))


def busy_time(week: CheckedWeek) -> Iterator[str]:
    """Rule 3, busy time: nothing in work, commute or unavailable time, nor in sleep unless a night task."""
    for member in week.household.members:
        busy = {
            "work": block_minutes(member.work),
            "commute": commute_minutes(member),
            "unavailable time": block_minutes(member.unavailable),
            "time away (outside their available hours)": away_minutes(member),
        }
        asleep = set().union(*sleep_periods(member))
        for occurrence in week.of(member):
            span = minutes(occurrence.start, occurrence.length)
            for word, taken in busy.items():
                if span & taken:
                    yield f"{member.id} does {occurrence.where} during their {word}"
            if span & asleep and not occurrence.task.night:
                yield f"{member.id} does {occurrence.where} while asleep (not a night task)"


def assign_one(week: CheckedWeek) -> Iterator[str]:
    """Rule 4, assign one: the same member(s) for every occurrence."""
    for task_id, task in week.tasks.items():
        if task.assign == "one" and len({tuple(sorted(p.members)) for p in week.placed[task_id]}) > 1:
            yield f"{task_id} has assign: one but changes hands during the week"


def chore_caps(week: CheckedWeek) -> Iterator[str]:
    """Rule 4, chore caps: ``max_chores`` holds."""
    for member in week.household.members:
        chores = sum(occurrence.length for occurrence in week.of(member))
        if member.max_chores is not None and chores > member.max_chores:
            yield f"{member.id} does {chores} minutes of chores, over their max_chores of {member.max_chores}"


def one_owner(week: CheckedWeek) -> Iterator[str]:
    """Rule 5, one owner: each mental load has one owner, allowed to do it (and doing it, for assign: one)."""
    for task_id, task in week.tasks.items():
        if not task.mental_load:
            continue
        owner = week.owners.get(task_id)
        placed = week.placed[task_id]
        if owner is None:
            yield f"{task_id} has mental load but no owner"
        elif owner not in week.members or not may_do(week.members[owner], task):
            yield f"{owner} owns {task_id} but may not do it"
        elif task.assign == "one" and placed and owner not in placed[0].members:
            yield f"{owner} owns {task_id} (assign: one) but does not do it"
    for task_id in week.owners:
        if task_id not in week.tasks:
            yield f"owners names {task_id}, which is not a task"
        elif not week.tasks[task_id].mental_load:
            yield f"owners names {task_id}, which has no mental load to own"


def mental_caps(week: CheckedWeek) -> Iterator[str]:
    """Rule 5, mental caps: ``max_mental`` holds (0 by default for members outside the balance)."""
    for member in week.household.members:
        cap = member.max_mental if member.max_mental is not None else (None if member.balance else 0)
        mental = week.mental(member)
        if cap is not None and mental > cap:
            default = " (the default for members outside the balance)" if member.max_mental is None else ""
            yield f"{member.id} owns {mental} minutes of mental load, over their max_mental of {cap}{default}"


def night_caps(week: CheckedWeek) -> Iterator[str]:
    """Rule 6, night caps: ``max_nights`` holds."""
    for member in week.household.members:
        nights = week.disturbed_nights(member)
        if member.max_nights is not None and nights > member.max_nights:
            yield f"{member.id} is woken on {nights} nights, over their max_nights of {member.max_nights}"


def presence(week: CheckedWeek) -> Iterator[str]:
    """Rule 6, presence: at every minute of a presence block, at least ``people`` of its members at home.

    Away: at work away from home, commuting, unavailable, outside their
    available hours, or doing an away task. Asleep, working at home, or
    doing a chore at home, is at home; asleep is not, for a block that asks
    for someone awake.
    """
    household = week.household
    away = {member.id: _fixed_time_away(member) for member in household.members}
    asleep = {member.id: set().union(*sleep_periods(member)) for member in household.members}
    for member in household.members:
        for occurrence in week.of(member):
            if occurrence.task.away:
                away[member.id] |= minutes(occurrence.start, occurrence.length)
    for block in household.presence:
        who = set(block.who if block.who is not None else away)
        out = {m: away[m] | asleep[m] if block.awake else away[m] for m in who}
        length = (block.end - block.start) % DAY or DAY
        at_home = "at home and awake" if block.awake else "at home"
        for day in block.days:
            span = [(day * DAY + block.start + offset) % WEEK_MINUTES for offset in range(length)]
            short = [minute for minute in span if sum(minute not in out[m] for m in who) < block.people]
            if short:
                first = short[0] % DAY
                yield (
                    f"{block.label} on {DAYS[day]} has fewer than {block.people} of {', '.join(sorted(who))} "
                    f"{at_home} for {len(short)} minute(s), from {first // 60:02d}:{first % 60:02d}"
                )


def _fixed_time_away(member: Member) -> set[int]:
    """Work away from home, its commute, unavailable time and time outside the available hours."""
    return (
        work_minutes(member, at_home=False)
        | commute_minutes(member)
        | block_minutes(member.unavailable)
        | away_minutes(member)
    )


CHECKS: dict[Rule, Check] = {
    validity.PLACEMENT: placement,
    validity.STAFFING: staffing,
    validity.NO_OVERLAP: no_overlap,
    validity.BUSY_TIME: busy_time,
    validity.ASSIGN_ONE: assign_one,
    validity.CHORE_CAPS: chore_caps,
    validity.ONE_OWNER: one_owner,
    validity.MENTAL_CAPS: mental_caps,
    validity.NIGHT_CAPS: night_caps,
    validity.PRESENCE: presence,
}
