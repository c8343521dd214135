"""The till's payment state machine against a scripted gateway: when it queries, when it cancels, what it
stores, and how a checkout ends. (Every sandbox scenario through the real cloud: tests/e2e.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.errors import InvalidInput
from pos_app.payment_attempts import AttemptState, Disposition, next_query_at
from pos_app.ports import GatewayCancel, GatewayPayment, GatewayRefund
from pos_app.scan_codes import classify
from pos_app.services.checkout import CashTender, QrTender
from pos_app.services.payment_recovery import Outcome, PaymentRecovery
from pos_app.services.payments import PaymentService
from pos_app.services.till import Till
from pos_app.store.models import CheckoutRow, OrderRow, PaymentAttemptRow, TenderRow
from pos_app.sync_errors import CloudUnreachable, PaymentTradeUnknown
from tests.support import FakeClock, make_till

WECHAT = "134567890123456700"


class ScriptedGateway:
    """Answers as the cloud would, from a list of states per call kind; records every call with its time."""

    def __init__(self, clock: FakeClock, pay: str = "success", queries: list[str] | None = None) -> None:
        self.clock = clock
        self.pay_state = pay
        self.queries = list(queries or [])
        self.cancels: list[GatewayCancel | Exception] = []
        self.calls: list[tuple[str, float]] = []
        self.started: datetime | None = None

    def _at(self, kind: str) -> None:
        self.started = self.started or self.clock.now()
        self.calls.append((kind, (self.clock.now() - self.started).total_seconds()))

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment:
        self._at("pay")
        if self.pay_state == "offline":
            raise CloudUnreachable("timed out")
        return GatewayPayment(out_trade_no, "wechat", self.pay_state, amount_fen)

    def query(self, out_trade_no: str) -> GatewayPayment:
        self._at("query")
        state = self.queries.pop(0) if self.queries else "userpaying"
        if state == "offline":
            raise CloudUnreachable("no connection")
        if state == "not_found":
            raise PaymentTradeUnknown(out_trade_no)
        return GatewayPayment(out_trade_no, "wechat", state, None)

    def cancel(self, out_trade_no: str) -> GatewayCancel:
        self._at("cancel")
        if self.cancels:
            answer = self.cancels.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        return GatewayCancel(out_trade_no, "done")

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str) -> GatewayRefund:
        raise AssertionError("no refunds here")

    def channels(self) -> list[str]:
        return ["wechat"]


def clock_waiter(clock: FakeClock) -> Callable[[threading.Event, float], bool]:
    def wait(event: threading.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        clock.advance(seconds=max(seconds, 0))
        return event.is_set()

    return wait


def restart(till: Till, gateway: ScriptedGateway, clock: FakeClock) -> None:
    """A new process on the same data: its payment service knows nothing of the last one's screens."""
    till.payments = PaymentService(till.store, clock, till.settings, lambda: gateway, clock_waiter(clock))
    till.recovery = PaymentRecovery(till.store, till.payments, till.checkout, till.auth, till.refunds)


