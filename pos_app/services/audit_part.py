"""One stretch of the journal (a range of seq) walked for `audit verify`: its chain, its sales against their
records, and the figures of the sales of each day in it.

The same function walks a stretch in the verifying process and in a worker process
(pos_app.services.audit_workers), on a plain sqlite3 cursor: what it needs is in its Stretch, what it
finds is in the Part it returns, and pos_app.services.audit puts the parts together in seq order as if
one walk had gone through the whole journal. The chain is checked across the cut: a stretch starts from
the link of the entry before it (ChainWalk.resume_after).

Each batch of 2,000 entries reads its sales in three range queries, rendered by SQLite in the entries'
own canonical form (pos_app.services.audit_sales), so an untouched sale costs a hash, a link and a
comparison of bytes; only an entry that differs is parsed and rebuilt.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from pos_app.journal import SALE
from pos_app.services.audit_book import SaleSums
from pos_app.services.audit_chain import ChainWalk
from pos_app.services.audit_days import DaySales, DayTally
from pos_app.services.audit_sales import RenderedSale, journaled_name, render_sales

# Bytes where the fast path compares and hashes (decoding 100,000 bodies to text and back costs a
# second); a missing value reads as empty bytes.
_ENTRIES = (
    "SELECT seq, coalesce(CAST(uuid AS BLOB), x''), coalesce(CAST(kind AS BLOB), x''), "
    "coalesce(CAST(ref_uuid AS BLOB), x''), coalesce(CAST(business_day AS BLOB), x''), "
    "coalesce(CAST(created_at AS BLOB), x''), coalesce(CAST(body AS BLOB), x''), hash, signature, "
    # for audit_days: NULL but for the text 'sale', then whether the ref and day are text
    "CASE WHEN kind = 'sale' THEN typeof(ref_uuid) = 'text' AND typeof(business_day) = 'text' END "
    "FROM journal_entries WHERE seq BETWEEN ? AND ? ORDER BY seq"
)
_BATCH = 2000
_SALE = SALE.encode()
FIRST_SEQ, LAST_SEQ = -(2**63), 2**63 - 1  # SQLite's integers: a stretch with no bound on that side

# An entry walked (Walked's fields, as a plain tuple: a worker sends 50,000 of them, and a named tuple
# costs four times as much to send), then for a sale of an order the records hold, the order's id and
# its sums when they do not add up.
Found = tuple[int, str, str, str, bool, dict[str, Any] | None, int | None, SaleSums | None]


class Stretch(NamedTuple):
    """What a stretch's walk needs: its seq range, and how the walk stands at its start."""

    first: int
    last: int
    after: tuple[int, str, str] | None  # seq, hash, signature of the entry before `first`; None: none
    device_id: str
    public_key: str
    all_signatures: bool
    order_ids: dict[str, int]  # every order's id by uuid, as the verifying process read them


class Part(NamedTuple):
    """A stretch walked: its chain (to be ChainWalk.extend-ed), its entries in seq order with what the
    records hold of their sales (for RecordCheck), and its sale entries' figures by day."""

    walk: ChainWalk
    found: list[Found]
    days: DaySales


def reading(db: str) -> sqlite3.Connection:
    """A read-only connection to the till's database file `db` (an absolute path), in a read transaction
    (its snapshot is taken at its first read), to walk stretches on. Its page cache is 64 MB, not
    SQLite's 2 MB: the journal's bodies streaming through a small cache push out the order, line and
    product pages that every batch's rendering seeks through, which then costs a third more time."""
    conn = sqlite3.connect(f"{Path(db).as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("BEGIN")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def walk_stretch(cursor: sqlite3.Cursor, stretch: Stretch) -> Part:
    """Walks the entries of `stretch`, in seq order, in the read transaction `cursor` is in."""
    walk = ChainWalk(stretch.device_id, stretch.public_key, stretch.all_signatures)
    if stretch.after is not None:
        walk.resume_after(*stretch.after)
    found: list[Found] = []
    tally = DayTally()
    entries = cursor.connection.cursor()
    entries.execute(_ENTRIES, (stretch.first, stretch.last))
    while rows := entries.fetchmany(_BATCH):
        _walk(walk, rows, stretch.order_ids, cursor, found, tally)
    return Part(walk, found, tally.days(cursor))


def _walk(
    walk: ChainWalk,
    rows: list[Any],
    order_ids: dict[str, int],
    cursor: sqlite3.Cursor,
    found: list[Found],
    tally: DayTally,
) -> None:
    sold = [stored_text(row[3]) if row[2] == _SALE else "" for row in rows]  # the orders of sale entries
    ids = [order_ids.get(ref) for ref in sold]
    sales = render_sales(cursor, [order_id for order_id in ids if order_id is not None])
    append, step = found.append, walk.step_row
    for row, ref, order_id in zip(rows, sold, ids, strict=True):
        seq, body, hash_hex, signature = row[0], row[6], row[7], row[8]
        if type(hash_hex) is not str:
            hash_hex = stored_text(hash_hex)
        if type(signature) is not str:
            signature = stored_text(signature)
        if row[9] is not None:  # a sale entry, as SQL sees it
            if row[9]:
                figures = sales[order_id].figures if order_id in sales else None
                tally.add(seq, row[4], ref, order_id, figures)
            else:
                tally.leave(seq)
        sale: RenderedSale | None = sales.get(0 if order_id is None else order_id) if ref else None
        if sale is None:  # not a sale, no such order, or an order SQL cannot render (its cashier is gone)
            append((*step(seq, body, hash_hex, signature, row[1:6], None), order_id, None))
        else:
            data = (sale.before_name, journaled_name(body) or sale.name, *sale.after_name)
            append((*step(seq, body, hash_hex, signature, row[1:6], data), sale.order_id, sale.sums))


def stored_text(value: object) -> str:
    """A stored value as text: what a tampered row holds may be a number, bytes or nothing instead."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)
