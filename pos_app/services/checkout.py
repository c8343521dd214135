"""Completing a sale: the order, its lines, tenders, gapless number and outbox event, in one transaction.

Any mix of tenders settles one order: payment codes already charged (QrTender, each a paid attempt of
this checkout), bank card through the external terminal (CardTender, the terminal's trace number only),
and cash last, which covers the rest and gives the change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, select, update

from pos_app.cart import Cart, CartLine, Totals
from pos_app.clock import Clock, to_storage
from pos_app.errors import InsufficientTender, InvalidInput
from pos_app.journal import SALE, short_code
from pos_app.payment_attempts import AttemptState, Disposition
from pos_app.services import outbox
from pos_app.services.auth import Cashier
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.print_queue import RECEIPT, new_job
from pos_app.services.shifts import require_open_shift
from pos_app.settings import ShopSettings
from pos_app.store import lean
from pos_app.store.db import Store, take_write_lock
from pos_app.store.models import (
    CheckoutRow,
    PaymentAttemptRow,
    new_uuid,
)

# A sale's statements are lean ones (pos_app/store/lean.py): they are most of what a sale waits for.
_NEXT_SEQ = (
    "INSERT INTO order_counters (business_day, last_seq) VALUES (?, 1) "
    "ON CONFLICT (business_day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq"
)


@dataclass(frozen=True)
class CashTender:
    tendered_fen: int  # what the customer handed over; it covers what the other tenders left


@dataclass(frozen=True)
class CardTender:
    """Approved on the external card terminal; the till keeps its trace number (参考号), no card data."""

    amount_fen: int
    trace_no: str


@dataclass(frozen=True)
class QrTender:
    """A payment code charged through the cloud: a paid attempt of this checkout."""

    out_trade_no: str
    channel: str
    amount_fen: int


TenderIn = CashTender | CardTender | QrTender
TRACE_NO_PATTERN = re.compile(r"^[0-9A-Za-z]{4,32}$")


@dataclass(frozen=True)
class CompletedOrder:
    uuid: str
    order_no: str
    created_at: datetime
    totals: Totals
    tendered_fen: int
    change_fen: int
    journal_code: str  # the receipt's proof of its journal entry (pos_app.journal.short_code)


def order_number(day: object, seq: int) -> str:
    """'20261125-0007': the business day and the day's sequence, as printed on the receipt."""
    return f"{day:%Y%m%d}-{seq:04d}"


def order_sums(totals: Totals, change_fen: int) -> dict[str, object]:
    """An order row's money columns, as a sale writes them (the benchmarks' bulk-built shops use it too)."""
    return {
        "subtotal_fen": totals.subtotal_fen,
        "line_discount_fen": totals.line_discount_fen,
        "order_discount_fen": totals.order_discount_fen,
        "rounding_fen": totals.rounding_fen,
        "rounding_policy": totals.rounding_policy.value,
        "total_fen": totals.total_fen,
        "change_fen": change_fen,
    }


class CheckoutService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        device_id: str,
        journal: FiscalLog,
        at_work: Callable[[], None] = lambda: None,
    ) -> None:
        self._journal = journal
        self._at_work = at_work  # before the commit: the sync starts no bulk write under a sale
        self._store = store
        self._clock = clock
        self._settings = settings
        self._device_id = device_id

    def pay_cash(self, cart: Cart, cashier: Cashier, tender: CashTender) -> CompletedOrder:
        return self.complete(cart, cashier, [tender])

    def complete(
        self, cart: Cart, cashier: Cashier, tenders: Sequence[TenderIn], checkout_uuid: str | None = None
    ) -> CompletedOrder:
        """Stores the sale; the cart is cleared only after the commit succeeded.

        With a checkout (a cart paid with payment codes) the order takes the checkout's uuid, its paid
        attempts named as tenders are kept, and any other attempt of it is released (cancelled later).
        """
        cart.require_lines()
        settings = self._settings()
        totals = cart.totals(settings.rounding)
        plan = _plan_tenders(totals.total_fen, tenders)
        now = self._clock.now()
        order_uuid = checkout_uuid or new_uuid()
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
            # the fiscal day, the shift and the journal's head cannot move under the sale
            take_write_lock(conn)
            require_open_shift(conn)  # selling needs an open shift: the cash goes into its drawer
            if checkout_uuid is not None:
                _keep_attempts(conn, checkout_uuid, tenders, to_storage(now))
            day = self._journal.day(conn, now)
            seq = int(lean.rows(conn, _NEXT_SEQ, [day])[0][0])
            order_no = order_number(day, seq)
            order = {
                "uuid": order_uuid,
                "device_id": self._device_id,
                "business_day": day,
                "seq": seq,
                "order_no": order_no,
                "cashier_id": cashier.id,
                "created_at": to_storage(now),
                **order_sums(totals, plan.change_fen),
            }
            order_id = lean.insert(conn, "orders", [order])
            lines = [
                {**values, "order_id": order_id, "line_no": no} for no, values in enumerate(sold + voided, 1)
            ]
            lean.insert(conn, "order_lines", lines)
            if settings.printer_url:  # the receipt is owed from the moment the sale exists
                lean.insert(conn, "print_jobs", [new_job(RECEIPT, order_uuid, True, to_storage(now))])
            tender_rows = [{**row, "order_id": order_id} for row in plan.rows]
            lean.insert(conn, "tenders", tender_rows)
            # owed to the cloud from the moment it exists
            sale = outbox.add_order(conn, order, lines, tender_rows)["order"]
            entry = self._journal.record(conn, SALE, order_uuid, sale, now, day)
        cart.clear()
        return CompletedOrder(
            order_uuid,
            order_no,
            now,
            totals,
            plan.tendered_fen,
            plan.change_fen,
            short_code(entry.seq, totals.total_fen, entry.hash),
        )


