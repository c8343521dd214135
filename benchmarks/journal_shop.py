"""Sales in bulk with their signed journal entries: a 100,000-event journal in seconds, for `audit verify`.

Checkout with fsync writes a few hundred sales a second; the journal benchmark and the no-false-alarm test
need 100,000. This writes the rows checkout writes (carts priced by pos_app.cart, tenders planned by the
checkout's own planner, rows made by its own _line_values) in a few big transactions, and appends each
sale's entry as FiscalLog.record would: the sale's data is the outbox payload in canonical form, rendered
by pos_app.services.audit_sales (tests/pos_app/test_audit.py keeps that rendering equal to the outbox's),
the body composed by audit_chain.body_text (kept equal to journal.body_of by the same tests), hashed,
chained and signed with the till's own key. No outbox events or receipt jobs: the audit does not read them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from hashlib import sha256
from typing import Any

from sqlalchemy import Connection

from pos_app.cart import Cart
from pos_app.journal import GENESIS, SALE, JournalSigner, link_of
from pos_app.pricing import Discount, RoundingPolicy
from pos_app.services.audit_chain import body_text
from pos_app.services.audit_sales import render_sales
from pos_app.services.auth import Cashier
from pos_app.services.checkout import (
    CardTender,
    CashTender,
    QrTender,
    TenderIn,
    _line_values,
    _plan_tenders,
    order_number,
    order_sums,
)
from pos_app.services.till import JOURNAL_KEY_FILE, Till
from pos_app.store.models import new_uuid

TEMPLATES = 300  # distinct carts; each sale is one of them with its own uuids, time and number
CHUNK = 10_000  # sales per transaction


@dataclass(frozen=True)
class _Template:
    order: dict[str, Any]
    lines: list[dict[str, Any]]
    tenders: list[dict[str, Any]]


def _stored(moment: datetime) -> str:
    """A naive UTC time as SQLAlchemy stores it."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


