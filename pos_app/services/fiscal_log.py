"""Appending fiscal events to the journal, in the event's own transaction (pos_app/journal.py is the form).

Every service that makes a fiscal record (a sale, a refund, a void, an override, a reprint, a no-sale
drawer opening, a shift's open, cash movements and close, a Z report, the till going offline and back)
calls `record` after writing the record's rows and before its transaction commits: the record and its
entry are stored together or not at all. The fiscal business day is decided here too, so the records and
the journal agree on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from pos_app.clock import business_day, to_storage
from pos_app.journal import (
    GENESIS,
    JOURNAL_START,
    JournalSigner,
    SealedEntry,
    body_of,
    hash_of,
    link_of,
)
from pos_app.settings import ShopSettings
from pos_app.store import lean
from pos_app.store.db import Store
from pos_app.store.models import (
    OrderRow,
    OrderVoidRow,
    OverrideRow,
    PrintJobRow,
    RefundRow,
    new_uuid,
)

# Read and written at every sale, so lean statements (pos_app/store/lean.py).
_HEAD = "SELECT seq, hash, signature FROM journal_entries ORDER BY seq DESC LIMIT 1"
_LAST_Z_DAY = "SELECT max(business_day) FROM z_reports"
# The records kept before this till had a journal: the first entry names how far each table went, and
# `audit verify` leaves those rows alone.
_PRIOR = {
    "orders": OrderRow.id,
    "order_voids": OrderVoidRow.id,
    "overrides": OverrideRow.id,
    "refunds": RefundRow.id,
    "print_jobs": PrintJobRow.id,
}


class FiscalLog:
    def __init__(self, signer: JournalSigner, device_id: str, settings: Callable[[], ShopSettings]) -> None:
        self._signer = signer
        self._device_id = device_id
        self._settings = settings

    @property
    def public_key_hex(self) -> str:
        return self._signer.public_key_hex

    def day(self, conn: Connection, now: datetime) -> date:
        """The business day of an event made `now`: the calendar's (time zone and cut-off), or the day
        after the last Z report if that is later, since a closed day takes no more records."""
        settings = self._settings()
        calendar = business_day(now, settings.timezone, settings.cutoff_time())
        closed = lean.rows(conn, _LAST_Z_DAY)[0][0]
        return max(calendar, date.fromisoformat(closed) + timedelta(days=1)) if closed else calendar

    def start(self, store: Store, now: datetime) -> None:
        """Writes the journal's first entry if it has none: the public key that checks every signature,
        and how far the records kept before the journal existed go."""
        with store.transaction() as conn:
            if lean.rows(conn, _HEAD):
                return
            prior = {name: conn.execute(select(func.max(col))).scalar() or 0 for name, col in _PRIOR.items()}
            data = {"public_key": self._signer.public_key_hex, "prior_max_ids": prior}
            self.record(conn, JOURNAL_START, self._device_id, data, now)

    def record(
        self,
        conn: Connection,
        kind: str,
        ref: str,
        data: dict[str, Any],
        now: datetime,
        day: date | None = None,
    ) -> SealedEntry:
        """Appends one entry in the caller's transaction.

        Call it after the event's own rows are written: the transaction then already holds SQLite's write
        lock, so no other writer can move the chain's head between reading it and appending.
        """
        head = lean.rows(conn, _HEAD)
        seq, prev = (head[0][0] + 1, link_of(head[0][1], head[0][2])) if head else (1, GENESIS)
        entry_uuid = new_uuid()
        day = day or self.day(conn, now)
        body = body_of(
            device=self._device_id,
            seq=seq,
            uuid=entry_uuid,
            kind=kind,
            ref=ref,
            day=day,
            at=now,
            prev=prev,
            data=data,
        )
        digest = hash_of(body)
        signature = self._signer.sign(digest)
        lean.insert(
            conn,
            "journal_entries",
            [
                {
                    "seq": seq,
                    "uuid": entry_uuid,
                    "kind": kind,
                    "ref_uuid": ref,
                    "business_day": day,
                    "created_at": to_storage(now),
                    "body": body.decode(),
                    "hash": digest,
                    "signature": signature,
                }
            ],
        )
        return SealedEntry(seq, entry_uuid, kind, ref, day, now, body, digest, signature)
