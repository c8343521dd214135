"""Sales figures of a store from the orders its tills pushed: totals to the fen, voids apart, by tender."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from sqlalchemy import ColumnElement, exists, func, select

from cloud.db import Database
from cloud.models import OrderRow, OrderVoidRow, TenderRow
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
    by_tender: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "store": str(self.store_id),
            "date": self.day.isoformat() if self.day else None,
            "orders": self.orders,
            "total_fen": self.total_fen,
            "voided_orders": self.voided_orders,
            "voided_fen": self.voided_fen,
            "by_tender": dict(self.by_tender),
        }


def sales_report(db: Database, store_ref: str, day: date | None) -> SalesReport:
    """Orders and total_fen count the orders not voided; by_tender sums those orders' tenders."""
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
    return SalesReport(
        store_id=store.id,
        store_name=store.name,
        day=day,
        orders=int(kept[0]),
        total_fen=int(kept[1]),
        voided_orders=int(gone[0]),
        voided_fen=int(gone[1]),
        by_tender={kind: int(fen) for kind, fen in tenders},
    )
