"""A shift's drawer: which cash belongs to it, read from the journal's order (ShiftService.drawer says the rule).

A sale, void or done refund belongs to the shift whose shift_open entry comes before its own journal entry
and whose shift_close (if any) comes after; pay-ins and pay-outs carry their shift's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Select, func, select

from pos_app.journal import REFUND, SALE, SHIFT_CLOSE, SHIFT_OPEN, VOID
from pos_app.reports import CashSummary
from pos_app.store.models import (
    CashierRow,
    CashMovementRow,
    JournalEntryRow,
    OrderRow,
    OrderVoidRow,
    RefundRow,
    RefundTenderRow,
    ShiftCloseRow,
    ShiftRow,
    TenderRow,
)

PAY_IN, PAY_OUT = "pay_in", "pay_out"


@dataclass(frozen=True)
class ShiftRecord:
    id: int
    uuid: str
    opened_at: datetime  # naive UTC, as stored
    opened_by: str
    float_fen: int
    open_seq: int  # its shift_open journal entry
    close_seq: int | None  # its shift_close journal entry, None while open


def open_shifts() -> Select[int]:
    return (
        select(ShiftRow.id)
        .outerjoin(ShiftCloseRow, ShiftCloseRow.shift_id == ShiftRow.id)
        .where(ShiftCloseRow.id.is_(None))
    )


def load_shift(conn: Connection, shift_id: int) -> ShiftRecord:
    row = conn.execute(
        select(ShiftRow.uuid, ShiftRow.opened_at, ShiftRow.float_fen, CashierRow.name)
        .join(CashierRow, CashierRow.id == ShiftRow.cashier_id)
        .where(ShiftRow.id == shift_id)
    ).one()
    close_uuid = conn.execute(select(ShiftCloseRow.uuid).where(ShiftCloseRow.shift_id == shift_id)).scalar()
    open_seq = _entry_seq(conn, SHIFT_OPEN, row.uuid)
    return ShiftRecord(
        shift_id,
        row.uuid,
        row.opened_at,
        row.name,
        row.float_fen,
        # While the shift is being opened its entry is not written yet: every later entry belongs to it.
        open_seq if open_seq is not None else _head_seq(conn),
        _entry_seq(conn, SHIFT_CLOSE, close_uuid) if close_uuid else None,
    )


def _entry_seq(conn: Connection, kind: str, ref: str) -> int | None:
    seq = conn.execute(
        select(JournalEntryRow.seq).where(JournalEntryRow.ref_uuid == ref, JournalEntryRow.kind == kind)
    ).scalar()
    return None if seq is None else int(seq)


def _head_seq(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(JournalEntryRow.seq), 0))).scalar_one())


def drawer_of(conn: Connection, shift: ShiftRecord) -> CashSummary:
    """The rule is written out at ShiftService.drawer."""

    def in_shift(kind: str) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = [
            JournalEntryRow.kind == kind,
            JournalEntryRow.seq > shift.open_seq,
        ]
        if shift.close_seq is not None:
            where.append(JournalEntryRow.seq < shift.close_seq)
        return where

    def total(query: Select[int]) -> int:
        return int(conn.execute(query).scalar() or 0)

    cash_sales = total(
        select(func.sum(TenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(OrderRow, OrderRow.uuid == JournalEntryRow.ref_uuid)
        .join(TenderRow, TenderRow.order_id == OrderRow.id)
        .where(TenderRow.kind == "cash", *in_shift(SALE))
    )
    voided = total(
        select(func.sum(TenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(OrderVoidRow, OrderVoidRow.uuid == JournalEntryRow.ref_uuid)
        .join(TenderRow, TenderRow.order_id == OrderVoidRow.order_id)
        .where(TenderRow.kind == "cash", *in_shift(VOID))
    )
    refunded = total(
        select(func.sum(RefundTenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(RefundRow, RefundRow.uuid == JournalEntryRow.ref_uuid)
        .join(RefundTenderRow, RefundTenderRow.refund_id == RefundRow.id)
        .where(RefundRow.state == "done", RefundTenderRow.kind == "cash", *in_shift(REFUND))
    )
    moved: dict[str, int] = {
        kind: int(amount)
        for kind, amount in conn.execute(
            select(CashMovementRow.kind, func.sum(CashMovementRow.amount_fen))
            .where(CashMovementRow.shift_id == shift.id)
            .group_by(CashMovementRow.kind)
        )
    }
    counted = conn.execute(
        select(ShiftCloseRow.counted_fen).where(ShiftCloseRow.shift_id == shift.id)
    ).scalar()
    return CashSummary(
        opening_fen=shift.float_fen,
        cash_sales_fen=cash_sales,
        cash_refunds_fen=voided + refunded,
        pay_in_fen=moved.get(PAY_IN, 0),
        pay_out_fen=moved.get(PAY_OUT, 0),
        counted_fen=counted,
        shifts=1,
    )
