"""What a schedule file claims of the least possible imbalance, tested by solving the household.

The checker recomputes every figure it can from the household and the
assignments; a lower bound or an ``optimal`` status it cannot recompute, so
it lists them as the file's claims (:class:`~labor_opt.checker.Claim`) and
never endorses one. Solving tests them: a schedule with a smaller imbalance
proves a claimed bound false, a proven bound above it proves a claimed
least false, and the solver's proven bound can confirm either. What neither
settles within the time limit stays the file's claim, and is said to be.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from labor_opt.checker.report import BOUND, GOALS, LEAST, CheckReport, Claim, Violation
from labor_opt.household.document import scenario_household
from labor_opt.household.models import Household
from labor_opt.kernel.errors import NoScheduleInTimeError, SearchInterrupted
from labor_opt.schedule.model import Schedule, Status
from labor_opt.solve_params import SolveParams, StopToken, settled

VERIFY_HINT = "check --verify tests it"
NOT_TESTED = "labor-opt does not test it"


@dataclass(frozen=True)
class Verification:
    """What solving the household made of the file's claims."""

    false: tuple[Violation, ...]  # each claim proven false, with the true figure
    verified: tuple[Claim, ...]  # each claim proven true
    open: tuple[Claim, ...]  # each claim still the file's own, with what solving did find in its note
    interrupted: bool = False  # Ctrl-C stopped the solve before it settled every claim


@dataclass(frozen=True)
class _Range:
    """Where the least possible imbalance is known to lie: ``low <= least <= high``, in minutes."""

    low: int
    high: int
    note: str  # how far solving got, for a claim it did not settle


def verify_claims(
    household: Household,
    data: dict[str, Any],
    report: CheckReport,
    *,
    time_limit: float | None = None,
    workers: int | None = None,
    portfolio: bool | None = None,
    params: SolveParams | None = None,
    stop: StopToken | None = None,
) -> Verification:
    """Test ``report.claims`` (the checker's report of ``data``) by solving ``household`` within ``time_limit``.

    ``household`` is the one the schedule was checked against, before its
    scenario (``data["scenario"]``) is applied. Only the imbalance is
    solved for: the goals inside the band depend on how the schedule was
    solved (a baseline kept to, say), so that claim stays the file's.
    ``params`` and ``stop`` are as for :func:`labor_opt.solve`.
    """
    params = settled(params, time_limit=time_limit, workers=workers, portfolio=portfolio)
    testable = [claim for claim in report.claims if claim.kind != GOALS]
    untested = tuple(replace(claim, note=NOT_TESTED) for claim in report.claims if claim.kind == GOALS)
    if not testable:
        return Verification((), (), untested)
    known, interrupted = _least_imbalance(household, data, report.imbalance, params, stop)
    false, verified, still_open = [], [], []
    for claim in testable:
        outcome = _judge(claim, known)
        if isinstance(outcome, Violation):
            false.append(outcome)
        elif outcome:
            verified.append(claim)
        else:
            still_open.append(replace(claim, note=known.note))
    return Verification(tuple(false), tuple(verified), (*still_open, *untested), interrupted and not false)


def _least_imbalance(
    household: Household, data: dict[str, Any], imbalance: int, params: SolveParams, stop: StopToken | None
) -> tuple[_Range, bool]:
    """What solving proves of the least imbalance; the file's own valid schedule shows it is at most ``imbalance``."""
    from labor_opt.analysis.solving import solve  # the solver's libraries load only when something is solved

    name = data.get("scenario") if isinstance(data.get("scenario"), str) else None
    target = household if name is None else scenario_household(household, name)
    limit = params.limit_for(target)
    try:
        schedule = solve(household, name, params=replace(params, time_limit=limit), stop=stop)
    except NoScheduleInTimeError:
        return _Range(0, imbalance, f"in {limit:g}s labor-opt found no schedule to test it with"), False
    except SearchInterrupted:
        return _Range(0, imbalance, "interrupted before labor-opt could test it"), True
    low, high = _proven(schedule, imbalance)
    interrupted = schedule.status is Status.INTERRUPTED
    when = "interrupted, labor-opt had proven" if interrupted else f"in {limit:g}s labor-opt proved"
    return _Range(low, high, f"{when} only that the least possible is {low} to {high} minutes"), interrupted


def _proven(schedule: Schedule, imbalance: int) -> tuple[int, int]:
    """The least imbalance's range: above the solver's proven bound, at most any valid schedule's imbalance."""
    low, high = schedule.fairness.lower_bound, min(imbalance, schedule.fairness.imbalance)
    # The first stage proven optimal makes its bound the least itself, even when the band's goals ran out of time.
    proven = any(stage.goal == "imbalance" and stage.status == "OPTIMAL" for stage in schedule.solver.stages)
    if proven or schedule.status is Status.OPTIMAL:
        high = min(high, low)
    return max(low, 0), high


def _judge(claim: Claim, known: _Range) -> Violation | bool:
    """A violation when ``claim`` is proven false, True when proven true, False when still open."""
    if claim.kind == BOUND:
        if known.high < claim.minutes:
            return Violation(
                None,
                f"the file claims no schedule has an imbalance below {claim.minutes} minutes, but labor-opt found "
                f"one with {known.high} minutes",
            )
        return known.low >= claim.minutes
    assert claim.kind == LEAST
    said = f"the file claims the least possible imbalance is {claim.minutes} minutes"
    if known.high < claim.minutes:
        return Violation(None, f"{said}, but labor-opt found a schedule with an imbalance of {known.high} minutes")
    if known.low > claim.minutes:
        return Violation(None, f"{said}, but labor-opt proved that no schedule has less than {known.low}")
    return known.low == known.high == claim.minutes
