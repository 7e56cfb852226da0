"""The independent checker: every validity rule and every figure of a schedule, recomputed.

It reads the validated household and the schedule's JSON shape, and shares
no code with the problem layer or the model (it works minute by minute with
sets, where they work with grids and domains), so a bug there cannot hide
from it. Its rules (:data:`~labor_opt.checker.rules.CHECKS`) are keyed like
the model's. Every schedule a test produces goes through here.
"""

from __future__ import annotations

from typing import Any

from labor_opt.checker.figures import (
    false_claims,
    false_figures,
    false_spread,
    imbalance,
    recompute,
    shape_flaws,
    unproven_claims,
)
from labor_opt.checker.reading import read_week
from labor_opt.checker.report import CheckReport, Claim, Stale, Violation
from labor_opt.checker.rules import CHECKS
from labor_opt.household.models import Household

__all__ = ["CheckReport", "Claim", "Stale", "Violation", "check_schedule", "check_split"]


def check_split(household: Household, split: Any) -> CheckReport:
    """The validity rules and the figures of a split that claims no figures of its own.

    ``split`` needs only ``assignments`` and ``owners``: today's split of a
    household, or a baseline written by hand. Every rule it breaks is
    reported; its figures are recomputed from the household.
    """
    report = CheckReport()
    week = read_week(household, split, report.violations)
    for rule, check in CHECKS.items():
        report.violations += [Violation(rule, message) for message in check(week)]
    report.members = recompute(week)
    report.imbalance = imbalance(week, report.members)
    return report


def check_schedule(household: Household, schedule: Any) -> CheckReport:
    """Check ``schedule`` (the JSON shape, as read from any file) against ``household`` (scenario applied).

    What the file claims that no recomputation can show (a lower bound
    above 0, an optimal status) is never taken as true: it is listed in
    ``report.claims`` for :func:`labor_opt.analysis.claims.verify_claims` to test.
    A figure out of date or missing is a violation with ``stale`` set: see
    :attr:`CheckReport.rules_hold` and :attr:`CheckReport.stale_figures`.
    """
    report = check_split(household, schedule)
    week = read_week(household, schedule, [])
    data = schedule if isinstance(schedule, dict) else {}
    report.violations += [
        *false_figures(data, report.members, report.imbalance),
        *false_claims(week, data, report.imbalance),
        *false_spread(week, data, report.members),
        *shape_flaws(week, data),
    ]
    report.claims = unproven_claims(household, data, report.imbalance)
    return report
