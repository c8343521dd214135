"""Events as a till sends them (JSON shaped as sync.protocol says), for the cloud's tests."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, date, datetime
from typing import Any

import requests


def order_event(
    *,
    lines: int = 2,
    price_fen: int = 350,
    kind: str = "cash",
    day: date = date(2026, 11, 25),
    order_uuid: str | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """A paid order whose lines and tender add up to the total, as JSON."""
    total = lines * price_fen
    now = datetime.now(UTC).isoformat()
    return {
        "kind": "order",
        "event_id": event_id or str(uuid.uuid4()),
        "occurred_at": now,
        "order": {
            "uuid": order_uuid or str(uuid.uuid4()),
            "order_no": f"{day:%Y%m%d}-{secrets.randbelow(10_000):04d}",
            "business_day": day.isoformat(),
            "created_at": now,
            "cashier_uuid": str(uuid.uuid4()),
            "cashier_name": "张三",
            "subtotal_fen": total,
            "line_discount_fen": 0,
            "order_discount_fen": 0,
            "rounding_fen": 0,
            "rounding_policy": "none",
            "total_fen": total,
            "change_fen": 0,
            "lines": [
                {
                    "uuid": str(uuid.uuid4()),
                    "line_no": n,
                    "product_uuid": None,
                    "barcode": "6901234567892",
                    "name": "可口可乐 330ml",
                    "unit": "piece",
                    "quantity": 1,
                    "unit_price_fen": price_fen,
                    "gross_fen": price_fen,
                    "line_discount_fen": 0,
                    "order_discount_fen": 0,
                    "rounding_fen": 0,
                    "net_fen": price_fen,
                    "tax_rate_bp": 1300,
                    "category": "饮料",
                    "price_overridden": False,
                    "voided": False,
                }
                for n in range(1, lines + 1)
            ],
            "tenders": [
                {
                    "uuid": str(uuid.uuid4()),
                    "kind": kind,
                    "amount_fen": total,
                    "tendered_fen": total,
                    "change_fen": 0,
                    "reference": "",
                }
            ],
        },
    }


def override_event(order_uuid: str | None = None) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "kind": "override",
        "event_id": str(uuid.uuid4()),
        "occurred_at": now,
        "override": {
            "uuid": str(uuid.uuid4()),
            "created_at": now,
            "action": "void_order",
            "manager_uuid": str(uuid.uuid4()),
            "cashier_uuid": None,
            "reason": "顾客退单",
            "detail": "",
            "order_uuid": order_uuid,
        },
    }


def void_event(order_uuid: str, override_uuid: str | None = None) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "kind": "order_void",
        "event_id": str(uuid.uuid4()),
        "occurred_at": now,
        "void": {
            "uuid": str(uuid.uuid4()),
            "order_uuid": order_uuid,
            "created_at": now,
            "override_uuid": override_uuid or str(uuid.uuid4()),
        },
    }


def refund_event(
    order: dict[str, Any],
    *,
    lines: list[int] | None = None,
    business_day: date | None = date(2026, 11, 26),
    refund_uuid: str | None = None,
) -> dict[str, Any]:
    """A refund of an order_event's lines (all, or those at the given indexes) in full, back through its
    first tender, as JSON."""
    sold = order["order"]
    chosen = [sold["lines"][i] for i in (lines if lines is not None else range(len(sold["lines"])))]
    total = sum(line["net_fen"] for line in chosen)
    tender = sold["tenders"][0]
    now = datetime.now(UTC).isoformat()
    return {
        "kind": "refund",
        "event_id": str(uuid.uuid4()),
        "occurred_at": now,
        "refund": {
            "uuid": refund_uuid or str(uuid.uuid4()),
            "order_uuid": sold["uuid"],
            "created_at": now,
            "business_day": business_day.isoformat() if business_day else None,
            "cashier_uuid": str(uuid.uuid4()),
            "manager_uuid": str(uuid.uuid4()),
            "reason": "顾客退货",
            "total_fen": total,
            "lines": [{"order_line_uuid": line["uuid"], "amount_fen": line["net_fen"]} for line in chosen],
            "tenders": [
                {
                    "uuid": str(uuid.uuid4()),
                    "tender_uuid": tender["uuid"],
                    "kind": tender["kind"],
                    "amount_fen": total,
                    "reference": "",
                }
            ],
        },
    }


def statuses(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]
