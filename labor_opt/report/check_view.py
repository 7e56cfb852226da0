"""What ``check`` prints of a valid schedule: the verdict, then what was verified and what is only the file's claim."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from labor_opt.analysis.claims import NOT_TESTED, VERIFY_HINT, Verification
from labor_opt.checker.report import GOALS, CheckReport, Claim


def valid_lines(name: str | Path, report: CheckReport, verification: Verification | None) -> list[str]:
    """What ``check`` prints of a valid schedule: the verdict, then what was verified and what is only claimed.

    "Every figure is right" is said only when no figure is left that
    labor-opt has not verified (the goals inside the band are no figure).
    """
    if verification is None:
        verified: tuple[Claim, ...] = ()
        still_open = tuple(replace(c, note=NOT_TESTED if c.kind == GOALS else VERIFY_HINT) for c in report.claims)
    else:
        verified, still_open = verification.verified, verification.open
    figures = "every figure labor-opt can recompute" if any(c.kind != GOALS for c in still_open) else "every figure"
    lines = [f"{name}: valid; every rule holds and {figures} is right (imbalance {report.imbalance} minutes)."]
    lines += [f"Verified by solving the household: {claim.text}." for claim in verified]
    if still_open:
        lines.append("The file's own claims, not verified by labor-opt:")
        lines += [f"- {claim}" for claim in still_open]
    return lines
