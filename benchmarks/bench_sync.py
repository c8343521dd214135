"""The till's sync with a real local cloud, end to end, as issue 5 measures it.

Run: .venv/bin/python benchmarks/bench_sync.py [--part push|pull|commit|all] [--postgres | --db URL]
- push: a till sells 10,000 orders of 5 lines while the cloud is away, then one `run_once` pushes its
  outbox to `pos-cloud serve` (target < 20 s, on SQLite and on PostgreSQL);
- pull: a fresh till pulls a 100,000-product catalog (target < 30 s), as `pos-till sync --once` does;
- commit: a sale's commit time (p50/p95) with no sync, then while a sync pulls an update of every product
  of a 100,000-product catalog in a process of its own, as the window runs it (target: within 10 %). The cashier
  works at a fast human pace: the lines scanned, the customer pays (PAY_S later), the next customer
  comes NEXT_S after; the pull writes in the quiet moments (pos_app/services/cashier_activity.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_catalog import percentile
from benchmarks.bench_push import cli, database, service
from benchmarks.catalog_gen import generate
from pos_app.services.auth import Cashier, Role
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till
from sync.pairing import pair
from sync.worker import connect, run_once

LINES = 5
PAY_S = 0.3  # from the last scan to the payment
NEXT_S = 3.5  # from one customer's payment to the next one's first scan


def paired_till(data_dir: Path, db_url: str, url: str, csv_path: Path | None) -> tuple[Till, Cashier, str]:
    """A till paired with a new store of the cloud (whose catalog is csv_path, if given)."""
    merchant = cli(db_url, "merchant", "create", f"压测商户-{random.randrange(10**9)}")
    store = cli(db_url, "store", "create", merchant, "压测店")
    if csv_path is not None:
        cli(db_url, "catalog", "import", store, str(csv_path))
    till = Till(data_dir)
    cashier = till.auth.create("收银员", Role.CASHIER, "1234")
    till.shifts.open(cashier, 500_00)  # selling needs an open shift
    pair(till, url, cli(db_url, "device", "pairing-code", store))
    return till, cashier, store


def sell(till: Till, cashier: Cashier, barcodes: list[str], rng: random.Random, pay_s: float = 0.0) -> float:
    """One sale of LINES lines, paid pay_s after the last scan; returns its commit time in ms."""
    sale = till.new_sale(cashier)
    for code in rng.sample(barcodes, LINES):
        sale.scan(code)
    time.sleep(pay_s)
    started = time.perf_counter()
    till.checkout.pay_cash(sale.cart, cashier, CashTender(sale.totals().total_fen))
    return (time.perf_counter() - started) * 1000


def sync_once(till: Till) -> float:
    client = connect(till)
    started = time.perf_counter()
    summary = run_once(till, client)
    seconds = time.perf_counter() - started
    client.close()
    if summary.error is not None:
        sys.exit(f"sync failed: {summary.error}")
    return seconds


def bench_push(db_url: str, tmp: Path, orders: int) -> None:
    csv_path = tmp / "push-catalog.csv"
    generate(csv_path, 2000)
    with service(db_url) as url:
        till, cashier, store = paired_till(tmp / "push-till", db_url, url, csv_path)
        sync_once(till)  # the catalog arrives first; the till then sells from it
        barcodes = [p.main_barcode for p in till.catalog.index().products if not p.weighed]
        rng = random.Random(5)
        started = time.perf_counter()
        for _ in range(orders):  # no sync meanwhile: the sales pile up in the outbox, as offline
            sell(till, cashier, barcodes, rng)
        print(f"  sold {orders} orders without syncing in {time.perf_counter() - started:.1f} s")
        seconds = sync_once(till)
        report = cli(db_url, "report", "sales", "--store", store, "--json")
    pending = till.sync_state.status().pending
    print(
        f"push {orders} offline orders x {LINES} lines: {seconds:.2f} s, {orders / seconds:.0f} orders/s, "
        f"{pending} left; cloud report: {report} (target < 20 s)"
    )
    till.close()


def bench_pull(db_url: str, tmp: Path, products: int) -> None:
    csv_path = tmp / "pull-catalog.csv"
    generate(csv_path, products)
    with service(db_url) as url:
        till, _, _ = paired_till(tmp / "pull-till", db_url, url, csv_path)
        seconds = sync_once(till)
    print(f"pull {till.catalog.count()} products into a fresh till: {seconds:.2f} s (target < 30 s)")
    till.close()


def bench_commit(db_url: str, tmp: Path, products: int, sales: int) -> None:
    """Sales while the till pulls a catalog update of every product (the cloud re-priced them all)."""
    first, update = tmp / "commit-catalog.csv", tmp / "commit-update.csv"
    generate(first, products)
    generate(update, products, seed=2)  # the same barcodes, other names and prices
    with service(db_url) as url:
        till, cashier, store = paired_till(tmp / "commit-till", db_url, url, first)
        sync_once(till)
        barcodes = [p.main_barcode for p in till.catalog.index().products if not p.weighed]
        rng = random.Random(7)
        quiet = [sell(till, cashier, barcodes, rng, PAY_S) for _ in range(sales)]
        sync_once(till)  # their outbox, so the busy run below is the catalog update alone
        cli(db_url, "catalog", "import", store, str(update))
        busy: list[float] = []
        started = time.perf_counter()
        syncing = subprocess.Popen(  # as the window runs it: a process of its own (sync/outcome.py)
            [sys.executable, "-m", "ui.cli", "--data-dir", str(till.data_dir), "sync", "--once"],
            stdout=subprocess.DEVNULL,
        )
        while syncing.poll() is None:
            busy.append(sell(till, cashier, barcodes, rng, PAY_S))
            time.sleep(NEXT_S)
        print(f"  the update of {products} products arrived in {time.perf_counter() - started:.1f} s")
    for name, times in (("no sync", quiet), (f"during a {products}-product pull", busy)):
        print(
            f"  sale commit, {name}: p50 {statistics.median(times):.2f} ms, "
            f"p95 {percentile(times, 95):.2f} ms ({len(times)} sales)"
        )
    ratio = percentile(busy, 95) / percentile(quiet, 95)
    print(f"sale commit p95 during a sync / without: {ratio:.2f} (target <= 1.10)")
    till.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("push", "pull", "commit", "all"), default="all")
    parser.add_argument("--db", help="database URL of the cloud (sqlite:///... or postgresql+psycopg://...)")
    parser.add_argument("--postgres", action="store_true", help="a fresh database on scripts/postgres.sh's")
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--sales", type=int, default=300)
    args = parser.parse_args()
    with database(args) as db_url, tempfile.TemporaryDirectory(dir=Path.home()) as tmp_name:
        tmp = Path(tmp_name)
        if args.part in ("push", "all"):
            bench_push(db_url, tmp, args.orders)
        if args.part in ("pull", "all"):
            bench_pull(db_url, tmp, args.products)
        if args.part in ("commit", "all"):
            bench_commit(db_url, tmp, args.products, args.sales)


if __name__ == "__main__":
    main()
