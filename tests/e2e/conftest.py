"""The till and the cloud as they run in a shop: `pos-cloud serve` in its own process, the till in this one.

The cloud is started, killed (SIGKILL) and started again on the same SQLite file. Each test gets its own
merchant, store and catalog, made with the cloud's own code on that file (what `pos-cloud merchant
create` and friends call; tests/cloud/test_cli.py runs the commands themselves), and a till that pairs
and syncs through a LossyProxy (http_proxy.py) that loses what a network loses.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from cloud.catalog import import_rows
from cloud.db import Database
from cloud.pairing import new_pairing_code
from cloud.reports import sales_report
from cloud.tenants import create_merchant, create_store
from pos_app.clock import SystemClock
from pos_app.services.auth import Cashier
from pos_app.services.till import Till
from sync.pairing import pair
from tests.e2e.http_proxy import Fate, LossyProxy, Policy
from tests.support import SMALL_CATALOG, make_till

POS_CLOUD = [sys.executable, "-m", "cloud.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class CloudProcess:
    """`pos-cloud serve` on a fixed loopback port: killed and started again on the same database."""

    def __init__(self, db_url: str, *serve_args: str) -> None:
        self.db_url = db_url
        self.serve_args = serve_args  # e.g. --sandbox
        self.db = Database(db_url)  # the same file, opened by the tests to set up shops and read reports
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                *POS_CLOUD,
                *("--db", self.db_url, "serve", "--host", "127.0.0.1", "--port", str(self.port)),
                *self.serve_args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("pos-cloud serve did not start")

    @property
    def running(self) -> bool:
        return self._process is not None

    def kill(self) -> None:
        """As a power cut does: no shutdown, no goodbye."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)
            self._process = None

    def report(self, store_id: str) -> dict[str, object]:
        report = sales_report(self.db, store_id, None)
        return {
            "orders": report.orders,
            "total_fen": report.total_fen,
            "voided_orders": report.voided_orders,
            "voided_fen": report.voided_fen,
            "by_tender": dict(report.by_tender),
        }


@dataclass
class Shop:
    """A store in the cloud and a till paired with it through the proxy."""

    cloud: CloudProcess
    proxy: LossyProxy
    store_id: str
    till: Till
    cashier: Cashier
    manager: Cashier


@pytest.fixture(scope="module")
def cloud_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CloudProcess]:
    process = CloudProcess(f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}")
    process.start()
    try:
        yield process
    finally:
        process.kill()
        process.db.engine.dispose()


@pytest.fixture
def cloud(cloud_process: CloudProcess) -> CloudProcess:
    """The module's cloud, running at the start of each test (a test before may have killed it)."""
    if not cloud_process.running:
        cloud_process.start()
    return cloud_process


class Switch:
    """The proxy's policy, changed by the test as it goes."""

    def __init__(self) -> None:
        self.policy: Policy = lambda _method, _path: Fate.PASS

    def __call__(self, method: str, path: str) -> Fate:
        return self.policy(method, path)


@pytest.fixture
def network() -> Switch:
    return Switch()


@pytest.fixture
def shop(cloud: CloudProcess, network: Switch, tmp_path: Path) -> Iterator[Shop]:
    clock = SystemClock()
    merchant = create_merchant(cloud.db, clock, f"好邻居-{tmp_path.name}")
    store = create_store(cloud.db, clock, str(merchant), "徐汇店")
    import_rows(cloud.db, store, list(SMALL_CATALOG))  # the same products in the cloud as on the till
    till, cashier, manager = make_till(tmp_path / "till")
    code = new_pairing_code(cloud.db, clock, str(store), ttl_seconds=600).code
    with LossyProxy(cloud.port, network, on_half=cloud.kill) as proxy:
        pair(till, proxy.url, code)
        try:
            yield Shop(cloud, proxy, str(store), till, cashier, manager)
        finally:
            till.close()
