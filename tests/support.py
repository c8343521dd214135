"""Helpers shared by the tests: a clock the test moves, a till with a small realistic catalog."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from pos_app.services.auth import Cashier, Role
from pos_app.services.till import Till

CASHIER_PIN = "1234"
MANAGER_PIN = "9999"


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


SMALL_CATALOG = [
    CatalogRow(2, ("6901234567892",), "可口可乐 330ml", 350, Unit.PIECE, "饮料", 1300),
    CatalogRow(3, ("6920459905012", "036000291452"), "农夫山泉 饮用天然水 550ml", 200, Unit.PIECE, "饮料", 1300),
    CatalogRow(4, ("6925303721367",), "康师傅 红烧牛肉面 105g", 450, Unit.PIECE, "方便食品", 1300),
    CatalogRow(5, ("6923644266318",), "蒙牛 纯牛奶 250ml", 350, Unit.PIECE, "乳制品", 900),
    CatalogRow(6, ("10001",), "苹果 红富士", 980, Unit.KG, "水果", 900),
    CatalogRow(7, ("10002",), "香蕉", 598, Unit.KG, "水果", 900),
    CatalogRow(8, ("96385074",), "口香糖 薄荷味", 150, Unit.PIECE, "零食", 1300),
]


def make_till(
    path: Path, clock: FakeClock | None = None, open_shift: bool = True
) -> tuple[Till, Cashier, Cashier]:
    """`open_shift`: the cashier has opened a shift with a float of 0 (selling needs an open shift)."""
    till = Till(path, clock or FakeClock())
    till.catalog.import_rows(list(SMALL_CATALOG))
    cashier = till.auth.create("张三", Role.CASHIER, CASHIER_PIN)
    manager = till.auth.create("李店长", Role.MANAGER, MANAGER_PIN)
    if open_shift:
        till.shifts.open(cashier, 0)
    return till, cashier, manager


SELLER = """
import sys
from pathlib import Path
from pos_app.services.till import Till
from pos_app.services.simulate import SteppingClock, simulate
from datetime import UTC, datetime
clock = SteppingClock(datetime.now(UTC))
till = Till(Path(sys.argv[1]), clock)
cashier = till.auth.cashiers()[0]
print("ready", flush=True)
simulate(till, clock, cashier, orders=100000, days=1, seed=int(sys.argv[2]))
"""


def kill_while_selling(data_dir: Path, rounds: int = 3) -> None:
    """Runs a till selling flat out in a child process and kill -9s it mid-sale, `rounds` times.

    Each kill waits until the child has stored a few more orders (a loaded machine may take a second to
    start), then lets it run on a little longer, different each round, so the kill lands anywhere in a sale.
    """
    db = data_dir / "till.sqlite3"
    for round_no in range(rounds):
        before = _orders_in(db)
        proc = subprocess.Popen([sys.executable, "-c", SELLER, str(data_dir), str(round_no)], stdout=subprocess.PIPE)
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
            deadline = time.monotonic() + 60
            while _orders_in(db) < before + 5:
                assert proc.poll() is None and time.monotonic() < deadline, "the seller stored no orders"
                time.sleep(0.02)
            time.sleep(0.05 + 0.07 * round_no)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()


def _orders_in(db: Path) -> int:
    with closing(sqlite3.connect(db, timeout=5)) as conn:
        return int(conn.execute("SELECT count(*) FROM orders").fetchone()[0])
