"""The channel-neutral language of payments: what the till asks, what a channel answers, and the adapter Protocol.

Every adapter (WeChat Pay v2, Alipay, the generic aggregator) speaks its own wire protocol but answers in
these types, so the device-facing payment API and the till's resolver never look at a channel's codes.

The one rule that shapes the states: a payment whose outcome is not known for certain is UNKNOWN, never
FAILED. A timeout, a refused connection, an unparsable or wrongly signed answer, a SYSTEMERROR: the money
may have moved, so the caller must query (and at last reverse); only a channel's explicit final answer
makes a FAILED (payments.md, "Rules for our till").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from cloud.payments.failures import Failure

OUT_TRADE_NO_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"  # WeChat's limit (32) is the tightest of the channels
MAX_AMOUNT_FEN = 10_000_000_000  # Alipay's ceiling, 100,000,000.00 yuan; the others allow less in practice


class PayRequest(BaseModel):
    """One attempt to charge one payment code. A new code needs a new out_trade_no (WeChat micropay rule)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    out_trade_no: str = Field(pattern=OUT_TRADE_NO_PATTERN)
    auth_code: str = Field(pattern=r"^[0-9]{10,32}$", repr=False)  # never printed whole: see masked()
    amount_fen: int = Field(gt=0, le=MAX_AMOUNT_FEN, strict=True)
    # WeChat's body is at most 128 bytes: 40 characters of UTF-8 Chinese (3 bytes each) always fit.
    subject: str = Field(min_length=1, max_length=40)
    store_id: str | None = Field(default=None, max_length=32)
    terminal_id: str | None = Field(default=None, max_length=32)  # WeChat device_info, Alipay terminal_id
    client_ip: str | None = Field(default=None, max_length=45)  # WeChat spbill_create_ip; config default

    def __repr__(self) -> str:
        return (
            f"PayRequest(out_trade_no={self.out_trade_no!r}, auth_code={masked(self.auth_code)!r}, "
            f"amount_fen={self.amount_fen})"
        )


class PayState(Enum):
    SUCCESS = "success"  # the channel confirms the money was taken
    USERPAYING = "userpaying"  # waiting for the payer (password, confirmation): query again
    UNKNOWN = "unknown"  # system error, timeout, lost or untrustworthy answer: query, then reverse
    FAILED = "failed"  # final: nothing was charged; `failure` says why in the cashier's words
    CLOSED = "closed"  # final: the order was closed without payment (or closed after a full refund)
    REVERSED = "reversed"  # final: reversed (撤销); any money taken went back to the payer
    REFUNDED = "refunded"  # the order was paid and (part of) it refunded; for a refund: accepted


FINAL_STATES = frozenset({PayState.SUCCESS, PayState.FAILED, PayState.CLOSED, PayState.REVERSED})


@dataclass(frozen=True)
class PayResult:
    """The answer to pay() and query(). `detail` is log-safe text on why (channel code, transport error)."""

    channel: str
    out_trade_no: str
    state: PayState
    amount_fen: int | None = None  # what the channel says it charged; the caller compares with its ask
    channel_trade_no: str | None = None
    failure: Failure | None = None
    detail: str = ""

    @property
    def must_query(self) -> bool:
        return self.state in (PayState.UNKNOWN, PayState.USERPAYING)


class ReverseState(Enum):
    DONE = "done"  # closed, or its money returned: the order can never be paid any more
    RETRY = "retry"  # WeChat recall=Y, Alipay retry_flag=Y, a system error or a lost answer: call again
    TOO_EARLY = "too_early"  # WeChat: not sooner than 15 s after the order was created; see not_before
    REFUSED = "refused"  # final: cannot be reversed (too old, already refunded, ...); `failure` says why


@dataclass(frozen=True)
class ReverseResult:
    channel: str
    out_trade_no: str
    state: ReverseState
    money_returned: bool | None = None  # Alipay action=refund; None where the channel does not say
    not_before: datetime | None = None
    failure: Failure | None = None
    detail: str = ""


@dataclass(frozen=True)
class RefundResult:
    """state is REFUNDED (accepted by the channel), UNKNOWN (retry with the same out_refund_no) or FAILED."""

    channel: str
    out_trade_no: str
    out_refund_no: str
    state: PayState
    refund_fen: int
    channel_refund_no: str | None = None
    failure: Failure | None = None
    detail: str = ""


class PaymentChannel(Protocol):
    """What every channel adapter offers. No method raises for a channel's answer or a network failure:
    those come back as states. They raise only for a caller's mistake (PaymentInputError)."""

    @property
    def channel(self) -> str: ...

    def pay(self, req: PayRequest) -> PayResult: ...

    def query(self, out_trade_no: str) -> PayResult: ...

    def reverse(self, out_trade_no: str, created_at: datetime) -> ReverseResult: ...

    def refund(
        self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int
    ) -> RefundResult: ...


def masked(code: str) -> str:
    """A payment code as logs may show it: the first 4 and the last 4 digits (a code is a bearer token)."""
    if len(code) <= 8:
        return "*" * len(code)
    return f"{code[:4]}{'*' * (len(code) - 8)}{code[-4:]}"
