"""The audit: today's split next to the plan, the moves between them, and the rules today breaks.

Today's split comes from `now:` on the tasks (see :mod:`labor_opt.analysis.today`:
who is fixed, when is placed by solving) or from a baseline file holding
``assignments`` and ``owners``. Its figures are always recomputed by the
checker, and a rule it breaks (someone at work at every time the window
allows, a missing skill) is a finding, not a failure: it is what happens.
Findings name members and tasks as the household does (display names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from labor_opt.analysis.finding_names import with_names
from labor_opt.analysis.solving import solve
from labor_opt.analysis.today import split_from_now
from labor_opt.checker import check_split
from labor_opt.household.document import scenario_household
from labor_opt.household.models import Household
from labor_opt.household.units import format_duration
from labor_opt.kernel.errors import InputError, Issue, within_the_time_limit
from labor_opt.schedule.model import MemberSummary, Schedule
from labor_opt.schedule.reading import read_schedule_file as read_schedule
from labor_opt.solve_params import SolveParams, StopToken, settled
from labor_opt.solver.interruption import ctrl_c_stops_the_search


@dataclass(frozen=True)
class Move:
    """Occurrences of one task that go from some members to others, or its mental load changing owner.

    ``kind`` is ``occurrences`` (``moved`` of ``of`` occurrences) or
    ``mental_load`` (``moved`` minutes a week, ``of`` the same).
    """

    task: str
    kind: str
    moved: int
    of: int
    before: tuple[str, ...]
    after: tuple[str, ...]

    def text(self, member_name: Any = str, task_name: Any = str) -> str:
        """``dinner: 7 of 7 from Jordan to Casey``, with the names given by the two functions."""
        before = " and ".join(member_name(m) for m in self.before) or "nobody"
        after = " and ".join(member_name(m) for m in self.after) or "nobody"
        if self.kind == "mental_load":
            return f"{task_name(self.task)}: its mental load ({format_duration(self.moved)}) from {before} to {after}"
        return f"{task_name(self.task)}: {self.moved} of {self.of} from {before} to {after}"

    def to_dict(self, member_name: Any = str, task_name: Any = str) -> dict[str, Any]:
        """As the JSON output shows it: ids, and the text with the names the two functions give."""
        text = self.text(member_name, task_name)
        return {**asdict(self), "before": list(self.before), "after": list(self.after), "text": text}


@dataclass(frozen=True)
class Finding:
    """A rule today's split breaks (``rule`` names it, as ``check`` does), or something else worth knowing.

    ``message`` is the checker's, with ids; ``named`` the same with the
    household's names for its members and tasks, as people read it.
    """

    rule: str | None
    message: str
    named: str = ""

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}" if self.rule else self.message

    def text(self) -> str:
        """The finding as people read it: with names (``rule 3 (busy time): Jo does School run ...``)."""
        message = self.named or self.message
        return f"{self.rule}: {message}" if self.rule else message


@dataclass(frozen=True)
class TodaySplit:
    """Today's split: where it came from, its assignments and owners, and its figures as the checker computes them."""

    source: str  # "now" (the household file) or the baseline file's path
    split: dict[str, Any]  # assignments and owners, in the schedule file's shape
    members: dict[str, MemberSummary]
    imbalance: int
    as_planned: tuple[str, ...]  # tasks with no `now`, counted as the plan does them
    # How the times of a split from `now` were chosen: "solved" (proven: a rule of time broken is one no
    # placement avoids), "best_found" (the time limit or Ctrl-C cut the solve short), "first_fit" (no solve in
    # time: each at the first time that suits); None for a baseline file, whose times are its own.
    placed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``members``, ``fairness`` (the imbalance), and the split itself."""
        return {
            "source": self.source,
            "placed": self.placed,
            "members": {member_id: summary.to_dict() for member_id, summary in self.members.items()},
            "fairness": {"imbalance": self.imbalance},
            "as_planned": list(self.as_planned),
            "assignments": self.split.get("assignments", []),
            "owners": self.split.get("owners", {}),
        }


@dataclass(frozen=True)
class Audit:
    """Today's split against the plan. Build one with :func:`audit`."""

    today: TodaySplit
    plan: Schedule
    moves: tuple[Move, ...]
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """The audit's JSON shape: ``today``, ``plan`` (a schedule), ``moves`` and ``findings``."""
        return {
            "version": 1,
            "household": self.plan.household,
            "scenario": self.plan.scenario,
            "today": self.today.to_dict(),
            "plan": self.plan.to_dict(),
            "moves": [move.to_dict(self.plan.member_name, self.plan.task_name) for move in self.moves],
            "findings": [
                {"rule": finding.rule, "message": finding.message, "text": finding.text()} for finding in self.findings
            ],
        }


