"""`audit verify` over a journal of 100,000 events, most of them sales with their lines and tenders.

Run: .venv/bin/python benchmarks/bench_journal_verify.py [--events 100000] [--runs 3] [--data-dir DIR]
(--data-dir builds the journal there once and reuses it afterwards.)
Target (issue 7): verifying a 100,000-event chain in under 5 s (the default verify: the chain, the
signatures of the head, the start and the Zs, every sale and other record against its entry, every Z
recomputed). --all-signatures is timed too, for information: it verifies every entry's Ed25519 signature.

The journal: three business days of sales written in bulk with their signed entries
(benchmarks/journal_shop.py: carts priced by pos_app.cart, split tenders, codes, removed lines,
discounts, 抹分), and through the services each day some more sales, voids, refunds, reprints and no-sale
drawer openings (tests/pos_app/journal_events.py), a pay-in, the shift closed and the day closed with a Z.
verify must find nothing wrong. Times are wall times; CPU counts the verify's worker processes too.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.journal_shop import JournalShop
from pos_app.services.audit_result import AuditResult
from pos_app.services.till import DB_FILE, Till
from tests.pos_app.journal_events import Shop, after_sale
from tests.pos_app.test_refunds import RefundingGateway
from tests.support import FakeClock, make_till

FIRST_DAY = date(2026, 11, 25)
DAYS = 3
BY_SERVICE = 40  # sales a day through checkout, with a manager's step after every fifth


def build(folder: Path, events: int) -> int:
    """Returns how many entries the journal holds."""
    clock = FakeClock(datetime(2026, 11, 24, 23, tzinfo=UTC))  # 07:00 in Shanghai on the first day
    till, cashier, manager = make_till(folder, clock)
    gateway = RefundingGateway()
    till.use_payment_gateway(lambda: gateway)
    till.configure(till.settings().changed(printer_url="tcp://127.0.0.1:9"))
    shop, bulk, rng = Shop(till, cashier, manager, clock), JournalShop(till, cashier), random.Random(9)
    per_day = (events - DAYS * (BY_SERVICE + 20)) // DAYS
    for n in range(DAYS):
        day = FIRST_DAY + timedelta(days=n)
        bulk.sales(day, per_day, clock.current + timedelta(minutes=1), timedelta(seconds=0.5))
        clock.current += timedelta(seconds=0.5 * per_day + 120)
        shop.sales = []
        for i in range(BY_SERVICE):
            shop.sell(rng)
            if i % 5 == 4:
                after_sale(shop, i // 5)
        till.shifts.pay_in(cashier, 5000, "备零钱")
        expected = till.shifts.expected_cash()
        till.shifts.close(cashier, {10000: expected // 10000, 10: expected % 10000 // 10})
        till.reports.close_day(manager, day)
        clock.current = datetime(2026, 11, 25, 23, tzinfo=UTC) + timedelta(days=n)
        till.shifts.open(cashier, 10000)
    entries = till.audit.verify().entries
    till.close()
    return entries


def timed(runs: int, till: Till, all_signatures: bool) -> tuple[float, float, AuditResult]:
    """The median wall and CPU seconds of `runs` verifies (CPU: this process's, worker processes' too)."""
    walls, cpus, result = [], [], AuditResult()
    for _ in range(runs):
        cpu = _cpu()
        result = till.audit.verify(all_signatures)
        cpus.append(_cpu() - cpu)
        walls.append(result.seconds)
    return statistics.median(walls), statistics.median(cpus), result


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--data-dir", type=Path, help="build the journal here and keep it; reused if it exists"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        folder = args.data_dir or Path(tmp)
        if (folder / "shop" / DB_FILE).exists():
            print(f"reusing the journal in {folder}")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            t0 = time.perf_counter()
            entries = build(folder / "shop", args.events)
            print(f"built a journal of {entries} entries in {time.perf_counter() - t0:.1f} s")
        till = Till(folder / "shop", FakeClock(datetime(2026, 11, 28, tzinfo=UTC)))
        seconds, cpu, result = timed(args.runs, till, all_signatures=False)
        for found in result.breaks[:20]:
            print(f"  BREAK {found}")
        if not result.ok:
            sys.exit(f"verify found {len(result.breaks)} breaks in a clean journal")
        records = ", ".join(f"{n} {kind}" for kind, n in result.records.items())
        print(
            f"audit verify of {result.entries} entries ({records}; {result.signatures_checked} signatures): "
            f"median {seconds:.2f} s of {args.runs} (CPU {cpu:.2f} s; target < 5 s)"
        )
        seconds, cpu, result = timed(1, till, all_signatures=True)
        print(
            f"audit verify --all-signatures: {seconds:.2f} s (CPU {cpu:.2f} s; {result.signatures_checked} "
            "signatures, for information)"
        )
        till.close()


if __name__ == "__main__":
    main()
