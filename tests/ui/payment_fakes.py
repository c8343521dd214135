"""The cloud's payment API as the payment-screen tests need it, and a customer who takes their time.

FakeGateway answers each pay from a script of states (the real cloud and its sandbox: tests/e2e).
CustomerWaiter stands in for PaymentService's sleeps: it moves a fake clock instead of waiting, so the
queries at 5 s, 10 s, ... take no time; `hold()` makes the customer keep typing their password until
`go()`, so a test can look at the screen while the payment waits.
"""

from __future__ import annotations

import threading
import time

from pos_app.ports import GatewayCancel, GatewayPayment, GatewayRefund
from pos_app.services.payment_recovery import PaymentRecovery
from pos_app.services.payments import PaymentService
from pos_app.services.till import Till
from pos_app.sync_errors import CloudUnreachable
from tests.support import FakeClock

WECHAT_CODE = "134567890123456789"
ALIPAY_CODE = "281234567890123456"
EXPIRED = "付款码已过期，请顾客刷新付款码后重新扫码"


class FakeGateway:
    def __init__(self) -> None:
        self.pays: list[str] = []  # the state each pay answers, in turn; then "success"
        self.queries: list[str] = []  # the state each query answers, in turn; then "userpaying"
        self.calls: list[tuple[str, str]] = []  # (kind, out_trade_no)
        self.offline = False  # cancels do not reach the cloud
        self.answer_pay = threading.Event()  # cleared: the pay request is on its way until set
        self.answer_pay.set()
        self._lock = threading.Lock()

    def _call(self, kind: str, out_trade_no: str) -> None:
        with self._lock:
            self.calls.append((kind, out_trade_no))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.calls]

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment:
        self._call("pay", out_trade_no)
        self.answer_pay.wait(10)
        state = self.pays.pop(0) if self.pays else "success"
        if state == "offline":
            raise CloudUnreachable("timed out")
        if state == "failed":
            return GatewayPayment(out_trade_no, "wechat", "failed", None, "", "auth_code_expired", EXPIRED)
        return GatewayPayment(out_trade_no, "wechat", state, amount_fen, "4200001234")

    def query(self, out_trade_no: str) -> GatewayPayment:
        self._call("query", out_trade_no)
        state = self.queries.pop(0) if self.queries else "userpaying"
        return GatewayPayment(out_trade_no, "wechat", state, None, "4200001234")

    def cancel(self, out_trade_no: str) -> GatewayCancel:
        self._call("cancel", out_trade_no)
        if self.offline:
            raise CloudUnreachable("no connection")
        return GatewayCancel(out_trade_no, "done")

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str) -> GatewayRefund:
        raise AssertionError("no refunds on the payment screen")

    def channels(self) -> list[str]:
        return ["wechat", "alipay"]


class CustomerWaiter:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._typing = threading.Event()  # set: the customer is still typing their password

    def hold(self) -> None:
        self._typing.set()

    def go(self) -> None:
        self._typing.clear()

    def __call__(self, event: threading.Event, seconds: float) -> bool:
        while self._typing.is_set() and not event.is_set():
            time.sleep(0.005)
        if event.is_set():
            return True
        self.clock.advance(seconds=max(seconds, 0))
        return event.is_set()


def plug_in(till: Till, paired: bool = True) -> tuple[FakeGateway, CustomerWaiter]:
    """The till's payments through the fake gateway, waiting on a fake clock; paired with a cloud."""
    gateway, clock = FakeGateway(), FakeClock()
    waiter = CustomerWaiter(clock)
    till.use_payment_gateway(lambda: gateway)
    till.payments = PaymentService(till.store, clock, till.settings, lambda: gateway, waiter)
    till.recovery = PaymentRecovery(till.store, till.payments, till.checkout, till.auth, till.refunds)
    if paired:
        till.sync_state.record_pairing("https://cloud.example", "device-1", "好邻居", "静安店")
    return gateway, waiter