def audit(
    household: Household,
    scenario: str | None = None,
    *,
    baseline: str | Path | dict[str, Any] | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    portfolio: bool | None = None,
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> Audit:
    """Today's split of ``household`` next to the fairest plan, with the moves from one to the other.

    Today's split is read from ``now:`` on the tasks, or from ``baseline``
    (a schedule file, or its data, that may hold only ``assignments`` and
    ``owners``). Raises :class:`~labor_opt.kernel.errors.InputError` when neither
    says who does what today, and what :func:`labor_opt.solve` raises.
    The plan is solved with ``params`` and ``stop`` as by :func:`labor_opt.solve`;
    from `now`, in at most half of the one time limit, and today's split is
    placed by solving in what is left (who is fixed by `now`, when is chosen
    so that only the rules no placement keeps are broken). ``stop`` (or
    Ctrl-C) stops both.

    >>> import labor_opt
    >>> report = audit(labor_opt.load("examples/dual_earners_toddler.yaml"))
    >>> report.plan.fairness.imbalance < report.today.imbalance
    True
    >>> [move.text() for move in report.moves if move.task == "breakfast"]
    ['breakfast: 7 of 7 from sam to alex']
    """
    params = settled(params, time_limit=time_limit, workers=workers, portfolio=portfolio).counting()
    stop = stop if stop is not None else StopToken()
    target = household if scenario is None else scenario_household(household, scenario)
    if baseline is None and not any(task.now for task in target.tasks):
        raise InputError(
            [
                Issue(
                    "no task says who does it today, and no baseline was given",
                    "write `now: MEMBER` on the tasks (who does each today), or pass --baseline today.json",
                    file=household.source,
                )
            ],
            undone="audited",
        )
    with ctrl_c_stops_the_search(stop):  # one token for the plan's solve and the placing of today's split
        if baseline is None:
            plan, (today, findings) = _planned_and_placed(household, target, scenario, params, stop)
        else:
            plan = solve(household, scenario, params=params, stop=stop)
            split = baseline if isinstance(baseline, dict) else read_schedule(baseline)
            today, findings = _checked("baseline" if isinstance(baseline, dict) else str(baseline), target, split)
    return Audit(today, plan, _moves(target, today.split, plan), findings)


def _planned_and_placed(
    household: Household, target: Household, scenario: str | None, params: SolveParams, stop: StopToken
) -> tuple[Schedule, tuple[TodaySplit, tuple[Finding, ...]]]:
    """The plan, in half of the command's time at most, and today's split from `now`, placed in what is left."""
    deadline = params.deadline(target)
    with within_the_time_limit(deadline.limit):
        plan = solve(household, scenario, params=params.within(deadline.budget(fraction=0.5)), stop=stop)
    placed = split_from_now(target, plan, deadline, params, stop)
    as_planned = tuple(task.id for task in target.tasks if not task.now)
    return plan, _checked("now", target, placed.split, as_planned, placed.placed)


def _checked(
    source: str,
    household: Household,
    split: dict[str, Any],
    as_planned: tuple[str, ...] = (),
    placed: str | None = None,
) -> tuple[TodaySplit, tuple[Finding, ...]]:
    """Today's split with its figures as the checker computes them, and every rule it breaks, named as people do."""
    report = check_split(household, split)
    summaries = {member_id: MemberSummary(**_summary_keys(figures)) for member_id, figures in report.members.items()}
    members = {member.id: member.display_name for member in household.members}
    tasks = {task.id: task.display_name for task in household.tasks}
    findings = tuple(
        Finding(str(v.rule) if v.rule else None, v.message, with_names(v.message, members, tasks))
        for v in report.violations
    )
    return TodaySplit(source, split, summaries, report.imbalance, as_planned, placed), findings


def _summary_keys(figures: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in figures.items() if key != "flexible"}


def _moves(household: Household, split: dict[str, Any], plan: Schedule) -> tuple[Move, ...]:
    """The occurrences that change members, grouped by task and by who gives and who takes; then owners."""
    today = _members_by_occurrence(split.get("assignments"))
    moves: list[Move] = []
    for task in dict.fromkeys(a.task for a in plan.assignments):
        planned = {a.occurrence: tuple(sorted(a.members)) for a in plan.assignments if a.task == task}
        changes = Counter(
            (today[task, number], members)
            for number, members in planned.items()
            if (task, number) in today and today[task, number] != members
        )
        for (before, after), count in sorted(changes.items(), key=lambda item: (-item[1], item[0])):
            moves.append(Move(task, "occurrences", count, len(planned), before, after))
    owners: dict[str, Any] = split["owners"] if isinstance(split.get("owners"), dict) else {}
    for task_id, owner in plan.owners.items():
        owned = owners.get(task_id)
        if isinstance(owned, str) and owned != owner:
            minutes = household.task(task_id).mental_load
            moves.append(Move(task_id, "mental_load", minutes, minutes, (owned,), (owner,)))
    return tuple(moves)


def _members_by_occurrence(entries: Any) -> dict[tuple[str, int], tuple[str, ...]]:
    """Today's members of each readable (task, occurrence); anything unreadable the checker reports."""
    found: dict[tuple[str, int], tuple[str, ...]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        task, number, members = entry.get("task"), entry.get("occurrence"), entry.get("members")
        if isinstance(task, str) and isinstance(number, int) and isinstance(members, list):
            found[task, number] = tuple(sorted(str(m) for m in members))
    return found
