"""Completed orders: the history a cashier looks up, and a manager's void of a completed order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from pos_app.clock import Clock, from_storage, to_storage
from pos_app.errors import PosError, ShiftNotOpen
from pos_app.journal import SALE, VOID, receipt_qr, short_code
from pos_app.services import outbox
from pos_app.services.auth import Approval, OverrideAction
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.shifts import require_open_shift
from pos_app.store.db import Store
from pos_app.store.models import CashierRow, JournalEntryRow, OrderRow, OrderVoidRow, RefundRow, TenderRow


@dataclass(frozen=True)
class OrderLineView:
    name: str
    quantity_text: str
    unit_price_fen: int
    net_fen: int
    voided: bool
    gross_fen: int = 0
    line_discount_fen: int = 0


@dataclass(frozen=True)
class TenderView:
    kind: str
    amount_fen: int
    tendered_fen: int
    change_fen: int
    reference: str


@dataclass(frozen=True)
class OrderView:
    uuid: str
    order_no: str
    created_at: datetime
    cashier: str
    total_fen: int
    discount_fen: int
    rounding_fen: int
    change_fen: int
    voided: bool
    lines: tuple[OrderLineView, ...]
    tenders: tuple[TenderView, ...]
    subtotal_fen: int = 0
    order_discount_fen: int = 0
    journal_code: str = ""  # its sale's journal entry, as the receipt prints it ("" before the journal)
    journal_qr: str = ""  # the same for the receipt's QR code (pos_app.journal.receipt_qr)


class OrderHistory:
    def __init__(self, store: Store, clock: Clock, journal: FiscalLog) -> None:
        self._store = store
        self._clock = clock
        self._journal = journal

    def recent(self, limit: int = 50, day: date | None = None) -> list[OrderView]:
        with self._store.read() as session:
            query = select(OrderRow).order_by(OrderRow.id.desc()).limit(limit)
            if day is not None:
                query = query.where(OrderRow.business_day == day)
            return [self._view(session, row) for row in session.scalars(query)]

    def of_day(
        self, day: date, timezone: str, hour: int | None = None, tender: str | None = None, limit: int = 500
    ) -> list[OrderView]:
        """A business day's orders, newest first: those made in one local `hour` (0-23) and/or paid at
        least partly by one `tender` kind. What the manager screen lists under an hour bar or a tender."""
        query = select(OrderRow).where(OrderRow.business_day == day).order_by(OrderRow.id.desc()).limit(limit)
        if hour is not None:
            query = query.where(or_(*_local_hour(day, hour, timezone)))
        if tender is not None:
            query = query.where(OrderRow.id.in_(select(TenderRow.order_id).where(TenderRow.kind == tender)))
        with self._store.read() as session:
            return [self._view(session, row) for row in session.scalars(query)]

    def get(self, order_uuid: str) -> OrderView:
        return self._find(OrderRow.uuid == order_uuid, order_uuid)

    def by_number(self, order_no: str) -> OrderView:
        """The order a receipt names ('20261125-0007'); the newest if two tills share a number."""
        return self._find(OrderRow.order_no == order_no.strip(), order_no)

    def _find(self, where: ColumnElement[bool], name: str) -> OrderView:
        with self._store.read() as session:
            row = session.scalar(select(OrderRow).where(where).order_by(OrderRow.id.desc()).limit(1))
            if row is None:
                raise PosError(f"no order {name}", f"没有订单 {name}")
            return self._view(session, row)

    def void(self, order_uuid: str, approval: Approval) -> None:
        """A void is a new record beside the order; the order and its lines stay as they were.

        The void and its outbox event are written together.
        """
        approval.spend(OverrideAction.VOID_ORDER)
        with self._store.unit_of_work() as session:
            order = session.scalar(select(OrderRow).where(OrderRow.uuid == order_uuid))
            if order is None:
                raise PosError(f"no order {order_uuid}", f"没有订单 {order_uuid}")
            if session.scalar(select(OrderVoidRow.id).where(OrderVoidRow.order_id == order.id)) is not None:
                raise PosError(f"order {order.order_no} is already void", f"订单 {order.order_no} 已作废")
            if session.scalar(
                select(RefundRow.id).where(RefundRow.order_id == order.id, RefundRow.state != "failed")
            ):
                raise PosError(
                    f"order {order.order_no} has refunds; refund the rest instead of voiding it",
                    f"订单 {order.order_no} 已有退款，请对其余商品退款，不能作废",
                )
            if any(t.kind != "cash" for t in order.tenders):
                raise PosError(
                    f"order {order.order_no} was paid by card or payment code: refund it to give the money back",
                    f"订单 {order.order_no} 有刷卡或扫码付款，请用退款原路退回，不能直接作废",
                )
            require_open_shift(  # the order's cash goes back out of the open shift's drawer
                session.connection(),
                ShiftNotOpen(
                    "Open a shift (count the drawer's float) before voiding an order",
                    "请先开班（输入钱箱备用金）再作废订单",
                ),
            )
            now = self._clock.now()
            void = OrderVoidRow(
                order_id=order.id, created_at=to_storage(now), override_id=approval.override_id
            )
            session.add(void)
            session.flush()
            event = outbox.add_void(session.connection(), void.id)
            self._journal.record(session.connection(), VOID, void.uuid, event["void"], now)

    @staticmethod
    def _view(session: Session, row: OrderRow) -> OrderView:
        voided = session.scalar(select(OrderVoidRow.id).where(OrderVoidRow.order_id == row.id)) is not None
        cashier = session.get_one(CashierRow, row.cashier_id).name
        lines = tuple(
            OrderLineView(
                line.name,
                f"{line.quantity / 1000:.3f}kg" if line.unit == "kg" else str(line.quantity),
                line.unit_price_fen,
                line.net_fen,
                line.voided,
                line.gross_fen,
                line.line_discount_fen,
            )
            for line in row.lines
        )
        # By ref alone: with the kind too, SQLite would walk the kind's index through every sale.
        entries = session.execute(
            select(JournalEntryRow.kind, JournalEntryRow.seq, JournalEntryRow.hash).where(
                JournalEntryRow.ref_uuid == row.uuid
            )
        )
        sale = next((entry for entry in entries if entry.kind == SALE), None)
        return OrderView(
            row.uuid,
            row.order_no,
            from_storage(row.created_at),
            cashier,
            row.total_fen,
            row.line_discount_fen + row.order_discount_fen,
            row.rounding_fen,
            row.change_fen,
            voided,
            lines,
            tuple(
                TenderView(t.kind, t.amount_fen, t.tendered_fen, t.change_fen, t.reference)
                for t in row.tenders
            ),
            row.subtotal_fen,
            row.order_discount_fen,
            short_code(sale.seq, row.total_fen, sale.hash) if sale else "",
            receipt_qr(row.device_id, sale.seq, row.total_fen, sale.hash) if sale else "",
        )


def _local_hour(day: date, hour: int, timezone: str) -> list[ColumnElement[bool]]:
    """One local hour as stored (UTC) time windows. A business day's hour may fall on the calendar day
    before (a Z closed early moves later sales to the next day) or after (a cut-off past midnight)."""
    zone = ZoneInfo(timezone)
    windows = []
    for offset in (-1, 0, 1):
        start = datetime.combine(day + timedelta(days=offset), time(hour), zone)
        end = start + timedelta(hours=1)
        windows.append(and_(OrderRow.created_at >= to_storage(start), OrderRow.created_at < to_storage(end)))
    return windows
