"""The outbox: events owed to the cloud, written in the same transaction as the record they describe.

A sale, a void and a manager's override each add one event here before their transaction commits, so a
crash leaves either both the record and its event or neither. The payload is plain JSON shaped exactly as
sync.protocol's OrderEvent, OverrideEvent, OrderVoidEvent and RefundEvent (pos_app may not import sync; a test in
tests/sync validates these dicts with the pydantic models). It is read back from the rows just written,
so the event says what the till stored, with every UUID the till made.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select

from pos_app.clock import from_storage, to_storage
from pos_app.store.models import (
    CashierRow,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    OutboxRow,
    OverrideRow,
    ProductRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    TenderRow,
    new_uuid,
)

PENDING, QUARANTINED = "pending", "quarantined"
ORDER, OVERRIDE, ORDER_VOID, REFUND = "order", "override", "order_void", "refund"

JsonObject = dict[str, Any]


def _at(stored: datetime) -> str:
    """ISO 8601 with the UTC offset, as the protocol wants."""
    return from_storage(stored).isoformat()


# Built once: a sale pays for executing these, not for composing them.
_ORDER = (
    select(OrderRow.__table__, CashierRow.uuid.label("cashier_uuid"), CashierRow.name.label("cashier"))
    .join(CashierRow, CashierRow.id == OrderRow.cashier_id)
    .where(OrderRow.id == bindparam("order_id"))
)
_LINES = (
    select(OrderLineRow.__table__, ProductRow.uuid.label("product_uuid"))
    .outerjoin(ProductRow, ProductRow.id == OrderLineRow.product_id)
    .where(OrderLineRow.order_id == bindparam("order_id"))
    .order_by(OrderLineRow.line_no)
)
_TENDERS = (
    select(TenderRow.__table__).where(TenderRow.order_id == bindparam("order_id")).order_by(TenderRow.id)
)
_EVENT = insert(OutboxRow)


def order_payload(conn: Connection, order_id: int) -> JsonObject:
    key = {"order_id": order_id}
    o = conn.execute(_ORDER, key).one()
    lines = conn.execute(_LINES, key)
    tenders = conn.execute(_TENDERS, key)
    return {
        "uuid": o.uuid,
        "order_no": o.order_no,
        "business_day": o.business_day.isoformat(),
        "created_at": _at(o.created_at),
        "cashier_uuid": o.cashier_uuid,
        "cashier_name": o.cashier,
        "subtotal_fen": o.subtotal_fen,
        "line_discount_fen": o.line_discount_fen,
        "order_discount_fen": o.order_discount_fen,
        "rounding_fen": o.rounding_fen,
        "rounding_policy": o.rounding_policy,
        "total_fen": o.total_fen,
        "change_fen": o.change_fen,
        "lines": [
            {
                "uuid": line.uuid,
                "line_no": line.line_no,
                "product_uuid": line.product_uuid,  # None for an open-price line
                "barcode": line.barcode,
                "name": line.name,
                "unit": line.unit,
                "quantity": line.quantity,
                "unit_price_fen": line.unit_price_fen,
                "gross_fen": line.gross_fen,
                "line_discount_fen": line.line_discount_fen,
                "order_discount_fen": line.order_discount_fen,
                "rounding_fen": line.rounding_fen,
                "net_fen": line.net_fen,
                "tax_rate_bp": line.tax_rate_bp,
                "category": line.category,
                "price_overridden": bool(line.price_overridden),
                "voided": bool(line.voided),
            }
            for line in lines
        ],
        "tenders": [
            {
                "uuid": t.uuid,
                "kind": t.kind,
                "amount_fen": t.amount_fen,
                "tendered_fen": t.tendered_fen,
                "change_fen": t.change_fen,
                "reference": t.reference,
            }
            for t in tenders
        ],
    }


def override_payload(conn: Connection, override_id: int) -> JsonObject:
    row = conn.execute(select(OverrideRow.__table__).where(OverrideRow.id == override_id)).one()
    wanted = [row.manager_id, row.cashier_id]
    uuids = {
        cid: uuid
        for cid, uuid in conn.execute(select(CashierRow.id, CashierRow.uuid).where(CashierRow.id.in_(wanted)))
    }
    return {
        "uuid": row.uuid,
        "created_at": _at(row.created_at),
        "action": row.action,
        "manager_uuid": uuids[row.manager_id],
        "cashier_uuid": uuids[row.cashier_id] if row.cashier_id is not None else None,
        "reason": row.reason,
        "detail": row.detail,
        "order_uuid": row.order_uuid,
    }


def void_payload(conn: Connection, void_id: int) -> JsonObject:
    row = conn.execute(
        select(
            OrderVoidRow.uuid,
            OrderVoidRow.created_at,
            OrderRow.uuid.label("order_uuid"),
            OverrideRow.uuid.label("override_uuid"),
        )
        .join(OrderRow, OrderRow.id == OrderVoidRow.order_id)
        .join(OverrideRow, OverrideRow.id == OrderVoidRow.override_id)
        .where(OrderVoidRow.id == void_id)
    ).one()
    return {
        "uuid": row.uuid,
        "order_uuid": row.order_uuid,
        "created_at": _at(row.created_at),
        "override_uuid": row.override_uuid,
    }


def refund_payload(conn: Connection, refund_id: int) -> JsonObject:
    manager = OverrideRow.__table__.alias("approval")
    row = conn.execute(
        select(
            RefundRow.uuid,
            RefundRow.created_at,
            RefundRow.reason,
            RefundRow.total_fen,
            OrderRow.uuid.label("order_uuid"),
            CashierRow.uuid.label("cashier_uuid"),
            manager.c.manager_id,
        )
        .join(OrderRow, OrderRow.id == RefundRow.order_id)
        .join(CashierRow, CashierRow.id == RefundRow.cashier_id)
        .join(manager, manager.c.id == RefundRow.override_id)
        .where(RefundRow.id == refund_id)
    ).one()
    manager_uuid = conn.execute(select(CashierRow.uuid).where(CashierRow.id == row.manager_id)).scalar_one()
    lines = conn.execute(
        select(OrderLineRow.uuid, RefundLineRow.amount_fen)
        .join(OrderLineRow, OrderLineRow.id == RefundLineRow.order_line_id)
        .where(RefundLineRow.refund_id == refund_id)
        .order_by(OrderLineRow.line_no)
    )
    tenders = conn.execute(
        select(
            RefundTenderRow.uuid,
            TenderRow.uuid.label("tender_uuid"),
            RefundTenderRow.kind,
            RefundTenderRow.amount_fen,
            RefundTenderRow.out_refund_no,
            RefundTenderRow.reference,
        )
        .join(TenderRow, TenderRow.id == RefundTenderRow.tender_id)
        .where(RefundTenderRow.refund_id == refund_id)
        .order_by(RefundTenderRow.id)
    )
    return {
        "uuid": row.uuid,
        "order_uuid": row.order_uuid,
        "created_at": _at(row.created_at),
        "cashier_uuid": row.cashier_uuid,
        "manager_uuid": manager_uuid,
        "reason": row.reason,
        "total_fen": row.total_fen,
        "lines": [{"order_line_uuid": line.uuid, "amount_fen": line.amount_fen} for line in lines],
        "tenders": [
            {
                "uuid": t.uuid,
                "tender_uuid": t.tender_uuid,
                "kind": t.kind,
                "amount_fen": t.amount_fen,
                "reference": t.out_refund_no or t.reference,
            }
            for t in tenders
        ],
    }


def add_order(conn: Connection, order_id: int) -> JsonObject:
    """Queues the sale `order_id` for the cloud in the caller's transaction; returns the event."""
    return _add(conn, ORDER, "order", order_payload(conn, order_id))


