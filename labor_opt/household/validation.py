"""Rules that need the whole household: unknown ids, shares, skills, the grid.

Each check returns findings (a path into the file, what is wrong, what to
write instead); the reader attaches the YAML line. Nothing here raises.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Literal, NamedTuple

from labor_opt.household.eligibility import real_length, skill_factor, why_not_allowed
from labor_opt.household.models import Household
from labor_opt.household.shares import rounded_shares, shares_too_fine
from labor_opt.household.times import Window
from labor_opt.household.units import format_clock, format_duration, suggestion
from labor_opt.household.values import RESOLUTIONS
from labor_opt.kernel.horizon import MINUTES_PER_WEEK

Path = tuple[str | int, ...]


class Finding(NamedTuple):
    """A problem at a place in the file, before its line is known."""

    path: Path
    message: str
    hint: str
    severity: Literal["error", "warning"] = "error"
    # The id a dangling reference names; a scenario that removed it points here.
    subject: str | None = None
    # "skills": depends on every member's skills, so unsafe on a partly read file.
    # "rounding": a length or window moved onto the grid (summarized unless asked for).
    kind: Literal["reference", "preference", "skills", "rounding", "other"] = "other"
    rounded_by: Fraction | None = None  # for "rounding": how many minutes it moved


# Caps that keep a solve within bounded time and memory; a real household, even
# a large shared one, stays far below them.
MAX_MEMBERS = 50
MAX_TASKS = 2000
MAX_OCCURRENCES = 10_000
MAX_GRID_CELLS = 100_000  # members x grid slots in a week (49 members on a 5-minute grid)
MAX_PRESENCE_BLOCKS = 200


def check_household(household: Household) -> list[Finding]:
    """Every cross-field problem and rounding warning of a validated household."""
    return [
        *_within_limits(household),
        *_duplicate_ids(household),
        *_unknown_members_in_who(household),
        *_unknown_members_now(household),
        *_presence_can_be_met(household),
        *_preferences_name_something(household),
        *_shares_name_balanced_members(household),
        *_windows_fit_the_task(household),
        *_default_window_rounding(household),
        *_grid_rounding(household),
        *_helpers_without_a_cap(household),
    ]


def _helpers_without_a_cap(household: Household) -> Iterator[Finding]:
    """A member outside the balance with no ``max_chores``: the schedule may give them any amount."""
    for index, member in enumerate(household.members):
        if not member.balance and member.max_chores is None:
            yield Finding(
                ("members", index, "balance"),
                f"{member.id} is left out of the balance (balance: false) and has no max_chores, so the schedule "
                "may give them any amount of chores",
                f"give {member.id} a weekly cap, e.g. max_chores: 3h",
                "warning",
            )


def _within_limits(household: Household) -> Iterator[Finding]:
    members, tasks = len(household.members), len(household.tasks)
    if members > MAX_MEMBERS:
        yield Finding(
            ("members",),
            f"the file has {members} members; labor-opt plans for at most {MAX_MEMBERS}",
            "split the household into smaller groups that share no tasks",
        )
    if tasks > MAX_TASKS:
        yield Finding(
            ("tasks",),
            f"the file has {tasks} tasks; labor-opt plans for at most {MAX_TASKS}",
            "merge similar tasks, or split the household",
        )
    if len(household.presence) > MAX_PRESENCE_BLOCKS:
        yield Finding(
            ("presence",),
            f"the file has {len(household.presence)} presence blocks; labor-opt plans for at most "
            f"{MAX_PRESENCE_BLOCKS}",
            "merge blocks that name the same members into longer ones, or list several days in one block",
        )
    occurrences = sum(task.repeat.count for task in household.tasks)
    if occurrences > MAX_OCCURRENCES:
        yield Finding(
            ("tasks",),
            f"the tasks happen {occurrences} times a week; labor-opt plans for at most {MAX_OCCURRENCES}",
            "merge small tasks into larger ones",
        )
    cells = members * MINUTES_PER_WEEK // household.settings.resolution
    if cells > MAX_GRID_CELLS and members <= MAX_MEMBERS:  # too many members is the problem to name first
        yield Finding(
            ("settings", "resolution"),
            f"{members} members on a {household.settings.resolution}m grid make "
            f"{cells} grid cells; labor-opt plans for at most {MAX_GRID_CELLS}",
            "use a coarser settings.resolution, such as 15m or 30m",
        )


def _duplicate_ids(household: Household) -> Iterator[Finding]:
    for section, ids in (
        ("members", [member.id for member in household.members]),
        ("tasks", [task.id for task in household.tasks]),
    ):
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                yield Finding(
                    (section, index, "id"),
                    f"the id {item_id} is used twice in {section} (also {section}[{seen[item_id]}])",
                    f"give each of the {section} its own id, e.g. {item_id}_2",
                )
            else:
                seen[item_id] = index


def _unknown_members_in_who(household: Household) -> Iterator[Finding]:
    member_ids = [member.id for member in household.members]
    for task_index, task in enumerate(household.tasks):
        if task.who is None:
            continue
        if not task.who:
            yield Finding(
                ("tasks", task_index, "who"),
                f"`who` of task {task.id} is empty, so nobody may do it",
                "name at least one member, or remove `who` to let anyone do it",
            )
        for position, member_id in enumerate(task.who):
            if member_id not in member_ids:
                yield _not_a_member("who", task_index, task.id, position, member_id, member_ids)


def _not_a_member(key: str, task_index: int, task: str, position: int, member_id: str, members: list[str]) -> Finding:
    """A task's ``key`` (who, now) names someone who is not a member."""
    return _names_no_member(("tasks", task_index, key, position), f"`{key}` of task {task}", member_id, members)


