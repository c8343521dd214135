"""A shop with a very busy day, built in bulk for the report benchmarks (bench_z_report.py).

Not 100,000 checkouts (with fsync those take many minutes) but the rows a checkout writes: each cart is
priced by pos_app.cart (line and order discounts, 抹分), its tenders planned by the checkout's own planner
(cash with change, card, payment codes, code + cash), its order, lines and tenders inserted with the values
checkout inserts, and its `sale` journal entry signed by the till's FiscalLog with the order payload the
outbox would read back (built here from the same rows, since 100,000 read-backs cost half a minute).
Voids and partial refunds (with their overrides, tender parts and journal entries, as the services write
them), reprints and no-sale drawer openings, and one shift a day opened, paid out and closed through the
shift service complete the day.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select

from pos_app import journal
from pos_app.cart import Cart, Totals
from pos_app.catalog import Product
from pos_app.clock import to_storage
from pos_app.pricing import Discount
from pos_app.services import outbox
from pos_app.services.auth import Cashier, Role
from pos_app.services.checkout import (
    CardTender,
    CashTender,
    QrTender,
    TenderIn,
    _line_values,
    _plan_tenders,
    order_number,
    order_sums,
)
from pos_app.services.print_queue import DRAWER, REPRINT, new_job
from pos_app.services.refunds import _split, _tender_room
from pos_app.services.simulate import SteppingClock
from pos_app.services.till import Till
from pos_app.store.models import (
    CashierRow,
    OrderCounterRow,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    OverrideRow,
    PrintJobRow,
    ProductRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    TenderRow,
    new_uuid,
)

OPEN_HOURS = 19  # 07:00 to 02:00 the next morning: after midnight, before the 04:00 cut-off
CHUNK = 5_000  # orders per transaction


class BusyShop:
    def __init__(self, till: Till, clock: SteppingClock, seed: int) -> None:
        self.till, self.clock, self.rng = till, clock, random.Random(seed)
        self.zone = ZoneInfo(till.settings().timezone)
        self.policy = till.settings().rounding
        products = till.catalog.index().products
        self.pieces = [p for p in products if not p.weighed]
        self.weighed = [p for p in products if p.weighed]
        self.cashiers = [till.auth.create(f"收银员{i}", Role.CASHIER, "1234") for i in range(1, 4)]
        self.manager = till.auth.create("店长", Role.MANAGER, "9999")
        with till.store.read() as session:
            self.product_uuids = dict(session.execute(select(ProductRow.id, ProductRow.uuid)).tuples().all())
            self.cashier_uuids = dict(session.execute(select(CashierRow.id, CashierRow.uuid)).tuples().all())

    def day(self, day: date, orders: int) -> None:
        """One business day: a shift, the sales with their voids, refunds and reprints, the close."""
        opening = datetime(day.year, day.month, day.day, 7, tzinfo=self.zone).astimezone(UTC)
        self.clock.current = opening
        self.till.shifts.open(self.cashiers[0], 50_000)
        moments = sorted(
            opening + timedelta(seconds=self.rng.uniform(60, OPEN_HOURS * 3600)) for _ in range(orders)
        )
        for start in range(0, orders, CHUNK):
            self._chunk(day, start, moments[start : start + CHUNK])
        self.clock.current = moments[-1] + timedelta(minutes=5)
        self.till.shifts.pay_out(self.cashiers[0], 20_000, "存银行")
        expected = self.till.shifts.expected_cash()
        self.till.shifts.close(self.cashiers[0], {10000: expected // 10000, 10: expected % 10000 // 10})
        with self.till.store.transaction() as conn:
            conn.execute(insert(OrderCounterRow), {"business_day": day, "last_seq": orders})

    def _chunk(self, day: date, done: int, moments: list[datetime]) -> None:
        with self.till.store.transaction() as conn:
            next_id = {
                table: int(conn.execute(select(func.coalesce(func.max(col), 0))).scalar_one()) + 1
                for table, col in (("o", OrderRow.id), ("l", OrderLineRow.id), ("t", TenderRow.id))
            }
            orders: list[dict[str, Any]] = []
            lines: list[dict[str, Any]] = []
            tenders: list[dict[str, Any]] = []
            sales = []
            for seq, moment in enumerate(moments, done + 1):
                totals = self._cart().totals(self.policy)
                plan = _plan_tenders(totals.total_fen, self._tenders(totals.total_fen))
                cashier = self.rng.choice(self.cashiers)
                order = _order(self.till.device_id, day, seq, cashier, moment, totals, plan.change_fen)
                order["id"] = next_id["o"]
                next_id["o"] += 1
                sold = []
                for no, p in enumerate(totals.lines, 1):
                    values = _line_values(
                        p.line, p.gross_fen, p.line_discount_fen, p.order_discount_fen, p.rounding_fen,
                        p.net_fen, voided=False,
                    )  # fmt: skip
                    sold.append({**values, "id": next_id["l"], "order_id": order["id"], "line_no": no})
                    next_id["l"] += 1
                paid = []
                for row in plan.rows:
                    paid.append({**row, "id": next_id["t"], "order_id": order["id"]})
                    next_id["t"] += 1
                orders.append(order)
                lines += sold
                tenders += paid
                sales.append((moment, order, self._payload(order, cashier, sold, paid), cashier))
            conn.execute(insert(OrderRow), orders)
            conn.execute(insert(OrderLineRow), lines)
            conn.execute(insert(TenderRow), tenders)
            for moment, order, payload, cashier in sales:
                self.till.journal.record(conn, journal.SALE, order["uuid"], payload, moment, day)
                if self.rng.random() < 0.0072:  # a void, a refund, a reprint or a drawer opening follows
                    self._after_sale(conn, order, payload, cashier, moment + timedelta(seconds=1))

    def _after_sale(
        self, conn: Connection, order: dict[str, Any], payload: dict[str, Any], cashier: Cashier, at: datetime
    ) -> None:
        pick = self.rng.random() * 0.0072
        if pick < 0.003 and all(t["kind"] == "cash" for t in payload["tenders"]):
            self._void(conn, order["id"], at)
        elif pick < 0.006:
            self._refund(conn, order["id"], at, cashier)
        elif pick < 0.007:
            self._print_job(conn, REPRINT, order["uuid"], at)
        elif pick < 0.0072:
            self._print_job(conn, DRAWER, None, at)

    def _cart(self) -> Cart:
        cart, rng = Cart(), self.rng
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4, 5, 6, 8))):
            if self.weighed and rng.random() < 0.15:
                cart.add_weighed(rng.choice(self.weighed), rng.randint(150, 2500))
            else:
                product: Product = rng.choice(self.pieces)
                cart.add_product(product, rng.choice((1, 1, 1, 2, 3)), product.main_barcode)
        if rng.random() < 0.1:
            cart.set_line_discount(cart.lines[0].line_id, Discount.percent(10))
        if rng.random() < 0.05:
            cart.order_discount = Discount.amount(100)
        return cart

    def _tenders(self, due: int) -> list[TenderIn]:
        pick, rng = self.rng.random(), self.rng
        if pick < 0.4 or due < 2:
            return [CashTender((due // 1000 + 1) * 1000 if rng.random() < 0.6 else due)]
        if pick < 0.5:
            return [CardTender(due, f"{rng.randrange(10**6):06d}")]
        channel = rng.choice(("wechat", "wechat", "wechat", "alipay", "alipay", "unionpay", "ecny"))
        if pick < 0.55:  # a code for part, cash for the rest
            return [QrTender(new_uuid().replace("-", ""), channel, due // 2), CashTender(due - due // 2)]
        return [QrTender(new_uuid().replace("-", ""), channel, due)]

    def _payload(
        self,
        order: dict[str, Any],
        cashier: Cashier,
        lines: list[dict[str, Any]],
        tenders: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """What outbox.order_payload reads back for this order (the sale entry's data)."""
        drop = {"id", "order_id", "device_id", "seq", "cashier_id", "product_id"}
        return {
            **{k: v for k, v in order.items() if k not in drop},
            "business_day": order["business_day"].isoformat(),
            "created_at": order["created_at"].replace(tzinfo=UTC).isoformat(),
            "cashier_uuid": self.cashier_uuids[cashier.id],
            "cashier_name": cashier.name,
            "lines": [
                {
                    **{k: v for k, v in line.items() if k not in drop},
                    "product_uuid": self.product_uuids.get(line["product_id"]),
                }
                for line in lines
            ],
            "tenders": [{k: v for k, v in t.items() if k not in drop} for t in tenders],
        }

    def _override(self, conn: Connection, action: str, cashier: Cashier | None, at: datetime) -> int:
        values = {
            "uuid": new_uuid(),
            "created_at": to_storage(at),
            "action": action,
            "manager_id": self.manager.id,
            "cashier_id": cashier.id if cashier else None,
            "reason": "顾客要求",
            "detail": "",
            "order_uuid": None,
        }
        override_id = int(conn.execute(insert(OverrideRow).returning(OverrideRow.id), values).scalar_one())
        data = outbox.override_payload(conn, override_id)  # as AuthService.authorize journals it
        self.till.journal.record(conn, journal.OVERRIDE, str(values["uuid"]), data, at)
        return override_id

    def _void(self, conn: Connection, order_id: int, at: datetime) -> None:
        """As OrderHistory.void writes it."""
        void_uuid = new_uuid()
        void_id = conn.execute(
            insert(OrderVoidRow).returning(OrderVoidRow.id),
            {
                "uuid": void_uuid,
                "order_id": order_id,
                "created_at": to_storage(at),
                "override_id": self._override(conn, "void_order", None, at),
            },
        ).scalar_one()
        self.till.journal.record(conn, journal.VOID, void_uuid, outbox.void_payload(conn, void_id), at)

    def _refund(self, conn: Connection, order_id: int, at: datetime, cashier: Cashier) -> None:
        """The order's first line back through its tenders in proportion, done, as RefundService writes it."""
        line = conn.execute(
            select(OrderLineRow.id, OrderLineRow.net_fen)
            .where(OrderLineRow.order_id == order_id)
            .order_by(OrderLineRow.line_no)
        ).first()
        if line is None or line.net_fen <= 0:
            return
        refund_uuid, stamp = new_uuid(), to_storage(at)
        refund_id = conn.execute(
            insert(RefundRow).returning(RefundRow.id),
            {
                "uuid": refund_uuid,
                "order_id": order_id,
                "created_at": stamp,
                "cashier_id": cashier.id,
                "override_id": self._override(conn, "refund", cashier, at),
                "reason": "退货",
                "total_fen": line.net_fen,
                "state": "done",
                "message": "",
                "updated_at": stamp,
            },
        ).scalar_one()
        conn.execute(
            insert(RefundLineRow),
            {"refund_id": refund_id, "order_line_id": line.id, "amount_fen": line.net_fen},
        )
        parts = [
            {
                "uuid": new_uuid(),
                "refund_id": refund_id,
                "tender_id": tender_id,
                "kind": kind,
                "amount_fen": share,
                "out_refund_no": None if kind in ("cash", "card") else new_uuid().replace("-", ""),
                "reference": "",
                "state": "done",
                "message": "",
                "updated_at": stamp,
            }
            for tender_id, kind, share in _split(line.net_fen, _tender_room(conn, order_id), exact=False)
            if share > 0
        ]
        conn.execute(insert(RefundTenderRow), parts)
        event = outbox.refund_payload(conn, refund_id)
        self.till.journal.record(conn, journal.REFUND, refund_uuid, event, at)

    def _print_job(self, conn: Connection, kind: str, order_uuid: str | None, at: datetime) -> None:
        """As PrintQueue writes a reprint or a no-sale drawer opening (printed since)."""
        job = {**new_job(kind, order_uuid, kind == DRAWER, to_storage(at)), "status": "printed"}
        conn.execute(insert(PrintJobRow), job)
        entry = journal.REPRINT if kind == REPRINT else journal.DRAWER_OPEN
        data = {"order_uuid": order_uuid, "created_at": at.isoformat()}
        self.till.journal.record(conn, entry, str(job["uuid"]), data, at)


def _order(
    device_id: str, day: date, seq: int, cashier: Cashier, moment: datetime, totals: Totals, change_fen: int
) -> dict[str, Any]:
    return {
        "uuid": new_uuid(),
        "device_id": device_id,
        "business_day": day,
        "seq": seq,
        "order_no": order_number(day, seq),
        "cashier_id": cashier.id,
        "created_at": to_storage(moment),
        **order_sums(totals, change_fen),
    }
