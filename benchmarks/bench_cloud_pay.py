"""Payments through the cloud's device API: signed POST /v1/payments/pay, the cloud calling the sandbox.

Run: .venv/bin/python benchmarks/bench_cloud_pay.py [--payments N] [--threads N] [--channel wechat|alipay|...|mix]
Target (issue 6): p95 < 50 ms and >= 200 payments/s on 2 cores with SQLite. The service runs as
`pos-cloud serve --sandbox` in its own process, as it comes (access log on; SQLite with
synchronous=FULL; the sandbox mounted in the same app, so each payment is two HTTP requests there and two
commits: the payment row with the request's nonce, durably, before the channel is called, then the
outcome); set-up goes through the admin CLI, pairing through the API. Every payment is signed anew and
has a new out_trade_no and a code of scenario 00-19 (paid). Each client thread keeps one keep-alive
connection (http.client), as a till does: requests would take the CPU of the two cores the service
needs. A latency runs from signing the request to the answer read. The service's CPU per payment comes
from /proc, the load generator's is printed beside it; whatever else runs on the machine counts too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sync.signing import signed_headers  # noqa: E402

POS_CLOUD = Path(sys.executable).with_name("pos-cloud")
CODES = {  # prefix and length of each channel's payment codes (payments.md)
    "wechat": ("13", 18),
    "alipay": ("28", 18),
    "unionpay": ("62", 19),
    "bestpay": ("51", 18),
    "ecny": ("01", 19),
}
PATH = "/v1/payments/pay"


def cli(db_url: str, *args: str) -> str:
    done = subprocess.run(
        [str(POS_CLOUD), "--db", db_url, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"pos-cloud {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(db_url: str, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(POS_CLOUD), "--db", db_url, "serve", "--sandbox", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit("the service did not start")
        time.sleep(0.05)


def payment_code(channel: str) -> str:
    prefix, length = CODES[channel]
    middle = "".join(secrets.choice("0123456789") for _ in range(length - len(prefix) - 2))
    return f"{prefix}{middle}{secrets.randbelow(20):02d}"  # 00-19: paid at once


class Till:
    def __init__(self, url: str, device_id: str, secret: str) -> None:
        self.url, self.device_id, self.secret = url, device_id, secret
        self.address = urlsplit(url)

    def connect(self) -> http.client.HTTPConnection:
        """One keep-alive connection, as a till keeps one to the cloud."""
        return http.client.HTTPConnection(self.address.hostname or "", self.address.port, timeout=30)

    def pay(self, connection: http.client.HTTPConnection, channel: str) -> tuple[float, str]:
        """(seconds, state) of one payment, signed as a till signs it, from signing to the answer read."""
        body = json.dumps(
            {
                "out_trade_no": uuid.uuid4().hex,
                "auth_code": payment_code(channel),
                "amount_fen": 100 + secrets.randbelow(10_000),
                "subject": "好又多便利店",
            }
        ).encode()
        t0 = time.perf_counter()
        headers = signed_headers(self.device_id, self.secret, "POST", PATH, body, int(time.time()))
        headers["Content-Type"] = "application/json"
        connection.request("POST", PATH, body, headers)
        answer = connection.getresponse()
        data = answer.read()
        seconds = time.perf_counter() - t0
        if answer.status != 200:
            raise RuntimeError(f"pay answered HTTP {answer.status}: {data[:200]!r}")
        state: str = json.loads(data)["state"]
        return seconds, state


def cpu_seconds(pid: int) -> tuple[float, float]:
    """(user, system) CPU seconds of a process so far (Linux /proc): the service's cost per payment,
    whatever else the machine is doing."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def run(till: Till, payments: int, threads: int, channels: list[str]) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    states: list[str] = []
    lock = threading.Lock()
    per_thread = [payments // threads + (i < payments % threads) for i in range(threads)]

    def worker(count: int, offset: int) -> None:
        mine: list[tuple[float, str]] = []
        connection = till.connect()
        try:
            for n in range(count):
                mine.append(till.pay(connection, channels[(offset + n) % len(channels)]))
        finally:
            connection.close()
        with lock:
            latencies.extend(s for s, _ in mine)
            states.extend(state for _, state in mine)

    workers = [threading.Thread(target=worker, args=(count, i)) for i, count in enumerate(per_thread)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, states, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=100, help="payments made first and not counted")
    parser.add_argument("--channel", default="wechat", choices=[*CODES, "mix"])
    args = parser.parse_args()
    channels = list(CODES) if args.channel == "mix" else [args.channel]
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'cloud.db'}"
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        merchant = cli(db_url, "merchant", "create", f"压测商户-{secrets.token_hex(3)}")
        store = cli(db_url, "store", "create", merchant, "压测店")
        cli(db_url, "channels", "sandbox", merchant, "--base-url", url)
        code = cli(db_url, "device", "pairing-code", store)
        process = start(db_url, port)
        try:
            pair = {"code": code, "device_uuid": str(uuid.uuid4()), "device_name": "bench"}
            paired = requests.post(f"{url}/v1/devices/pair", json=pair, timeout=30).json()
            till = Till(url, paired["device_id"], paired["device_secret"])
            run(till, args.warmup, args.threads, channels)
            user, system = cpu_seconds(process.pid)
            client = time.process_time()
            latencies, states, seconds = run(till, args.payments, args.threads, channels)
            client = time.process_time() - client
            user, system = (
                after - before for after, before in zip(cpu_seconds(process.pid), (user, system), strict=True)
            )
        finally:
            process.terminate()
            process.wait(timeout=15)
    if set(states) != {"success"}:
        sys.exit(f"not every payment succeeded: {sorted(set(states))}")
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95, p99 = (cuts[i - 1] * 1000 for i in (50, 95, 99))
    rate = args.payments / seconds
    print(
        f"pay {args.payments} payments ({args.channel}, {args.threads} client threads, SQLite, sandbox in the "
        f"service): p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, {rate:.0f} payments/s "
        f"(target p95 < 50 ms, >= 200/s); the service used {1000 * (user + system) / args.payments:.2f} ms CPU "
        f"per payment ({1000 * user / args.payments:.2f} user, {1000 * system / args.payments:.2f} system), "
        f"this load generator {1000 * client / args.payments:.2f} ms"
    )


if __name__ == "__main__":
    main()
