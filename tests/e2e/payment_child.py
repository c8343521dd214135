"""A till process that sells one cart and pays it with a payment code, for the crash tests and benchmark.

    python -m tests.e2e.payment_child DATA_DIR CODE [--die-at STEP]

It is the payment screen's path without the screen: the services in the order the screen calls them,
through the real gateway to the real cloud. --die-at kills the process with SIGKILL at one step:
  before_send    the attempt is written, nothing has left
  after_send     the cloud has the pay request (and answered), the till has not recorded the answer
  waiting        after the first follow-up query, while the customer is still typing a password
  after_success  the code is paid, the sale is not stored yet
Without it, the parent kills it at a random moment (the benchmark). It prints one line per step reached.
"""

from __future__ import annotations

# ruff: noqa: T201  (its lines on stdout say how far it got)
import argparse
import os
import signal
import sys
from pathlib import Path

from pos_app.payment_attempts import AttemptState
from pos_app.ports import GatewayPayment, PaymentGateway
from pos_app.scan_codes import classify
from pos_app.services.checkout import QrTender
from pos_app.services.till import Till
from pos_app.store.models import new_uuid
from sync.payment_gateway import TillGateway

STEPS = ("before_send", "after_send", "waiting", "after_success")
CART = ("6901234567892", "6925303721367", "6923644266318")  # 3.50 + 4.50 + 3.50 = 11.50


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class Dying:
    """The real gateway; kills the process right after the cloud answered the chosen call."""

    def __init__(self, real: PaymentGateway, die_at: str | None) -> None:
        self._real = real
        self._die_at = die_at

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment:
        answer = self._real.pay(out_trade_no, auth_code, amount_fen, subject, order_uuid)
        if self._die_at == "after_send":
            die()
        return answer

    def query(self, out_trade_no: str) -> GatewayPayment:
        answer = self._real.query(out_trade_no)
        if self._die_at == "waiting":
            die()
        return answer

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("code")
    parser.add_argument("--die-at", choices=STEPS)
    args = parser.parse_args()
    till = Till(args.data_dir)
    real = TillGateway(till)
    till.use_payment_gateway(lambda: Dying(real(), args.die_at))  # type: ignore[arg-type,return-value]
    cashier = till.auth.cashiers()[0]
    sale = till.new_sale(cashier)
    for barcode in CART:
        sale.scan(barcode)
    due = sale.totals().total_fen
    print("ready", flush=True)  # the benchmark's random kill counts from here
    attempt = till.payments.start(sale.cart, cashier, new_uuid(), classify(args.code), due)
    print("started", attempt.out_trade_no, flush=True)
    if args.die_at == "before_send":
        die()
    attempt = till.payments.send(attempt, args.code, "好邻居")
    print("sent", attempt.state.value, flush=True)
    attempt = till.payments.settle(attempt, args.code, "好邻居")
    print("settled", attempt.state.value, flush=True)
    if attempt.state is not AttemptState.PAID:
        return 1
    if args.die_at == "after_success":
        die()
    order = till.checkout.complete(
        sale.cart, cashier, [QrTender(attempt.out_trade_no, attempt.channel, due)], attempt.checkout_uuid
    )
    print("sold", order.order_no, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
