"""X and Z reports: a day's figures at any time, and closing the day with a Z that never changes.

The figures and the day each belongs to are computed in pos_app.services.report_figures (its docstring is
the rule `audit verify` recomputes from the journal): net = gross - voids - refunds, each on the day its
journal entry has. A Z closes one business day:

- the days are closed in order: a day is refused while an earlier day with fiscal records (anything but
  the journal's start and the offline marks) has no Z, and while a shift is still open;
- its number is the previous Z's plus one, its grand total the previous grand total plus its net;
- the Z row (with the whole report as canonical JSON) and its `z_report` journal entry are written in one
  transaction, the write lock taken first so no sale slips into the day between the figures and the seal;
- the figures are stored as they were: `z(day)` returns them from the row, never recomputed;
- after it, new records go to the next day (FiscalLog.day: the day after the last Z).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, Row, insert, select

from pos_app.clock import Clock, to_storage
from pos_app.errors import NotAuthorized
from pos_app.journal import JOURNAL_START, OFFLINE_END, OFFLINE_START, Z_REPORT, canonical
from pos_app.report_errors import (
    DayAlreadyClosed,
    DayCannotClose,
    DayNotClosed,
    EarlierDayNotClosed,
    ShiftStillOpen,
)
from pos_app.report_json import report_from_dict, report_to_dict
from pos_app.reports import Report, ReportKind
from pos_app.services.auth import Cashier
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.report_figures import day_figures
from pos_app.settings import ShopSettings
from pos_app.store.db import Store, take_write_lock
from pos_app.store.models import (
    JournalEntryRow,
    ShiftCloseRow,
    ShiftRow,
    ZReportRow,
    new_uuid,
)

NOT_ACTIVITY = (JOURNAL_START, OFFLINE_START, OFFLINE_END)  # entries that do not make a day need a Z
_LAST_Z = select(ZReportRow.z_no, ZReportRow.business_day, ZReportRow.grand_total_fen).order_by(
    ZReportRow.z_no.desc()
)
_OPEN_SHIFT = (
    select(ShiftRow.id)
    .outerjoin(ShiftCloseRow, ShiftCloseRow.shift_id == ShiftRow.id)
    .where(ShiftCloseRow.id.is_(None))
    .limit(1)
)


class ReportService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        device_id: str,
        journal: FiscalLog,
    ) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._device_id = device_id
        self._journal = journal

    def x(self, day: date | None = None) -> Report:
        """The figures of a business day so far (the current fiscal day by default); changes nothing."""
        now = self._clock.now()
        with self._store.read() as session:
            conn = session.connection()
            return day_figures(
                conn, day or self._journal.day(conn, now), self._settings(), now, self._device_id
            )

    def z(self, day: date | None = None) -> Report:
        """The Z of `day` exactly as it was closed (the latest Z when no day is given)."""
        with self._store.read() as session:
            query = select(ZReportRow.report_json)
            query = (
                query.where(ZReportRow.business_day == day) if day else query.order_by(ZReportRow.z_no.desc())
            )
            stored = session.scalars(query.limit(1)).first()
        if stored is None:
            raise DayNotClosed(day)
        return report_from_dict(json.loads(stored))

    def close_day(self, cashier: Cashier, day: date | None = None) -> Report:
        """Closes a business day (the current fiscal day by default) with its Z; returns the Z."""
        if not cashier.is_manager:
            raise NotAuthorized(
                f"{cashier.name} is not a manager: a manager closes the day",
                f"{cashier.name} 不是店长，日结需要店长操作",
            )
        now = self._clock.now()
        with self._store.transaction() as conn:
            take_write_lock(conn)
            current = self._journal.day(conn, now)
            day = day or current
            last = conn.execute(_LAST_Z.limit(1)).first()
            _check_closable(conn, day, current, last)
            figures = day_figures(conn, day, self._settings(), now, self._device_id)
            z_no = last.z_no + 1 if last else 1
            grand_total = (last.grand_total_fen if last else 0) + figures.net_fen
            report = replace(figures, kind=ReportKind.Z, z_no=z_no, grand_total_fen=grand_total)
            report_json = canonical(report_to_dict(report)).decode()
            z_uuid = new_uuid()
            conn.execute(
                insert(ZReportRow),
                {
                    "uuid": z_uuid,
                    "z_no": z_no,
                    "business_day": day,
                    "created_at": to_storage(now),
                    "cashier_id": cashier.id,
                    "orders": report.orders,
                    "gross_fen": report.gross_fen,
                    "refunds_fen": report.refunds_fen,
                    "net_fen": report.net_fen,
                    "grand_total_fen": grand_total,
                    "report_json": report_json,
                },
            )
            self._journal.record(conn, Z_REPORT, z_uuid, _entry_data(report, report_json), now, day)
        return report


def _check_closable(conn: Connection, day: date, current: date, last: Row[int, date, int] | None) -> None:
    closed = conn.execute(select(ZReportRow.z_no).where(ZReportRow.business_day == day)).scalar()
    if closed is not None:
        raise DayAlreadyClosed(day, closed)
    if day > current:
        raise DayCannotClose(
            f"business day {day} has not begun yet (the current business day is {current})",
            f"营业日 {day} 还没有开始（当前营业日为 {current}）",
        )
    last_day = last.business_day if last else None
    if last_day is not None and day < last_day:
        raise DayCannotClose(
            f"business day {day} is before the last closed day {last_day}: days are closed in order",
            f"营业日 {day} 早于最近已日结的 {last_day}：日结须按日期顺序进行",
        )
    if conn.execute(_OPEN_SHIFT).first() is not None:
        raise ShiftStillOpen()
    earlier_query = select(JournalEntryRow.business_day).where(
        JournalEntryRow.business_day < day, JournalEntryRow.kind.not_in(NOT_ACTIVITY)
    )
    if last_day is not None:
        earlier_query = earlier_query.where(JournalEntryRow.business_day > last_day)
    earlier = conn.execute(earlier_query.order_by(JournalEntryRow.business_day).limit(1)).scalar()
    if earlier is not None:
        raise EarlierDayNotClosed(earlier, day)


def _entry_data(report: Report, report_json: str) -> dict[str, object]:
    """What the journal keeps of a Z: the totals `audit verify` recomputes, and the hash of the whole."""
    return {
        "z_no": report.z_no,
        "business_day": report.business_day.isoformat(),
        "orders": report.orders,
        "gross_fen": report.gross_fen,
        "voids_fen": report.voids_fen,
        "refunds_fen": report.refunds_fen,
        "net_fen": report.net_fen,
        "grand_total_fen": report.grand_total_fen,
        "tenders": {t.kind: t.net_fen for t in report.tenders},
        "report_sha256": hashlib.sha256(report_json.encode()).hexdigest(),
    }
