"""`audit verify` and `audit export`: is the till's fiscal journal whole, and do its records still say
what the journal says?

verify walks the journal in seq order in one read transaction (a sale committed meanwhile is not half
seen), in batches, with three checks on each entry:

1. the chain (pos_app.services.audit_chain): no gap, the hash is the body's, the body is canonical and
   agrees with its row, `prev` is the link of the entry before, the journal's start names this till's key;
   the signatures of the head, the start and every Z (see audit_chain for why that suffices), or all;
2. the journal against itself (pos_app.services.audit_book): every sale adds up, one sale per order, every
   Z recomputed from its day's entries;
3. the records against the journal (pos_app.services.audit_records): every fiscal record has its entry
   and still holds what the entry says, order numbers have no gap.

Speed (benchmarks/bench_journal_verify.py; the target is 100,000 entries in under 5 s): each batch of
2,000 entries reads its sales in three range queries, rendered by SQLite in the entries' own canonical
form (pos_app.services.audit_sales), on a second connection and thread while the batch before is walked,
so an untouched sale costs a hash, a link and a comparison of bytes; only an entry that differs is parsed
and rebuilt. Matched sales are summed for the Z checks by SQL at the end, not one by one.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from pos_app.clock import Clock
from pos_app.journal import SALE
from pos_app.services.audit_book import JournalBook
from pos_app.services.audit_chain import ChainWalk, Columns
from pos_app.services.audit_export import verify_export, write_export
from pos_app.services.audit_records import RecordCheck
from pos_app.services.audit_result import AuditResult
from pos_app.services.audit_sales import RenderedSale, journaled_name, render_sales
from pos_app.services.fiscal_log import FiscalLog
from pos_app.store.db import Store

__all__ = ["AuditResult", "AuditService", "verify_export"]

# Bytes where the fast path compares and hashes: decoding 100,000 bodies to text and back costs a second.
_ENTRIES = (
    "SELECT seq, CAST(uuid AS BLOB), CAST(kind AS BLOB), CAST(ref_uuid AS BLOB), CAST(business_day AS BLOB), "
    "CAST(created_at AS BLOB), CAST(body AS BLOB), hash, signature FROM journal_entries ORDER BY seq"
)
_BATCH = 2000
_SALE = SALE.encode()


def _text(value: object) -> str:
    """A stored value as text: what a tampered row holds may be a number, bytes or nothing instead."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else _text(value).encode()


_Rendered = tuple[list[str], dict[int, RenderedSale]]  # each row's order uuid ("" but for a sale), sales


def _render(conn: Connection, rows: list[Any], order_ids: dict[str, int]) -> _Rendered:
    refs = [_text(row[3]) if row[2] == _SALE else "" for row in rows]
    return refs, render_sales(conn, [order_ids[ref] for ref in refs if ref in order_ids])


def _walk(walk: ChainWalk, records: RecordCheck, rows: list[Any], rendered: _Rendered) -> None:
    refs, sales = rendered
    order_ids = records.order_ids
    for (seq, uuid, kind, ref, day, at, body, hash_hex, signature), sold in zip(rows, refs, strict=True):
        sale = sales.get(order_ids.get(sold, 0)) if sold else None
        body = _bytes(body)
        walked = walk.step(
            seq,
            body,
            _text(hash_hex),
            _text(signature),
            Columns(_bytes(uuid), _bytes(kind), _bytes(ref), _bytes(day), _bytes(at)),
            sale.data(journaled_name(body)) if sale else None,
        )
        records.entry(walked, sale)


def _pipelined(walk: ChainWalk, records: RecordCheck, rows: list[Any], cursor: Any, store: Store) -> None:
    """While a batch is walked, the next batch's sales are rendered on a second connection, whose snapshot
    is taken after the first one's (so it holds every order that one does): SQLite renders without
    holding Python's lock, on the other core."""
    with store.engine.connect() as other, other.begin(), ThreadPoolExecutor(1, "audit-render") as renderer:
        walking = (rows, renderer.submit(_render, other, rows, records.order_ids))
        while True:
            rows = list(cursor.fetchmany(_BATCH))
            ahead = renderer.submit(_render, other, rows, records.order_ids) if rows else None
            _walk(walk, records, walking[0], walking[1].result())
            if ahead is None:
                return
            walking = (rows, ahead)


class AuditService:
    def __init__(self, store: Store, clock: Clock, device_id: str, journal: FiscalLog) -> None:
        self._store = store
        self._clock = clock
        self._device_id = device_id
        self._public_key = journal.public_key_hex

    def verify(self, all_signatures: bool = False) -> AuditResult:
        started = time.perf_counter()
        walk = ChainWalk(self._device_id, self._public_key, all_signatures)
        with self._store.engine.connect() as conn, conn.begin():
            records = RecordCheck(conn, JournalBook())  # its first read fixes the snapshot read throughout
            cursor = conn.exec_driver_sql(_ENTRIES)
            rows = list(cursor.fetchmany(_BATCH))
            if len(rows) < _BATCH:  # one batch: nothing to overlap
                _walk(walk, records, rows, _render(conn, rows, records.order_ids))
            else:
                _pipelined(walk, records, rows, cursor, self._store)
            breaks = records.finish(walk.prior_max_ids)
        result = walk.finish()
        result.breaks += breaks
        result.records = dict(records.counts)
        result.seconds = time.perf_counter() - started
        return result

    def export(self, path: Path) -> int:
        """Writes the journal for an auditor (pos_app.services.audit_export says the format)."""
        with self._store.engine.connect() as conn, conn.begin():
            return write_export(conn, path, self._device_id, self._public_key, self._clock.now())

    @staticmethod
    def verify_export(path: Path, all_signatures: bool = False) -> AuditResult:
        started = time.perf_counter()
        result = verify_export(path, all_signatures)
        result.seconds = time.perf_counter() - started
        return result
