"""Who may do a task, and how long it takes them (spec rule 2 and the skill factors).

Shared by the file's cross-checks and the problem layer; the checker keeps
its own copy of these rules on purpose, so a bug here cannot hide from it.
"""

from __future__ import annotations

import math
from fractions import Fraction

from labor_opt.household.models import Member, Task
from labor_opt.household.values import LEVELS

SKILL_FACTORS: dict[str, Fraction] = {
    "learning": Fraction(3, 2),
    "able": Fraction(1),
    "expert": Fraction(3, 4),
}


def names_task(words: list[str], task: Task) -> bool:
    """True when one of ``words`` (likes, dislikes, never) is the task's id or a tag."""
    return task.id in words or any(tag in words for tag in task.tags)


def why_not_allowed(member: Member, task: Task) -> str | None:
    """Why ``member`` may not do ``task`` (in words), or ``None`` when allowed.

    >>> from labor_opt.household.models import Member, Task
    >>> why_not_allowed(Member(id="kim"), Task(id="dinner", duration=30, requires=["cooking"]))
    'lacks skill cooking:learning'
    """
    if task.who is not None and member.id not in task.who:
        return "not in `who`"
    if names_task(member.never, task):
        return "lists it under `never`"
    for skill, level in task.requires.items():
        has = member.skills.get(skill)
        if has is None:
            return f"lacks skill {skill}:{level}"
        if LEVELS.index(has) < LEVELS.index(level):
            return f"lacks skill {skill}:{level} (has {has})"
    return None


def exclusion(member: Member, task: Task) -> str | None:
    """What keeps ``member`` from ``task``, as a category: ``who``, ``never`` or ``skills`` (``None``: allowed)."""
    reason = why_not_allowed(member, task)
    if reason is None:
        return None
    return "who" if "`who`" in reason else "never" if "`never`" in reason else "skills"


def skill_factor(member: Member, task: Task) -> Fraction:
    """The member's time factor for the task: that of their lowest required skill.

    Joint tasks (``people`` above 1) and ``fixed`` ones (minding children
    takes as long whoever does it) take their plain duration.
    """
    if task.people > 1 or task.fixed or not task.requires:
        return Fraction(1)
    levels = [member.skills[skill] for skill in task.requires if skill in member.skills]
    if not levels:
        return Fraction(1)
    lowest = min(levels, key=LEVELS.index)
    return SKILL_FACTORS[lowest]


def real_length(member: Member, task: Task, resolution: int) -> int:
    """Minutes the member takes for one occurrence, rounded up to the grid once.

    >>> from labor_opt.household.models import Member, Task
    >>> real_length(Member(id="kim", skills={"cooking": "learning"}),
    ...             Task(id="dinner", duration=40, requires=["cooking"]), 15)
    60
    """
    exact = task.duration * skill_factor(member, task)
    return math.ceil(exact / resolution) * resolution


def preference(member: Member, task: Task) -> int:
    """+1 when the member likes the task, -1 when they dislike it, 0 otherwise (or both)."""
    return int(names_task(member.likes, task)) - int(names_task(member.dislikes, task))