@dataclass(frozen=True)
class _TenderPlan:
    rows: list[dict[str, object]]
    tendered_fen: int  # cash handed over (0 without cash)
    change_fen: int


def _plan_tenders(total_fen: int, tenders: Sequence[TenderIn]) -> _TenderPlan:
    """Checks the mix settles the total exactly (cash may give change) and makes the tender rows."""
    if not tenders:
        raise InvalidInput("choose how the customer pays", "请选择付款方式")
    cash = [t for t in tenders if isinstance(t, CashTender)]
    if len(cash) > 1:
        raise InvalidInput("one cash tender per order", "每笔订单只能有一笔现金付款")
    rows: list[dict[str, object]] = []
    non_cash = 0
    for t in tenders:
        if isinstance(t, CardTender):
            if not TRACE_NO_PATTERN.match(t.trace_no):
                raise InvalidInput(
                    "type the card terminal's trace number (4 to 32 letters or digits)",
                    "请输入刷卡终端小票上的参考号（4 到 32 位数字或字母）",
                )
            rows.append(_tender_row("card", t.amount_fen, t.trace_no))
        elif isinstance(t, QrTender):
            rows.append(_tender_row(t.channel, t.amount_fen, t.out_trade_no))
        else:
            continue
        if t.amount_fen <= 0:
            raise InvalidInput("a payment must be more than 0", "付款金额必须大于 0")
        non_cash += t.amount_fen
    if non_cash > total_fen:
        raise InvalidInput(
            "card and payment codes together exceed the amount due", "刷卡和扫码付款合计超过了应收金额"
        )
    left = total_fen - non_cash
    if not cash:
        if left:
            raise InsufficientTender(total_fen, non_cash)
        return _TenderPlan(rows, 0, 0)
    given = cash[0].tendered_fen
    if given < 0:
        raise InvalidInput("the amount received cannot be negative", "实收金额不能为负数")
    if given < left:
        raise InsufficientTender(total_fen, non_cash + given)
    row = _tender_row("cash", left, "")
    row["tendered_fen"], row["change_fen"] = given, given - left
    return _TenderPlan([*rows, row], given, given - left)


def _tender_row(kind: str, amount_fen: int, reference: str) -> dict[str, object]:
    return {
        "uuid": new_uuid(),
        "kind": kind,
        "amount_fen": amount_fen,
        "tendered_fen": 0,
        "change_fen": 0,
        "reference": reference,
    }


def _keep_attempts(conn: Connection, checkout_uuid: str, tenders: Sequence[TenderIn], now: datetime) -> None:
    """The QR tenders must be this checkout's paid attempts, for the amounts charged; the checkout closes
    and every attempt it does not keep is released, so the resolver makes sure it charges nothing."""
    checkout = conn.execute(
        select(CheckoutRow.state).where(CheckoutRow.uuid == checkout_uuid)
    ).scalar_one_or_none()
    if checkout != "open":
        raise InvalidInput("this payment was already finished", "这笔收款已经结束，请重新结账")
    paid = {
        row.out_trade_no: row
        for row in conn.execute(
            select(
                PaymentAttemptRow.out_trade_no, PaymentAttemptRow.amount_fen, PaymentAttemptRow.state
            ).where(PaymentAttemptRow.checkout_uuid == checkout_uuid)
        )
    }
    kept = [t.out_trade_no for t in tenders if isinstance(t, QrTender)]
    for t in tenders:
        if isinstance(t, QrTender):
            row = paid.get(t.out_trade_no)
            if row is None or row.state != AttemptState.PAID.value or row.amount_fen != t.amount_fen:
                raise InvalidInput(
                    "a payment code of this order is not paid", "这笔订单有一笔扫码付款尚未成功，不能完成结账"
                )
    conn.execute(
        update(PaymentAttemptRow)
        .where(PaymentAttemptRow.checkout_uuid == checkout_uuid)
        .values(
            disposition=case(
                (PaymentAttemptRow.out_trade_no.in_(kept), Disposition.KEPT.value),
                else_=Disposition.RELEASE.value,
            ),
            updated_at=now,
        )
    )
    conn.execute(
        update(CheckoutRow).where(CheckoutRow.uuid == checkout_uuid).values(state="completed", updated_at=now)
    )


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
