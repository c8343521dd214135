"""Catalog figures on 100,000 products: CSV import, barcode lookup p99, name/pinyin search p95.

Run: .venv/bin/python benchmarks/bench_catalog.py [--products N]
Targets (issue 2): import < 20 s; lookup p99 < 1 ms; search p95 < 20 ms.
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

from benchmarks.catalog_gen import generate
from pos_app.services.till import Till


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "catalog.csv"
        generate(csv_path, args.products)
        till = Till(Path(tmp) / "shop")

        started = time.perf_counter()
        result = till.catalog.import_file(csv_path)
        import_s = time.perf_counter() - started
        print(f"import {result.created} products: {import_s:.2f} s (target < 20 s)")

        started = time.perf_counter()
        result = till.catalog.import_file(csv_path)
        print(f"re-import updating {result.updated} products: {time.perf_counter() - started:.2f} s")

        started = time.perf_counter()
        index = till.catalog.index()
        print(f"search index build: {(time.perf_counter() - started) * 1000:.0f} ms")

        rng = random.Random(1)
        products = index.products
        codes = [rng.choice(products).main_barcode for _ in range(10_000)]
        lookups = []
        for code in codes:
            t0 = time.perf_counter()
            assert till.catalog.by_barcode(code) is not None
            lookups.append((time.perf_counter() - t0) * 1000)
        print(f"barcode lookup: p50 {statistics.median(lookups):.3f} ms, p99 {percentile(lookups, 99):.3f} ms "
              "(target p99 < 1 ms)")

        queries = []
        for _ in range(1000):
            p = rng.choice(products)
            kind = rng.random()
            if kind < 0.4:
                queries.append(p.initials[: rng.randint(2, 5)])
            elif kind < 0.8:
                start = rng.randrange(max(1, len(p.name) - 2))
                queries.append(p.name[start : start + 2])
            else:
                queries.append(p.main_barcode[-rng.randint(4, 6):])
        times = []
        for q in queries:
            t0 = time.perf_counter()
            till.catalog.search(q, 30)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"search (30 results): p50 {statistics.median(times):.2f} ms, p95 {percentile(times, 95):.2f} ms, "
              f"max {max(times):.2f} ms (target p95 < 20 ms)")
        till.close()


if __name__ == "__main__":
    main()
