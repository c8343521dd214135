"""A full disk, a read-only data dir, a killed till: clear messages, nothing half-written, no sale lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from pos_app.errors import StorageError
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till
from pos_app.store.models import OrderRow
from tests.support import FakeClock, kill_while_selling, make_till

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (CI runs as root)")


@contextmanager
def tmpfs(path: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        if read_only:
            subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass


@needs_root
def test_a_read_only_data_dir_is_refused_at_start_with_a_clear_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as folder, pytest.raises(StorageError) as err:
        Till(folder / "shop")
    assert "只读" in str(err.value) and str(folder) in str(err.value)


@needs_root
def test_a_full_disk_at_start_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", "256k") as folder:
        fill(folder)
        with pytest.raises(StorageError) as err:
            Till(folder / "shop")
        assert "磁盘已满" in str(err.value)
        assert not (folder / "shop" / "till.sqlite3").exists() or sqlite3.connect(
            folder / "shop" / "till.sqlite3"
        ).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_database_that_cannot_grow_keeps_the_cart_and_stores_nothing(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("96385074")
    with till.store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(till.store.engine, "connect")
    def cap(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")

    till.store.engine.dispose()  # new connections get the cap: the file can no longer grow
    with pytest.raises(StorageError) as err:
        for _ in range(50):  # each sale needs a little room; the cap is hit within a few
            till.checkout.pay_cash(sale.cart, cashier, CashTender(500))
            sale.scan("6901234567892")
            sale.scan("96385074")
    assert "磁盘已满" in str(err.value)
    assert len(sale.cart) == 2  # the refused sale is still on screen, ready to retry
    with till.store.read() as session:
        orders = session.scalars(select(OrderRow)).all()
        assert all(sum(line.net_fen for line in o.lines) == o.total_fen == 500 for o in orders)
        assert [o.seq for o in orders] == list(range(1, len(orders) + 1))




def test_kill_9_in_the_middle_of_selling_loses_no_stored_sale_and_half_stores_none(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path, FakeClock())
    till.close()
    kill_while_selling(tmp_path)
    conn = sqlite3.connect(tmp_path / "till.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orders = conn.execute("SELECT id, total_fen, business_day, seq FROM orders ORDER BY id").fetchall()
    assert len(orders) > 10
    for order_id, total, _, _ in orders:
        lines = conn.execute("SELECT sum(net_fen), count(*) FROM order_lines WHERE order_id=? AND NOT voided",
                             (order_id,)).fetchone()
        tenders = conn.execute("SELECT sum(amount_fen), count(*) FROM tenders WHERE order_id=?", (order_id,)).fetchone()
        assert lines[1] > 0 and lines[0] == total and tenders == (total, 1)
    by_day: dict[str, list[int]] = {}
    for _, _, day, seq in orders:
        by_day.setdefault(day, []).append(seq)
    for day, seqs in by_day.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), f"gap in order numbers on {day}"
        assert conn.execute("SELECT last_seq FROM order_counters WHERE business_day=?", (day,)).fetchone() == (len(seqs),)
    reopened = Till(tmp_path)
    with reopened.store.read() as session:
        assert session.scalar(select(func.count()).select_from(OrderRow)) == len(orders)