def add_override(conn: Connection, override_id: int) -> JsonObject:
    """Queues a manager's override for the cloud in the caller's transaction; returns the event."""
    return _add(conn, OVERRIDE, "override", override_payload(conn, override_id))


def add_void(conn: Connection, void_id: int) -> JsonObject:
    """Queues the void of a completed order for the cloud in the caller's transaction; returns the event."""
    return _add(conn, ORDER_VOID, "void", void_payload(conn, void_id))


def add_refund(conn: Connection, refund_id: int) -> JsonObject:
    """Queues a completed refund for the cloud in the caller's transaction; returns the event."""
    return _add(conn, REFUND, "refund", refund_payload(conn, refund_id))


def _add(conn: Connection, kind: str, key: str, payload: JsonObject) -> JsonObject:
    """The event happened when its record was made; that moment is also the row's creation time."""
    occurred_at = payload["created_at"]
    event = {"kind": kind, "event_id": new_uuid(), "occurred_at": occurred_at, key: payload}
    now = to_storage(datetime.fromisoformat(occurred_at))
    conn.execute(
        _EVENT,
        {
            "event_id": event["event_id"],
            "kind": kind,
            "created_at": now,
            "payload": json.dumps(event, ensure_ascii=False, separators=(",", ":")),
            "status": PENDING,
            "attempts": 0,
            "last_error": "",
            "updated_at": now,
        },
    )
    return event
