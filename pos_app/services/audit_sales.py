"""Sales as their journal entries should hold them, rendered by SQLite in the journal's canonical form.

A sale entry's data is the outbox's order payload (pos_app.services.outbox.order_payload) in canonical
JSON (pos_app.journal.canonical). Rebuilding and serializing 100,000 of them in Python costs more than the
whole verify may take, so SQLite renders the same text in C from three bulk queries a batch of entries,
and the verifier compares bytes. This is only a fast path: where the text differs from an entry's data
(a changed record, or this rendering falling behind the outbox's shape) the verifier rebuilds that one
payload with outbox.order_payload and compares it field by field, so the outbox stays the one
definition of a sale entry. tests/pos_app/test_journal.py keeps the two renderings identical.

The queries run on a plain sqlite3 cursor (SQLAlchemy's rows cost a second a verify), which is also what
`audit verify`'s worker processes have: they open the file themselves, without SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from pos_app.services.audit_book import SaleSums
from pos_app.services.audit_days import Figures, figures

if TYPE_CHECKING:
    from sqlalchemy import Connection

# A stored naive-UTC time ('2026-11-25 03:00:00.000000') as outbox writes it: isoformat with +00:00.
_ISO = (
    "(CASE WHEN substr({c}, 20) = '.000000' THEN replace(substr({c}, 1, 19), ' ', 'T') "
    "ELSE replace({c}, ' ', 'T') END || '+00:00')"
)
_BOOL = "(CASE WHEN {c} THEN json('true') ELSE json('false') END)"  # json() of a constant runs once
_KEPT = "sum(CASE WHEN l.voided THEN 0 ELSE {c} END)"  # a sum over the lines not voided
# The payload's keys are sorted; the cashier's name, "lines" and "tenders" cut the order's own fields
# into four objects, written here as the pieces around them (ltrim and rtrim take off exactly the one
# brace: a value ends in a quote, a digit or a letter).
_ORDERS = f"""
SELECT o.id, o.subtotal_fen, o.line_discount_fen, o.order_discount_fen, o.rounding_fen,
  o.total_fen, o.change_fen,
  CAST('{{"business_day":' || json_quote(o.business_day) || ',"cashier_name":' AS BLOB),
  CAST(json_quote(c.name) AS BLOB),
  CAST(',' || rtrim(ltrim(json_object('cashier_uuid', c.uuid, 'change_fen', o.change_fen,
    'created_at', {_ISO.format(c="o.created_at")}, 'line_discount_fen', o.line_discount_fen), '{{'), '}}')
    || ',"lines":' AS BLOB),
  CAST(',' || rtrim(ltrim(json_object('order_discount_fen', o.order_discount_fen, 'order_no', o.order_no,
    'rounding_fen', o.rounding_fen, 'rounding_policy', o.rounding_policy, 'subtotal_fen', o.subtotal_fen),
    '{{'), '}}') || ',"tenders":' AS BLOB),
  CAST(',' || ltrim(json_object('total_fen', o.total_fen, 'uuid', o.uuid), '{{') AS BLOB)
FROM orders o JOIN cashiers c ON c.id = o.cashier_id
WHERE o.id {{where}}
"""
_LINES = f"""
SELECT l.order_id, CAST(json_group_array(json_object('barcode', l.barcode, 'category', l.category,
  'gross_fen', l.gross_fen, 'line_discount_fen', l.line_discount_fen, 'line_no', l.line_no,
  'name', l.name, 'net_fen', l.net_fen, 'order_discount_fen', l.order_discount_fen,
  'price_overridden', {_BOOL.format(c="l.price_overridden")}, 'product_uuid', p.uuid,
  'quantity', l.quantity, 'rounding_fen', l.rounding_fen, 'tax_rate_bp', l.tax_rate_bp, 'unit', l.unit,
  'unit_price_fen', l.unit_price_fen, 'uuid', l.uuid, 'voided', {_BOOL.format(c="l.voided")})) AS BLOB),
  {_KEPT.format(c="l.gross_fen")}, {_KEPT.format(c="l.line_discount_fen")},
  {_KEPT.format(c="l.order_discount_fen")}, {_KEPT.format(c="l.rounding_fen")}, {_KEPT.format(c="l.net_fen")},
  sum(CASE WHEN l.net_fen = (CASE WHEN l.voided THEN 0
      ELSE l.gross_fen - l.line_discount_fen - l.order_discount_fen + l.rounding_fen END) THEN 0 ELSE 1 END)
FROM order_lines l LEFT JOIN products p ON p.id = l.product_id
WHERE l.order_id {{where}}
GROUP BY l.order_id
"""
_TENDERS = """
SELECT order_id, CAST(json_group_array(json_object('amount_fen', amount_fen, 'change_fen', change_fen,
  'kind', kind, 'reference', reference, 'tendered_fen', tendered_fen, 'uuid', uuid)) AS BLOB),
  sum(amount_fen), sum(change_fen), count(*), min(kind)
