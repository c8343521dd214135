"""A shift's drawer: which cash belongs to it, read from the journal's order (ShiftService.drawer says the rule).

A sale, void or done refund belongs to the shift whose shift_open entry comes before its own journal entry
and whose shift_close (if any) comes after; pay-ins and pay-outs carry their shift's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

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


Chosen = Callable[[str], list[ColumnElement[bool]]]  # the journal entries of a kind that count


def entries_cash(conn: Connection, chosen: Chosen) -> tuple[int, int]:
    """The cash taken by the chosen `sale` entries' orders, and given back by the chosen `void` entries'
    orders and the cash parts of the chosen `refund` entries' done refunds (the drawer's rule, at
    ShiftService.drawer)."""

    def total(query: Select[int]) -> int:
        return int(conn.execute(query).scalar() or 0)

    taken = total(
        select(func.sum(TenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(OrderRow, OrderRow.uuid == JournalEntryRow.ref_uuid)
        .join(TenderRow, TenderRow.order_id == OrderRow.id)
        .where(TenderRow.kind == "cash", *chosen(SALE))
    )
    voided = total(
        select(func.sum(TenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(OrderVoidRow, OrderVoidRow.uuid == JournalEntryRow.ref_uuid)
        .join(TenderRow, TenderRow.order_id == OrderVoidRow.order_id)
        .where(TenderRow.kind == "cash", *chosen(VOID))
    )
    refunded = total(
        select(func.sum(RefundTenderRow.amount_fen))
        .select_from(JournalEntryRow)
        .join(RefundRow, RefundRow.uuid == JournalEntryRow.ref_uuid)
        .join(RefundTenderRow, RefundTenderRow.refund_id == RefundRow.id)
        .where(RefundRow.state == "done", RefundTenderRow.kind == "cash", *chosen(REFUND))
    )
    return taken, voided + refunded


def in_shift(shift: ShiftRecord) -> ColumnElement[bool]:
    """The journal entries between the shift's open and its close (every later one while it is open)."""
    after = JournalEntryRow.seq > shift.open_seq
    return after if shift.close_seq is None else and_(after, JournalEntryRow.seq < shift.close_seq)


def drawer_of(conn: Connection, shift: ShiftRecord) -> CashSummary:
    """The rule is written out at ShiftService.drawer."""
    cash_sales, given_back = entries_cash(conn, lambda kind: [JournalEntryRow.kind == kind, in_shift(shift)])
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
        cash_refunds_fen=given_back,
        pay_in_fen=moved.get(PAY_IN, 0),
        pay_out_fen=moved.get(PAY_OUT, 0),
        counted_fen=counted,
        shifts=1,
    )
