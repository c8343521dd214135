"""Completing a sale (the commit with every row it writes) on a 100,000-product catalog: p50/p95.

Run: .venv/bin/python benchmarks/bench_sale.py [--sales N] [--products N]
Target (issue 2): p95 < 5 ms. The store runs WAL with synchronous=FULL, so each commit waits for fsync.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_catalog import percentile
from benchmarks.catalog_gen import generate
from pos_app.services.auth import Role
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=2000)
    parser.add_argument("--products", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        csv_path = Path(tmp) / "catalog.csv"
        generate(csv_path, args.products)
        till = Till(Path(tmp) / "shop")
        till.catalog.import_file(csv_path)
        cashier = till.auth.create("收银员", Role.CASHIER, "1234")
        till.shifts.open(cashier, 500_00)  # selling needs an open shift
        pieces = [p for p in till.catalog.index().products if not p.weighed]
        rng = random.Random(2)
        times = []
        for _ in range(args.sales):
            sale = till.new_sale(cashier)
            for _ in range(rng.randint(1, 8)):
                sale.scan(rng.choice(pieces).main_barcode)
            due = sale.totals().total_fen
            t0 = time.perf_counter()
            till.checkout.pay_cash(sale.cart, cashier, CashTender(due + 1000))
            times.append((time.perf_counter() - t0) * 1000)
        print(f"complete sale ({args.sales} sales, 1-8 lines, fsync on): p50 {statistics.median(times):.2f} ms, "
              f"p95 {percentile(times, 95):.2f} ms, max {max(times):.2f} ms (target p95 < 5 ms)")
        till.close()


if __name__ == "__main__":
    main()
