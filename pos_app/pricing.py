"""Pricing rules with no state: discounts, allocation of an order amount to lines, and 抹零.

Allocation uses the largest-remainder method so the shares always add up to the amount to the fen: a
partial refund or an invoice line can then be computed from the stored line amounts alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos_app.errors import InvalidInput
from pos_app.i18n import pick
from pos_app.money import percent_of


class DiscountKind(StrEnum):
    PERCENT = "percent"  # value in basis points off: 1000 = 10% off = 九折
    AMOUNT = "amount"  # value in fen off


@dataclass(frozen=True)
class Discount:
    kind: DiscountKind
    value: int

    def __post_init__(self) -> None:
        if self.value < 0 or (self.kind is DiscountKind.PERCENT and self.value > 10_000):
            raise InvalidInput(
                "a discount must be between 0 and 100% or a positive amount",
                "折扣必须在 0 到 100% 之间，或为正的金额",
            )

    @classmethod
    def percent(cls, percent_off: float | int) -> Discount:
        return cls(DiscountKind.PERCENT, round(percent_off * 100))

    @classmethod
    def amount(cls, fen: int) -> Discount:
        return cls(DiscountKind.AMOUNT, fen)

    def off(self, base_fen: int) -> int:
        """What this discount takes off `base_fen`, never more than the base."""
        if self.kind is DiscountKind.PERCENT:
            return min(base_fen, percent_of(base_fen, self.value))
        return min(base_fen, self.value)


class RoundingPolicy(StrEnum):
    """抹零: how the payable total is rounded. Shown as its own line on screen and on the receipt."""

    NONE = "none"
    DROP_FEN = "drop_fen"  # 抹分: 12.36 -> 12.30
    DROP_JIAO = "drop_jiao"  # 抹角: 12.36 -> 12.00
    ROUND_JIAO = "round_jiao"  # 四舍五入到角: 12.35 -> 12.40, 12.34 -> 12.30
    ROUND_YUAN = "round_yuan"  # 四舍五入到元: 12.50 -> 13.00, 12.49 -> 12.00

    def apply(self, total_fen: int) -> int:
        """The rounded total; the difference (rounded - total) is the 抹零 line."""
        if total_fen <= 0 or self is RoundingPolicy.NONE:
            return total_fen
        step = 10 if self in (RoundingPolicy.DROP_FEN, RoundingPolicy.ROUND_JIAO) else 100
        if self in (RoundingPolicy.DROP_FEN, RoundingPolicy.DROP_JIAO):
            return total_fen - total_fen % step
        return (total_fen + step // 2) // step * step

    def label(self) -> str:
        return pick(*_ROUNDING_LABELS[self])


_ROUNDING_LABELS = {
    RoundingPolicy.NONE: ("No rounding", "不抹零"),
    RoundingPolicy.DROP_FEN: ("Drop fen", "抹分"),
    RoundingPolicy.DROP_JIAO: ("Drop jiao", "抹角"),
    RoundingPolicy.ROUND_JIAO: ("Round to jiao", "四舍五入到角"),
    RoundingPolicy.ROUND_YUAN: ("Round to yuan", "四舍五入到元"),
}


def allocate(amount: int, weights: list[int]) -> list[int]:
    """Split `amount` (may be negative) over `weights` in proportion; the shares add up to `amount` exactly.

    Largest remainder: each share is floored, then the fen left over go to the largest remainders, ties to
    the earlier line. With all weights zero, the whole amount goes to the last line that exists.
    """
    if not weights:
        if amount:
            raise ValueError("cannot allocate a non-zero amount over no lines")
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    total = sum(weights)
    if total == 0:
        return [0] * (len(weights) - 1) + [amount]
    sign = -1 if amount < 0 else 1
    magnitude = abs(amount)
    shares = [magnitude * w // total for w in weights]
    remainders = [magnitude * w % total for w in weights]
    left = magnitude - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: (-remainders[i], i))[:left]:
        shares[i] += 1
    return [sign * s for s in shares]
