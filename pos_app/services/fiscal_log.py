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

from sqlalchemy import Connection, func, insert, select

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
from pos_app.store.db import Store
from pos_app.store.models import (
    JournalEntryRow,
    OrderRow,
    OrderVoidRow,
    OverrideRow,
    PrintJobRow,
    RefundRow,
    ZReportRow,
    new_uuid,
)

_HEAD = (
    select(JournalEntryRow.seq, JournalEntryRow.hash, JournalEntryRow.signature)
    .order_by(JournalEntryRow.seq.desc())
    .limit(1)
)
_LAST_Z_DAY = select(func.max(ZReportRow.business_day))
_APPEND = insert(JournalEntryRow)
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
        closed = conn.execute(_LAST_Z_DAY).scalar()
        return max(calendar, closed + timedelta(days=1)) if closed is not None else calendar

    def start(self, store: Store, now: datetime) -> None:
        """Writes the journal's first entry if it has none: the public key that checks every signature,
        and how far the records kept before the journal existed go."""
        with store.transaction() as conn:
            if conn.execute(_HEAD).first() is not None:
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
        head = conn.execute(_HEAD).first()
        seq, prev = (head.seq + 1, link_of(head.hash, head.signature)) if head else (1, GENESIS)
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
        conn.execute(
            _APPEND,
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
            },
        )
        return SealedEntry(seq, entry_uuid, kind, ref, day, now, body, digest, signature)
