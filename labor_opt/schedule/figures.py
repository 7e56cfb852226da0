"""From placements to a schedule: every figure computed from the problem, never from solver variables.

The solver (or the greedy start, or a diagnosis) says where each occurrence
goes and with whom, and who owns each mental load; :func:`build_schedule`
turns that into a :class:`~labor_opt.schedule.model.Schedule` with its figures.
"""

from __future__ import annotations

from dataclasses import replace

from labor_opt.household.units import format_clock, round_minutes
from labor_opt.kernel.horizon import DAY_NAMES, MINUTES_PER_DAY, MINUTES_PER_WEEK
from labor_opt.problem.data import Placement, Problem
from labor_opt.problem.week import overlapping_periods
from labor_opt.schedule.bounding import what_bounds
from labor_opt.schedule.model import Assignment, FairnessSummary, MemberSummary, Schedule, SolverFacts, Status
from labor_opt.schedule.nights import night_shares


def build_schedule(
    problem: Problem,
    placements: list[Placement],
    owners: dict[int, int],
    *,
    status: Status,
    lower_bound: int,
    solver: SolverFacts,
    tolerance_used_by: str | None = None,
) -> Schedule:
    """Assemble a :class:`Schedule`, computing every figure from the problem.

    ``lower_bound`` is the proven bound on the imbalance in minutes; it is
    never reported above the schedule's own imbalance. ``tolerance_used_by``
    names the goal that the imbalance above that bound went to.
    """
    summaries = _member_summaries(problem, placements, owners)
    imbalance = _imbalance(problem, summaries)
    bounding = what_bounds(problem, placements, owners, [summaries[m.id].load for m in problem.members])
    assignments = sorted(
        (_assignment(problem, placement) for placement in placements),
        key=lambda a: (DAY_NAMES.index(a.day), a.start, a.task, a.occurrence),
    )
    return Schedule(
        household=problem.household,
        scenario=problem.scenario,
        status=status,
        assignments=tuple(assignments),
        owners={problem.tasks[t].id: problem.members[m].id for t, m in sorted(owners.items())},
        members={member.id: summaries[member.id] for member in sorted(problem.members, key=lambda m: m.id)},
        fairness=FairnessSummary(
            problem.measure,
            imbalance,
            min(lower_bound, imbalance),
            problem.tolerance,
            tolerance_used_by if imbalance > lower_bound else None,
            bounding.bounds,
            bounding.others_spread,
            "leximin" if problem.leximin else "imbalance",
        ),
        solver=solver,
        member_names={member.id: member.name for member in problem.members if member.name != member.id},
        task_names={task.id: task.name for task in problem.tasks if task.name != task.id},
        busy={member.id: member.busy for member in problem.members},
        nights_in_reach={member.id: member.nights_in_reach for member in problem.members},
        night_shares=night_shares(problem, placements, [summaries[m.id].disturbed_nights for m in problem.members]),
    )


def in_order_of(problem: Problem, schedule: Schedule) -> Schedule:
    """``schedule`` (found for the same household listed in another order) built again for ``problem``.

    Ids are the same in both, so who does what when carries over; every
    figure, and the order of owners, names and busy times, is then exactly
    as if ``problem`` itself had been solved (see :mod:`labor_opt.problem.canonical`).
    """
    occurrence = {(problem.tasks[o.task].id, o.number): index for index, o in enumerate(problem.occurrences)}
    member = {facts.id: index for index, facts in enumerate(problem.members)}
    task = {facts.id: index for index, facts in enumerate(problem.tasks)}
    placements = sorted(
        (
            Placement(occurrence[a.task, a.occurrence], a.week_minute, tuple(sorted(member[m] for m in a.members)))
            for a in schedule.assignments
        ),
        key=lambda placement: placement.occurrence,
    )
    owners = dict(sorted((task[t], member[m]) for t, m in schedule.owners.items()))
    rebuilt = build_schedule(
        problem,
        placements,
        owners,
        status=schedule.status,
        lower_bound=schedule.fairness.lower_bound,
        solver=schedule.solver,
        tolerance_used_by=schedule.fairness.tolerance_used_by,
    )
    return replace(rebuilt, stability=schedule.stability)


def imbalance_of(problem: Problem, placements: list[Placement], owners: dict[int, int]) -> int:
    """The imbalance of a placement, in minutes, without assembling the schedule."""
    return _imbalance(problem, _member_summaries(problem, placements, owners))


def _assignment(problem: Problem, placement: Placement) -> Assignment:
    occurrence = problem.occurrences[placement.occurrence]
    task = problem.tasks[occurrence.task]
    # Equal for joint tasks: they take their plain duration. Nobody: only when a rule was left out (diagnosis).
    length = max((task.length[m] for m in placement.members), default=min(task.length.values(), default=0))
    end_of_day = (placement.start + length) % MINUTES_PER_WEEK % MINUTES_PER_DAY
    home = next(
        (day for day in occurrence.days for m in placement.members if placement.start in occurrence.starts[m][day]),
        placement.start // MINUTES_PER_DAY,  # only when a rule was left out (diagnosis)
    )
    return Assignment(
        task=task.id,
        occurrence=occurrence.number,
        day=DAY_NAMES[placement.start // MINUTES_PER_DAY],
        start=format_clock(placement.start % MINUTES_PER_DAY),
        end="24:00" if end_of_day == 0 else format_clock(end_of_day),
        members=tuple(sorted(problem.members[m].id for m in placement.members)),
        minutes=length,
        night=task.night,
        belongs_to=DAY_NAMES[home],
    )


def _member_summaries(
    problem: Problem, placements: list[Placement], owners: dict[int, int]
) -> dict[str, MemberSummary]:
    chores = [0] * len(problem.members)
    routine = [0] * len(problem.members)
    preference = [0] * len(problem.members)
    mental = [0] * len(problem.members)
    disturbed: list[set[int]] = [set() for _ in problem.members]
    for placement in placements:
        task = problem.tasks[problem.occurrences[placement.occurrence].task]
        for doer in placement.members:
            chores[doer] += task.length[doer]
            routine[doer] += task.length[doer] if task.routine_for(doer) else 0
            preference[doer] += task.preference[doer]
            if task.night:
                periods = problem.members[doer].sleep_periods
                disturbed[doer].update(overlapping_periods(placement.start, task.length[doer], periods))
    for task_index, owner in owners.items():
        mental[owner] += problem.tasks[task_index].mental_load
    summaries: dict[str, MemberSummary] = {}
    for index, member in enumerate(problem.members):
        base = member.paid + member.commute if problem.measure == "total" else 0
        summaries[member.id] = MemberSummary(
            paid=member.paid,
            commute=member.commute,
            chores=chores[index],
            mental=mental[index],
            load=base + chores[index] + mental[index],
            disturbed_nights=len(disturbed[index]),
            preference=preference[index],
            balanced=member.balanced,
            routine=routine[index],
        )
    return summaries


def _imbalance(problem: Problem, summaries: dict[str, MemberSummary]) -> int:
    scaled = [summaries[problem.members[m].id].load * problem.members[m].scale for m in problem.balanced]
    return round_minutes(problem.imbalance_in_minutes(max(scaled) - min(scaled) if len(scaled) > 1 else 0))
