"""Why the plan gives a task to whom it does: who else could, at what cost (measured), and each member's share.

Each alternative (another member doing the task, or one occurrence of it)
is solved again with that choice forced, in the same model with one more
constraint, so that its cost is what the plan would really become, never
an estimate. The model is built once: each alternative is solved in a copy
of it with its choice fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from labor_opt.analysis.explanation_figures import Alternative, Explanation, Share
from labor_opt.analysis.solving import solve
from labor_opt.checker import check_schedule
from labor_opt.household.document import scenario_household
from labor_opt.household.eligibility import why_not_allowed
from labor_opt.household.lookup import find_task
from labor_opt.household.models import Household
from labor_opt.kernel.errors import InputError, Issue, NoScheduleInTimeError, SearchInterrupted, within_the_time_limit
from labor_opt.kernel.horizon import DAY_NAMES
from labor_opt.kernel.safe_text import shown
from labor_opt.problem.build import build_problem
from labor_opt.problem.data import Forcing, Problem
from labor_opt.schedule.model import Assignment, Schedule, Status
from labor_opt.solve_params import Deadline, SolveParams, StopToken, settled
from labor_opt.solver.interruption import StopRequested, ctrl_c_stops_the_search

if TYPE_CHECKING:
    from labor_opt.solver.model import ScheduleModel


class ExplainInterrupted(SearchInterrupted):
    """Ctrl-C while the plan was solved: the best so far is not the plan (later, ``cut_short`` tells of it)."""

    def __init__(self) -> None:
        super().__init__()
        self.args = ("interrupted while solving the plan; nothing was explained or written",)


def explain(
    household: Household,
    task: str,
    scenario: str | None = None,
    *,
    day: str | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    portfolio: bool | None = None,
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> Explanation:
    """Who does ``task`` in the plan and why; what each other member doing it would cost; the members' shares.

    ``task`` is its id or its display name, in any case (``"cook dinner"``).
    With ``day`` (``mon`` ... ``sun``) only that day's occurrence is
    explained. Every alternative is solved again with it forced. One time
    limit holds for it all: the plan gets up to half, each alternative a
    share of what is left. ``params`` and ``stop`` are as for
    :func:`labor_opt.solve`. A stop (Ctrl-C) while the plan is solved
    gives :class:`ExplainInterrupted`; later, the alternatives solved by
    then, the others not (``cut_short`` says so, as it does when the time
    limit left some unsolved).

    >>> import labor_opt
    >>> why = explain(labor_opt.load("examples/dual_earners_toddler.yaml"), "breakfast")
    >>> sorted(why.doers())
    ['alex']
    >>> [(a.member, a.changes(why.plan)["preference"]) for a in why.alternatives]
    [('sam', -3)]
    """
    params = settled(params, time_limit=time_limit, workers=workers, portfolio=portfolio).counting()
    stop = stop if stop is not None else StopToken()
    target = household if scenario is None else scenario_household(household, scenario)
    task = _task_id(target, task, day)
    # One token stops the plan's solve and every alternative's: each would otherwise start afresh.
    with ctrl_c_stops_the_search(stop):
        try:
            explanation = _explained(household, target, task, scenario, day, params, stop)
        except SearchInterrupted:
            raise ExplainInterrupted() from None
    return explanation


def _explained(
    household: Household,
    target: Household,
    task: str,
    scenario: str | None,
    day: str | None,
    params: SolveParams,
    stop: StopToken,
) -> Explanation:
    """The explanation, its alternatives solved one after another until the time limit or a stop (Ctrl-C)."""
    deadline = params.deadline(target)
    with within_the_time_limit(deadline.limit):
        plan = solve(household, scenario, params=params.within(deadline.budget(fraction=0.5)), stop=stop)
    if stop.requested():  # the plan is only the best so far: nothing to explain
        raise ExplainInterrupted()
    explained = tuple(a for a in plan.assignments if a.task == task and (day is None or a.home_day == day))
    if not explained:
        days = ", ".join(dict.fromkeys(a.home_day for a in plan.assignments if a.task == task))
        named = shown(target.task(task).display_name)
        raise InputError([Issue(f"the plan has no {named} on {day}", f"it is on {days}", file=household.source)])
    problem = build_problem(target)
    task_index = next(index for index, facts in enumerate(problem.tasks) if facts.id == task)
    allowed = problem.tasks[task_index].allowed
    others = [m for m in allowed if not _as_planned(plan, explained, problem.members[m].id, task, whole=day is None)]
    model = _one_model(problem, deadline, stop) if others else None
    alternatives = []
    for position, member in enumerate(others):
        if stop.requested() or deadline.expired():  # each left is said to be unsolved, never dropped
            why = INTERRUPTED_FIRST if stop.requested() else UNKNOWN_IN_TIME
            alternatives.append(Alternative(problem.members[member].id, None, why, undecided=True))
            continue
        share = params.within(deadline.budget(fraction=1 / (len(others) - position)))
        alternatives.append(
            _alternative(
                target, problem, model, task_index, member, explained, whole=day is None, params=share, stop=stop
            )
        )
    return Explanation(
        task,
        day,
        plan,
        explained,
        plan.owners.get(task),
        target.task(task).mental_load,
        {m.id: reason for m in target.members if (reason := why_not_allowed(m, target.task(task)))},
        tuple(alternatives),
        _shares(plan, explained, task if day is None else None, target),
        _cut_short(alternatives, stop),
    )


def _cut_short(alternatives: Sequence[Alternative], stop: StopToken) -> str | None:
    """How many alternatives were left unsolved, and why, in words; ``None`` when every one was settled."""
    unsolved = sum(1 for alternative in alternatives if alternative.undecided)
    if not unsolved:
        return None
    if stop.requested():
        return f"interrupted: {unsolved} of {len(alternatives)} alternatives were not solved"
    return (
        f"the time limit ran out before {unsolved} of {len(alternatives)} alternatives were solved; "
        "a longer --time-limit may settle them"
    )


def _task_id(household: Household, task: str, day: str | None) -> str:
    """The id of the task ``task`` names (its id or display name, any case); every mistake in the names at once."""
    found = find_task(household, task)
    issues = [found] if isinstance(found, Issue) else []
    if day is not None and day not in DAY_NAMES:
        issues.append(Issue(f"--day {shown(day)} is not a day", f"write one of {', '.join(DAY_NAMES)}"))
    if issues or isinstance(found, Issue):
        raise InputError([Issue(i.message, i.hint, file=household.source) for i in issues], undone="explained")
    return found


def _as_planned(plan: Schedule, explained: Sequence[Assignment], member: str, task: str, whole: bool) -> bool:
    """Whether forcing ``member`` would ask nothing the plan does not already do."""
    does_all = all(member in assignment.members for assignment in explained)
    return does_all and (not whole or plan.owners.get(task, member) == member)


def _one_model(problem: Problem, deadline: Deadline, stop: StopToken) -> ScheduleModel | None:
    """The model every alternative is solved in, each in a copy with its choice fixed.

    ``None`` when the command's deadline passes or Ctrl-C comes while it is built: the plan is
    kept and every alternative is then said to be unsolved.
    """
    from labor_opt.problem.canonical import canonical_order
    from labor_opt.solver.model import ScheduleModel, TimeUp

    if deadline.expired() or stop.requested():
        return None
    try:
        return ScheduleModel(canonical_order(problem).problem, deadline=deadline.end, stop=stop)
    except (TimeUp, StopRequested):
        return None


def _alternative(
    household: Household,
    problem: Problem,
    model: ScheduleModel | None,
    task: int,
    member: int,
    explained: Sequence[Assignment],
    *,
    whole: bool,
    params: SolveParams,
    stop: StopToken,
) -> Alternative:
    """Solve again with ``member`` doing the occurrences explained (and owning the mental load of a whole task)."""
    from labor_opt.solver.runner import StageParams
    from labor_opt.solver.solve import ModelInfeasible, solve_problem

    by_number = {problem.occurrences[index].number: index for index in problem.tasks[task].occurrences}
    occurrences = [by_number[assignment.occurrence] for assignment in explained]
    owns = ((task, member),) if whole and problem.tasks[task].mental_load else ()
    forcing = Forcing(does=tuple((occurrence, member) for occurrence in occurrences), owns=owns)
    member_id = problem.members[member].id
    if model is None:
        return Alternative(member_id, None, UNKNOWN_IN_TIME, undecided=True)
    try:
        stage_params = StageParams(
            params.limit_for(household), params.workers, forcing=forcing, portfolio=params.portfolio, stop=stop
        )
        schedule = solve_problem(problem, stage_params, began=params.started, model=model)
    except ModelInfeasible:
        return Alternative(member_id, None, _why_impossible(problem, member, occurrences))
    except NoScheduleInTimeError:
        return Alternative(member_id, None, UNKNOWN_IN_TIME, undecided=True)
    except SearchInterrupted:
        return Alternative(member_id, None, INTERRUPTED_FIRST, undecided=True)
    if schedule.status is Status.INTERRUPTED:  # the best so far is not what it would cost
        return Alternative(member_id, None, INTERRUPTED_FIRST, undecided=True)
    # Its figures are printed: like every schedule shown, it must keep every rule by the checker's own reading.
    if not check_schedule(household, schedule.to_dict()).valid:
        return Alternative(member_id, None, UNKNOWN_IN_TIME, undecided=True)
    return Alternative(member_id, schedule)


UNKNOWN_IN_TIME = "no valid schedule with it was found within the time limit; it may exist: allow more time"
INTERRUPTED_FIRST = "interrupted (Ctrl-C) before it was solved"


def _why_impossible(problem: Problem, member: int, occurrences: Sequence[int]) -> str:
    """Why no schedule has ``member`` doing these occurrences, as far as one look tells."""
    name = problem.members[member].name
    busy = [
        DAY_NAMES[problem.occurrences[o].days[0]] if len(problem.occurrences[o].days) == 1 else "any day"
        for o in occurrences
        if member not in problem.occurrences[o].members_with_time()
    ]
    if busy:
        return f"{name} has no free time for it on {', '.join(dict.fromkeys(busy))}"
    return f"no valid schedule has {name} doing it (their caps or other tasks leave no room)"


def _shares(
    plan: Schedule, explained: Sequence[Assignment], whole_task: str | None, household: Household
) -> tuple[Share, ...]:
    """Each balanced member's share of the measured load, and what it would be without the occurrences explained."""
    balanced = [member_id for member_id, summary in plan.members.items() if summary.balanced]
    minus = {member_id: 0 for member_id in balanced}
    for assignment in explained:
        for member in assignment.members:
            if member in minus:
                minus[member] += assignment.minutes
    owner = plan.owners.get(whole_task) if whole_task else None
    if owner in minus and whole_task is not None:
        minus[owner] += household.task(whole_task).mental_load
    total = sum(plan.members[m].load for m in balanced)
    total_without = total - sum(minus.values())
    return tuple(
        Share(m, plan.members[m].load, total, plan.members[m].load - minus[m], total_without) for m in balanced
    )
