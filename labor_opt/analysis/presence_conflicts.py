"""A presence block that away tasks leave short: named, with those tasks and why the others are not home.

When the occurrences that cannot all be placed fit once presence is left
out, the household meets the question "who stays with Zoe while Sam does
the school run?". The answer names the block (its name, days and hours),
the away tasks that take its members out, and for each other member of the
block what keeps them out then (work, commute, sleep for a block that asks
for someone awake). When several blocks could be the one, each is tried
alone, so that only a block that breaks by itself is blamed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from labor_opt.household.models import Household
from labor_opt.household.times import Presence
from labor_opt.household.units import DAY_SHORTHANDS, format_clock
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY
from labor_opt.problem.data import Problem
from labor_opt.problem.presence import why_not_home
from labor_opt.solve_params import Deadline, StopToken
from labor_opt.solver.engine import SearchStatus, assumptions_core
from labor_opt.solver.model import ScheduleModel, TimeUp

ADVICE = "do the away tasks at other times, let someone else do them, or need fewer at home"


def block_when(block: Presence) -> str:
    """The block's days and hours as the file could write them: "weekdays 15:30-18:30"."""
    days = next((name for name, days in DAY_SHORTHANDS.items() if days == tuple(block.days)), None)
    return f"{days or ', '.join(DAY_NAMES[day] for day in block.days)} {format_clock(block.start)}-{_clock_end(block)}"


class ShortBlocks(NamedTuple):
    """The blocks away tasks leave short, in words: the sentence naming them and the tasks, and why the others."""

    sentence: str  # "someone home with Zoe (weekdays 15:30-18:30) cannot be kept while school_run is done away"
    others: str  # "alex at work until 17:00", or "" when the block names nobody else


def presence_conflict(
    household: Household, problem: Problem, core: list[int], deadline: Deadline, stop: StopToken
) -> ShortBlocks | None:
    """The presence blocks the away occurrences of ``core`` leave short, in words; ``None`` when none is away."""
    away = [index for index in core if problem.tasks[problem.occurrences[index].task].away]
    blocks = _blocks_in_reach(problem, away)
    if len(blocks) > 1:
        alone = [b for b in blocks if _breaks_alone(problem, b, core, deadline.budget(fraction=1 / 2), stop)]
        blocks = alone or blocks
    if not blocks:
        return None
    tasks = list(dict.fromkeys(problem.tasks[problem.occurrences[index].task].id for index in away))
    named = " and ".join(_named(household, problem, b) for b in blocks)
    verb = "cannot be kept" if len(blocks) == 1 else "cannot all be kept"
    done = f"{_joined(tasks)} {'is' if len(tasks) == 1 else 'are'} done away"
    others = "; ".join(dict.fromkeys(reason for b in blocks for reason in _others(problem, b, away)))
    return ShortBlocks(f"{named} {verb} while {done}", others)


def blocks_holding(household: Household, problem: Problem, members: list[int]) -> str:
    """The presence blocks that hold any of ``members`` home: each by its name, days, hours and people."""
    described = []
    for block, facts in zip(household.presence, problem.presence):
        if set(facts.members) & set(members):
            days = ", ".join(DAY_NAMES[day] for day in block.days)
            who = ", ".join(problem.members[m].id for m in facts.members)
            described.append(
                f"{block.label}: at least {block.people} of {who} at home "
                f"{format_clock(block.start)}-{format_clock(block.end)} on {days}"
            )
    return "; ".join(described)


def _blocks_in_reach(problem: Problem, away: list[int]) -> list[int]:
    """The blocks that name someone who may do one of the ``away`` occurrences, at a time it may be done."""
    return [b for b in range(len(problem.presence)) if any(_overlap(problem, b, index) for index in away)]


def _overlap(problem: Problem, block: int, index: int) -> tuple[int, int] | None:
    """The first stretch (week minutes) where a member of the block could be out doing the occurrence, if any."""
    occurrence = problem.occurrences[index]
    task = problem.tasks[occurrence.task]
    facts = problem.presence[block]
    week = problem.horizon.minutes
    for member in sorted(set(occurrence.members_with_time()) & set(facts.members)):
        for day in occurrence.days:
            for start in occurrence.starts[member][day]:
                end = start + task.length[member]
                for begin, stop in facts.spans:
                    for shift in (0, week, -week):
                        if max(start, begin + shift) < min(end, stop + shift):
                            return max(start, begin + shift), min(end, stop + shift)
    return None


def _others(problem: Problem, block: int, away: list[int]) -> list[str]:
    """Why the block's members are not the ones at home while the away tasks are done (a doer: only fixed time)."""
    facts = problem.presence[block]
    doers = {member for index in away for member in problem.occurrences[index].members_with_time()}
    reasons = []
    for index in away:
        span = _overlap(problem, block, index)
        if span is not None:
            start, end = span
            for member in facts.members:
                reason = why_not_home(problem, member, start, end, awake=facts.awake)
                if member not in doers or not reason.endswith(" is home"):  # a doer at home is out doing it
                    reasons.append(reason)
    return reasons


def _breaks_alone(problem: Problem, block: int, core: list[int], deadline: Deadline, stop: StopToken) -> bool:
    """Whether the ``core`` occurrences cannot all be placed with this presence block the only one (else unknown)."""
    try:
        built = ScheduleModel(
            replace(problem, presence=(problem.presence[block],)), explain=True, stop=stop, deadline=deadline.end
        )
    except TimeUp:
        return False
    built.model.add_assumptions([built.variables.required[index] for index in core])
    status, _ = assumptions_core(built.model, max(deadline.remaining(), 0.01), stop)
    return status is SearchStatus.INFEASIBLE


def _named(household: Household, problem: Problem, block: int) -> str:
    """A block by its name, days and hours, and how many of whom when that is more than one."""
    written, facts = household.presence[block], problem.presence[block]
    people = facts.people
    who = ", ".join(problem.members[m].id for m in facts.members)
    return f"{written.label} ({block_when(written)}" + (f", at least {people} of {who}" if people > 1 else "") + ")"


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _clock_end(block: Presence) -> str:
    return "24:00" if block.end == MINUTES_PER_DAY else format_clock(block.end)
