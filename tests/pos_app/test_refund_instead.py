"""A paid code no sale kept, which the channel will no longer reverse, is refunded in full instead, once
(pos_app/services/refund_instead.py). Through the real cloud and sandbox: tests/e2e/test_payment_scenarios.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.payment_attempts import Attempt
from pos_app.ports import GatewayCancel, GatewayPayment, GatewayRefund
from pos_app.scan_codes import classify
from pos_app.services.checkout import CashTender
from pos_app.services.payment_recovery import Outcome
from pos_app.services.till import Till
from pos_app.sync_errors import CloudUnreachable
from tests.pos_app.test_payment_attempts import WECHAT, ScriptedGateway, cart_of, restart, stored
from tests.support import FakeClock, make_till

TOO_OLD = "该笔支付已超过可撤销期限，请改用退款"


class RefundingScript(ScriptedGateway):
    """Every cancel is refused as too old; refunds answer from a list and are recorded."""

    def __init__(self, clock: FakeClock, refunds: list[GatewayRefund | Exception]) -> None:
        super().__init__(clock)
        self.refunds = refunds
        self.refunded: list[tuple[str, str, int]] = []

    def cancel(self, out_trade_no: str) -> GatewayCancel:
        self._at("cancel")
        return GatewayCancel(out_trade_no, "refused", message=TOO_OLD)

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str) -> GatewayRefund:
        self._at("refund")
        self.refunded.append((out_trade_no, out_refund_no, refund_fen))
        answer = self.refunds.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def released_paid_code(till: Till, gateway: ScriptedGateway, clock: FakeClock) -> Attempt:
    """A code paid 8.00, then the customer paid cash after all; the till was off for eight days."""
    cashier = till.auth.cashiers()[0]
    sale = cart_of(till, cashier)
    paid = till.payments.send(till.payments.start(sale.cart, cashier, "s1", classify(WECHAT), 800), WECHAT, "s")
    till.checkout.complete(sale.cart, cashier, [CashTender(800)], "s1")
    clock.advance(days=8)
    restart(till, gateway, clock)
    return paid


def script(tmp_path: Path, *refunds: GatewayRefund | Exception) -> tuple[Till, RefundingScript, Attempt]:
    clock = FakeClock()
    till, _, _ = make_till(tmp_path, clock)
    gateway = RefundingScript(clock, list(refunds))
    till.use_payment_gateway(lambda: gateway)
    restart(till, gateway, clock)
    return till, gateway, released_paid_code(till, gateway, clock)


def test_the_code_is_refunded_in_full_and_the_cashier_is_told_so(tmp_path: Path) -> None:
    till, gateway, paid = script(tmp_path, GatewayRefund("x", "refunded"))
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is Outcome.REFUNDED
    assert resolution.message == "未完成的微信收款 ¥8.00 已超过撤销期限，已改为全额退款，款项原路退回顾客"
    assert gateway.refunded == [(paid.out_trade_no, f"{paid.out_trade_no}-back", 800)]
    assert stored(till, paid.out_trade_no).state == "cancelled"
    assert till.recovery.resolve() == [] and len(gateway.refunded) == 1  # given back once


def test_a_refund_without_an_answer_is_asked_again_with_the_same_number(tmp_path: Path) -> None:
    till, gateway, paid = script(
        tmp_path,
        CloudUnreachable("timed out"),
        GatewayRefund("x", "unknown"),
        GatewayRefund("x", "refunded"),
    )
    first, second, third = (till.recovery.resolve() for _ in range(3))
    assert [r.outcome for r in first + second] == [Outcome.PENDING, Outcome.PENDING]
    assert "稍后自动再试，顾客不会被重复退款" in first[0].message
    assert [r.outcome for r in third] == [Outcome.REFUNDED]
    assert {number for _, number, _ in gateway.refunded} == {f"{paid.out_trade_no}-back"}
    assert len(gateway.refunded) == 3


def test_a_refused_refund_is_left_to_the_merchant_once_and_not_tried_again(tmp_path: Path) -> None:
    till, gateway, paid = script(tmp_path, GatewayRefund("x", "failed", "商户账户余额不足"))
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is Outcome.REFUND_FAILED
    assert resolution.message == (
        f"未完成的微信收款 ¥8.00：撤销未成功（{TOO_OLD}），退款也未成功（商户账户余额不足）："
        "请在商户平台核对这笔收款，手工退给顾客"
    )
    row = stored(till, paid.out_trade_no)
    assert (row.state, row.disposition) == ("paid", "by_hand")
    calls = len(gateway.calls)
    assert till.recovery.resolve() == [] and till.payments.unresolved() == []
    assert len(gateway.calls) == calls


@pytest.mark.parametrize(("found", "outcome"), [("success", Outcome.REFUNDED), ("closed", Outcome.NOTHING_CHARGED)])
def test_a_refused_cancel_of_a_code_not_known_to_be_paid_asks_first(
    tmp_path: Path, found: str, outcome: Outcome
) -> None:
    clock = FakeClock()
    till, cashier, _ = make_till(tmp_path, clock)
    gateway = RefundingScript(clock, [GatewayRefund("x", "refunded")])
    gateway.pay = lambda *a: GatewayPayment(a[0], "wechat", "unknown", None)  # type: ignore[method-assign]
    restart(till, gateway, clock)
    sale = cart_of(till, cashier)
    sent = till.payments.send(till.payments.start(sale.cart, cashier, "s1", classify(WECHAT), 800), WECHAT, "s")
    till.payments.release("s1")
    clock.advance(days=8)
    gateway.queries = [found]
    (resolution,) = till.recovery.resolve()
    assert resolution.outcome is outcome
    asked = ["cancel", "query", "refund"] if found == "success" else ["cancel", "query"]
    assert [kind for kind, _ in gateway.calls] == asked
    assert stored(till, sent.out_trade_no).state == "cancelled"
