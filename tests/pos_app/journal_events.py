"""A till whose journal holds every kind of fiscal event, made through the services a cashier and a manager
use: the clean starting point of the audit and tamper tests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from pos_app.pricing import Discount
from pos_app.scan_codes import classify
from pos_app.services.auth import Cashier, OverrideAction
from pos_app.services.checkout import CardTender, CashTender, CompletedOrder, QrTender, TenderIn
from pos_app.services.till import Till
from pos_app.store.models import new_uuid
from tests.pos_app.test_refunds import RefundingGateway
from tests.support import MANAGER_PIN, FakeClock, make_till

CODES = ("6901234567892", "6920459905012", "6925303721367", "6923644266318", "96385074")
WECHAT = "134567890123456700"


@dataclass
class Shop:
    till: Till
    cashier: Cashier
    manager: Cashier
    clock: FakeClock
    sales: list[CompletedOrder] = field(default_factory=list)

    def approve(self, action: OverrideAction, order_uuid: str | None = None):  # type: ignore[no-untyped-def]
        return self.till.auth.authorize(
            self.manager.id, MANAGER_PIN, action, "顾客要求", self.cashier, "", order_uuid
        )

    def sell(self, rng: random.Random) -> CompletedOrder:
        """A cart of 1 to 5 scanned items (sometimes a weighed one, a line removed, a discount), paid by
        cash, card and cash, or a payment code and cash."""
        self.clock.advance(seconds=rng.randint(20, 300))
        sale = self.till.new_sale(self.cashier)
        for _ in range(rng.randint(1, 5)):
            sale.scan(rng.choice(CODES))
        if rng.random() < 0.2:
            sale.weigh(self.till.catalog.by_barcode("10001"), rng.randint(200, 1500))
        if len(sale.cart.lines) > 1 and rng.random() < 0.15:
            sale.void_line(sale.cart.lines[0].line_id)
        if rng.random() < 0.15:
            sale.discount_line(sale.cart.lines[-1].line_id, Discount.percent(5))
        due = sale.totals().total_fen
        pick = rng.random()
        tenders: list[TenderIn] = [CashTender(due + rng.choice((0, 50, 1000)))]
        checkout = None
        if pick < 0.25 and due > 100:
            tenders = [CardTender(due // 3, f"{rng.randrange(10**6):06d}"), CashTender(due)]
        elif pick < 0.45 and due > 100:
            attempt = self.till.payments.start(
                sale.cart, self.cashier, new_uuid(), classify(WECHAT), due // 2
            )
            attempt = self.till.payments.send(attempt, WECHAT, "好又多")
            tenders = [QrTender(attempt.out_trade_no, "wechat", due // 2), CashTender(due)]
            checkout = attempt.checkout_uuid
        order = self.till.checkout.complete(sale.cart, self.cashier, tenders, checkout)
        self.sales.append(order)
        return order


def busy_shop(path: Path, sales_per_day: int = 40, seed: int = 3) -> Shop:
    """Two business days: sales of every tender mix, voids, refunds (cash and code), overrides, reprints,
    no-sale drawer openings, the till going offline and back, a pay-in and a pay-out, shifts closed and
    day 1 closed with a Z; the newest entry is a sale."""
    clock = FakeClock()
    till, cashier, manager = make_till(path, clock)
    gateway = RefundingGateway()
    till.use_payment_gateway(lambda: gateway)
    till.configure(till.settings().changed(printer_url="tcp://127.0.0.1:9"))  # jobs wait: nobody prints
    shop, rng = Shop(till, cashier, manager, clock), random.Random(seed)
    for day in range(2):
        for n in range(sales_per_day):
            shop.sell(rng)
            if n % 5 == 4:
                after_sale(shop, n // 5)
        if day == 0:
            till.sync_state.record_attempt("连接超时", None)
            shop.sell(rng)
            till.sync_state.record_attempt("", None)
            till.shifts.pay_in(cashier, 5000, "备零钱")
            till.shifts.pay_out(cashier, 2000, "买菜")
            expected = till.shifts.expected_cash()
            till.shifts.close(cashier, {10000: expected // 10000, 10: expected % 10000 // 10})
            till.reports.close_day(manager)
            clock.advance(hours=20)
            till.shifts.open(cashier, 10000)
    shop.sell(rng)
    return shop


def after_sale(shop: Shop, step: int) -> None:
    """Something a manager does about one of the day's sales, in turn: void a cash sale, refund a line,
    reprint a receipt, open the drawer for no sale."""
    till = shop.till
    shop.clock.advance(seconds=30)
    action = step % 4
    for order in reversed(shop.sales):
        view = till.orders.get(order.uuid)
        lines = [line for line in till.refunds.lines(order.uuid) if not line.refunded and line.net_fen > 0]
        if view.voided:
            continue
        if (
            action == 0
            and all(t.kind == "cash" for t in view.tenders)
            and not any(line.refunded for line in till.refunds.lines(order.uuid))
        ):
            till.orders.void(order.uuid, shop.approve(OverrideAction.VOID_ORDER, order.uuid))
            return
        if action == 1 and lines:
            approval = shop.approve(OverrideAction.REFUND, order.uuid)
            till.refunds.refund(order.uuid, [lines[0].line_id], shop.cashier, approval, "退货")
            return
        if action == 2:
            till.printing.reprint(order.uuid)
            return
        if action == 3:
            till.printing.open_drawer(shop.approve(OverrideAction.NO_SALE_DRAWER))
            return
