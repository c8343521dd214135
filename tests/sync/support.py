"""Helpers of the sync tests: sales rung up through the till's services, and a fake cloud at the port.

The fake answers as pos_app.ports.SyncTransport says the real client does (JSON in, JSON out, typed
errors), validating pushed events with sync.protocol like the service; failures are switched on per test.
The tests that matter most run against the real service (test_with_the_cloud.py); the fake serves the
cases a real server cannot be made to produce on demand (a 413 for one event, an answer lost in transit).
"""

from __future__ import annotations

import os
import time
from typing import Any

from pydantic import TypeAdapter, ValidationError

from pos_app.ports import JsonObject
from pos_app.pricing import Discount
from pos_app.services.auth import Cashier, OverrideAction
from pos_app.services.cashier_activity import QUIET_S
from pos_app.services.checkout import CashTender, CompletedOrder
from pos_app.services.till import Till
from pos_app.sync_errors import BatchRefused, CloudUnreachable
from sync.protocol import Event
from tests.support import MANAGER_PIN

EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def between_customers(till: Till) -> None:
    """The cashier's last action lies a while back, as when a sync runs in a shop between customers (the
    sync's bulk writes would otherwise wait for that quiet moment: pos_app/services/cashier_activity.py)."""
    past = time.time() - 2 * QUIET_S
    os.utime(till.activity.path, (past, past))


def sell(till: Till, cashier: Cashier, *codes: str) -> CompletedOrder:
    """A cash sale of the scanned codes, paid exactly; then the customer leaves."""
    sale = till.new_sale(cashier)
    for code in codes:
        sale.scan(code)
    order = till.checkout.pay_cash(sale.cart, cashier, CashTender(sale.totals().total_fen))
    between_customers(till)
    return order


def rich_sale(till: Till, cashier: Cashier, manager: Cashier) -> CompletedOrder:
    """Every kind of line: a discount, a weighed item, a price override, an open price, a voided line."""
    sale = till.new_sale(cashier)
    noodles = sale.scan("6925303721367")
    sale.discount_line(noodles.line_id, Discount.percent(10))
    sale.weigh(till.catalog.by_barcode("10001"), 1234)  # type: ignore[arg-type]
    cola = sale.scan("6901234567892")
    approval = till.auth.authorize(
        manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "标价错误", cashier
    )
    sale.override_price(cola.line_id, 300, approval)
    open_ok = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.OPEN_PRICE, "无条码", cashier)
    sale.add_open_price("散装糖果", 520, open_ok)
    gum = sale.scan("96385074")
    sale.void_line(gum.line_id)
    order = till.checkout.pay_cash(sale.cart, cashier, CashTender(10_000))
    between_customers(till)
    return order


def void(till: Till, manager: Cashier, cashier: Cashier, order_uuid: str) -> None:
    approval = till.auth.authorize(
        manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "顾客退货", cashier, order_uuid=order_uuid
    )
    till.orders.void(order_uuid, approval)


class FakeCloud:
    """The cloud at the port: keeps events by id, pages products and cashiers by version."""

    def __init__(self) -> None:
        self.stored: dict[str, JsonObject] = {}
        self.pushes: list[list[str]] = []  # the event ids of each push, in order
        self.offline = False
        self.lose_answers = 0  # this many pushes are stored, then the answer is lost (a timeout)
        self.refuse: dict[str, int] = {}  # event id -> 413 or 422 for any batch that holds it
        self.reject: dict[str, str] = {}  # event id -> the reason it is rejected
        self.products: list[JsonObject] = []
        self.cashiers: list[JsonObject] = []
        self.clock_skew_s: int | None = 0

    def push(self, events: list[JsonObject]) -> JsonObject:
        if self.offline:
            raise CloudUnreachable("no connection")
        ids = [str(e["event_id"]) for e in events]
        self.pushes.append(ids)
        for event_id in ids:
            if event_id in self.refuse:
                raise BatchRefused(self.refuse[event_id], f"refused because of {event_id}")
        results = [self._one(e) for e in events]
        if self.lose_answers:
            self.lose_answers -= 1
            raise CloudUnreachable("timed out")
        return {"results": results}

    def _one(self, event: JsonObject) -> dict[str, Any]:
        event_id = str(event["event_id"])
        if event_id in self.reject:
            return {"event_id": event_id, "status": "rejected", "error": self.reject[event_id]}
        try:
            EVENT.validate_python(event)
        except ValidationError as exc:
            return {"event_id": event_id, "status": "rejected", "error": str(exc)[:200]}
        if event_id in self.stored:
            return {"event_id": event_id, "status": "duplicate", "error": ""}
        self.stored[event_id] = event
        return {"event_id": event_id, "status": "stored", "error": ""}

    def pull(self, feed: str, after: int, limit: int) -> JsonObject:
        if self.offline:
            raise CloudUnreachable("no connection")
        items = sorted(self.products if feed == "catalog" else self.cashiers, key=lambda x: int(x["version"]))
        newer = [x for x in items if int(x["version"]) > after]
        page = newer[:limit]
        key = "products" if feed == "catalog" else "cashiers"
        return {
            key: page,
            "next_cursor": page[-1]["version"] if page else after,
            "has_more": len(newer) > limit,
        }


def cloud_product(
    uuid: str,
    name: str,
    barcodes: list[str],
    price_fen: int,
    version: int,
    active: bool = True,
    unit: str = "piece",
) -> JsonObject:
    return {
        "uuid": uuid,
        "name": name,
        "barcodes": barcodes,
        "price_fen": price_fen,
        "unit": unit,
        "category": "饮料",
        "tax_rate_bp": 1300,
        "active": active,
        "version": version,
    }
