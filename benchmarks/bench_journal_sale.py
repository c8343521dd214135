"""What the fiscal journal adds to a sale's commit: CheckoutService.complete with the real FiscalLog against the
same with the journal's append skipped, on a real SQLite file (WAL, synchronous=FULL).

Run: .venv/bin/python benchmarks/bench_journal_sale.py [--sales 400]
Target (issue 7): the journal adds under 2 ms to a sale's commit. The two kinds of sale alternate, so a
disk or a neighbour that slows down for a while slows both alike; the figure is the difference of their
medians (and of their 95th percentiles).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Connection

from benchmarks.bench_catalog import percentile
from benchmarks.catalog_gen import generate
from pos_app.journal import JournalSigner, SealedEntry
from pos_app.services.auth import Role
from pos_app.services.checkout import CashTender, CheckoutService
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.till import JOURNAL_KEY_FILE, Till


class NoJournal(FiscalLog):
    """The journal with its append skipped: the business day is still decided, nothing is written."""

    def record(
        self,
        conn: Connection,
        kind: str,
        ref: str,
        data: dict[str, Any],
        now: datetime,
        day: date | None = None,
    ) -> SealedEntry:
        return SealedEntry(0, "", kind, ref, day or self.day(conn, now), now, b"", "0" * 64, "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=400, help="sales of each kind")
    parser.add_argument("--products", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        generate(Path(tmp) / "catalog.csv", args.products)
        till = Till(Path(tmp) / "shop")
        till.catalog.import_file(Path(tmp) / "catalog.csv")
        cashier = till.auth.create("收银员", Role.CASHIER, "1234")
        till.shifts.open(cashier, 0)
        bare = CheckoutService(
            till.store,
            till.clock,
            till.settings,
            till.device_id,
            NoJournal(
                JournalSigner((till.data_dir / JOURNAL_KEY_FILE).read_bytes()), till.device_id, till.settings
            ),
            till.activity.touch,
        )
        pieces = [p for p in till.catalog.index().products if not p.weighed]
        rng = random.Random(3)
        times: dict[str, list[float]] = {"journal": [], "bare": []}
        for n in range(2 * (args.sales + 25)):
            kind, checkout = ("journal", till.checkout) if n % 2 == 0 else ("bare", bare)
            sale = till.new_sale(cashier)
            for _ in range(rng.randint(1, 8)):
                sale.scan(rng.choice(pieces).main_barcode)
            due = sale.totals().total_fen
            t0 = time.perf_counter()
            checkout.complete(sale.cart, cashier, [CashTender(due + 1000)])
            if n >= 50:  # the first 25 of each warm the caches
                times[kind].append((time.perf_counter() - t0) * 1000)
        till.close()
    (j50, j95), (b50, b95) = (
        (statistics.median(times[k]), percentile(times[k], 95)) for k in ("journal", "bare")
    )
    print(
        f"sale commit ({args.sales} of each, 1-8 lines, WAL + fsync): with the journal p50 {j50:.2f} ms, "
        f"p95 {j95:.2f} ms; without p50 {b50:.2f} ms, p95 {b95:.2f} ms; the journal adds "
        f"{j50 - b50:.2f} ms at the median, {j95 - b95:.2f} ms at p95 (target < 2 ms)"
    )


if __name__ == "__main__":
    main()
