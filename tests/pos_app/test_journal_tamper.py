"""Tampering by direct SQL, as someone with the database file in hand would: every change is detected (a
clean chain of 100,000 events raises no alarm: tests/pos_app/test_journal_clean_chain.py).

The clean data dir (every kind of fiscal event, through the services) is built once; each of 1,000
random tampers works on a fresh copy of its database file, the append-only triggers dropped first. The
random generator is seeded, so a failure names a tamper that reproduces. Every fourth tamper is also
verified with the journal cut in three stretches (as a big journal is, pos_app.services.audit), walked here
one after the other, and must give the same result word for word.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pos_app.journal import JournalSigner, canonical, hash_of
from pos_app.services import audit as audit_module
from pos_app.services.audit import AuditService
from pos_app.services.audit_result import Break
from pos_app.services.audit_workers import Workers
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.till import DB_FILE, JOURNAL_KEY_FILE
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from tests.pos_app.journal_events import busy_shop
from tests.support import FakeClock

TAMPERS = 1000
Sql = sqlite3.Connection
Expect = Callable[[list[Break]], bool]  # does verify name the right place?


@dataclass(frozen=True)
class Clean:
    db: Path
    device_id: str
    signer_seed: bytes
    entries: list[tuple[int, str, str]]  # seq, kind, ref
    head: int
    tables: dict[str, list[tuple[object, ...]]]  # the records a tamper may pick, by table


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    folder = tmp_path_factory.mktemp("clean")
    shop = busy_shop(folder, sales_per_day=30)
    assert shop.till.audit.verify().ok
    device_id = shop.till.device_id
    shop.till.close()
    conn = sqlite3.connect(folder / DB_FILE)
    entries = conn.execute("SELECT seq, kind, ref_uuid FROM journal_entries ORDER BY seq").fetchall()
    tables = {
        "orders": conn.execute("SELECT id, uuid FROM orders").fetchall(),
        "order_lines": conn.execute(
            "SELECT l.id, o.uuid FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE NOT l.voided"
        ).fetchall(),
        "tenders": conn.execute(
            "SELECT t.id, o.uuid, t.kind FROM tenders t JOIN orders o ON o.id = t.order_id"
        ).fetchall(),
        "order_voids": conn.execute("SELECT id, uuid FROM order_voids").fetchall(),
        "refunds": conn.execute("SELECT id, uuid FROM refunds WHERE state = 'done'").fetchall(),
        "overrides": conn.execute("SELECT id, uuid FROM overrides").fetchall(),
        "print_jobs": conn.execute(
            "SELECT p.id, p.uuid FROM print_jobs p JOIN journal_entries j ON j.ref_uuid = p.uuid"
        ).fetchall(),
        "cash_movements": conn.execute("SELECT id, uuid FROM cash_movements").fetchall(),
        "shifts": conn.execute("SELECT id, uuid FROM shifts").fetchall(),
        "z_reports": conn.execute("SELECT id, uuid FROM z_reports").fetchall(),
    }
    conn.close()
    assert all(tables.values()), {name: len(rows) for name, rows in tables.items()}
    assert entries[-1][1] == "sale"  # removing the newest entry leaves its order without one
    seed = (folder / JOURNAL_KEY_FILE).read_bytes()
    return Clean(folder / DB_FILE, device_id, seed, entries, entries[-1][0], tables)


def at_seq(*seqs: int) -> Expect:
    return lambda breaks: any(found.seq in seqs for found in breaks)


def at_record(uuid: object) -> Expect:
    return lambda breaks: any(found.record == uuid for found in breaks)


def either(*expects: Expect) -> Expect:
    return lambda breaks: any(expect(breaks) for expect in expects)


def flip_hex(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice([c for c in "0123456789abcdef" if c != text[i]]) + text[i + 1 :]


class Attacker:
    """One tamper of each kind the issue names, on a picked entry or record; returns where it must show."""

    def __init__(self, conn: Sql, clean: Clean, rng: random.Random) -> None:
        self.conn, self.clean, self.rng = conn, clean, rng

    def pick(self, table: str) -> tuple[object, ...]:
        return self.rng.choice(self.clean.tables[table])

    def entry(self) -> tuple[int, str, str]:
        return self.rng.choice(self.clean.entries)

    def body_byte(self) -> Expect:
        seq = self.entry()[0]
        (body,) = self.conn.execute("SELECT body FROM journal_entries WHERE seq = ?", (seq,)).fetchone()
        i = self.rng.randrange(len(body))
        changed = (
            body[:i] + self.rng.choice([c for c in '0123456789abcdefx{}",:' if c != body[i]]) + body[i + 1 :]
        )
        self.conn.execute("UPDATE journal_entries SET body = ? WHERE seq = ?", (changed, seq))
        return at_seq(seq)

    def hash_digit(self) -> Expect:
        seq = self.entry()[0]
        (digest,) = self.conn.execute("SELECT hash FROM journal_entries WHERE seq = ?", (seq,)).fetchone()
        self.conn.execute(
            "UPDATE journal_entries SET hash = ? WHERE seq = ?", (flip_hex(digest, self.rng), seq)
        )
        return at_seq(seq)

    def signature_digit(self) -> Expect:
        seq = self.entry()[0]
        (signature,) = self.conn.execute(
            "SELECT signature FROM journal_entries WHERE seq = ?", (seq,)
        ).fetchone()
        forged = flip_hex(signature, self.rng)
        self.conn.execute("UPDATE journal_entries SET signature = ? WHERE seq = ?", (forged, seq))
        return at_seq(seq, seq + 1)  # its own check (head, start, Z) or the next entry's link

    def delete_entry(self) -> Expect:
        seq, _, ref = self.entry()
        self.conn.execute("DELETE FROM journal_entries WHERE seq = ?", (seq,))
        return at_seq(seq) if seq != self.clean.head else at_record(ref)  # the head's sale has no entry

    def swap_entries(self) -> Expect:
        a, b = sorted(self.rng.sample([seq for seq, _, _ in self.clean.entries], 2))
        for old, new in ((a, -1), (b, a), (-1, b)):
            self.conn.execute("UPDATE journal_entries SET seq = ? WHERE seq = ?", (new, old))
        return at_seq(a, b)

    def rewrite_body(self) -> Expect:
        """A sale's total raised in its body, its hash recomputed: the chain, not the hash, gives it away."""
        seq, _, ref = self.rng.choice([e for e in self.clean.entries if e[1] == "sale"])
        (body,) = self.conn.execute("SELECT body FROM journal_entries WHERE seq = ?", (seq,)).fetchone()
        fields = json.loads(body)
        fields["data"]["total_fen"] += 100
        forged = canonical(fields)
        self.conn.execute(
            "UPDATE journal_entries SET body = ?, hash = ? WHERE seq = ?",
            (forged.decode(), hash_of(forged), seq),
        )
        return either(at_seq(seq, seq + 1), at_record(ref))

    def order_total(self) -> Expect:
        order_id, uuid = self.pick("orders")
        delta = self.rng.choice((-100, -1, 1, 1000))
        self.conn.execute("UPDATE orders SET total_fen = total_fen + ? WHERE id = ?", (delta, order_id))
        return at_record(uuid)

    def line_amount(self) -> Expect:
        line_id, uuid = self.pick("order_lines")
        column = self.rng.choice(("net_fen", "unit_price_fen", "quantity", "gross_fen"))
        self.conn.execute(f"UPDATE order_lines SET {column} = {column} + 1 WHERE id = ?", (line_id,))
        return at_record(uuid)

    def tender(self) -> Expect:
        tender_id, uuid, kind = self.pick("tenders")
        if self.rng.random() < 0.5:
            self.conn.execute("UPDATE tenders SET amount_fen = amount_fen - 10 WHERE id = ?", (tender_id,))
        else:
            other = "alipay" if kind != "alipay" else "cash"
            self.conn.execute("UPDATE tenders SET kind = ? WHERE id = ?", (other, tender_id))
        return at_record(uuid)

    def void_deleted(self) -> Expect:
        void_id, uuid = self.pick("order_voids")
        self.conn.execute("DELETE FROM order_voids WHERE id = ?", (void_id,))
        return at_seq(*(seq for seq, _, ref in self.clean.entries if ref == uuid))

    def refund_total(self) -> Expect:
        refund_id, uuid = self.pick("refunds")
        self.conn.execute("UPDATE refunds SET total_fen = total_fen - 1 WHERE id = ?", (refund_id,))
        return at_record(uuid)

    def print_job_deleted(self) -> Expect:
        job_id, uuid = self.pick("print_jobs")
        self.conn.execute("DELETE FROM print_jobs WHERE id = ?", (job_id,))
        return at_seq(*(seq for seq, _, ref in self.clean.entries if ref == uuid))

    def z_net(self) -> Expect:
        z_id, uuid = self.pick("z_reports")
        column = self.rng.choice(("net_fen", "gross_fen", "grand_total_fen", "orders"))
        self.conn.execute(f"UPDATE z_reports SET {column} = {column} + 1 WHERE id = ?", (z_id,))
        return at_record(uuid)

    def override_reason(self) -> Expect:
        override_id, uuid = self.pick("overrides")
        self.conn.execute("UPDATE overrides SET reason = '没人批准' WHERE id = ?", (override_id,))
        return at_record(uuid)

    def cash_movement(self) -> Expect:
        movement_id, uuid = self.pick("cash_movements")
        self.conn.execute(
            "UPDATE cash_movements SET amount_fen = amount_fen + 100 WHERE id = ?", (movement_id,)
        )
        return at_record(uuid)

    def shift_float(self) -> Expect:
        shift_id, uuid = self.pick("shifts")
        self.conn.execute("UPDATE shifts SET float_fen = float_fen + 100 WHERE id = ?", (shift_id,))
        return at_record(uuid)

    def order_deleted(self) -> Expect:
        order_id, uuid = self.pick("orders")
        for table in ("order_lines", "tenders"):
            self.conn.execute(f"DELETE FROM {table} WHERE order_id = ?", (order_id,))
        self.conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
        return at_seq(*(seq for seq, kind, ref in self.clean.entries if ref == uuid and kind == "sale"))


