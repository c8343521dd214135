"""Kills the till at random moments of a payment, restarts it, and checks nobody is charged twice.

    .venv/bin/python benchmarks/bench_payment_crashes.py [--runs 200] [--parallel 6] [--seed 1]

`pos-cloud serve --sandbox` runs in its own process. Each run: a fresh till paired with a fresh merchant,
a payment code of a random channel and sandbox scenario (paid at once, password then paid, never
confirmed, insufficient balance, expired code, system error, answer lost), the till paying in its own
process (tests/e2e/payment_child.py) and killed with SIGKILL after a random delay somewhere in the
payment's life; then `pos-till payment resolve` as the till does at start, and the verdict
(tests/e2e/payment_checks.py): charged exactly once with exactly one sale, or nothing charged and no
sale, and nothing left unsettled. Prints each violation and a summary; exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import collections
import random
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.cloud.payments.support import code  # noqa: E402
from tests.e2e.conftest import CloudProcess  # noqa: E402
from tests.e2e.payment_checks import verdict  # noqa: E402
from tests.e2e.test_payment_crashes import CHILD, paired_till, resolve  # noqa: E402

CHANNELS = ("wechat", "alipay", "unionpay", "bestpay", "ecny")
# scenario tail -> how long (s) the child's payment lives, so the kill lands anywhere in it
LIFETIMES = {
    "05": 3.0,
    "24": 9.0,
    "31": 50.0,
    "37": 52.0,
    "44": 3.0,
    "52": 3.0,
    "63": 9.0,
    "75": 9.0,
    "91": 3.0,
}
SETUP = threading.Lock()


@dataclass(frozen=True)
class Run:
    channel: str
    tail: str
    delay_s: float
    reached: str  # the child's last line: how far it got before the kill
    outcome: str
    ok: bool
    detail: str


def one_run(cloud: CloudProcess, folder: Path, rng: random.Random) -> Run:
    channel, tail = rng.choice(CHANNELS), rng.choice(sorted(LIFETIMES))
    delay = rng.uniform(0.0, LIFETIMES[tail])
    with SETUP:  # Alembic's migration context is one per process: one till is made at a time
        data_dir = paired_till(cloud, folder / "till")
    child = subprocess.Popen(
        [*CHILD, str(data_dir), code(channel, tail)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdout is not None
    lines = [child.stdout.readline()]  # "ready": the till is open, the payment begins
    try:
        child.wait(delay)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    lines += child.stdout.read().split("\n")
    reached = next((line.split()[0] for line in reversed(lines) if line.strip()), "nothing")
    resolutions = resolve(data_dir)
    outcome = ",".join(str(r["outcome"]) for r in resolutions) or (
        "finished" if child.returncode == 0 else "none"
    )
    result = verdict(data_dir)
    return Run(channel, tail, round(delay, 2), reached, outcome, result.ok, result.detail)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-crash-"))
    cloud = CloudProcess(f"sqlite:///{work / 'cloud.db'}", "--sandbox")
    cloud.start()
    started = time.perf_counter()
    seeds = random.Random(args.seed)
    plans = [(i, random.Random(seeds.random())) for i in range(args.runs)]
    try:
        with ThreadPoolExecutor(args.parallel) as pool:
            runs = list(pool.map(lambda plan: one_run(cloud, work / f"run{plan[0]:04d}", plan[1]), plans))
    finally:
        cloud.kill()
    bad = [r for r in runs if not r.ok]
    for r in bad:
        print(f"VIOLATION {r}")
    print(f"runs: {len(runs)} in {time.perf_counter() - started:.0f} s, violations: {len(bad)}")
    print("killed after:", dict(collections.Counter(r.reached for r in runs)))
    print("resolver:", dict(collections.Counter(r.outcome for r in runs)))
    print("scenarios:", dict(collections.Counter(r.tail for r in runs)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
