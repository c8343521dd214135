"""What the journal should hold of the fiscal records that are not outbox events: reprints and no-sale
drawer openings (pos_app.services.print_queue), shifts, cash movements and shift closes
(pos_app.services.shifts), Z reports (pos_app.services.reports), read in bulk and shaped as those
services journal them, by the record's uuid.

A person is named by the account's uuid only: the name journaled is the one the account had then.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import BindParameter, Connection, Integer, bindparam, select
from sqlalchemy.orm import aliased

from pos_app.clock import from_storage
from pos_app.journal import DRAWER_OPEN, REPRINT
from pos_app.store.models import (
    CashierRow,
    CashMovementRow,
    PrintJobRow,
    RefundRow,
    RefundTenderRow,
    ShiftCloseRow,
    ShiftRow,
    ZReportRow,
)

Json = dict[str, Any]
Z_KEYS = (
    "z_no",
    "business_day",
    "orders",
    "gross_fen",
    "refunds_fen",
    "net_fen",
    "grand_total_fen",
    "report_sha256",
)
_PRIOR: BindParameter[int] = bindparam("prior", type_=Integer)
_OPENER, _CLOSER, _MOVER, _SHIFT = (
    aliased(CashierRow),
    aliased(CashierRow),
    aliased(CashierRow),
    aliased(ShiftRow),
)
# Built once: a verify runs them all, and building a statement costs more than running it on a small shop.
_CASH_REFUND_MOMENTS = (
    select(RefundRow.updated_at)
    .join(RefundTenderRow, RefundTenderRow.refund_id == RefundRow.id)
    .where(RefundRow.state == "done", RefundTenderRow.kind == "cash")
)
_PRINT_JOBS = select(
    PrintJobRow.uuid, PrintJobRow.kind, PrintJobRow.order_uuid, PrintJobRow.created_at
).where(PrintJobRow.id > _PRIOR, PrintJobRow.kind.in_(("reprint", "drawer")))
_SHIFTS = select(
    ShiftRow.uuid, ShiftRow.opened_at, ShiftRow.float_fen, _OPENER.uuid.label("cashier")
).outerjoin(_OPENER, _OPENER.id == ShiftRow.cashier_id)
_MOVEMENTS = (
    select(
        CashMovementRow.uuid,
        _SHIFT.uuid.label("shift"),
        CashMovementRow.kind,
        CashMovementRow.amount_fen,
        CashMovementRow.reason,
        CashMovementRow.created_at,
        _MOVER.uuid.label("cashier"),
    )
    .outerjoin(_SHIFT, _SHIFT.id == CashMovementRow.shift_id)
    .outerjoin(_MOVER, _MOVER.id == CashMovementRow.cashier_id)
)
_CLOSES = (
    select(
        ShiftCloseRow.uuid,
        _SHIFT.uuid.label("shift"),
        ShiftCloseRow.closed_at,
        _CLOSER.uuid.label("cashier"),
        ShiftCloseRow.counts_json,
        ShiftCloseRow.counted_fen,
        ShiftCloseRow.expected_fen,
        ShiftCloseRow.blind,
    )
    .outerjoin(_SHIFT, _SHIFT.id == ShiftCloseRow.shift_id)
    .outerjoin(_CLOSER, _CLOSER.id == ShiftCloseRow.cashier_id)
)
_Z_REPORTS = select(ZReportRow.__table__)


def expected_print_jobs(
    conn: Connection, prior: int, journaled: dict[str, set[str]]
) -> dict[str, dict[str, Json | None]]:
    """Reprint and no-sale drawer jobs by journal kind. A cash refund also opens the drawer (a 'drawer'
    job of the refund's moment, with no order) without an entry of its own, as its refund's entry is
    its record: such a job is expected in the journal only when an entry names it."""
    refund_moments = set(conn.execute(_CASH_REFUND_MOMENTS).scalars())
    jobs = conn.execute(_PRINT_JOBS, {"prior": prior}).all()
    expected: dict[str, dict[str, Json | None]] = {REPRINT: {}, DRAWER_OPEN: {}}
    for uuid, job_kind, order_uuid, at in jobs:
        kind = REPRINT if job_kind == "reprint" else DRAWER_OPEN
        by_refund = kind == DRAWER_OPEN and order_uuid is None and at in refund_moments
        if not by_refund or uuid in journaled[kind]:
            expected[kind][uuid] = {"order_uuid": order_uuid, "created_at": from_storage(at).isoformat()}
    return expected


def expected_shift_opens(conn: Connection) -> dict[str, Json | None]:
    return {
        row.uuid: {
            "uuid": row.uuid,
            "opened_at": from_storage(row.opened_at).isoformat(),
            "cashier": {"uuid": row.cashier},
            "float_fen": row.float_fen,
        }
        for row in conn.execute(_SHIFTS)
    }


def expected_cash_movements(conn: Connection) -> dict[str, Json | None]:
    return {
        row.uuid: {
            "uuid": row.uuid,
            "shift_uuid": row.shift,
            "kind": row.kind,
            "amount_fen": row.amount_fen,
            "reason": row.reason,
            "created_at": from_storage(row.created_at).isoformat(),
            "cashier": {"uuid": row.cashier},
        }
        for row in conn.execute(_MOVEMENTS)
    }


def expected_shift_closes(conn: Connection) -> tuple[dict[str, Json | None], list[str]]:
    """The closes, and the closes whose counted cash is not what their count by denomination adds up to."""
    closed: dict[str, Json | None] = {}
    miscounted = []
    for row in conn.execute(_CLOSES):
        counts = _counts(row.counts_json)
        if sum(int(d) * n for d, n in counts.items() if d.isdigit() and type(n) is int) != row.counted_fen:
            miscounted.append(row.uuid)
        closed[row.uuid] = {
            "uuid": row.uuid,
            "shift_uuid": row.shift,
            "closed_at": from_storage(row.closed_at).isoformat(),
            "cashier": {"uuid": row.cashier},
            "counts": counts,
            "counted_fen": row.counted_fen,
            "expected_fen": row.expected_fen,
            "over_short_fen": _difference(row.counted_fen, row.expected_fen),
            "blind": bool(row.blind),
        }
    return closed, miscounted


def _difference(counted: object, expected: object) -> int | None:
    """counted - expected; None when either is not an integer (changed by hand: it is named where it is)."""
    return counted - expected if type(counted) is int and type(expected) is int else None


def expected_z_reports(conn: Connection) -> dict[str, Json | None]:
    """Z_KEYS of each Z (report_sha256: of the whole report as stored)."""
    return {
        row.uuid: {
            "z_no": row.z_no,
            "business_day": row.business_day.isoformat(),
            "orders": row.orders,
            "gross_fen": row.gross_fen,
            "refunds_fen": row.refunds_fen,
            "net_fen": row.net_fen,
            "grand_total_fen": row.grand_total_fen,
            "report_sha256": hashlib.sha256(row.report_json.encode()).hexdigest(),
        }
        for row in conn.execute(_Z_REPORTS)
    }


def _counts(counts_json: str) -> dict[str, Any]:
    try:
        counts = json.loads(counts_json)
    except ValueError:
        return {}
    return counts if isinstance(counts, dict) else {}
