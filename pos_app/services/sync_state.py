"""What the till knows of its sync with the cloud: whom it is paired with, the cursors, the last outcome.

The status bar reads `status()`; the sync worker records each attempt; the pull keeps its cursors here in
the same transaction as the page it applied. The device secret is never here (see sync/credentials.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.clock import Clock, from_storage, to_storage
from pos_app.journal import OFFLINE_END, OFFLINE_START
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.journal_sync import JournalBreak, read_break, waiting
from pos_app.services.outbox import PENDING, QUARANTINED
from pos_app.store.db import Store
from pos_app.store.models import OutboxRow, SyncStateRow, new_uuid

SKEW_WORTH_SAYING_S = 60


@dataclass(frozen=True)
class SyncStatus:
    paired: bool
    store_name: str
    pending: int  # events waiting for the cloud
    quarantined: int  # events the cloud refused; they need a person to look at them
    last_success_at: datetime | None
    last_error: str
    clock_skew_s: int | None  # the cloud's clock minus the till's
    journal_waiting: int = 0  # journal entries the cloud is not known to hold yet
    journal_break: JournalBreak | None = None  # where the cloud found the journal broken

    @property
    def clock_is_off(self) -> bool:
        return self.clock_skew_s is not None and abs(self.clock_skew_s) > SKEW_WORTH_SAYING_S


@dataclass(frozen=True)
class QuarantinedEvent:
    event_id: str
    kind: str
    created_at: datetime
    error: str


def state_row(session: Session) -> SyncStateRow:
    """The one row of sync state, made on first use."""
    row = session.get(SyncStateRow, 1)
    if row is None:
        row = SyncStateRow(
            id=1,
            cloud_url="",
            cloud_device_id="",
            merchant_name="",
            store_name="",
            catalog_cursor=0,
            cashier_cursor=0,
            catalog_mastered=False,
            last_error="",
        )
        session.add(row)
        session.flush()
    return row


class SyncState:
    def __init__(self, store: Store, clock: Clock, journal: FiscalLog) -> None:
        self._store = store
        self._clock = clock
        self._journal = journal

    def is_paired(self) -> bool:
        with self._store.read() as session:
            return session.scalar(select(SyncStateRow.paired_at).where(SyncStateRow.id == 1)) is not None

    def record_pairing(
        self, cloud_url: str, cloud_device_id: str, merchant_name: str, store_name: str
    ) -> None:
        """A new pairing pulls everything again: cursors restart; the first pull makes the cloud master."""
        with self._store.unit_of_work() as session:
            row = state_row(session)
            row.paired_at = to_storage(self._clock.now())
            row.cloud_url = cloud_url
            row.cloud_device_id = cloud_device_id
            row.merchant_name = merchant_name
            row.store_name = store_name
            row.catalog_cursor = 0
            row.cashier_cursor = 0
            row.catalog_mastered = False
            row.last_error = ""

    def record_attempt(self, error: str, clock_skew_s: int | None) -> None:
        """One sync run's outcome: an empty `error` is a success."""
        moment = self._clock.now()
        now = to_storage(moment)
        with self._store.unit_of_work() as session:
            row = state_row(session)
            was_online = row.last_attempt_at is None or not row.last_error
            row.last_attempt_at = now
            row.last_error = error
            if not error:
                row.last_success_at = now
            if clock_skew_s is not None:
                row.clock_skew_s = clock_skew_s
            session.flush()
            if was_online == bool(error):  # the till went offline, or came back: a fiscal event
                kind = OFFLINE_START if error else OFFLINE_END
                self._journal.record(session.connection(), kind, new_uuid(), {"error": error}, moment)

    def status(self) -> SyncStatus:
        with self._store.read() as session:
            row = session.get(SyncStateRow, 1)
            by_status = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
            counts = {status: n for status, n in session.execute(by_status)}
            return SyncStatus(
                paired=row is not None and row.paired_at is not None,
                store_name=row.store_name if row else "",
                pending=counts.get(PENDING, 0),
                quarantined=counts.get(QUARANTINED, 0),
                last_success_at=from_storage(row.last_success_at) if row and row.last_success_at else None,
                last_error=row.last_error if row else "",
                clock_skew_s=row.clock_skew_s if row else None,
                journal_waiting=waiting(session),
                journal_break=read_break(session),
            )

    def quarantined(self) -> list[QuarantinedEvent]:
        with self._store.read() as session:
            rows = session.scalars(
                select(OutboxRow).where(OutboxRow.status == QUARANTINED).order_by(OutboxRow.id)
            )
            return [
                QuarantinedEvent(r.event_id, r.kind, from_storage(r.created_at), r.last_error) for r in rows
            ]
