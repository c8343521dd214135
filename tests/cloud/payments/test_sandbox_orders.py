"""The sandbox's orders outlive the service (cloud/sandbox_orders.py), on SQLite and on PostgreSQL: what a
new order book reads back answers as the old one would."""

from __future__ import annotations

from datetime import UTC, datetime

from cloud.db import Database
from cloud.payments.sandbox.clock import ManualClock
from cloud.payments.sandbox.engine import OrderBook, PayOutcome, RefundOutcome, ReverseOutcome, Status
from cloud.sandbox_orders import SandboxOrders

PAID, WAITING, STUCK = "134567890123456707", "134567890123456724", "134567890123456737"


def test_a_restarted_sandbox_answers_for_the_orders_it_had(db_url: str) -> None:
    clock = ManualClock(datetime(2026, 11, 26, 2, tzinfo=UTC))
    db = Database(db_url)
    kept = SandboxOrders(db, clock)
    book = OrderBook(clock, "4200", kept.book("wechat"))
    paid = book.pay("a1", PAID, 800).order
    assert book.refund("a1", "r1", 300).outcome is RefundOutcome.OK
    assert book.pay("a2", WAITING, 500).outcome is PayOutcome.PAYING
    assert (
        book.reverse(
            "a3",
        ).outcome
        is ReverseOutcome.DONE
    )  # closed before any pay arrived
    assert book.pay("a4", STUCK, 100).outcome is PayOutcome.PAYING
    assert book.reverse("a4").outcome is ReverseOutcome.BUSY  # 35-39: the first reverse says "again"
    kept.close()

    clock.advance(60)
    kept_again = SandboxOrders(db, clock)
    again = OrderBook(clock, "4200", kept_again.book("wechat"))
    assert again.query("a1") == book.query("a1") and again.query("a1").refunded_fen == 300  # type: ignore[union-attr]
    assert again.refund("a1", "r1", 300).outcome is RefundOutcome.REPEAT  # the same refund, not a second
    assert again.refund("a1", "r2", 600).outcome is RefundOutcome.EXCEEDS
    assert again.query("a2").status is Status.PAID  # type: ignore[union-attr]  # its wait is over
    assert again.pay("a3", PAID, 800).outcome is PayOutcome.REVERSED  # a late pay still finds it closed
    assert again.reverse("a4").outcome is ReverseOutcome.DONE  # the "again" was used up before
    assert again.pay("a5", PAID, 100).order.trade_no > paid.trade_no  # numbering goes on
    kept_again.close()
    db.close()
