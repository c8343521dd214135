"""Completing a sale: the order, its lines, tenders, gapless number and outbox event, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, text

from pos_app.cart import Cart, CartLine, Totals
from pos_app.clock import Clock, business_day, to_storage
from pos_app.errors import InsufficientTender, InvalidInput
from pos_app.services import outbox
from pos_app.services.auth import Cashier
from pos_app.services.print_queue import RECEIPT, new_job
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from pos_app.store.models import OrderLineRow, OrderRow, PrintJobRow, TenderRow, new_uuid

_NEXT_SEQ = text(
    "INSERT INTO order_counters (business_day, last_seq) VALUES (:day, 1) "
    "ON CONFLICT (business_day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq"
)


@dataclass(frozen=True)
class CashTender:
    tendered_fen: int


@dataclass(frozen=True)
class CompletedOrder:
    uuid: str
    order_no: str
    created_at: datetime
    totals: Totals
    tendered_fen: int
    change_fen: int


def order_number(day: object, seq: int) -> str:
    """'20261125-0007': the business day and the day's sequence, as printed on the receipt."""
    return f"{day:%Y%m%d}-{seq:04d}"


class CheckoutService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        device_id: str,
        at_work: Callable[[], None] = lambda: None,
    ) -> None:
        self._at_work = at_work  # before the commit: the sync starts no bulk write under a sale
        self._store = store
        self._clock = clock
        self._settings = settings
        self._device_id = device_id

    def pay_cash(self, cart: Cart, cashier: Cashier, tender: CashTender) -> CompletedOrder:
        """Stores the sale; the cart is cleared only after the commit succeeded."""
        cart.require_lines()
        settings = self._settings()
        totals = cart.totals(settings.rounding)
        if tender.tendered_fen < 0:
            raise InvalidInput("the amount received cannot be negative", "实收金额不能为负数")
        if tender.tendered_fen < totals.total_fen:
            raise InsufficientTender(totals.total_fen, tender.tendered_fen)
        change = tender.tendered_fen - totals.total_fen
        now = self._clock.now()
        day = business_day(now, settings.timezone, settings.cutoff_time())
        order_uuid = new_uuid()
        sold = [
            _line_values(
                p.line,
                p.gross_fen,
                p.line_discount_fen,
                p.order_discount_fen,
                p.rounding_fen,
                p.net_fen,
                voided=False,
            )
            for p in totals.lines
        ]
        voided = [_line_values(line, line.gross_fen, 0, 0, 0, 0, voided=True) for line in cart.voided]
        self._at_work()
        with self._store.transaction() as conn:
            seq = int(conn.execute(_NEXT_SEQ, {"day": day}).scalar_one())
            order_id = conn.execute(
                insert(OrderRow).returning(OrderRow.id),
                {
                    "uuid": order_uuid,
                    "device_id": self._device_id,
                    "business_day": day,
                    "seq": seq,
                    "order_no": order_number(day, seq),
                    "cashier_id": cashier.id,
                    "created_at": to_storage(now),
                    "subtotal_fen": totals.subtotal_fen,
                    "line_discount_fen": totals.line_discount_fen,
                    "order_discount_fen": totals.order_discount_fen,
                    "rounding_fen": totals.rounding_fen,
                    "rounding_policy": totals.rounding_policy.value,
                    "total_fen": totals.total_fen,
                    "change_fen": change,
                },
            ).scalar_one()
            conn.execute(
                insert(OrderLineRow),
                [
                    {**values, "order_id": order_id, "line_no": no}
                    for no, values in enumerate(sold + voided, 1)
                ],
            )
            if settings.printer_url:  # the receipt is owed from the moment the sale exists
                conn.execute(insert(PrintJobRow), new_job(RECEIPT, order_uuid, True, to_storage(now)))
            conn.execute(
                insert(TenderRow),
                {
                    "uuid": new_uuid(),
                    "order_id": order_id,
                    "kind": "cash",
                    "amount_fen": totals.total_fen,
                    "tendered_fen": tender.tendered_fen,
                    "change_fen": change,
                    "reference": "",
                },
            )
            outbox.add_order(conn, order_id)  # owed to the cloud from the moment the sale exists
        cart.clear()
        return CompletedOrder(order_uuid, order_number(day, seq), now, totals, tender.tendered_fen, change)


def _line_values(
    line: CartLine,
    gross: int,
    line_discount: int,
    order_discount: int,
    rounding: int,
    net: int,
    *,
    voided: bool,
) -> dict[str, object]:
    return {
        "uuid": line.line_id,
        "product_id": line.product_id,
        "barcode": line.barcode,
        "name": line.name,
        "unit": line.unit.value,
        "quantity": line.quantity,
        "unit_price_fen": line.unit_price_fen,
        "gross_fen": gross,
        "line_discount_fen": line_discount,
        "order_discount_fen": order_discount,
        "rounding_fen": rounding,
        "net_fen": net,
        "tax_rate_bp": line.tax_rate_bp,
        "category": line.category,
        "price_overridden": line.price_overridden,
        "voided": voided,
    }