KINDS = [name for name in vars(Attacker) if not name.startswith("_") and name not in ("pick", "entry")]


def split(audit: AuditService, monkeypatch: pytest.MonkeyPatch) -> list[Break]:
    """The breaks verify finds with the journal cut in three stretches, walked in this process."""
    with monkeypatch.context() as patched:
        patched.setattr(audit_module, "_PARALLEL_FROM", 0)
        patched.setattr(Workers, "_start", staticmethod(lambda: None))
        return audit.verify(workers=2).breaks


def test_every_one_of_1000_random_tampers_is_detected_where_it_was_made(
    clean: Clean, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / DB_FILE
    shutil.copyfile(clean.db, work)
    store = Store(work)
    journal = FiscalLog(JournalSigner(clean.signer_seed), clean.device_id, ShopSettings)
    audit = AuditService(store, FakeClock(), clean.device_id, journal)
    rng = random.Random(20261125)
    missed, misplaced, split_differs = [], [], []
    started = time.perf_counter()
    for n in range(TAMPERS):
        store.engine.dispose()
        for stale in (work, work.with_name(work.name + "-wal"), work.with_name(work.name + "-shm")):
            stale.unlink(missing_ok=True)
        shutil.copyfile(clean.db, work)
        kind = KINDS[n % len(KINDS)]
        conn = sqlite3.connect(work)
        conn.execute("PRAGMA synchronous = OFF")  # the copy is thrown away: no need to wait for the disk
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")
        expect = getattr(Attacker(conn, clean, rng), kind)()
        conn.commit()
        conn.close()
        breaks = audit.verify().breaks
        if not breaks:
            missed.append((n, kind))
        elif not expect(breaks):
            misplaced.append((n, kind, [str(found) for found in breaks[:3]]))
        if n % 4 == 0 and split(audit, monkeypatch) != breaks:
            split_differs.append((n, kind))
    store.close()
    assert not missed, f"tampers not detected: {missed}"
    assert not misplaced, f"tampers detected elsewhere than made: {misplaced[:5]}"
    assert not split_differs, f"a journal cut in stretches verified otherwise: {split_differs[:5]}"
    assert time.perf_counter() - started < 300  # about 30 s on a quiet till; a sanity bound, not the figure
