"""Completed orders: the history a cashier looks up, and a manager's void of a completed order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from pos_app.clock import Clock, from_storage, to_storage
from pos_app.errors import PosError
from pos_app.journal import VOID
from pos_app.services import outbox
from pos_app.services.auth import Approval, OverrideAction
from pos_app.services.fiscal_log import FiscalLog
from pos_app.store.db import Store
from pos_app.store.models import CashierRow, OrderRow, OrderVoidRow, RefundRow


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
        )
