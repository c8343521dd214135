"""A payment code charged through the cloud: its states, what the till wants of it, and when to ask again.

The rule that shapes it all: an outcome that is not known is a normal state, never a failure. The till
writes the attempt before the request leaves; on a timeout, a system error or USERPAYING it queries after
about 5 s, then every 5 s up to 45 s, then cancels (never sooner than 15 s after the attempt was made,
as WeChat Pay asks). Cancelling reverses any money taken, so an attempt the sale does not keep always
ends with nothing charged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

FIRST_QUERY_S = 5
QUERY_EVERY_S = 5
GIVE_UP_S = 45
CANCEL_NOT_BEFORE_S = 15
CANCEL_RETRY_S = 2  # the channel said "call again" (WeChat recall=Y, Alipay retry_flag=Y)
OFFLINE_RETRY_S = 5  # the cloud did not answer a cancel
CANCEL_PATIENCE_S = 60  # how long the payment screen keeps cancelling before the background takes over


class AttemptState(Enum):
    SUBMITTING = "submitting"  # written, the request is on its way (or its answer was lost)
    USERPAYING = "userpaying"  # the customer is typing the password
    UNKNOWN = "unknown"  # timeout, system error, no network: query, then cancel
    PAID = "paid"
    FAILED = "failed"  # final: nothing was charged; `message` says why
    CANCELLED = "cancelled"  # final: reversed or closed; any money taken went back to the customer

    @property
    def final(self) -> bool:
        return self in (AttemptState.PAID, AttemptState.FAILED, AttemptState.CANCELLED)

    @property
    def pending(self) -> bool:
        return not self.final


class Disposition(Enum):
    OPEN = "open"  # its checkout is being paid
    KEPT = "kept"  # a tender of a stored sale
    RELEASE = "release"  # the sale does not keep it: it must end cancelled (or failed)
    BY_HAND = "by_hand"  # released, but neither reversed nor refunded: the merchant gives it back by hand


# The cloud's payment states (sync.payment_protocol.PaymentStateName) as the till records them.
_FROM_CLOUD = {
    "success": AttemptState.PAID,
    "userpaying": AttemptState.USERPAYING,
    "unknown": AttemptState.UNKNOWN,
    "failed": AttemptState.FAILED,
    "closed": AttemptState.CANCELLED,
    "reversed": AttemptState.CANCELLED,
    "refunded": AttemptState.PAID,  # paid, then refunded through a refund of the stored sale
}
CLOUD_STATES = frozenset(_FROM_CLOUD)


def state_from_cloud(state: str) -> AttemptState:
    """An answer outside the protocol is an unknown outcome, never a failure."""
    return _FROM_CLOUD.get(state, AttemptState.UNKNOWN)


def new_out_trade_no() -> str:
    """A UUID's 32 hex digits: unique across tills, within every channel's limit (WeChat: 32)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Attempt:
    out_trade_no: str
    checkout_uuid: str
    channel: str
    code_masked: str
    amount_fen: int
    state: AttemptState
    disposition: Disposition
    created_at: datetime  # aware UTC
    reason: str = ""
    message: str = ""
    channel_trade_no: str = ""

    def moved(
        self, state: AttemptState, reason: str = "", message: str = "", channel_trade_no: str = ""
    ) -> Attempt:
        """States only move forward: a final state is never overwritten by a late, vaguer answer (a paid
        attempt may still be cancelled, which reverses it)."""
        reversal = self.state is AttemptState.PAID and state is AttemptState.CANCELLED
        if self.state.final and state is not self.state and not reversal:
            return self
        return replace(
            self,
            state=state,
            reason=reason,
            message=message,
            channel_trade_no=channel_trade_no or self.channel_trade_no,
        )

    def noted(self, message: str) -> Attempt:
        """The same state, with a new message for the cashier."""
        return replace(self, message=message)


def next_query_at(created_at: datetime, now: datetime) -> datetime | None:
    """The next follow-up query: created+5 s, +10 s, ... +45 s; None once the 45 s have passed."""
    age = (now - created_at).total_seconds()
    if age >= GIVE_UP_S:
        return None
    if age < FIRST_QUERY_S:
        return created_at + timedelta(seconds=FIRST_QUERY_S)
    steps = int((age - FIRST_QUERY_S) // QUERY_EVERY_S) + 1
    return created_at + timedelta(seconds=min(FIRST_QUERY_S + steps * QUERY_EVERY_S, GIVE_UP_S))


def earliest_cancel(created_at: datetime) -> datetime:
    return created_at + timedelta(seconds=CANCEL_NOT_BEFORE_S)
