"""The till's payment services through the real cloud and the channels' sandbox, both on loopback.

Every sandbox scenario as the cashier meets it, on the till's side: the state it ends in, what the
cashier reads, what the sandbox (the "channel") holds afterwards. Time is moved by hand, on the till's,
the cloud's and the sandbox's clocks together, so the 5-second queries and the 45-second give-up cost
nothing. (tests/cloud/payments checks the same scenarios at the cloud's API, field by field.)
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from cloud.payments.sandbox.engine import OrderView, Status
from pos_app.payment_attempts import Attempt, AttemptState
from pos_app.scan_codes import classify
from pos_app.services.auth import Cashier, OverrideAction
from pos_app.services.checkout import QrTender
from pos_app.services.payment_recovery import Outcome
from pos_app.services.payments import PaymentService
from pos_app.services.till import Till
from pos_app.store.models import OrderRow, TenderRow, new_uuid
from sync.pairing import pair
from sync.payment_gateway import TillGateway
from tests.cloud.conftest import LiveCloud, make_store, pairing_code, start_cloud
from tests.cloud.payments.api_support import sandbox_order
from tests.cloud.payments.conftest import LiveSandbox, live_sandbox  # noqa: F401  (a fixture)
from tests.cloud.payments.support import code
from tests.support import MANAGER_PIN, FakeClock, make_till

CART = ("6901234567892", "6925303721367")  # 3.50 + 4.50


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCloud]:
    live = start_cloud(f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}")
    try:
        yield live
    finally:
        live.stop()


@dataclass
class Counter:
    """A paired till whose payment service waits by moving the three clocks."""

    till: Till
    cashier: Cashier
    manager: Cashier
    clock: FakeClock
    live: LiveSandbox
    wait: Callable[[threading.Event, float], bool]

    def sell(self, code_text: str) -> tuple[Attempt, Attempt]:
        """Charges a fresh cart with the code; returns (the answer to the pay, the settled attempt)."""
        sale = self.till.new_sale(self.cashier)
        for barcode in CART:
            sale.scan(barcode)
        self.cart = sale.cart
        attempt = self.till.payments.start(sale.cart, self.cashier, new_uuid(), classify(code_text), 800)
        sent = self.till.payments.send(attempt, code_text, "好邻居")
        return sent, self.till.payments.settle(sent, code_text, "好邻居")

    def channel_order(self, attempt: Attempt) -> OrderView | None:
        return sandbox_order(self.live.sandbox, self.live.channels, attempt.channel, attempt.out_trade_no)


@pytest.fixture
def counter(cloud: LiveCloud, live_sandbox: LiveSandbox, tmp_path: Path) -> Iterator[Counter]:  # noqa: F811
    shop = make_store(cloud)
    cloud.context.channels.set(shop.merchant_id, live_sandbox.channels)
    clock = FakeClock(datetime.now(UTC))
    till, cashier, manager = make_till(tmp_path, clock)
    pair(till, cloud.url, pairing_code(cloud, shop.store_id))

    def wait(event: threading.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        for move in (clock.advance, cloud.clock.advance, live_sandbox.clock.advance):
            move(seconds=max(seconds, 0))
        return event.is_set()

    gateway = TillGateway(till)
    till.use_payment_gateway(gateway)
    till.payments = PaymentService(till.store, clock, till.settings, gateway, wait)
    try:
        yield Counter(till, cashier, manager, clock, live_sandbox, wait)
    finally:
        gateway.forget()
        till.close()


@pytest.mark.parametrize("channel", ["wechat", "alipay", "unionpay", "bestpay", "ecny"])
def test_a_code_of_every_channel_pays_at_once_and_the_sale_keeps_it(counter: Counter, channel: str) -> None:
    sent, done = counter.sell(code(channel, "07"))
    assert sent.state is AttemptState.PAID and done.state is AttemptState.PAID
    order = counter.till.checkout.complete(
        counter.cart, counter.cashier, [QrTender(done.out_trade_no, channel, 800)], done.checkout_uuid
    )
    with counter.till.store.read() as session:
        tender = session.scalars(select(TenderRow)).one()
        assert (tender.kind, tender.amount_fen, tender.reference) == (channel, 800, done.out_trade_no)
        assert session.scalars(select(OrderRow.uuid)).one() == order.uuid == done.checkout_uuid
    paid = counter.channel_order(done)
    assert paid is not None and paid.amount_fen == 800


@pytest.mark.parametrize("channel", ["wechat", "alipay"])
def test_a_customer_typing_a_password_is_paid_at_the_first_query(counter: Counter, channel: str) -> None:
    sent, done = counter.sell(code(channel, "24"))
    assert sent.state is AttemptState.USERPAYING
    assert done.state is AttemptState.PAID


@pytest.mark.parametrize(
    ("channel", "tail"), [("wechat", "31"), ("alipay", "33"), ("wechat", "37"), ("unionpay", "38")]
)
def test_a_customer_who_never_confirms_is_given_up_at_45_s_and_nothing_stays_charged(
    counter: Counter, channel: str, tail: str
) -> None:
    started = counter.clock.now()
    sent, done = counter.sell(code(channel, tail))  # 35-39: the first cancel answers "call again"
    assert sent.state is AttemptState.USERPAYING
    assert done.state is AttemptState.CANCELLED and "未被扣款" in done.message
    assert (counter.clock.now() - started).total_seconds() >= 45
    order = counter.channel_order(done)
    assert order is not None and order.status is Status.REVERSED and not order.paid_when_reversed


@pytest.mark.parametrize(("tail", "words"), [("42", "余额不足"), ("55", "付款码")])
@pytest.mark.parametrize("channel", ["wechat", "alipay", "bestpay"])
def test_a_final_failure_is_told_in_plain_chinese_and_a_new_code_gets_a_new_number(
    counter: Counter, channel: str, tail: str, words: str
) -> None:
    sent, done = counter.sell(code(channel, tail))
    assert sent.state is AttemptState.FAILED and done.state is AttemptState.FAILED
    assert words in done.message
    _, again = counter.sell(code(channel, "01"))
    assert again.state is AttemptState.PAID and again.out_trade_no != done.out_trade_no


@pytest.mark.parametrize(("channel", "tail"), [("wechat", "61"), ("alipay", "66"), ("ecny", "64")])
def test_a_system_error_is_an_unknown_outcome_and_the_query_finds_it_paid(
    counter: Counter, channel: str, tail: str
) -> None:
    sent, done = counter.sell(code(channel, tail))
    assert sent.state is AttemptState.UNKNOWN and "查询" in sent.message
    assert done.state is AttemptState.PAID


@pytest.mark.parametrize("channel", ["wechat", "alipay", "unionpay"])
def test_a_lost_answer_is_not_a_failure_the_query_finds_the_charge(counter: Counter, channel: str) -> None:
    sent, done = counter.sell(code(channel, "73"))
    assert sent.state is AttemptState.UNKNOWN
    assert done.state is AttemptState.PAID
    assert counter.channel_order(done) is not None  # charged once, by that one number


def test_the_cashier_cancels_a_waiting_payment_at_15_s(counter: Counter) -> None:
    sale = counter.till.new_sale(counter.cashier)
    sale.scan(CART[0])
    text = code("wechat", "32")
    attempt = counter.till.payments.send(
        counter.till.payments.start(sale.cart, counter.cashier, new_uuid(), classify(text), 350), text, "s"
    )
    counter.till.payments.request_cancel(attempt.out_trade_no)
    started = counter.clock.now()
    done = counter.till.payments.settle(attempt, text, "s")
    assert done.state is AttemptState.CANCELLED
    assert 15 <= (counter.clock.now() - attempt.created_at).total_seconds() < 20
    assert counter.clock.now() >= started


def test_a_code_sale_refunded_by_line_goes_back_through_the_channel_once(counter: Counter) -> None:
    _, done = counter.sell(code("alipay", "09"))
    order = counter.till.checkout.complete(
        counter.cart, counter.cashier, [QrTender(done.out_trade_no, "alipay", 800)], done.checkout_uuid
    )
    lines = counter.till.refunds.lines(order.uuid)
    approval = counter.till.auth.authorize(
        counter.manager.id, MANAGER_PIN, OverrideAction.REFUND, "顾客退货", counter.cashier, "", order.uuid
    )
    refund = counter.till.refunds.refund(
        order.uuid, [lines[1].line_id], counter.cashier, approval, "顾客退货"
    )
    assert refund.state == "done" and refund.total_fen == 450
    channel_order = counter.channel_order(done)
    assert channel_order is not None and channel_order.refunded_fen == 450


def test_a_paid_code_wechat_no_longer_reverses_is_refunded_in_full_once(counter: Counter) -> None:
    _, paid = counter.sell(code("wechat", "08"))
    counter.till.payments.release(paid.checkout_uuid)  # the customer paid another way; the till was off
    counter.wait(threading.Event(), 8 * 24 * 3600)  # ... for eight days: WeChat reverses for 7
    (resolution,) = counter.till.recovery.resolve()
    assert resolution.outcome is Outcome.REFUNDED, resolution.message
    channel_order = counter.channel_order(paid)
    assert channel_order is not None and channel_order.refunded_fen == 800
    assert counter.till.recovery.resolve() == []


def test_the_installer_test_payment_prints_each_state_and_ends_refunded(
    counter: Counter, capsys: pytest.CaptureFixture[str]
) -> None:
    from ui import cli

    data_dir = counter.till.data_dir
    assert cli.main(["--data-dir", str(data_dir), "payment", "test", "--code", code("wechat", "03")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["state"] for line in lines] == ["submitting", "paid", "refunding", "refunded"]
    assert {line["channel"] for line in lines} == {"wechat"}
    assert len({line["out_trade_no"] for line in lines}) == 1 and lines[0]["amount_fen"] == 1
    assert cli.main(["--data-dir", str(data_dir), "payment", "test", "--code", code("alipay", "45")]) == 1
    last = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (last["state"], last["reason"]) == ("failed", "insufficient_balance") and "余额不足" in last[
        "message"
    ]
    with counter.till.store.read() as session:
        assert session.scalars(select(OrderRow)).all() == []  # a test payment is no sale


def test_a_code_the_cloud_does_not_take_fails_at_once_with_its_reason(counter: Counter) -> None:
    started = counter.clock.now()
    sent, done = counter.sell("181234567890123401")  # JD Pay: recognised, not taken by this shop's cloud
    assert sent.state is AttemptState.FAILED and done.state is AttemptState.FAILED
    assert sent.reason == "channel_not_supported" and "京东" in sent.message
    assert counter.clock.now() == started  # no follow-up queries, no wait: nothing was charged
