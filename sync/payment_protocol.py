"""The aggregated-payment wire protocol: what a till asks the cloud's /v1/payments routes and what it hears.

Shared by the till's gateway client (sync/payment_gateway.py) and the cloud's routes (cloud/payment_api.py).
Every request is signed with the device's credentials (sync/signing.py). Money is integer fen.

The rules both sides keep:
- out_trade_no is made by the till (a UUID's 32 hex digits) and written down before the request leaves.
  A retry of the same payment sends the same out_trade_no with the same code and amount; the cloud answers
  from what it knows or asks the channel again, never charges twice. Another code needs another number.
- A state that is not final (userpaying, unknown) means: query again, and at last cancel.
- cancel makes sure no money stays with the shop: it reverses a paid order, closes a waiting one, and
  closes a number the cloud never saw so that a late pay with it is refused.
- out_refund_no is made by the till too; a refund retried with it is done once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

TradeNo = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
RefundNo = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
AmountFen = Annotated[int, Field(gt=0, le=10_000_000_000, strict=True)]
Channel = Literal["wechat", "alipay", "unionpay", "bestpay", "ecny"]
# success: paid. userpaying: the payer is typing a password, query again. unknown: the outcome is not
# known (timeout, system error, lost answer), query again. failed: final, nothing charged, `reason`
# says why. closed / reversed: final, nothing (or nothing any more) charged. refunded: paid, then (part
# of it) refunded.
PaymentStateName = Literal["success", "userpaying", "unknown", "failed", "closed", "reversed", "refunded"]
FINAL_PAYMENT_STATES = frozenset({"success", "failed", "closed", "reversed", "refunded"})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PayCommand(Model):
    out_trade_no: TradeNo
    auth_code: Annotated[str, Field(pattern=r"^[0-9]{10,32}$", repr=False)]  # a bearer token: never logged
    amount_fen: AmountFen
    subject: Annotated[str, Field(min_length=1, max_length=40)]  # what the payer sees: the shop's name
    order_uuid: UUID | None = None  # the sale this payment is for (it is stored once the sale completes)


class TradeRef(Model):
    """The body of query and cancel."""

    out_trade_no: TradeNo


class PaymentStatus(Model):
    out_trade_no: TradeNo
    channel: Channel
    state: PaymentStateName
    amount_fen: int | None = None  # what the channel says it charged
    channel_trade_no: str | None = None
    reason: str = ""  # a failure's machine code (cloud.payments.failures.FailureReason value)
    message: str = ""  # a failure in the cashier's words (Chinese)
    created_at: datetime | None = None  # when the cloud first saw this out_trade_no


class CancelResult(Model):
    out_trade_no: TradeNo
    channel: Channel | None  # None: the cloud never saw the payment; the number is now closed
    # done: the payment can never take money any more (and any it took went back);
    # retry: call again (with a short pause); too_early: call again at not_before;
    # refused: final, the channel will not reverse it (refund it instead), `message` says why.
    outcome: Literal["done", "retry", "too_early", "refused"]
    state: PaymentStateName | None = None  # the payment's state after the cancel, where known
    money_returned: bool | None = None
    not_before: datetime | None = None
    reason: str = ""
    message: str = ""


class RefundCommand(Model):
    out_trade_no: TradeNo
    out_refund_no: RefundNo
    refund_fen: AmountFen
    reason: Annotated[str, Field(max_length=80)] = ""


class RefundStatus(Model):
    out_trade_no: TradeNo
    out_refund_no: RefundNo
    channel: Channel
    # refunded: accepted by the channel (the money goes back); unknown: retry with the same
    # out_refund_no; failed: final, `message` says why.
    state: Literal["refunded", "unknown", "failed"]
    refund_fen: int
    reason: str = ""
    message: str = ""


class ChannelList(Model):
    """The channels this merchant has opened, so the till can say at once that a code is not taken here."""

    channels: list[Channel]
