"""The sandbox's order book: one per wire protocol, channel-neutral, in memory and thread-safe.

It decides what happened to a payment (by scenario), remembers it by out_trade_no so retries are
idempotent, and keeps refunds by refund number. The wire routers only translate its answers into each
channel's codes, so all three protocols play the same scenarios the same way. With an OrderKeeper
(`serve --sandbox`: cloud/sandbox_orders.py) every order is also written as it changes and read back at
the start, so a demo shop's payments can be queried and refunded after the service restarts.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Protocol

from cloud.payments.sandbox.scenarios import WAIT_SECONDS, Scenario, scenario_for
from pos_app.clock import Clock


class Status(Enum):
    PAYING = "paying"
    PAID = "paid"
    FAILED = "failed"
    REVERSED = "reversed"


class PayOutcome(Enum):
    PAID = "paid"
    PAYING = "paying"
    DECLINED = "declined"  # see OrderView.scenario: INSUFFICIENT or EXPIRED
    SYSTEM_ERROR = "system_error"  # the payment went through; the answer says "system error"
    LOST = "lost"  # the payment went through; the answer must not arrive
    REVERSED = "reversed"  # the out_trade_no was reversed (or reversed before any pay arrived)
    CONFLICT = "conflict"  # same out_trade_no, another code or amount; see OrderView.status


class ReverseOutcome(Enum):
    DONE = "done"
    BUSY = "busy"  # call again (recall=Y / retry_flag=Y)
    REFUSED = "refused"  # refunds were made: refund, do not reverse


class RefundOutcome(Enum):
    OK = "ok"
    REPEAT = "repeat"  # the same refund number with the same amount: nothing new happens
    NOT_FOUND = "not_found"
    NOT_PAID = "not_paid"
    EXCEEDS = "exceeds"
    CONFLICT = "conflict"  # the same refund number with another amount


@dataclass
class _Order:
    key: str
    auth_code: str
    amount_fen: int
    scenario: Scenario
    status: Status
    created_at: datetime
    trade_no: str
    paid_at: datetime | None = None
    refunds: dict[str, tuple[int, str]] = field(default_factory=dict)  # refund number -> (fen, refund id)
    busy_reverses: int = 0
    paid_when_reversed: bool = False


@dataclass(frozen=True)
class OrderView:
    key: str
    amount_fen: int
    scenario: Scenario
    status: Status
    trade_no: str
    created_at: datetime
    paid_at: datetime | None
    refunded_fen: int
    paid_when_reversed: bool


@dataclass(frozen=True)
class PayAnswer:
    outcome: PayOutcome
    order: OrderView


@dataclass(frozen=True)
class ReverseAnswer:
    outcome: ReverseOutcome
    order: OrderView


@dataclass(frozen=True)
class RefundAnswer:
    outcome: RefundOutcome
    order: OrderView | None
    refund_id: str = ""


_FIRST_STATUS = {
    Scenario.SUCCESS: (Status.PAID, PayOutcome.PAID),
    Scenario.WAIT_THEN_PAY: (Status.PAYING, PayOutcome.PAYING),
    Scenario.STUCK: (Status.PAYING, PayOutcome.PAYING),
    Scenario.STUCK_BUSY_REVERSE: (Status.PAYING, PayOutcome.PAYING),
    Scenario.INSUFFICIENT: (Status.FAILED, PayOutcome.DECLINED),
    Scenario.EXPIRED: (Status.FAILED, PayOutcome.DECLINED),
    Scenario.SYSTEM_ERROR: (Status.PAID, PayOutcome.SYSTEM_ERROR),
    Scenario.LOST_RESPONSE: (Status.PAID, PayOutcome.LOST),
}
_RETRY_OUTCOME = {
    Status.PAID: PayOutcome.PAID,
    Status.PAYING: PayOutcome.PAYING,
    Status.FAILED: PayOutcome.DECLINED,
    Status.REVERSED: PayOutcome.REVERSED,
}


class OrderKeeper(Protocol):
    """Where an order book's orders outlive the process: each order's state by its key."""

    def load(self) -> list[dict[str, Any]]: ...

    def save(self, key: str, state: dict[str, Any]) -> None: ...


class OrderBook:
    def __init__(self, clock: Clock, trade_no_prefix: str, keeper: OrderKeeper | None = None) -> None:
        self._clock = clock
        self._prefix = trade_no_prefix
        self._keeper = keeper
        self._saved = {state["key"]: state for state in keeper.load()} if keeper else {}
        self._orders = {key: _order_of(state) for key, state in self._saved.items()}
        self._lock = threading.Lock()
        self._numbers = itertools.count(
            max((int(o.trade_no[-10:]) for o in self._orders.values()), default=0) + 1
        )

    @contextmanager
    def _changing(self, key: str) -> Iterator[None]:
        """Holds the lock while an order may change; its new state is kept afterwards, when it changed."""
        with self._lock:
            try:
                yield
            finally:
                order = self._orders.get(key)
                if self._keeper is not None and order is not None:
                    state = _state_of(order)
                    if state != self._saved.get(key):
                        self._keeper.save(key, state)
                        self._saved[key] = state

    def pay(self, key: str, auth_code: str, amount_fen: int) -> PayAnswer:
        with self._changing(key):
            now = self._clock.now()
            order = self._orders.get(key)
            if order is not None:
                self._settle(order, now)
                if order.status is Status.REVERSED:
                    return PayAnswer(PayOutcome.REVERSED, _view(order))
                if order.auth_code != auth_code or order.amount_fen != amount_fen:
                    return PayAnswer(PayOutcome.CONFLICT, _view(order))
                return PayAnswer(_RETRY_OUTCOME[order.status], _view(order))  # a retry: the same order
            scenario = scenario_for(auth_code)
            status, outcome = _FIRST_STATUS[scenario]
            order = _Order(key, auth_code, amount_fen, scenario, status, now, self._trade_no(now))
            if status is Status.PAID:
                order.paid_at = now
            self._orders[key] = order
            return PayAnswer(outcome, _view(order))

    def query(self, key: str) -> OrderView | None:
        with self._changing(key):
            order = self._orders.get(key)
            if order is None:
                return None
            self._settle(order, self._clock.now())
            return _view(order)

    def reverse(self, key: str) -> ReverseAnswer:
        with self._changing(key):
            now = self._clock.now()
            order = self._orders.get(key)
            if order is None:  # reversed before any pay arrived: a late pay must find it closed
                order = _Order(key, "", 0, Scenario.SUCCESS, Status.REVERSED, now, self._trade_no(now))
                self._orders[key] = order
                return ReverseAnswer(ReverseOutcome.DONE, _view(order))
            self._settle(order, now)
            if order.scenario is Scenario.STUCK_BUSY_REVERSE and order.busy_reverses == 0:
                order.busy_reverses += 1
                return ReverseAnswer(ReverseOutcome.BUSY, _view(order))
            if order.refunds:
                return ReverseAnswer(ReverseOutcome.REFUSED, _view(order))
            if order.status is not Status.REVERSED:
                order.paid_when_reversed = order.status is Status.PAID  # the money goes back
                order.status = Status.REVERSED
            return ReverseAnswer(ReverseOutcome.DONE, _view(order))

    def refund(self, key: str, refund_no: str, amount_fen: int) -> RefundAnswer:
        with self._changing(key):
            order = self._orders.get(key)
            if order is None or not order.auth_code:
                return RefundAnswer(RefundOutcome.NOT_FOUND, None)
            self._settle(order, self._clock.now())
            if refund_no in order.refunds:
                done, refund_id = order.refunds[refund_no]
                outcome = RefundOutcome.REPEAT if done == amount_fen else RefundOutcome.CONFLICT
                return RefundAnswer(outcome, _view(order), refund_id)
            if order.status is not Status.PAID:
                return RefundAnswer(RefundOutcome.NOT_PAID, _view(order))
            if amount_fen <= 0 or _refunded(order) + amount_fen > order.amount_fen:
                return RefundAnswer(RefundOutcome.EXCEEDS, _view(order))
            refund_id = f"{order.trade_no}R{len(order.refunds) + 1}"
            order.refunds[refund_no] = (amount_fen, refund_id)
            return RefundAnswer(RefundOutcome.OK, _view(order), refund_id)

    def _settle(self, order: _Order, now: datetime) -> None:
        if order.status is Status.PAYING and order.scenario is Scenario.WAIT_THEN_PAY:
            due = order.created_at + timedelta(seconds=WAIT_SECONDS)
            if now >= due:
                order.status, order.paid_at = Status.PAID, due

    def _trade_no(self, now: datetime) -> str:
        day = f"{now.year:04d}{now.month:02d}{now.day:02d}"  # as %Y%m%d, without strftime's cost
        return f"{self._prefix}{day}{next(self._numbers):010d}"


def _state_of(order: _Order) -> dict[str, Any]:
    return {
        "key": order.key,
        "auth_code": order.auth_code,
        "amount_fen": order.amount_fen,
        "scenario": order.scenario.value,
        "status": order.status.value,
        "created_at": order.created_at.isoformat(),
        "trade_no": order.trade_no,
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "refunds": {number: list(refund) for number, refund in order.refunds.items()},
        "busy_reverses": order.busy_reverses,
        "paid_when_reversed": order.paid_when_reversed,
    }


def _order_of(state: dict[str, Any]) -> _Order:
    paid_at = state["paid_at"]
    return _Order(
        state["key"],
        state["auth_code"],
        state["amount_fen"],
        Scenario(state["scenario"]),
        Status(state["status"]),
        datetime.fromisoformat(state["created_at"]),
        state["trade_no"],
        datetime.fromisoformat(paid_at) if paid_at else None,
        {number: (fen, refund_id) for number, (fen, refund_id) in state["refunds"].items()},
        state["busy_reverses"],
        state["paid_when_reversed"],
    )


def _refunded(order: _Order) -> int:
    return sum(fen for fen, _ in order.refunds.values())


def _view(order: _Order) -> OrderView:
    return OrderView(
        order.key,
        order.amount_fen,
        order.scenario,
        order.status,
        order.trade_no,
        order.created_at,
        order.paid_at,
        _refunded(order),
        order.paid_when_reversed,
    )
