"""Rendering and encoding the sample receipt (about 40 printed lines): text mode and raster, p50/p95.

Run: .venv/bin/python benchmarks/bench_receipt.py [--runs N]
Targets (issue 3): text mode < 20 ms, raster < 150 ms, per receipt, on 58 mm and 80 mm paper.
Each run lays the receipt out and encodes the whole job, QR code included, as the print worker will.
The first raster run also loads the font and fills the glyph cache; it is timed apart, as the till's
first receipt after start-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_catalog import percentile
from hardware.escpos_text import encode_text_receipt
from hardware.receipt_raster import encode_raster_receipt
from pos_app.printer_config import parse_printer_url
from pos_app.receipt import layout, sample_receipt


def timed(job: Callable[[], bytes], runs: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        size = len(job())
        times.append((time.perf_counter() - t0) * 1000)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    receipt = sample_receipt()
    cold = parse_printer_url("tcp://printer?encoding=raster&width=58")
    first, _ = timed(partial(encode_raster_receipt, receipt, cold), 1)
    print(f"first raster receipt after start-up (loads the font, fills the glyph cache): {first[0]:.1f} ms")
    for width in (58, 80):
        lines = len(layout(receipt, cold.paper.columns if width == 58 else 48))
        for mode, target, encode in (
            ("text", 20, encode_text_receipt),
            ("raster", 150, encode_raster_receipt),
        ):
            config = parse_printer_url(
                f"tcp://printer?encoding={'gb18030' if mode == 'text' else 'raster'}&width={width}"
            )
            times, size = timed(partial(encode, receipt, config), args.runs)
            print(
                f"{width} mm {mode:6} ({lines} lines, {size / 1024:.1f} kB): p50 {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 95):.1f} ms (target < {target} ms)"
            )


if __name__ == "__main__":
    main()