def _names_no_member(path: Path, what: str, member_id: str, members: list[str]) -> Finding:
    """``what`` (at ``path``) names someone who is not a member."""
    return Finding(
        path,
        f"{what} names {member_id}, who is not a member",
        _suggest(member_id, members, "member ids are"),
        subject=member_id,
        kind="reference",
    )


def _unknown_members_now(household: Household) -> Iterator[Finding]:
    """``now`` names members (who may be unable to do the task: that is the audit's finding, not an error)."""
    member_ids = [member.id for member in household.members]
    for task_index, task in enumerate(household.tasks):
        for position, member_id in enumerate(task.now or []):
            if member_id not in member_ids:
                yield _not_a_member("now", task_index, task.id, position, member_id, member_ids)
            elif task.now is not None and task.now.index(member_id) != position:
                yield Finding(
                    ("tasks", task_index, "now", position),
                    f"`now` of task {task.id} names {member_id} twice",
                    "name each member once; the first named owns the task's mental load today",
                )


def _presence_can_be_met(household: Household) -> Iterator[Finding]:
    """A presence block names members, and asks for no more of them than it names."""
    member_ids = [member.id for member in household.members]
    for index, block in enumerate(household.presence):
        for position, member_id in enumerate(block.who or []):
            if member_id not in member_ids:
                yield _names_no_member(
                    ("presence", index, "who", position), f"`who` of {block.label}", member_id, member_ids
                )
        named = len(set(block.who)) if block.who is not None else len(member_ids)
        if block.people > named:
            yield Finding(
                ("presence", index, "people"),
                f"{block.label} needs {block.people} members at home but names only {named}",
                "lower people, or add members to its who",
            )


def _preferences_name_something(household: Household) -> Iterator[Finding]:
    words = sorted({task.id for task in household.tasks} | {tag for task in household.tasks for tag in task.tags})
    for member_index, member in enumerate(household.members):
        for key in ("likes", "dislikes", "never"):
            for position, word in enumerate(getattr(member, key)):
                if word not in words:
                    yield Finding(
                        ("members", member_index, key, position),
                        f"`{key}` of {member.id} names {word}, which is neither a task id nor a tag",
                        _suggest(word, words, "task ids and tags are"),
                        subject=word,
                        kind="preference",
                    )