@pytest.fixture
def shop(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock()
    till, cashier, _manager = make_till(tmp_path, clock)
    gateway = ScriptedGateway(clock)
    till.use_payment_gateway(lambda: gateway)
    restart(till, gateway, clock)
    return till, cashier, gateway, clock


def cart_of(till: Till, cashier):  # type: ignore[no-untyped-def]
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("6925303721367")
    return sale  # 3.50 + 4.50 = 8.00


def stored(till: Till, out_trade_no: str) -> PaymentAttemptRow:
    with till.store.read() as session:
        return session.scalars(
            select(PaymentAttemptRow).where(PaymentAttemptRow.out_trade_no == out_trade_no)
        ).one()


def test_the_follow_up_queries_come_at_5_s_then_every_5_s_up_to_45_s() -> None:
    created = datetime(2026, 11, 26, 1, 0)
    at = [next_query_at(created, created + timedelta(seconds=s)) for s in (0, 4.9, 5, 12, 44, 45)]
    assert [(a - created).total_seconds() if a else None for a in at] == [5, 5, 10, 15, 45, None]


def test_the_attempt_is_written_before_the_request_leaves_and_a_paid_code_settles_the_sale(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    sale = cart_of(till, cashier)
    attempt = till.payments.start(
        sale.cart, cashier, "c0ffee00-0000-4000-8000-000000000001", classify(WECHAT), 800
    )
    row = stored(till, attempt.out_trade_no)
    assert (row.state, row.disposition, row.amount_fen, row.code_masked) == (
        "submitting",
        "open",
        800,
        "1345 •••• 6700",
    )
    assert gateway.calls == []  # nothing has left yet
    assert len(attempt.out_trade_no) == 32
    paid = till.payments.send(attempt, WECHAT, "好又多")
    assert paid.state is AttemptState.PAID and stored(till, attempt.out_trade_no).state == "paid"
    order = till.checkout.complete(
        sale.cart, cashier, [QrTender(paid.out_trade_no, "wechat", 800)], paid.checkout_uuid
    )
    assert order.uuid == paid.checkout_uuid
    with till.store.read() as session:
        tender = session.scalars(select(TenderRow)).one()
        assert (tender.kind, tender.amount_fen, tender.reference) == ("wechat", 800, paid.out_trade_no)
        assert session.scalars(select(CheckoutRow.state)).one() == "completed"
    assert stored(till, paid.out_trade_no).disposition == "kept"


def test_userpaying_is_queried_at_5_and_10_s_and_paid_ends_it(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state, gateway.queries = "userpaying", ["userpaying", "success"]
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u1", classify(WECHAT), 800), WECHAT, "s"
    )
    assert attempt.state is AttemptState.USERPAYING
    assert till.payments.settle(attempt, WECHAT, "s").state is AttemptState.PAID
    assert gateway.calls == [("pay", 0), ("query", 5), ("query", 10)]


def test_a_customer_who_never_pays_is_queried_until_45_s_then_cancelled(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state = "userpaying"
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u2", classify(WECHAT), 800), WECHAT, "s"
    )
    done = till.payments.settle(attempt, WECHAT, "s")
    assert done.state is AttemptState.CANCELLED and "未被扣款" in done.message
    assert [t for kind, t in gateway.calls if kind == "query"] == [5, 10, 15, 20, 25, 30, 35, 40, 45]
    assert gateway.calls[-1] == ("cancel", 45)
    assert stored(till, attempt.out_trade_no).disposition == "release"


def test_the_cashier_cancels_a_waiting_payment_but_not_before_15_s(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state = "userpaying"
    gateway.cancels = [GatewayCancel("x", "retry"), GatewayCancel("x", "done", money_returned=False)]
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u3", classify(WECHAT), 800), WECHAT, "s"
    )
    till.payments.request_cancel(attempt.out_trade_no)
    done = till.payments.settle(attempt, WECHAT, "s")
    assert done.state is AttemptState.CANCELLED
    assert [c for c in gateway.calls if c[0] == "cancel"] == [
        ("cancel", 15),
        ("cancel", 17),
    ]  # recall=Y: again


def test_a_timeout_is_not_a_failure_the_query_finds_it_paid(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state, gateway.queries = "offline", ["offline", "success"]
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u4", classify(WECHAT), 800), WECHAT, "s"
    )
    assert attempt.state is AttemptState.UNKNOWN and "查询" in attempt.message
    assert till.payments.settle(attempt, WECHAT, "s").state is AttemptState.PAID


def test_a_pay_that_never_reached_the_cloud_is_sent_again_with_the_same_number(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state, gateway.queries = "offline", ["not_found"]
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u5", classify(WECHAT), 800), WECHAT, "s"
    )
    gateway.pay_state = "success"
    assert till.payments.settle(attempt, WECHAT, "s").state is AttemptState.PAID
    assert [k for k, _ in gateway.calls] == ["pay", "query", "pay"]
    with till.store.read() as session:
        assert session.scalars(select(PaymentAttemptRow.out_trade_no)).all() == [attempt.out_trade_no]


def test_a_final_failure_keeps_the_channels_reason(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    sale = cart_of(till, cashier)
    gateway.pay = lambda *a: GatewayPayment(
        a[0], "wechat", "failed", None, "", "auth_code_expired", "付款码已过期，请顾客刷新付款码后重新扫码"
    )  # type: ignore[method-assign]
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "u6", classify(WECHAT), 800), WECHAT, "s"
    )
    assert attempt.state is AttemptState.FAILED and attempt.message.startswith("付款码已过期")
    assert till.payments.settle(attempt).state is AttemptState.FAILED  # nothing more to do
    assert stored(till, attempt.out_trade_no).message.startswith("付款码已过期")


def test_a_product_code_is_not_charged(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _gateway, _clock = shop
    sale = cart_of(till, cashier)
    with pytest.raises(InvalidInput, match="不是付款码"):
        till.payments.start(sale.cart, cashier, "u7", classify("6901234567892"), 800)


def test_split_payment_qr_then_cash_with_change(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _gateway, _clock = shop
    sale = cart_of(till, cashier)
    paid = till.payments.send(
        till.payments.start(sale.cart, cashier, "s1", classify(WECHAT), 500), WECHAT, "s"
    )
    order = till.checkout.complete(
        sale.cart, cashier, [QrTender(paid.out_trade_no, "wechat", 500), CashTender(1000)], paid.checkout_uuid
    )
    assert (order.tendered_fen, order.change_fen) == (1000, 700)
    with till.store.read() as session:
        rows = session.execute(select(TenderRow.kind, TenderRow.amount_fen, TenderRow.change_fen)).all()
        assert sorted(rows) == [("cash", 300, 700), ("wechat", 500, 0)]


def test_a_qr_tender_that_is_not_paid_refuses_the_sale_and_stores_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state = "userpaying"
    sale = cart_of(till, cashier)
    waiting = till.payments.send(
        till.payments.start(sale.cart, cashier, "s2", classify(WECHAT), 800), WECHAT, "s"
    )
    with pytest.raises(InvalidInput, match="尚未成功"):
        till.checkout.complete(sale.cart, cashier, [QrTender(waiting.out_trade_no, "wechat", 800)], "s2")
    with till.store.read() as session:
        assert session.scalars(select(OrderRow)).all() == []
    assert len(sale.cart) == 2


def test_cash_after_a_paid_code_releases_the_codes_the_sale_does_not_keep(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _gateway, _clock = shop
    sale = cart_of(till, cashier)
    paid = till.payments.send(
        till.payments.start(sale.cart, cashier, "s3", classify(WECHAT), 800), WECHAT, "s"
    )
    till.checkout.complete(sale.cart, cashier, [CashTender(800)], "s3")  # the customer paid cash after all
    assert stored(till, paid.out_trade_no).disposition == "release"
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is Outcome.REVERSED and "退回" in resolution.message
    assert stored(till, paid.out_trade_no).state == "cancelled"


def test_after_a_crash_a_paid_checkout_becomes_the_sale_once(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, clock = shop
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "c1", classify(WECHAT), 800), WECHAT, "s"
    )
    assert attempt.state is AttemptState.PAID  # ... and the till dies before the sale commits
    clock.advance(minutes=3)
    gateway.queries = ["success"]
    assert till.recovery.resolve() == []  # while this process lives, the payment screen owns it
    restart(till, gateway, clock)
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is Outcome.COMPLETED and resolution.order_no == "20261125-0001"
    assert till.recovery.resolve() == []  # nothing left open: a second start does nothing
    with till.store.read() as session:
        order = session.scalars(select(OrderRow)).one()
        assert (order.uuid, order.total_fen, order.cashier_id) == ("c1", 800, cashier.id)


def test_after_a_crash_an_unanswered_attempt_is_queried_then_cancelled(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, clock = shop
    sale = cart_of(till, cashier)
    attempt = till.payments.start(sale.cart, cashier, "c2", classify(WECHAT), 800)  # dies before sending
    clock.advance(minutes=2)
    gateway.queries = ["not_found"]
    restart(till, gateway, clock)
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is Outcome.NOTHING_CHARGED
    assert [k for k, _ in gateway.calls] == ["query", "cancel"]  # the cancel closes the number at the cloud
    assert stored(till, attempt.out_trade_no).state == "cancelled"
    with till.store.read() as session:
        assert session.scalars(select(CheckoutRow.state)).one() == "abandoned"


def test_offline_the_cancel_waits_for_the_network_and_the_resolver_finishes_it(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, gateway, _clock = shop
    gateway.pay_state = "userpaying"
    sale = cart_of(till, cashier)
    attempt = till.payments.send(
        till.payments.start(sale.cart, cashier, "o1", classify(WECHAT), 800), WECHAT, "s"
    )
    gateway.queries = ["offline"] * 20
    gateway.cancels = [CloudUnreachable("no connection")] * 30
    left = till.payments.settle(attempt, WECHAT, "s")
    assert left.state.pending and "自动撤销" in left.message
    assert stored(till, attempt.out_trade_no).disposition == "release"
    gateway.cancels = []  # the network is back
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is not Outcome.PENDING
    assert stored(till, attempt.out_trade_no).state == "cancelled"
    assert Disposition(stored(till, attempt.out_trade_no).disposition) is Disposition.RELEASE
