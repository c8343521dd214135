"""The outbox: events owed to the cloud, written in the same transaction as the record they describe.

A sale, a void and a manager's override each add one event here before their transaction commits, so a
crash leaves either both the record and its event or neither. The payload is plain JSON shaped exactly as
sync.protocol's OrderEvent, OverrideEvent, OrderVoidEvent and RefundEvent (pos_app may not import sync; a test in
tests/sync validates these dicts with the pydantic models). It says what the till stored, with every UUID
the till made: a void's, an override's and a refund's are read back from the rows just written, a sale's
is built from the values its rows were written with (the same, and cheaper on the sale's hot path).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Connection, bindparam, select

from pos_app.clock import from_storage, to_storage
from pos_app.store import lean
from pos_app.store.models import (
    CashierRow,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
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


_CASHIER_OF = "SELECT uuid, name FROM cashiers WHERE id = ?"  # lean statements: every sale runs them


def order_payload(conn: Connection, order_id: int) -> JsonObject:
    """The sale `order_id` as its rows hold it now (what `audit verify` compares the journal with)."""
    key = {"order_id": order_id}
    o = conn.execute(_ORDER, key).one()._mapping
    lines = [line._mapping for line in conn.execute(_LINES, key)]
    tenders = [t._mapping for t in conn.execute(_TENDERS, key)]
    return _order_json(o, o["cashier_uuid"], o["cashier"], lines, tenders)


def _order_json(
    o: Mapping[Any, Any],
    cashier_uuid: str,
    cashier_name: str,
    lines: Sequence[Mapping[Any, Any]],  # in line_no order, each with its product_uuid
    tenders: Sequence[Mapping[Any, Any]],  # in the order they were written
) -> JsonObject:
    return {
        "uuid": o["uuid"],
        "order_no": o["order_no"],
        "business_day": o["business_day"].isoformat(),
        "created_at": _at(o["created_at"]),
        "cashier_uuid": cashier_uuid,
        "cashier_name": cashier_name,
        "subtotal_fen": o["subtotal_fen"],
        "line_discount_fen": o["line_discount_fen"],
        "order_discount_fen": o["order_discount_fen"],
        "rounding_fen": o["rounding_fen"],
        "rounding_policy": o["rounding_policy"],
        "total_fen": o["total_fen"],
        "change_fen": o["change_fen"],
        "lines": [
            {
                "uuid": line["uuid"],
                "line_no": line["line_no"],
                "product_uuid": line["product_uuid"],  # None for an open-price line
                "barcode": line["barcode"],
                "name": line["name"],
                "unit": line["unit"],
                "quantity": line["quantity"],
                "unit_price_fen": line["unit_price_fen"],
                "gross_fen": line["gross_fen"],
                "line_discount_fen": line["line_discount_fen"],
                "order_discount_fen": line["order_discount_fen"],
                "rounding_fen": line["rounding_fen"],
                "net_fen": line["net_fen"],
                "tax_rate_bp": line["tax_rate_bp"],
                "category": line["category"],
                "price_overridden": bool(line["price_overridden"]),
                "voided": bool(line["voided"]),
            }
            for line in lines
        ],
        "tenders": [
            {
                "uuid": t["uuid"],
                "kind": t["kind"],
                "amount_fen": t["amount_fen"],
                "tendered_fen": t["tendered_fen"],
                "change_fen": t["change_fen"],
                "reference": t["reference"],
            }
            for t in tenders
        ],
    }


_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_MANAGER, _CASHIER = CashierRow.__table__.alias("manager"), CashierRow.__table__.alias("cashier")
_APPROVAL = OverrideRow.__table__.alias("approval")
_OVERRIDES = (
    select(
        OverrideRow.__table__, _MANAGER.c.uuid.label("manager_uuid"), _CASHIER.c.uuid.label("cashier_uuid")
    )
    .join(_MANAGER, _MANAGER.c.id == OverrideRow.manager_id)
    .outerjoin(_CASHIER, _CASHIER.c.id == OverrideRow.cashier_id)
    .where(OverrideRow.id.in_(_IDS))
)
_VOIDS = (
    select(
        OrderVoidRow.id,
        OrderVoidRow.uuid,
        OrderVoidRow.created_at,
        OrderRow.uuid.label("order_uuid"),
        OverrideRow.uuid.label("override_uuid"),
    )
    .join(OrderRow, OrderRow.id == OrderVoidRow.order_id)
    .join(OverrideRow, OverrideRow.id == OrderVoidRow.override_id)
    .where(OrderVoidRow.id.in_(_IDS))
)
_REFUNDS = (
    select(
        RefundRow.id,
        RefundRow.uuid,
        RefundRow.created_at,
        RefundRow.reason,
        RefundRow.total_fen,
        OrderRow.uuid.label("order_uuid"),
        CashierRow.uuid.label("cashier_uuid"),
        _MANAGER.c.uuid.label("manager_uuid"),
    )
    .join(OrderRow, OrderRow.id == RefundRow.order_id)
    .join(CashierRow, CashierRow.id == RefundRow.cashier_id)
    .join(_APPROVAL, _APPROVAL.c.id == RefundRow.override_id)
    .join(_MANAGER, _MANAGER.c.id == _APPROVAL.c.manager_id)
    .where(RefundRow.id.in_(_IDS))
)
_REFUND_LINES = (
    select(RefundLineRow.refund_id, OrderLineRow.uuid, RefundLineRow.amount_fen)
    .join(OrderLineRow, OrderLineRow.id == RefundLineRow.order_line_id)
    .where(RefundLineRow.refund_id.in_(_IDS))
    .order_by(RefundLineRow.refund_id, OrderLineRow.line_no)
)
_REFUND_TENDERS = (
    select(
        RefundTenderRow.refund_id,
        RefundTenderRow.uuid,
        TenderRow.uuid.label("tender_uuid"),
        RefundTenderRow.kind,
        RefundTenderRow.amount_fen,
        RefundTenderRow.out_refund_no,
        RefundTenderRow.reference,
    )
    .join(TenderRow, TenderRow.id == RefundTenderRow.tender_id)
    .where(RefundTenderRow.refund_id.in_(_IDS))
    .order_by(RefundTenderRow.refund_id, RefundTenderRow.id)
)


def override_payload(conn: Connection, override_id: int) -> JsonObject:
    return override_payloads(conn, [override_id])[override_id]


def override_payloads(conn: Connection, ids: Sequence[int]) -> dict[int, JsonObject]:
    """The payloads of many overrides at once, by id (`audit verify` compares them all with the journal);
    an override whose manager or cashier row is gone has none."""
    return {
        row.id: {
            "uuid": row.uuid,
            "created_at": _at(row.created_at),
            "action": row.action,
            "manager_uuid": row.manager_uuid,
            "cashier_uuid": row.cashier_uuid,
            "reason": row.reason,
            "detail": row.detail,
            "order_uuid": row.order_uuid,
        }
        for row in conn.execute(_OVERRIDES, {"ids": list(ids)})
        if row.cashier_id is None or row.cashier_uuid is not None
    }


def void_payload(conn: Connection, void_id: int) -> JsonObject:
    return void_payloads(conn, [void_id])[void_id]


def void_payloads(conn: Connection, ids: Sequence[int]) -> dict[int, JsonObject]:
    """The payloads of many voids at once, by id."""
    return {
        row.id: {
            "uuid": row.uuid,
            "order_uuid": row.order_uuid,
            "created_at": _at(row.created_at),
            "override_uuid": row.override_uuid,
        }
        for row in conn.execute(_VOIDS, {"ids": list(ids)})
    }


def refund_payload(conn: Connection, refund_id: int) -> JsonObject:
    return refund_payloads(conn, [refund_id])[refund_id]


def refund_payloads(conn: Connection, ids: Sequence[int]) -> dict[int, JsonObject]:
    """The payloads of many refunds at once, by id."""
    rows = conn.execute(_REFUNDS, {"ids": list(ids)}).all()
    found = [row.id for row in rows]
    lines: dict[int, list[JsonObject]] = {refund_id: [] for refund_id in found}
    for refund_id, uuid, amount_fen in conn.execute(_REFUND_LINES, {"ids": found}):
        lines[refund_id].append({"order_line_uuid": uuid, "amount_fen": amount_fen})
    tenders: dict[int, list[JsonObject]] = {refund_id: [] for refund_id in found}
    for t in conn.execute(_REFUND_TENDERS, {"ids": found}):
        tenders[t.refund_id].append(
            {
                "uuid": t.uuid,
                "tender_uuid": t.tender_uuid,
                "kind": t.kind,
                "amount_fen": t.amount_fen,
                "reference": t.out_refund_no or t.reference,
            }
        )
    return {
        row.id: {
            "uuid": row.uuid,
            "order_uuid": row.order_uuid,
            "created_at": _at(row.created_at),
            "cashier_uuid": row.cashier_uuid,
            "manager_uuid": row.manager_uuid,
            "reason": row.reason,
            "total_fen": row.total_fen,
            "lines": lines[row.id],
            "tenders": tenders[row.id],
        }
        for row in rows
    }


def add_order(
    conn: Connection,
    order: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    tenders: Sequence[Mapping[str, Any]],
) -> JsonObject:
    """Queues a sale for the cloud in the caller's transaction, from the values of the rows just written
    (the order's, its lines' in line_no order and its tenders' in the order written); returns the event.

    Built from those values rather than read back (a sale's commit is hot): only the cashier's and the
    products' UUIDs are looked up. It equals order_payload() of the stored rows (tests and `audit verify`
    hold it to that).
    """
    ((cashier_uuid, cashier_name),) = lean.rows(conn, _CASHIER_OF, [order["cashier_id"]])
    ids = sorted({line["product_id"] for line in lines if line["product_id"] is not None})
    marks = ", ".join("?" for _ in ids)
    uuids = dict(lean.rows(conn, f"SELECT id, uuid FROM products WHERE id IN ({marks})", ids)) if ids else {}
    with_products = [{**line, "product_uuid": uuids.get(line["product_id"])} for line in lines]
    payload = _order_json(order, cashier_uuid, cashier_name, with_products, tenders)
    return _add(conn, ORDER, "order", payload)


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
    row = {
        "event_id": event["event_id"],
        "kind": kind,
        "created_at": now,
        "payload": json.dumps(event, ensure_ascii=False, separators=(",", ":")),
        "status": PENDING,
        "attempts": 0,
        "last_error": "",
        "updated_at": now,
    }
    lean.insert(conn, "outbox", [row])
    return event