def _shares_name_balanced_members(household: Household) -> Iterator[Finding]:
    shares = household.settings.fairness.shares
    if shares == "equal":
        return
    path: Path = ("settings", "fairness", "shares")
    balanced = [member.id for member in household.members if member.balance]
    unbalanced = [member.id for member in household.members if not member.balance]
    for member_id in shares:
        if member_id in unbalanced:
            yield Finding(
                (*path, member_id),
                f"shares names {member_id}, who has `balance: false` and is left out of the fairness measure",
                f"remove {member_id} from shares, or set balance: true for them",
            )
        elif member_id not in balanced:
            yield Finding(
                (*path, member_id),
                f"shares names {member_id}, who is not a member",
                _suggest(member_id, balanced, "balanced members are"),
                subject=member_id,
                kind="reference",
            )
    missing = [member_id for member_id in balanced if member_id not in shares]
    if missing:
        yield Finding(
            path,
            f"shares gives no weight to {', '.join(missing)}",
            "give every balanced member a weight, e.g. " + ", ".join(f"{m}: 1" for m in missing),
        )
    elif shares_too_fine(household):
        yield Finding(
            path,
            "these shares are too finely written to compare loads exactly (their weights have no small common measure)",
            "round them, e.g. to whole numbers or one decimal: {"
            + ", ".join(f"{member_id}: {weight:g}" for member_id, weight in rounded_shares(household).items())
            + "}",
        )


def _windows_fit_the_task(household: Household) -> Iterator[Finding]:
    resolution = household.settings.resolution
    for task_index, task in enumerate(household.tasks):
        window = task.effective_window
        if window is None:
            continue
        start, end = _inward(window, resolution)
        usable = end - start
        lengths = [
            real_length(member, task, resolution)
            for member in household.members
            if why_not_allowed(member, task) is None
        ]
        if lengths and usable < min(lengths):
            own = task.window is not None
            yield Finding(
                ("tasks", task_index, "window") if own else ("tasks", task_index),
                ("the window of task" if own else "settings.default_window, the window of task")
                + f" {task.id} ({format_duration(window.minutes)}"
                + (f", {format_duration(max(usable, 0))} on the {resolution}m grid" if usable != window.minutes else "")
                + f") is shorter than the task ({format_duration(min(lengths))})",
                "widen the window or shorten the duration" if own else "give the task a window of its own",
                kind="skills",
            )


def _grid_rounding(household: Household) -> Iterator[Finding]:
    resolution = household.settings.resolution
    for task_index, task in enumerate(household.tasks):
        rounded: dict[tuple[Fraction, Fraction, int], list[str]] = {}
        allowed = [member for member in household.members if why_not_allowed(member, task) is None]
        factors = {skill_factor(member, task) for member in allowed}
        for member in allowed:
            factor = skill_factor(member, task)
            exact = task.duration * factor
            length = real_length(member, task, resolution)
            if exact != length:
                rounded.setdefault((factor, exact, length), []).append(member.id)
        for (factor, exact, length), member_ids in rounded.items():
            how = "" if factor == 1 else f" ({format_duration(task.duration)} x {float(factor):g} for skill level)"
            yield Finding(
                ("tasks", task_index, "duration"),
                f"task {task.id} takes {_minutes(exact)}{how} for {', '.join(member_ids)}, rounded up to "
                f"{format_duration(length)} on the {resolution}m grid",
                _keep_exact(task.duration, factors, resolution, (factor, member_ids)),
                "warning",
                kind="rounding",
                rounded_by=length - exact,
            )
        if task.window is not None:
            start, end = _inward(task.window, resolution)
            if (start, end) != (task.window.start, task.window.start + task.window.minutes):
                yield Finding(
                    ("tasks", task_index, "window"),
                    f"the window {format_clock(task.window.start)}-{format_clock(task.window.end)} of task "
                    f"{task.id} is narrowed to {format_clock(start % 1440)}-{_clock_end(end)} "
                    f"on the {resolution}m grid",
                    _exact_window(task.window, start, end, resolution),
                    "warning",
                    kind="rounding",
                    rounded_by=Fraction(task.window.minutes - (end - start)),
                )


