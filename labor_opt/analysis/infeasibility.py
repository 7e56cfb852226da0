"""Finding and wording why a household has no schedule.

First direct checks that name what cannot work (an occurrence nobody can
do at any allowed time, with each member's reason; a `people` count; a
cap); when those find nothing, the model is solved again with one group of
rules left out at a time, and the groups whose removal helps are named.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from labor_opt.analysis.presence_conflicts import ADVICE, blocks_holding, presence_conflict
from labor_opt.household.eligibility import real_length, why_not_allowed
from labor_opt.household.models import Household, Member, Task
from labor_opt.household.units import format_clock, format_duration
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.build import build_problem, window_on_day
from labor_opt.problem.data import Occurrence, Problem
from labor_opt.problem.presence import describe, shortfalls
from labor_opt.problem.week import BUSY_WORDS, FREE, MemberWeek, member_week
from labor_opt.schedule.validity import (
    ASSIGN_ONE,
    CHORE_CAPS,
    MENTAL_CAPS,
    NIGHT_CAPS,
    NO_OVERLAP,
    ONE_OWNER,
    PRESENCE,
    Rule,
)
from labor_opt.solve_params import Deadline, StopToken
from labor_opt.solver.engine import SearchStatus, assumptions_core
from labor_opt.solver.model import ScheduleModel, TimeUp

# Rules that can make a set of occurrences impossible together, and how to say so.
RELAXATIONS: tuple[tuple[Rule, str], ...] = (
    (NO_OVERLAP, "someone would have to do two of them at once"),
    (CHORE_CAPS, "the max_chores caps would be exceeded"),
    (ASSIGN_ONE, "`assign: one` keeps each such task with the same member(s) all week"),
    (ONE_OWNER, "a mental load owner could not be chosen"),
    (MENTAL_CAPS, "the max_mental caps would be exceeded"),
    (NIGHT_CAPS, "the max_nights caps would be exceeded"),
    (PRESENCE, "too few would be at home for a presence block"),
)


@dataclass(frozen=True)
class Conflict:
    """One reason no schedule exists: in words, with the tasks and the members whose caps it involves (indexes)."""

    text: str
    tasks: frozenset[int] = frozenset()
    capped: frozenset[int] = frozenset()


def explain_infeasibility(
    household: Household, problem: Problem, deadline: Deadline, stop: StopToken
) -> list[Conflict]:
    """Why no schedule satisfies ``household`` (never empty), found by ``deadline``; ``stop`` ends it (StopRequested).

    The direct checks take no search; what needs one stops at ``deadline``
    and says what it could not tell.
    """
    weeks = [member_week(member) for member in household.members]
    reasons = [
        *_occurrences_nobody_can_do(household, problem, weeks),
        *_assign_one_without_enough_members(household, problem),
        *_chosen_days_without_enough_days(household, problem),
        *_caps_below_forced_work(household, problem),
        *_mental_loads_nobody_may_own(household, problem),
        *(Conflict(describe(problem, shortfall)) for shortfall in shortfalls(problem)),
    ]
    if reasons:
        return reasons
    try:
        built = ScheduleModel(problem, explain=True, stop=stop, deadline=deadline.end)
    except TimeUp:
        built = None
    core = conflicting_occurrences(built, deadline.budget(fraction=0.5), stop) if built is not None else None
    if built is not None and core:
        tasks = frozenset(problem.occurrences[index].task for index in core)
        members = frozenset(m for index in core for m in problem.occurrences[index].members_with_time())
        return [Conflict(_describe_conflict(household, built, core, deadline, stop), tasks, members)]
    return [
        Conflict(
            "the tasks, windows, caps and free time together admit no schedule, but no small set of "
            "tasks explains it in time; try widening windows, lowering caps or raising the time limit",
            frozenset(range(len(problem.tasks))),
            frozenset(range(len(problem.members))),
        )
    ]


def has_schedule(household: Household, seconds: float, stop: StopToken) -> bool | None:
    """Whether some schedule satisfies ``household``, settled within ``seconds`` (building included); else ``None``."""
    deadline = Deadline(seconds)
    problem = build_problem(household)
    if any(len(o.members_with_time()) < problem.tasks[o.task].people for o in problem.occurrences):
        return False  # the quick test: an occurrence too few can do
    try:
        model = ScheduleModel(problem, stop=stop, deadline=deadline.end).model
    except TimeUp:
        return None
    status, _ = assumptions_core(model, max(deadline.remaining(), 0.01), stop)
    return None if status is SearchStatus.UNKNOWN else status is not SearchStatus.INFEASIBLE


def conflicting_occurrences(built: ScheduleModel, deadline: Deadline, stop: StopToken) -> list[int] | None:
    """A small set of occurrences that cannot all be placed together, found by ``deadline``, or ``None``.

    CP-SAT returns a set of assumptions (occurrences) sufficient for
    infeasibility; dropping each one that is not needed makes it minimal, so
    the message names only what really conflicts.
    """
    literals = built.variables.required
    occurrence_of = {literal.index: index for index, literal in literals.items()}

    def infeasible(subset: list[int]) -> tuple[bool, list[int]]:
        built.model.clear_assumptions()
        built.model.add_assumptions([literals[index] for index in subset])
        status, core = assumptions_core(built.model, max(deadline.remaining(), 0.01), stop)
        if status is not SearchStatus.INFEASIBLE:
            return False, subset
        return True, sorted(occurrence_of[i] for i in core if i in occurrence_of) or subset

    found, core = infeasible(list(literals))
    if not found:
        return None
    for index in list(core):
        if index in core and not deadline.expired():
            smaller, smaller_core = infeasible([i for i in core if i != index])
            if smaller:
                core = smaller_core
    return core


def is_feasible(
    built: ScheduleModel, leave_out: Rule, time_limit: float, required: Collection[int], stop: StopToken
) -> bool | None:
    """Whether the ``required`` occurrences can all be placed with one rule left out; ``None``: not settled in time."""
    relaxed = built.without([leave_out])
    relaxed.clear_assumptions()
    relaxed.add_assumptions([built.variables.required[index] for index in required])
    status, _ = assumptions_core(relaxed, time_limit, stop)
    if status is SearchStatus.INFEASIBLE:
        return False
    return True if status in (SearchStatus.OPTIMAL, SearchStatus.FEASIBLE) else None


def _describe_conflict(
    household: Household, built: ScheduleModel, core: list[int], deadline: Deadline, stop: StopToken
) -> str:
    """The conflict in words, with each rule whose removal lifts it: each rule tested with a share of the time left."""
    problem = built.problem
    parts = []
    for index in core:
        occurrence = problem.occurrences[index]
        task = household.tasks[occurrence.task]
        who = ", ".join(household.members[m].id for m in occurrence.members_with_time())
        parts.append(f"{task.id} {_when(task, occurrence)} (can be done by {who})")
    causes, untested, short = [], 0, None
    for position, (rule, wording) in enumerate(RELAXATIONS):
        if deadline.expired():
            untested += len(RELAXATIONS) - position
            break
        seconds = deadline.budget(fraction=1 / (len(RELAXATIONS) - position)).limit
        lifted = is_feasible(built, rule, seconds, core, stop)
        if lifted is None:
            untested += 1
        elif lifted and rule == PRESENCE and (short := presence_conflict(household, problem, core, deadline, stop)):
            causes.append(f"{short.sentence}" + (f" ({short.others})" if short.others else "") + f"; {ADVICE}")
        elif lifted:
            causes.append(wording + _names_for(rule, household, problem, core))
    if short is not None and len(causes) == 1 and not untested:  # the block leads: it is what to change
        return f"{short.sentence}: {'; '.join([*parts, *([short.others] if short.others else [])])}; {ADVICE}"
    because = "; ".join(causes) if causes else "of several rules at once"
    if untested:  # what was not tested is said, never guessed
        left = (
            f"{untested} of the {len(RELAXATIONS)} rules that could cause it were not settled: the time limit ran out"
        )
        because = f"{because}; {left}" if causes else f"of rules not yet known ({left})"
    return f"these cannot all be done: {'; '.join(parts)}, because {because}"


def _occurrences_nobody_can_do(household: Household, problem: Problem, weeks: list[MemberWeek]) -> list[Conflict]:
    reasons = []
    for occurrence in problem.occurrences:
        task = household.tasks[occurrence.task]
        able = occurrence.members_with_time()
        if len(able) >= task.people:
            continue
        if task.repeat.chosen_days and occurrence.number > 1:
            continue  # one line per task is enough when the solver picks the days
        why = [
            f"{member.id}: {_why_not(member, index, task, occurrence, weeks[index], problem.resolution)}"
            for index, member in enumerate(household.members)
            if index not in able
        ]
        when = _when(task, occurrence)
        need = (
            "nobody can do it"
            if not able
            else (
                f"it needs {task.people} people together but only "
                f"{', '.join(household.members[m].id for m in able)} can"
            )
        )
        reasons.append(Conflict(f"task {task.id} {when}: {need}. " + "; ".join(why), frozenset({occurrence.task})))
    return reasons


def _why_not(member: Member, index: int, task: Task, occurrence: Occurrence, week: MemberWeek, resolution: int) -> str:
    not_allowed = why_not_allowed(member, task)
    if not_allowed:
        return not_allowed
    length = real_length(member, task, resolution)
    parts = []
    for day in occurrence.days[:1] if len(occurrence.days) == 1 else occurrence.days:
        if task.effective_window is None:
            start, end = day * MINUTES_PER_DAY, (day + 1) * MINUTES_PER_DAY
        else:
            start, end = window_on_day(task, day, resolution)
        busy = _busy_runs(week, start, end, night=task.night)
        if busy:
            parts.append(", ".join(busy))
    text = "; ".join(dict.fromkeys(parts))
    if not text:
        return f"needs {format_duration(length)}, more than the window holds"
    return f"no free {format_duration(length)}: {text}"


def _busy_runs(week: MemberWeek, start: int, end: int, *, night: bool) -> list[str]:
    runs: list[str] = []
    current: tuple[str, int] | None = None
    for minute in range(start, end + 1):
        word = None
        if minute < end:
            at = minute % MINUTES_PER_WEEK
            kind = int(week.busy[at])
            word = BUSY_WORDS.get(kind) if kind != FREE else ("asleep" if week.asleep[at] and not night else None)
        if current and word != current[0]:
            runs.append(f"{current[0]} {_clock_span(current[1], minute)}")
            current = None
        if word and current is None:
            current = (word, minute)
    return runs


def _clock_span(start: int, end: int) -> str:
    day = DAY_NAMES[(start // MINUTES_PER_DAY) % 7]
    return f"{day} {format_clock(start % MINUTES_PER_DAY)}-{format_clock(end % MINUTES_PER_DAY or MINUTES_PER_DAY)}"


def _when(task: Task, occurrence: Occurrence) -> str:
    hours = task.effective_window
    window = f" {format_clock(hours.start)}-{format_clock(hours.end)}" if hours else ""
    if task.repeat.chosen_days:
        return f"(on any day{window})"
    return f"on {DAY_NAMES[occurrence.days[0]]}{window}"


def _assign_one_without_enough_members(household: Household, problem: Problem) -> list[Conflict]:
    reasons = []
    for task_index, task in enumerate(problem.tasks):
        if not task.assign_one:
            continue
        every_time = set(task.allowed)
        for index in task.occurrences:
            every_time &= set(problem.occurrences[index].members_with_time())
        if len(every_time) < task.people and all(
            len(problem.occurrences[i].members_with_time()) >= task.people for i in task.occurrences
        ):
            text = (
                f"task {task.id} has `assign: one` but "
                + (
                    f"only {', '.join(household.members[m].id for m in sorted(every_time))} "
                    if every_time
                    else "no member "
                )
                + f"can do every occurrence, and it needs {task.people}; allow assign: any or free up time"
            )
            reasons.append(Conflict(text, frozenset({task_index})))
    return reasons


def _chosen_days_without_enough_days(household: Household, problem: Problem) -> list[Conflict]:
    reasons = []
    for task_index, task in enumerate(problem.tasks):
        if not task.chosen_days:
            continue
        first = problem.occurrences[task.occurrences[0]]
        open_days = [
            day
            for day in first.days
            if sum(1 for m in first.members_with_time() if first.starts[m][day]) >= task.people
        ]
        if open_days and len(open_days) < len(task.occurrences):
            text = (
                f"task {task.id} happens {len(task.occurrences)} times a week, on distinct days, "
                f"but can only be done on {', '.join(DAY_NAMES[d] for d in open_days)}"
            )
            reasons.append(Conflict(text, frozenset({task_index})))
    return reasons


def _caps_below_forced_work(household: Household, problem: Problem) -> list[Conflict]:
    forced = [0] * len(problem.members)
    forced_tasks: list[set[int]] = [set() for _ in problem.members]
    for occurrence in problem.occurrences:
        task = problem.tasks[occurrence.task]
        able = occurrence.members_with_time()
        if len(able) == task.people:
            for member in able:
                forced[member] += task.length[member]
                forced_tasks[member].add(occurrence.task)
    reasons = []
    for index, facts in enumerate(problem.members):
        if facts.max_chores is not None and forced[index] > facts.max_chores:
            names = ", ".join(sorted(problem.tasks[t].id for t in forced_tasks[index]))
            text = (
                f"{facts.id} has max_chores {format_duration(facts.max_chores)}, but is the only one "
                f"who can do {names}: {format_duration(forced[index])} a week; "
                "raise the cap or let someone else do some of it"
            )
            reasons.append(Conflict(text, frozenset(forced_tasks[index]), frozenset({index})))
    if all(member.max_chores is not None for member in problem.members):
        need = sum(
            problem.tasks[o.task].people * min(problem.tasks[o.task].length[m] for m in o.members_with_time())
            for o in problem.occurrences
            if o.members_with_time()
        )
        cap = sum(member.max_chores or 0 for member in problem.members)
        if need > cap:
            text = (
                f"the chores take at least {format_duration(need)} a week, but the max_chores caps "
                f"add up to {format_duration(cap)}; raise a cap"
            )
            reasons.append(Conflict(text, capped=frozenset(range(len(problem.members)))))
    return reasons


def _mental_loads_nobody_may_own(household: Household, problem: Problem) -> list[Conflict]:
    reasons = []
    for task_index, task in enumerate(problem.tasks):
        caps = {m: problem.members[m].max_mental for m in task.allowed}
        if not task.mental_load or any(cap is None or cap >= task.mental_load for cap in caps.values()):
            continue
        why = "; ".join(
            f"{household.members[m].id}: max_mental {format_duration(cap or 0)}"
            + (" (the default for members outside the balance)" if household.members[m].max_mental is None else "")
            for m, cap in caps.items()
        )
        text = (
            f"nobody may carry the mental load of {task.id} ({format_duration(task.mental_load)}): {why}; "
            "raise a max_mental, or let someone in the balance do the task"
        )
        reasons.append(Conflict(text, frozenset({task_index}), frozenset(caps)))
    return reasons


def _names_for(rule: Rule, household: Household, problem: Problem, core: list[int]) -> str:
    members = sorted({m for index in core for m in problem.occurrences[index].members_with_time()})
    if rule == CHORE_CAPS:
        capped = [
            f"{member.id} ({format_duration(member.max_chores)})"
            for member in (household.members[m] for m in members)
            if member.max_chores is not None
        ]
        return f" ({', '.join(capped)}); raise a cap"
    if rule == ASSIGN_ONE:
        tasks = sorted(
            {household.tasks[problem.occurrences[i].task].id for i in core}
            & {task.id for task in household.tasks if task.assign == "one"}
        )
        return f" ({', '.join(tasks)}); try assign: any"
    if rule == NO_OVERLAP:
        return f" ({', '.join(household.members[m].id for m in members)}); widen a window or free up time"
    if rule == NIGHT_CAPS:
        capped = [f"{member.id} ({member.max_nights})" for member in household.members if member.max_nights is not None]
        return f" ({', '.join(capped)}); raise a max_nights"
    if rule == MENTAL_CAPS:
        return "; raise a max_mental"
    if rule == PRESENCE:
        return (
            f" ({blocks_holding(household, problem, members)}); do the away tasks at other times or need fewer at home"
        )
    return ""
