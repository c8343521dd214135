"""Sales figures of a store from the orders its tills pushed: totals to the fen, voids apart, by tender,
and the refunds the tills made, counted on the refund's own business day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, exists, func, select

from cloud.db import Database
from cloud.models import OrderRow, OrderVoidRow, RefundRow, TenderRow
from cloud.tenants import find_store


@dataclass(frozen=True)
class SalesReport:
    store_id: UUID
    store_name: str
    day: date | None  # None: every business day
    orders: int
    total_fen: int
    voided_orders: int
    voided_fen: int
    refunds: int = 0
    refunds_fen: int = 0
    by_tender: dict[str, int] = field(default_factory=dict)

    @property
    def net_fen(self) -> int:
        """What the store kept: the orders not voided, less the refunds."""
        return self.total_fen - self.refunds_fen

    def as_json(self) -> dict[str, object]:
        return {
            "store": str(self.store_id),
            "date": self.day.isoformat() if self.day else None,
            "orders": self.orders,
            "total_fen": self.total_fen,
            "voided_orders": self.voided_orders,
            "voided_fen": self.voided_fen,
            "refunds": self.refunds,
            "refunds_fen": self.refunds_fen,
            "net_fen": self.net_fen,
            "by_tender": dict(self.by_tender),
        }


def sales_report(db: Database, store_ref: str, day: date | None) -> SalesReport:
    """Orders and total_fen count the orders not voided; by_tender sums those orders' tenders (gross).
    Refunds count by their own business day, those of voided orders left out (the void took it all)."""
    voided = exists(select(OrderVoidRow.uuid).where(OrderVoidRow.order_uuid == OrderRow.uuid))
    with db.read() as conn:
        store = find_store(conn, store_ref)
        scope: list[ColumnElement[bool]] = [OrderRow.store_id == store.id]
        if day is not None:
            scope.append(OrderRow.business_day == day)
        totals = select(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0))
        kept = conn.execute(totals.where(*scope, ~voided)).one()
        gone = conn.execute(totals.where(*scope, voided)).one()
        tenders = conn.execute(
            select(TenderRow.kind, func.sum(TenderRow.amount_fen))
            .join(OrderRow, OrderRow.uuid == TenderRow.order_uuid)
            .where(*scope, ~voided)
            .group_by(TenderRow.kind)
            .order_by(TenderRow.kind)
        ).all()
        refunded_voided = exists(
            select(OrderVoidRow.uuid).where(OrderVoidRow.order_uuid == RefundRow.order_uuid)
        )
        refund_scope: list[ColumnElement[bool]] = [RefundRow.store_id == store.id, ~refunded_voided]
        if day is not None:
            refund_scope.append(RefundRow.business_day == day)
        refunds = conn.execute(
            select(func.count(), func.coalesce(func.sum(RefundRow.total_fen), 0)).where(*refund_scope)
        ).one()
    return SalesReport(
        store_id=store.id,
        store_name=store.name,
        day=day,
        orders=int(kept[0]),
        total_fen=int(kept[1]),
        voided_orders=int(gone[0]),
        voided_fen=int(gone[1]),
        refunds=int(refunds[0]),
        refunds_fen=int(refunds[1]),
        by_tender={kind: int(fen) for kind, fen in tenders},
    )
