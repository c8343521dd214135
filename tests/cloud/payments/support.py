"""Payment codes and order numbers for the tests: a valid code of each channel ending in chosen digits."""

from __future__ import annotations

import secrets
import uuid

from cloud.payments.model import PayRequest

_PREFIX_AND_LENGTH = {  # payments.md patterns: the prefix and the total number of digits
    "wechat": ("13", 18),
    "alipay": ("28", 18),
    "unionpay": ("62", 19),
    "bestpay": ("51", 18),
    "ecny": ("01", 19),
}


def code(channel: str, tail: str) -> str:
    """A payment code of `channel` whose last two digits are `tail` (they choose the sandbox scenario)."""
    prefix, length = _PREFIX_AND_LENGTH[channel]
    middle = "".join(secrets.choice("0123456789") for _ in range(length - len(prefix) - len(tail)))
    return prefix + middle + tail


def order_no() -> str:
    return "T" + uuid.uuid4().hex[:24]


def request(channel: str, tail: str, amount_fen: int = 1234, out_trade_no: str | None = None) -> PayRequest:
    return PayRequest(
        out_trade_no=out_trade_no or order_no(),
        auth_code=code(channel, tail),
        amount_fen=amount_fen,
        subject="好又多便利店-商品",
        store_id="S001",
        terminal_id="POS-001",
    )
