"""`audit verify` and `audit export`: is the till's fiscal journal whole, and do its records still say
what the journal says?

verify walks the journal in seq order, in batches, with three checks on each entry:

1. the chain (pos_app.services.audit_chain): no gap, the hash is the body's, the body is canonical and
   agrees with its row, `prev` is the link of the entry before, the journal's start names this till's key;
   the signatures of the head, the start and every Z (see audit_chain for why that suffices), or all;
2. the journal against itself (pos_app.services.audit_book): every sale adds up, one sale per order, every
   Z recomputed from its day's entries;
3. the records against the journal (pos_app.services.audit_records): every fiscal record has its entry
   and still holds what the entry says, order numbers have no gap.

It reads in one read transaction (a sale committed meanwhile is not half seen), which fixes the head:
the entries are walked up to it, on connections of their own opened after it.

Speed (benchmarks/bench_journal_verify.py; the target is 100,000 entries in under 5 s): the journal is
cut into stretches of seq, one for this process and one for each other core (up to _MAX_WORKERS), each
walked by pos_app.services.audit_part, the later ones in worker processes (pos_app.services.audit_workers)
that open the database file read-only themselves; the chain is checked across each cut, and the parts
are put together in seq order, so the result and its words are those of one walk through the whole
journal. A small journal (under _PARALLEL_FROM entries) is walked here in one stretch.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from pos_app.clock import Clock
from pos_app.journal import SALE
from pos_app.services.audit_book import JournalBook
from pos_app.services.audit_chain import ChainWalk, Walked
from pos_app.services.audit_export import verify_export, write_export
from pos_app.services.audit_part import FIRST_SEQ, LAST_SEQ, Part, Stretch, reading, stored_text, walk_stretch
from pos_app.services.audit_records import RecordCheck
from pos_app.services.audit_result import AuditResult
from pos_app.services.audit_workers import Workers
from pos_app.services.fiscal_log import FiscalLog
from pos_app.store.db import Store
from pos_app.store.lean import cursor

__all__ = ["AuditResult", "AuditService", "verify_export"]

_PARALLEL_FROM = 20_000  # fewer entries are walked sooner than a worker process starts
_MAX_WORKERS = 3
# This process's stretch against a worker's: it reads the orders before walking, a worker starts an
# interpreter meanwhile and then sends its part, which takes a little longer.
_OWN_WEIGHT = 1.08


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cuts(low: int, high: int, stretches: int) -> list[tuple[int, int]]:
    """The seq ranges of `stretches` stretches over low..high, the first (this process's) weighted by
    _OWN_WEIGHT; the first open below, the last ending at `high` (the head the read snapshot holds)."""
    span, weights = high - low + 1, [_OWN_WEIGHT] + [1.0] * (stretches - 1)
    starts, done = [], 0.0
    for weight in weights[:-1]:
        done += weight
        starts.append(low + round(span * done / sum(weights)))
    firsts = [FIRST_SEQ, *starts]
    lasts = [first - 1 for first in starts] + [high]
    return list(zip(firsts, lasts, strict=True))


def _ranges(cur: sqlite3.Cursor, workers: int) -> list[tuple[int, int]]:
    """The journal's stretches: one, or one for this process and one for each worker when it is big."""
    count, low, high = cur.execute("SELECT count(*), min(seq), max(seq) FROM journal_entries").fetchone()
    if count < _PARALLEL_FROM or workers < 1:
        return [(FIRST_SEQ, LAST_SEQ)]
    return cuts(low, high, 1 + workers)


def _entry_before(cur: sqlite3.Cursor, seq: int) -> tuple[int, str, str] | None:
    """Seq, hash and signature of the last entry before `seq`: where a stretch's walk resumes."""
    row = cur.execute(
        "SELECT seq, hash, signature FROM journal_entries WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)
    ).fetchone()
    return None if row is None else (row[0], stored_text(row[1]), stored_text(row[2]))


class AuditService:
    def __init__(self, store: Store, clock: Clock, device_id: str, journal: FiscalLog) -> None:
        self._store = store
        self._clock = clock
        self._device_id = device_id
        self._public_key = journal.public_key_hex

    def verify(self, all_signatures: bool = False, workers: int | None = None) -> AuditResult:
        """`workers`: how many worker processes may walk stretches of a big journal (by default one less
        than the cores, up to _MAX_WORKERS); the result is the same with any number."""
        started = time.perf_counter()
        with self._store.engine.connect() as conn, conn.begin():
            cur = cursor(conn)
            if not cur.connection.in_transaction:  # one snapshot for every read (pysqlite begins none)
                cur.execute("BEGIN")
            ranges = _ranges(cur, min(_MAX_WORKERS, cores() - 1) if workers is None else workers)
            db = str(self._store.path.resolve())
            with Workers(db, len(ranges) - 1) as others, closing(reading(db)) as own:
                records = RecordCheck(conn, JournalBook())
                first, *later = [
                    Stretch(
                        *seqs, _entry_before(cur, seqs[0]) if n else None, self._device_id, self._public_key,
                        all_signatures, records.order_ids,
                    )
                    for n, seqs in enumerate(ranges)
                ]  # fmt: skip
                for n, stretch in enumerate(later):
                    others.hand(n, stretch)
                walk = _taken(walk_stretch(own.cursor(), first), records)  # while the workers walk theirs
                for n, stretch in enumerate(later):
                    walk.extend(_taken(others.part(n) or walk_stretch(own.cursor(), stretch), records))
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


def _taken(part: Part, records: RecordCheck) -> ChainWalk:
    """Hands a part's entries (in seq order, after the parts before it) and figures to the records;
    returns its walk."""
    sold, entry = records.sold, records.entry
    for seq, kind, ref, day, matched, fields, order_id, sums in part.found:
        if matched and order_id is not None and kind == SALE:
            sold(seq, ref, day, sums)
        else:
            entry(Walked(seq, kind, ref, day, matched, fields), order_id, sums)
    records.day_sales_in(part.days)
    return part.walk
