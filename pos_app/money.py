"""Money is integer fen. Yuan strings exist only at the edges: parsing what people type, and display."""

from __future__ import annotations

import re

from pos_app.errors import InvalidInput

_YUAN = re.compile(r"^(?P<int>\d{1,9})(?:\.(?P<frac>\d{1,2}))?$")


def parse_yuan(text: str) -> int:
    """'12.5' -> 1250. Rejects negatives, thousands separators, more than two decimals and junk."""
    cleaned = text.strip().lstrip("¥￥").strip()
    match = _YUAN.match(cleaned)
    if not match:
        raise InvalidInput(
            f"'{text}' is not a price in yuan (like 12.50)", f"“{text}”不是有效的金额（例如 12.50）"
        )
    frac = (match["frac"] or "").ljust(2, "0")
    return int(match["int"]) * 100 + int(frac)


def format_yuan(fen: int, symbol: str = "") -> str:
    """1250 -> '12.50'; -5 -> '-0.05'. The symbol, if any, goes after the sign: '-￥0.05'."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{symbol}{whole}.{part:02d}"


def div_round_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounding halves away from zero, as Chinese scales and receipts round."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    return sign * ((abs(numerator) * 2 + denominator) // (2 * denominator))


def percent_of(amount_fen: int, rate_bp: int) -> int:
    """`rate_bp` basis points (1/100 of a percent) of an amount, rounded half up to the fen."""
    return div_round_half_up(amount_fen * rate_bp, 10_000)