class JournalShop:
    def __init__(self, till: Till, cashier: Cashier, seed: int = 1) -> None:
        self.till, self.cashier, self.rng = till, cashier, random.Random(seed)
        self._bits = random.Random(seed + 1).getrandbits
        self.signer = JournalSigner((till.data_dir / JOURNAL_KEY_FILE).read_bytes())
        products = till.catalog.index().products
        self.templates = [
            self._template([p for p in products if not p.weighed], [p for p in products if p.weighed])
            for _ in range(TEMPLATES)
        ]

    def sales(self, day: date, count: int, start: datetime, every: timedelta = timedelta(seconds=2)) -> None:
        """`count` sales of business day `day`, one `every` from `start` (aware UTC), numbered on from the
        day's counter, each with its sale entry after the journal's head."""
        with self.till.store.transaction() as conn:
            first_seq = conn.exec_driver_sql(
                "SELECT coalesce(max(last_seq), 0) FROM order_counters WHERE business_day = ?",
                (day.isoformat(),),
            ).scalar_one()
        for done in range(0, count, CHUNK):
            with self.till.store.transaction() as conn:
                n = min(CHUNK, count - done)
                moments = [start + every * (done + i) for i in range(n)]
                ids = self._insert(conn, day, first_seq + done, moments)
                self._journal(conn, day, ids, moments)
                conn.exec_driver_sql(
                    "INSERT INTO order_counters (business_day, last_seq) VALUES (?, ?) "
                    "ON CONFLICT (business_day) DO UPDATE SET last_seq = excluded.last_seq",
                    (day.isoformat(), first_seq + done + n),
                )

    def _template(self, pieces: list[Any], weighed: list[Any]) -> _Template:
        cart, rng = Cart(), self.rng
        for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))):
            if weighed and rng.random() < 0.15:
                cart.add_weighed(rng.choice(weighed), rng.randint(150, 2500))
            else:
                product = rng.choice(pieces)
                cart.add_product(product, rng.choice((1, 1, 1, 2, 3)), product.main_barcode)
        if rng.random() < 0.1:
            cart.set_line_discount(cart.lines[0].line_id, Discount.percent(10))
        if rng.random() < 0.05:
            cart.order_discount = Discount.amount(100)
        if len(cart.lines) > 2 and rng.random() < 0.1:
            cart.void_line(cart.lines[-1].line_id)
        totals = cart.totals(rng.choice((RoundingPolicy.NONE, RoundingPolicy.DROP_FEN)))
        plan = _plan_tenders(totals.total_fen, self._tenders(totals.total_fen))
        lines = [
            _line_values(p.line, p.gross_fen, p.line_discount_fen, p.order_discount_fen, p.rounding_fen,
                         p.net_fen, voided=False)
            for p in totals.lines
        ] + [_line_values(line, line.gross_fen, 0, 0, 0, 0, voided=True) for line in cart.voided]  # fmt: skip
        return _Template(order_sums(totals, plan.change_fen), lines, plan.rows)

    def _tenders(self, due: int) -> list[TenderIn]:
        pick = self.rng.random()
        if pick < 0.5 or due < 2:
            return [CashTender((due // 1000 + 1) * 1000 if pick < 0.3 else due)]
        if pick < 0.65:
            return [CardTender(due, f"{self.rng.randrange(10**6):06d}")]
        if pick < 0.75:  # a code for part, cash for the rest
            return [QrTender(new_uuid().replace("-", ""), "alipay", due // 2), CashTender(due - due // 2)]
        return [QrTender(new_uuid().replace("-", ""), "wechat", due)]

    def _uuid(self) -> str:
        """A random version-4 UUID as text, ten times cheaper than uuid.uuid4() (100,000s are made here)."""
        h = f"{self._bits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def _insert(self, conn: Connection, day: date, seq: int, moments: list[datetime]) -> list[int]:
        next_id = conn.exec_driver_sql(
            "SELECT (SELECT coalesce(max(id), 0) FROM orders), (SELECT coalesce(max(id), 0) FROM order_lines), "
            "(SELECT coalesce(max(id), 0) FROM tenders)"
        ).one()
        order_id, line_id, tender_id = next_id
        orders, lines, tenders, ids = [], [], [], []
        number = order_number(day, 0)[:-4]  # 'YYYYMMDD-'
        for n, moment in enumerate(moments, seq + 1):
            t = self.rng.choice(self.templates)
            order_id += 1
            ids.append(order_id)
            orders.append((order_id, self._uuid(), self.till.device_id, day.isoformat(), n, f"{number}{n:04d}",
                           self.cashier.id, _stored(moment), *t.order.values()))  # fmt: skip
            for no, line in enumerate(t.lines, 1):
                line_id += 1
                lines.append((line_id, self._uuid(), order_id, no, *(line[k] for k in _LINE_KEYS)))
            for tender in t.tenders:
                tender_id += 1
                tenders.append((tender_id, self._uuid(), order_id, *(tender[k] for k in _TENDER_KEYS)))
        conn.exec_driver_sql(_INSERT_ORDER, orders)
        conn.exec_driver_sql(_INSERT_LINE, lines)
        conn.exec_driver_sql(_INSERT_TENDER, tenders)
        return ids

    def _journal(self, conn: Connection, day: date, ids: list[int], moments: list[datetime]) -> None:
        head = conn.exec_driver_sql(
            "SELECT seq, hash, signature FROM journal_entries ORDER BY seq DESC LIMIT 1"
        ).first()
        seq, prev = (head[0], link_of(head[1], head[2])) if head else (0, GENESIS)
        uuids = dict(conn.exec_driver_sql(
            f"SELECT id, uuid FROM orders WHERE id BETWEEN {ids[0]} AND {ids[-1]}"
        ).all())  # fmt: skip
        rendered = render_sales(conn, ids)
        entries = []
        for order_id, moment in zip(ids, moments, strict=True):
            seq += 1
            entry_uuid, ref, at = self._uuid(), uuids[order_id], _stored(moment)
            body = body_text(
                device=self.till.device_id, seq=seq, uuid=entry_uuid, kind=SALE, ref=ref, day=day.isoformat(),
                at=moment.isoformat(), prev=prev, data_json=rendered[order_id].data(None),
            )  # fmt: skip
            digest = sha256(body).hexdigest()
            signature = self.signer.sign(digest)
            entries.append(
                (seq, entry_uuid, SALE, ref, day.isoformat(), at, body.decode(), digest, signature)
            )
            prev = link_of(digest, signature)
        conn.exec_driver_sql(_INSERT_ENTRY, entries)


_LINE_KEYS = (
    "product_id", "barcode", "name", "unit", "quantity", "unit_price_fen", "gross_fen", "line_discount_fen",
    "order_discount_fen", "rounding_fen", "net_fen", "tax_rate_bp", "category", "price_overridden", "voided",
)  # fmt: skip
_TENDER_KEYS = ("kind", "amount_fen", "tendered_fen", "change_fen", "reference")
_INSERT_ORDER = (
    "INSERT INTO orders (id, uuid, device_id, business_day, seq, order_no, cashier_id, created_at, subtotal_fen, "
    "line_discount_fen, order_discount_fen, rounding_fen, rounding_policy, total_fen, change_fen) "
    f"VALUES ({', '.join('?' * 15)})"
)
_INSERT_LINE = (
    f"INSERT INTO order_lines (id, uuid, order_id, line_no, {', '.join(_LINE_KEYS)}) "
    f"VALUES ({', '.join('?' * (4 + len(_LINE_KEYS)))})"
)
_INSERT_TENDER = (
    f"INSERT INTO tenders (id, uuid, order_id, {', '.join(_TENDER_KEYS)}) "
    f"VALUES ({', '.join('?' * (3 + len(_TENDER_KEYS)))})"
)
_INSERT_ENTRY = (
    "INSERT INTO journal_entries (seq, uuid, kind, ref_uuid, business_day, created_at, body, hash, signature) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
