"""Agreed shares as whole numbers: the multiplier that makes each balanced member's load comparable.

A member's share-adjusted load is load / w, with w = weight x count / sum of
weights; loads are compared as load x scale, where scale / denominator = 1 / w,
so that every figure stays an exact integer. Weights with many decimals of
unrelated numbers need enormous multipliers (6 weights such as 0.137, 0.211,
... need about 10^15): past :data:`MAX_SCALE` the solver's 64-bit integers
(and its memory) would not hold the loads, so such shares are refused at
reading with a request to round them.

>>> from labor_opt.household.reading import read_household
>>> load_scales(read_household("examples/shared_house.yaml"))[1]
Fraction(1, 1)
"""

from __future__ import annotations

import math
from fractions import Fraction

from labor_opt.household.models import Household

# A week's load is at most some 10^5 minutes; times 10^9 and times 50 members (the
# leximin's sums) stays below 2^53, so every figure is also exact as a float.
MAX_SCALE = 10**9


def load_scales(household: Household) -> tuple[dict[str, int], Fraction]:
    """Each balanced member's integer multiplier, and the denominator that turns scaled loads back into minutes.

    The multipliers are the smallest whole numbers proportional to 1 / weight,
    so that they stay as small as the weights allow. With equal shares every
    multiplier is 1.
    """
    balanced = [member.id for member in household.members if member.balance]
    shares = household.settings.fairness.shares
    if shares == "equal" or not balanced or any(member_id not in shares for member_id in balanced):
        return {member_id: 1 for member_id in balanced}, Fraction(1)
    scales = _scales({member_id: shares[member_id] for member_id in balanced})
    # the weight as written in decimal (0.3 is 3/10, not its binary float)
    weights = {member_id: Fraction(repr(shares[member_id])) for member_id in balanced}
    # A member's share-adjusted load is load / w with w = weight x count / total; load x scale / denominator is that.
    first = balanced[0]
    denominator = scales[first] * weights[first] * len(balanced) / sum(weights.values())
    return scales, denominator


def rounded_shares(household: Household) -> dict[str, float]:
    """Shares near the written ones that are not too fine: to one decimal, or else whole numbers."""
    shares = household.settings.fairness.shares
    assert shares != "equal"
    for digits in (1, 0):
        rounded = {member_id: max(round(weight, digits), 10.0**-digits) for member_id, weight in shares.items()}
        if max(_scales(rounded).values()) <= MAX_SCALE:
            return rounded
    return {member_id: 1.0 for member_id in shares}


def _scales(weights: dict[str, float]) -> dict[str, int]:
    """The smallest whole numbers proportional to 1 / weight, each weight read as written in decimal."""
    exact = [Fraction(repr(weight)) for weight in weights.values()]
    common = math.lcm(*(weight.numerator for weight in exact))
    inverse = [weight.denominator * common // weight.numerator for weight in exact]
    divisor = math.gcd(*inverse)
    return {member_id: value // divisor for member_id, value in zip(weights, inverse)}


def shares_too_fine(household: Household) -> bool:
    """Whether the shares need a multiplier above :data:`MAX_SCALE` to be compared exactly.

    >>> from labor_opt.household.reading import read_household
    >>> shares_too_fine(read_household("examples/shared_house.yaml"))
    False
    """
    scales, _ = load_scales(household)
    return max(scales.values(), default=1) > MAX_SCALE
