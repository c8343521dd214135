"""The X and Z report of a business day with 100,000 orders: median time of x() and of close_day().

Run: .venv/bin/python benchmarks/bench_z_report.py [--orders 100000] [--runs 5]
Target (issue 7): a Z over 100,000 orders in under 1 s.

The shop is built in bulk with the rows checkout and the other services write (benchmarks/z_report_shop.py).
Two small days come first and are closed with a Z, so the big day's Z is the third, on a journal of over
100,000 entries. close_day() is timed on a fresh copy of the data dir each run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.catalog_gen import generate
from benchmarks.z_report_shop import BusyShop
from pos_app.money import format_yuan
from pos_app.reports import Report
from pos_app.services.simulate import SteppingClock
from pos_app.services.till import DB_FILE, Till

FIRST_DAY = date(2026, 11, 23)
BIG_DAY = FIRST_DAY + timedelta(days=2)
AFTER = datetime(2026, 11, 26, 20, tzinfo=UTC)  # 04:00 on the 27th in Shanghai: every day is over


def build(folder: Path, orders: int, seed: int) -> int:
    """Two days of 2,000 orders, closed, then the big day (BIG_DAY); returns the orders in all."""
    clock = SteppingClock(datetime(2026, 11, 22, 23, tzinfo=UTC))
    till = Till(folder / "shop", clock)
    till.configure(till.settings().changed(rounding="drop_fen", shop_name="基准测试便利店"))
    generate(folder / "catalog.csv", 5_000)
    till.catalog.import_file(folder / "catalog.csv")
    shop = BusyShop(till, clock, seed)
    days = [
        (FIRST_DAY, 2_000),
        (FIRST_DAY + timedelta(days=1), 2_000),
        (BIG_DAY, orders),
    ]
    for day, count in days:
        shop.day(day, count)
        if day != days[-1][0]:
            till.reports.close_day(shop.manager, day)
    till.close()
    return sum(count for _, count in days)


def timed(runs: int, work: Callable[[], Report]) -> tuple[float, float, Report]:
    """The median wall and CPU seconds of `runs` calls, and the last call's report."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        report = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), report


def time_close(shop: Path, day: date, runs: int) -> tuple[float, float, Report]:
    """close_day() on a fresh copy of the data dir for each run (a day closes once)."""
    walls, cpus = [], []
    with tempfile.TemporaryDirectory(dir=shop.parent) as tmp:
        for run in range(runs):
            copy = Path(tmp) / str(run)
            shutil.copytree(shop, copy)
            till = Till(copy, SteppingClock(AFTER))
            manager = till.auth.managers()[0]
            wall, cpu = time.perf_counter(), time.process_time()
            z = till.reports.close_day(manager, day)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            till.close()
            shutil.rmtree(copy)
    return statistics.median(walls), statistics.median(cpus), z


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000, help="orders of the big day")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, help="build the shop here and keep it; reused if it exists")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        folder = args.data_dir or Path(tmp)
        if (folder / "shop" / DB_FILE).exists():
            print(f"reusing the shop in {folder}")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            total = build(folder, args.orders, args.seed)
            print(f"built {total} orders over 3 days in {time.perf_counter() - t0:.1f} s")
        till = Till(folder / "shop", SteppingClock(AFTER))
        x_wall, x_cpu, x = timed(args.runs, lambda: till.reports.x(BIG_DAY))
        till.close()
        z_wall, z_cpu, z = time_close(folder / "shop", BIG_DAY, args.runs)
    print(f"x() of {BIG_DAY} ({x.orders} orders, {x.items} items): median {x_wall * 1000:.0f} ms", end="")
    print(f" (CPU {x_cpu * 1000:.0f} ms)")
    print(f"close_day() of {BIG_DAY} (Z No.{z.z_no}): median {z_wall * 1000:.0f} ms", end="")
    print(f" (CPU {z_cpu * 1000:.0f} ms; target < 1000 ms)")
    print(
        f"  gross {format_yuan(z.gross_fen)}  voids {z.voids} / {format_yuan(z.voids_fen)}  "
        f"refunds {z.refunds} / {format_yuan(z.refunds_fen)}  net {format_yuan(z.net_fen)}  "
        f"grand total {format_yuan(z.grand_total_fen or 0)}"
    )
    print("  tenders " + ", ".join(f"{t.kind} {t.count} / {format_yuan(t.net_fen)}" for t in z.tenders))
    print(
        f"  reprints {z.reprints}  drawer opens {z.drawer_opens}  hours {len(z.hours)}  "
        f"categories {len(z.categories)}  cashiers {len(z.cashiers)}  over/short {z.cash.over_short_fen}"
    )


if __name__ == "__main__":
    main()
