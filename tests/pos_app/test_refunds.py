"""Refunds of stored sales: by line, discounts in proportion, back through the original tenders, once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.errors import InvalidInput, NotAuthorized, PosError
from pos_app.ports import GatewayCancel, GatewayPayment, GatewayRefund
from pos_app.pricing import Discount
from pos_app.scan_codes import classify
from pos_app.services.auth import OverrideAction
from pos_app.services.checkout import CardTender, CashTender, QrTender
from pos_app.store.models import OutboxRow, RefundTenderRow
from pos_app.sync_errors import CloudUnreachable
from tests.support import MANAGER_PIN, FakeClock, make_till

WECHAT = "134567890123456700"


class RefundingGateway:
    def __init__(self) -> None:
        self.answers: list[str] = []
        self.refunds: list[tuple[str, str, int]] = []

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment:
        return GatewayPayment(out_trade_no, "wechat", "success", amount_fen)

    def query(self, out_trade_no: str) -> GatewayPayment:
        raise AssertionError

    def cancel(self, out_trade_no: str) -> GatewayCancel:
        raise AssertionError

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str) -> GatewayRefund:
        self.refunds.append((out_trade_no, out_refund_no, refund_fen))
        answer = self.answers.pop(0) if self.answers else "refunded"
        if answer == "offline":
            raise CloudUnreachable("timed out")
        return GatewayRefund(out_refund_no, answer, "支付通道拒绝了这笔退款" if answer == "failed" else "")

    def channels(self) -> list[str]:
        return ["wechat"]


@pytest.fixture
def shop(tmp_path: Path):  # type: ignore[no-untyped-def]
    till, cashier, manager = make_till(tmp_path, FakeClock())
    gateway = RefundingGateway()
    till.use_payment_gateway(lambda: gateway)
    return till, cashier, manager, gateway


def approve(till, cashier, manager, order_uuid: str):  # type: ignore[no-untyped-def]
    return till.auth.authorize(
        manager.id, MANAGER_PIN, OverrideAction.REFUND, "顾客退货", cashier, "", order_uuid
    )


def sell(till, cashier, tenders, discount_bp: int = 0, qr_fen: int = 0):  # type: ignore[no-untyped-def]
    """Cola 3.50 + noodles 4.50 + milk 3.50 = 11.50, with an optional whole-order discount."""
    sale = till.new_sale(cashier)
    for code in ("6901234567892", "6925303721367", "6923644266318"):
        sale.scan(code)
    if discount_bp:
        sale.cart.order_discount = Discount.percent(discount_bp / 100)
    checkout = None
    if qr_fen:
        attempt = till.payments.start(
            sale.cart, cashier, "0f0e0d0c-0000-4000-8000-000000000001", classify(WECHAT), qr_fen
        )
        attempt = till.payments.send(attempt, WECHAT, "好又多")
        tenders = [QrTender(attempt.out_trade_no, "wechat", qr_fen), *tenders]
        checkout = attempt.checkout_uuid
    return till.checkout.complete(sale.cart, cashier, tenders, checkout)


def test_a_line_of_a_discounted_order_gives_back_what_was_paid_for_it(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, _ = shop
    order = sell(till, cashier, [CashTender(2000)], discount_bp=2000)  # 20 % off 11.50 = 9.20
    assert order.totals.total_fen == 920
    lines = till.refunds.lines(order.uuid)
    noodles = next(line for line in lines if "牛肉面" in line.name)
    assert noodles.net_fen == 360  # 4.50 less its 20 %
    done = till.refunds.refund(
        order.uuid, [noodles.line_id], cashier, approve(till, cashier, manager, order.uuid), "坏了"
    )
    assert (done.state, done.total_fen, done.cash_fen) == ("done", 360, 360)
    assert "已退款 ¥3.60" in done.message()
    rest = till.refunds.refund(
        order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "不要了"
    )
    assert rest.total_fen == 920 - 360  # the whole order comes back to exactly what was paid


def test_a_line_cannot_be_refunded_twice(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, _ = shop
    order = sell(till, cashier, [CashTender(1150)])
    first = till.refunds.lines(order.uuid)[0]
    till.refunds.refund(
        order.uuid, [first.line_id], cashier, approve(till, cashier, manager, order.uuid), "退货"
    )
    assert till.refunds.lines(order.uuid)[0].refunded
    with pytest.raises(InvalidInput, match="不能重复退款"):
        till.refunds.refund(
            order.uuid, [first.line_id], cashier, approve(till, cashier, manager, order.uuid), "再退"
        )
    till.refunds.refund(order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "全退")
    with pytest.raises(InvalidInput, match="已全部退款"):
        till.refunds.refund(order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "又退")


def test_a_refund_needs_a_managers_approval_for_refunds(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, _ = shop
    order = sell(till, cashier, [CashTender(1150)])
    with pytest.raises(NotAuthorized):
        till.auth.authorize(cashier.id, "1234", OverrideAction.REFUND, "r", cashier)
    other = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "r", cashier)
    with pytest.raises(InvalidInput, match="店长授权"):
        till.refunds.refund(order.uuid, None, cashier, other, "r")


def test_split_tenders_are_refunded_in_proportion_and_the_code_part_through_the_cloud(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, gateway = shop
    order = sell(
        till, cashier, [CardTender(300, "778899"), CashTender(500)], qr_fen=500
    )  # 5.00 + 3.00 + 3.50
    cola = till.refunds.lines(order.uuid)[0]  # 3.50
    done = till.refunds.refund(
        order.uuid, [cola.line_id], cashier, approve(till, cashier, manager, order.uuid), "退"
    )
    assert done.state == "done"
    assert {(p.kind, p.amount_fen) for p in done.parts} == {("wechat", 152), ("card", 91), ("cash", 107)}
    ((_trade_no, refund_no, fen),) = gateway.refunds
    assert fen == 152 and len(refund_no) == 32
    rest = till.refunds.refund(order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "全退")
    assert {(p.kind, p.amount_fen) for p in rest.parts} == {("wechat", 348), ("card", 209), ("cash", 243)}
    with till.store.read() as session:
        kinds = [json.loads(p)["kind"] for p in session.scalars(select(OutboxRow.payload))]
    assert kinds.count("refund") == 2


def test_a_lost_refund_answer_is_retried_with_the_same_refund_number(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, gateway = shop
    order = sell(till, cashier, [], qr_fen=1150)
    gateway.answers = ["offline"]
    pending = till.refunds.refund(
        order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "退"
    )
    assert pending.state == "pending" and "自动重试" in pending.message()
    with pytest.raises(InvalidInput, match="已全部退款"):  # the lines are held meanwhile
        till.refunds.refund(order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "再退")
    (done,) = till.refunds.resume()
    assert done.state == "done"
    assert gateway.refunds[0][1] == gateway.refunds[1][1]  # one out_refund_no: refunded once at the channel
    assert till.refunds.resume() == []


def test_a_refused_code_refund_fails_and_frees_the_lines(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, gateway = shop
    order = sell(till, cashier, [], qr_fen=1150)
    gateway.answers = ["failed"]
    failed = till.refunds.refund(order.uuid, None, cashier, approve(till, cashier, manager, order.uuid), "退")
    assert failed.state == "failed" and "拒绝" in failed.message()
    assert not any(line.refunded for line in till.refunds.lines(order.uuid))
    with till.store.read() as session:
        assert set(session.scalars(select(RefundTenderRow.state))) == {"failed"}
        assert "refund" not in [json.loads(p)["kind"] for p in session.scalars(select(OutboxRow.payload))]


def test_an_order_paid_by_code_is_refunded_not_voided(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, _ = shop
    order = sell(till, cashier, [], qr_fen=1150)
    void = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "错单", cashier)
    with pytest.raises(PosError, match="原路退回"):
        till.orders.void(order.uuid, void)
