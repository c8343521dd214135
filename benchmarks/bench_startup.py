"""`pos-till` from process start to the login screen on screen, on a 100,000-product shop.

Run: .venv/bin/python benchmarks/bench_startup.py [--runs N] [--products N]
Target (issue 2): under 2 s. The till is started as a shop starts it (a new process, an existing data
dir) with --quit-when-ready, which prints the wall-clock moment the login screen was painted; the figure
is that moment minus the moment just before the process was spawned (interpreter start included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.catalog_gen import generate
from pos_app.services.auth import Role
from pos_app.services.till import Till


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--products", type=int, default=100_000)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "shop"
        generate(Path(tmp) / "catalog.csv", args.products)
        till = Till(data)
        till.catalog.import_file(Path(tmp) / "catalog.csv")
        till.auth.create("收银员", Role.CASHIER, "1234")
        till.close()
        command = [sys.executable, "-m", "ui.cli", "--data-dir", str(data), "--quit-when-ready"]
        times = []
        for _ in range(args.runs):
            started = time.time()
            out = subprocess.run(command, check=True, env=env, capture_output=True, text=True).stdout
            ready = float(next(line for line in out.splitlines() if line.startswith("ready ")).split()[1])
            times.append(ready - started)
        print(f"start to login screen ({args.products} products, {env['QT_QPA_PLATFORM']}): "
              f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (target < 2 s)")


if __name__ == "__main__":
    main()