FROM tenders WHERE order_id {where}
GROUP BY order_id
"""


class RenderedSale(NamedTuple):
    """A sale as its rows say, in the canonical text of its entry's data, cut around the cashier's name
    (and after it around the lines and the tenders, rendered apart: the verifier compares the pieces with
    an entry's body where they lie, without joining them)."""

    order_id: int
    before_name: bytes  # UTF-8 throughout: the entries' bodies are compared as bytes, never decoded
    name: bytes  # the cashier's name now, as JSON
    after_name: tuple[bytes, ...]
    sums: SaleSums | None  # its figures, kept only when they do not add up (then neither does its entry)
    figures: Figures | None  # its total and tenders by kind, for the day's figures, when plain integers

    def data(self, journaled_name: bytes | None) -> bytes:
        """The entry's data, with the cashier's name as the entry holds it when it is given: an account
        renamed since (by the cloud, say) changed no sale."""
        return b"".join((self.before_name, journaled_name or self.name, *self.after_name))


def journaled_name(body: bytes) -> bytes | None:
    """The cashier's name (as JSON) in a sale entry's canonical body, None if the body is not so shaped.

    In canonical JSON a quote inside a string is escaped, so '","cashier_uuid":"' can only be where the
    name's string ends and the next key begins."""
    start = body.find(_NAME_KEY)
    end = body.find(_AFTER_NAME, start)
    return body[start + len(_NAME_KEY) : end + 1] if start > 0 and end > 0 else None


_NAME_KEY = b'"cashier_name":'
_AFTER_NAME = b'","cashier_uuid":"'


_NO_LINES = (0, b"[]", 0, 0, 0, 0, 0, 0)
_NO_TENDERS = (0, b"[]", 0, 0, 0, None)


def order_ids(cursor: sqlite3.Cursor) -> dict[str, int]:
    """Every order's id by uuid (one pass over the uuid index): which orders exist, and where."""
    return dict(cursor.execute("SELECT uuid, id FROM orders").fetchall())


def render_sales(conn: Connection | sqlite3.Cursor, ids: Sequence[int]) -> dict[int, RenderedSale]:
    """The rendered sale of each order among `ids`, by id. Orders are read by id range when the ids are
    close together (journal order is order id order: one sequential read), else one by one.

    `conn`: a cursor, or a SQLAlchemy connection whose transaction the queries then run in."""
    if not ids:
        return {}
    cursor = conn if isinstance(conn, sqlite3.Cursor) else _cursor(conn)
    low, high = min(ids), max(ids)
    params: tuple[int, ...] = (low, high)
    where = "BETWEEN ? AND ?"
    if high - low > 2 * len(ids) + 100:  # scattered (a journal tampered with): one by one
        where, params = f"IN ({', '.join('?' * len(ids))})", tuple(ids)
    orders = cursor.execute(_ORDERS.replace("{where}", where), params).fetchall()
    lines = {row[0]: row for row in cursor.execute(_LINES.replace("{where}", where), params)}
    tenders = {row[0]: row for row in cursor.execute(_TENDERS.replace("{where}", where), params)}
    out = {}
    make = RenderedSale._make
    for order_id, subtotal, line_off, order_off, rounding, total, change, *pieces in orders:
        before, name, cashier, middle, tail = pieces
        _, line_json, gross, line_sum, order_sum, rounding_sum, net, bad = lines.get(order_id, _NO_LINES)
        _, tender_json, paid, tender_change, tendered, kind = tenders.get(order_id, _NO_TENDERS)
        try:
            adds_up = subtotal - line_off - order_off + rounding == total == net == paid and (
                gross,
                line_sum,
                order_sum,
                rounding_sum,
                bad,
                tender_change,
            ) == (subtotal, line_off, order_off, rounding, 0, change)
        except TypeError:  # a figure that is not a number: the entry's data cannot match it either
            adds_up = True
        sums = None
        if not adds_up:  # kept for the verifier to say how
            sums = SaleSums(
                subtotal, line_off, order_off, rounding, total, change,
                gross, line_sum, order_sum, rounding_sum, net, bad, tender_change, (("", paid),),
            )  # fmt: skip
        out[order_id] = make(
            (
                order_id,
                before,
                name,
                (cashier, line_json, middle, tender_json, tail),
                sums,
                figures(total, tendered, kind, paid),
            )
        )
    return out


def _cursor(conn: Connection) -> sqlite3.Cursor:
    from pos_app.store.lean import cursor  # SQLAlchemy is not loaded in a worker process

    return cursor(conn)
