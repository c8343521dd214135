"""Detection rate and time per 1280x720 frame for each decoder backend and for the till's pipeline.

Run: .venv/bin/python benchmarks/scan_corpus.py            (once: writes benchmarks/.corpus/)
     .venv/bin/python benchmarks/bench_decode.py [--corpus DIR] [--repeat 3] [--only pipeline]
                                                 [--cv-threads 1]
Targets (issue 4), for the pipeline: detection >= 99% easy, >= 95% medium, >= 80% hard; median under
8 ms per frame with a code; a frame with no code (the idle camera's usual frame) under about 15 ms.

A frame counts as detected when the expected text is among the decoded texts. Frames are read as
grayscale (what hardware.frame_sources yields) before timing; each frame is decoded `repeat` times and
its median time kept, so one slow run on a shared machine does not make a frame slow. "empty" is the
corpus's scenes without a code. The CPU time (all the process's threads) is printed beside the wall
time: on a busy machine the wall time grows, the CPU time much less, which tells the two apart.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_catalog import percentile
from benchmarks.scan_corpus import DEFAULT_OUT
from hardware.decoders.pipeline import ScanPipeline
from hardware.decoders.zbar_decoder import ZbarDecoder
from hardware.decoders.zxing_decoder import ZxingDecoder
from pos_app.ports import DecodedCode

Decode = Callable[[Any], list[DecodedCode]]


def timed(decode: Decode, gray: Any, repeat: int) -> tuple[list[DecodedCode], float, float]:
    """What was found, and the median wall and CPU milliseconds of `repeat` runs."""
    wall, cpu, found = [], [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        found = decode(gray)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return found, statistics.median(wall), statistics.median(cpu)


def measure(name: str, decode: Decode, frames: list[tuple[dict[str, Any], Any]], empty: list[Any],
            repeat: int) -> dict[str, Any]:  # fmt: skip
    hits: dict[str, list[bool]] = {}
    per_level: dict[str, list[float]] = {}
    everything, everything_cpu = [], []
    for truth, gray in frames:
        found, ms, cpu = timed(decode, gray, repeat)
        hits.setdefault(truth["level"], []).append(any(c.text == truth["expected"] for c in found))
        per_level.setdefault(truth["level"], []).append(ms)
        everything.append(ms)
        everything_cpu.append(cpu)
    idle = [timed(decode, gray, repeat)[1:] for gray in empty]
    return {"name": name, "hits": hits, "per_level": per_level, "all": everything, "all_cpu": everything_cpu,
            "empty": [ms for ms, _ in idle], "empty_cpu": [cpu for _, cpu in idle]}  # fmt: skip


def report(row: dict[str, Any]) -> None:
    rates = "  ".join(
        f"{level} {100 * sum(h) / len(h):5.1f}% ({sum(h)}/{len(h)})" for level, h in row["hits"].items()
    )
    print(f"{row['name']}\n  detected: {rates}")
    for label, times, idle in (
        ("wall", row["all"], row["empty"]),
        ("cpu ", row["all_cpu"], row["empty_cpu"]),
    ):
        print(
            f"  {label}: frame with a code median {statistics.median(times):.1f} ms, p95 {percentile(times, 95):.1f}"
            f" | empty frame median {statistics.median(idle):.1f} ms, p95 {percentile(idle, 95):.1f}"
        )
    levels = ", ".join(
        f"{level} {statistics.median(ms):.1f}/{percentile(ms, 95):.1f}"
        for level, ms in row["per_level"].items()
    )
    print(f"  wall median/p95 ms by level: {levels}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["pipeline"], help="measure the pipeline alone")
    parser.add_argument(
        "--cv-threads",
        type=int,
        help="cv2.setNumThreads(N): 1 is what a camera worker beside the GUI may want",
    )
    args = parser.parse_args()
    if args.cv_threads:
        cv2.setNumThreads(args.cv_threads)
    manifest_path = args.corpus / "manifest.json"
    if not manifest_path.exists():
        sys.exit(f"no corpus in {args.corpus}: run benchmarks/scan_corpus.py first")
    manifest = json.loads(manifest_path.read_text())
    frames = [(t, cv2.imread(str(args.corpus / t["file"]), cv2.IMREAD_GRAYSCALE)) for t in manifest["frames"]]
    empty = [cv2.imread(str(args.corpus / name), cv2.IMREAD_GRAYSCALE) for name in manifest["empty"]]
    print(
        f"{len(frames)} frames with a code, {len(empty)} without, from {args.corpus} (seed {manifest['seed']})"
    )
    backends: list[tuple[str, Decode]] = []
    if not args.only:
        backends = [
            ("zxing-cpp, all formats", ZxingDecoder(formats=None, try_invert=True).decode),
            ("zxing-cpp, shop formats, grayscale", ZxingDecoder().decode),
            ("pyzbar, shop symbols, grayscale", ZbarDecoder().decode),
        ]
    pipeline = ScanPipeline()
    stages: Counter[str] = Counter()

    def counted(gray: Any) -> list[DecodedCode]:
        found = pipeline.decode(gray)
        stages[pipeline.last_stage or "nothing"] += 1
        return found

    backends.append(("pipeline (hardware.decoders.pipeline.ScanPipeline)", counted))
    for name, decode in backends:
        decode(frames[0][1])  # warm-up: first-call costs are not per-frame costs
        report(measure(name, decode, frames, empty, args.repeat))
    print(
        "  pipeline: frames ended by each step (x repeat, empty frames included):",
        dict(sorted(stages.items())),
    )


if __name__ == "__main__":
    main()
