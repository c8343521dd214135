"""kill -9 the till at each step of a payment, start it again, and show the customer is charged exactly
once with the sale recorded exactly once, or the charge is given back and there is no sale.

The till is a process of its own (payment_child.py: the payment screen's path without the screen) paying
through `pos-cloud serve --sandbox`, another process, in real time. After the kill, `pos-till payment
resolve` (what the window runs at start) finishes the payment; payment_checks.verdict then asks the cloud
about every attempt the till wrote. benchmarks/bench_payment_crashes.py runs 200+ random kill points.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloud.channel_cipher import ChannelCipher
from cloud.config import Settings
from cloud.pairing import new_pairing_code
from cloud.sandbox_setup import set_sandbox_channels
from cloud.tenants import create_merchant, create_store
from pos_app.clock import SystemClock
from sync.pairing import pair
from tests.cloud.payments.support import code
from tests.e2e.conftest import CloudProcess
from tests.e2e.payment_checks import verdict
from tests.support import make_till

CHILD = [sys.executable, "-m", "tests.e2e.payment_child"]
POS_TILL = [sys.executable, "-m", "ui.cli"]


@pytest.fixture(scope="module")
def paying_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CloudProcess]:
    process = CloudProcess(f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}", "--sandbox")
    process.start()
    try:
        yield process
    finally:
        process.kill()
        process.db.engine.dispose()


def paired_till(cloud: CloudProcess, folder: Path) -> Path:
    """A till with a cashier and the small catalog, paired with a new merchant that pays via the sandbox."""
    clock = SystemClock()
    merchant = create_merchant(cloud.db, clock, f"好邻居-{folder.parent.name}")
    store = create_store(cloud.db, clock, str(merchant), "徐汇店")
    set_sandbox_channels(
        cloud.db, ChannelCipher(Settings(db_url=cloud.db_url)), clock, str(merchant), cloud.url
    )
    till, _, _ = make_till(folder)
    pair(till, cloud.url, new_pairing_code(cloud.db, clock, str(store), ttl_seconds=600).code)
    till.close()
    return folder


def pay_and_die(data_dir: Path, payment_code: str, step: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CHILD, str(data_dir), payment_code, "--die-at", step], capture_output=True, text=True, timeout=120
    )


def resolve(data_dir: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [*POS_TILL, "--data-dir", str(data_dir), "payment", "resolve"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize(
    ("step", "tail", "outcome"),
    [
        ("before_send", "05", "nothing_charged"),  # written, never sent: the number is closed at the cloud
        ("after_send", "05", "completed"),  # charged, the answer died with the till: the sale is made
        ("waiting", "22", "completed"),  # the customer was typing the password: paid a moment later
        ("after_success", "11", "completed"),  # paid, the sale not stored: stored from the saved cart
    ],
)
def test_a_till_killed_mid_payment_charges_once_and_sells_once(
    paying_cloud: CloudProcess, tmp_path: Path, step: str, tail: str, outcome: str
) -> None:
    data_dir = paired_till(paying_cloud, tmp_path / "till")
    died = pay_and_die(data_dir, code("wechat", tail), step)
    assert died.returncode == -9, died.stderr  # SIGKILL, at the step
    (resolution,) = resolve(data_dir)
    assert resolution["outcome"] == outcome
    if outcome == "completed":
        assert "补记为订单" in str(resolution["message"])
    result = verdict(data_dir)
    assert result.ok, result.detail
    assert (result.sales, result.charged) == ((1, 1) if outcome == "completed" else (0, 0))
    assert resolve(data_dir) == []  # a second start finds nothing left to do


def test_a_payment_the_till_survives_is_left_alone_by_the_resolver(
    paying_cloud: CloudProcess, tmp_path: Path
) -> None:
    data_dir = paired_till(paying_cloud, tmp_path / "till")
    done = subprocess.run(
        [*CHILD, str(data_dir), code("alipay", "03")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and "sold" in done.stdout, done.stderr
    assert resolve(data_dir) == []
    result = verdict(data_dir)
    assert result.ok and (result.sales, result.charged) == (1, 1), result.detail