def _default_window_rounding(household: Household) -> Iterator[Finding]:
    """Household hours off the grid: said once, at settings.default_window."""
    window, resolution = household.settings.default_window, household.settings.resolution
    if window is None:
        return
    start, end = _inward(window, resolution)
    if (start, end) != (window.start, window.start + window.minutes):
        yield Finding(
            ("settings", "default_window"),
            f"settings.default_window {format_clock(window.start)}-{format_clock(window.end)} is narrowed to "
            f"{format_clock(start % 1440)}-{_clock_end(end)} on the {resolution}m grid",
            _exact_window(window, start, end, resolution),
            "warning",
            kind="rounding",
            rounded_by=Fraction(window.minutes - (end - start)),
        )


def _exact_window(window: Window, start: int, end: int, resolution: int) -> str:
    """The window as written keeps its minutes on a finer grid, or with edges on this one."""
    edges = (window.start, window.start + window.minutes)
    finer = [r for r in RESOLUTIONS if r < resolution and all(edge % r == 0 for edge in edges)]
    on_grid = f"write its edges on the {resolution}m grid, e.g. {format_clock(start % 1440)}-{_clock_end(end)}"
    return on_grid + (f", or settings.resolution: {finer[-1]}m" if finer else "")


def _keep_exact(
    duration: int, factors: set[Fraction], resolution: int, rounded: tuple[Fraction, list[str]] | None = None
) -> str:
    """What the person can write to keep every member's exact length: a finer grid, or a duration that lands.

    Only what helps is suggested: a finer grid that holds every length, or
    the nearest durations that land on this grid for every skill level. When
    the duration itself lands and only some members' skill factor moves
    their length off the grid (``rounded``), a new duration would change the
    task for everyone to fix their case: the hint says whose case it is and
    offers ``fixed: true``, for a task skill does not speed up, instead.
    """
    finer = [r for r in RESOLUTIONS if r < resolution and all((duration * f) % r == 0 for f in factors)]
    options = [f"settings.resolution: {finer[-1]}m"] if finer else []
    if rounded is not None and rounded[0] != 1 and duration % resolution == 0:
        whose = ", ".join(rounded[1])
        return (
            f"only the length for {whose} is rounded, by the skill factor ({format_duration(duration)} itself lies "
            "on the grid): write fixed: true if skill does not change how long the task takes"
            + "".join(f", or {option} to keep the exact length for {whose}" for option in options)
            + "; otherwise leave it"
        )
    lands = [
        d for d in range(duration - 60, duration + 61) if d > 0 and all((d * f) % resolution == 0 for f in factors)
    ]
    nearest = sorted(lands, key=lambda d: (abs(d - duration), d))[:2]
    if nearest:
        options.append("a duration of " + " or ".join(format_duration(d) for d in sorted(nearest)))
    return ("to keep the exact length, write " + ", or ".join(options)) if options else "nothing to do: it is rounded"


def _inward(window: Window, resolution: int) -> tuple[int, int]:
    start = window.start
    end = start + window.minutes
    return -(-start // resolution) * resolution, end // resolution * resolution


def _suggest(word: str, choices: list[str], what: str) -> str:
    said = suggestion(word, choices)
    listed = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    if said:
        return f"{said} ({what}: {listed})"
    return f"{what}: {listed}" if choices else "add it first"


def _minutes(value: Fraction) -> str:
    whole = math.floor(value)
    return format_duration(whole) if value == whole else f"{float(value):g}m"


def _clock_end(minutes: int) -> str:
    return format_clock(minutes % 1440 or 1440)
