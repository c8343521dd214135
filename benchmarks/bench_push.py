"""Pushing 10,000 orders of 5 lines each to a real local cloud service: signed HTTP, batches of 200.

Run: .venv/bin/python benchmarks/bench_push.py [--db URL | --postgres] [--orders N] [--batch N]
Target (issue 5): under 20 s on SQLite and on PostgreSQL. The service runs as `pos-cloud serve` in its
own process (SQLite with synchronous=FULL); set-up goes through the admin CLI, pairing through the API.
"""

from __future__ import annotations

import argparse
import json
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import requests
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.signing import signed_headers  # noqa: E402

POS_CLOUD = Path(sys.executable).with_name("pos-cloud")


def cli(db_url: str, *args: str) -> str:
    done = subprocess.run(
        [str(POS_CLOUD), "--db", db_url, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"pos-cloud {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


@contextmanager
def database(args: argparse.Namespace) -> Iterator[str]:
    """The URL to benchmark on: --db as given, a fresh PostgreSQL database, or a temporary SQLite file."""
    if args.db:
        yield args.db
        return
    if not args.postgres:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'cloud.db'}"
        return
    started = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh"), "start"], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        sys.exit(f"scripts/postgres.sh start failed:\n{started.stderr}")
    server = make_url(started.stdout.strip().splitlines()[-1])
    admin = f"host={server.host} port={server.port} user={server.username} dbname={server.database}"
    name = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def service(db_url: str) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [str(POS_CLOUD), "--db", db_url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit("the service did not start")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def order(lines: int, day: date) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    price = 100 + secrets.randbelow(900)
    total = price * lines
    return {
        "kind": "order",
        "event_id": str(uuid.uuid4()),
        "occurred_at": now,
        "order": {
            "uuid": str(uuid.uuid4()),
            "order_no": f"{day:%Y%m%d}-{secrets.randbelow(10_000):04d}",
            "business_day": day.isoformat(),
            "created_at": now,
            "cashier_uuid": str(uuid.uuid4()),
            "cashier_name": "张三",
            "subtotal_fen": total,
            "line_discount_fen": 0,
            "order_discount_fen": 0,
            "rounding_fen": 0,
            "rounding_policy": "none",
            "total_fen": total,
            "change_fen": 0,
            "lines": [
                {
                    "uuid": str(uuid.uuid4()),
                    "line_no": n,
                    "product_uuid": str(uuid.uuid4()),
                    "barcode": "6901234567892",
                    "name": "可口可乐 330ml",
                    "unit": "piece",
                    "quantity": 1,
                    "unit_price_fen": price,
                    "gross_fen": price,
                    "line_discount_fen": 0,
                    "order_discount_fen": 0,
                    "rounding_fen": 0,
                    "net_fen": price,
                    "tax_rate_bp": 1300,
                    "category": "饮料",
                    "price_overridden": False,
                    "voided": False,
                }
                for n in range(1, lines + 1)
            ],
            "tenders": [
                {
                    "uuid": str(uuid.uuid4()),
                    "kind": "cash",
                    "amount_fen": total,
                    "tendered_fen": total,
                    "change_fen": 0,
                    "reference": "",
                }
            ],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database URL (sqlite:///... or postgresql+psycopg://...)")
    parser.add_argument(
        "--postgres", action="store_true", help="a fresh database on scripts/postgres.sh's server"
    )
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=5)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    with database(args) as db_url:
        backend = make_url(db_url).get_backend_name()
        merchant = cli(db_url, "merchant", "create", f"压测商户-{secrets.token_hex(3)}")
        store = cli(db_url, "store", "create", merchant, "压测店")
        code = cli(db_url, "device", "pairing-code", store)
        day = date.today()
        bodies: list[tuple[bytes, int]] = []
        for start in range(0, args.orders, args.batch):
            events = [order(args.lines, day) for _ in range(min(args.batch, args.orders - start))]
            bodies.append((json.dumps({"events": events}).encode(), len(events)))
        with service(db_url) as url, requests.Session() as session:
            pair = {"code": code, "device_uuid": str(uuid.uuid4()), "device_name": "bench"}
            paired = session.post(f"{url}/v1/devices/pair", json=pair, timeout=30).json()
            device_id, secret = paired["device_id"], paired["device_secret"]
            t0 = time.perf_counter()
            for body, count in bodies:
                headers = signed_headers(device_id, secret, "POST", "/v1/sync/push", body, int(time.time()))
                headers["Content-Type"] = "application/json"
                answer = session.post(f"{url}/v1/sync/push", data=body, headers=headers, timeout=120)
                answer.raise_for_status()
                stored = sum(r["status"] == "stored" for r in answer.json()["results"])
                if stored != count:
                    sys.exit(f"only {stored} events stored: {answer.text[:500]}")
            seconds = time.perf_counter() - t0
        report = json.loads(cli(db_url, "report", "sales", "--store", store, "--json"))
        assert report["orders"] == args.orders, report
        print(
            f"push {args.orders} orders x {args.lines} lines in {len(bodies)} signed requests of {args.batch} "
            f"({backend}): {seconds:.2f} s, {args.orders / seconds:.0f} orders/s (target < 20 s)"
        )


if __name__ == "__main__":
    main()
