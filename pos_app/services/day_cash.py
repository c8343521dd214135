"""The cash section of a day's X and Z report: the drawers of the shifts opened on that business day.

A shift belongs to the business day it was opened on, and its drawer (ShiftService.drawer) holds the cash
of the sales, voids and refunds journaled between its open and its close, whatever day those are of. So a
shift that runs past the day cut-off (the night shift of a 24-hour shop) brings the cash of its sales after
the cut-off into its own day's cash section, and the next day's section leaves them out. Each day's
expected cash is then what its shifts' drawers should hold, and it reconciles to the fen with what was
counted at their closes. The sales by tender stay those of the day's orders.

Speed: the day's cash sales and give-backs come in from the day's figures (the day summaries), and only
the entries on the wrong side of a cut are looked up: the day's entries journaled outside its shifts, and
its shifts' entries of other days. Both are found on the journal's index on kind and day, which holds the
seq too, so the orders and refunds of the few that count are the only rows read.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, false, func, not_, or_, select

from pos_app.reports import CashSummary
from pos_app.services.shift_drawer import PAY_IN, PAY_OUT, entries_cash, in_shift, load_shift
from pos_app.store.models import CashMovementRow, JournalEntryRow, ShiftCloseRow, ShiftRow


def day_cash(conn: Connection, day: date, sales_fen: int, given_back_fen: int) -> CashSummary:
    """`sales_fen` and `given_back_fen`: the cash taken by the day's sales and given back by its voids and
    refunds (by the days of their journal entries)."""
    shift_ids = conn.scalars(select(ShiftRow.id).where(ShiftRow.business_day == day)).all()
    inside = or_(false(), *(in_shift(load_shift(conn, shift_id)) for shift_id in shift_ids))
    on_day = JournalEntryRow.business_day == day
    left_taken, left_back = entries_cash(
        conn, lambda kind: [JournalEntryRow.kind == kind, on_day, not_(inside)]
    )
    came_taken, came_back = entries_cash(
        conn, lambda kind: [JournalEntryRow.kind == kind, not_(on_day), inside]
    )
    floats, closed, counted = conn.execute(
        select(
            func.coalesce(func.sum(ShiftRow.float_fen), 0),
            func.count(ShiftCloseRow.id),
            func.coalesce(func.sum(ShiftCloseRow.counted_fen), 0),
        )
        .outerjoin(ShiftCloseRow, ShiftCloseRow.shift_id == ShiftRow.id)
        .where(ShiftRow.business_day == day)
    ).one()
    moved = dict(
        conn.execute(
            select(CashMovementRow.kind, func.sum(CashMovementRow.amount_fen))
            .join(ShiftRow, ShiftRow.id == CashMovementRow.shift_id)
            .where(ShiftRow.business_day == day)
            .group_by(CashMovementRow.kind)
        ).all()
    )
    return CashSummary(
        opening_fen=floats,
        cash_sales_fen=sales_fen - left_taken + came_taken,
        cash_refunds_fen=given_back_fen - left_back + came_back,
        pay_in_fen=moved.get(PAY_IN, 0),
        pay_out_fen=moved.get(PAY_OUT, 0),
        counted_fen=counted if shift_ids and closed == len(shift_ids) else None,  # none while one is open
        shifts=len(shift_ids),
    )
