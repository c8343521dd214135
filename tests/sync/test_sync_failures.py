"""What the till says when it cannot sync, against the real cloud: nothing lost, the reason in plain words."""

from __future__ import annotations

import json
import logging
import re
import socket
import stat
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cloud.devices import revoke_device
from pos_app.services.till import Till
from pos_app.store.models import OutboxRow
from pos_app.sync_errors import CloudUnreachable, PairingRefused
from sync import client as client_module
from sync.credentials import CREDENTIALS_FILE, Credentials, load, save
from sync.pairing import pair
from sync.worker import connect, run_once
from tests.cloud.conftest import LiveCloud, MovableClock, pairing_code
from tests.support import make_till
from tests.sync.cloud_shop import COLA, open_cloud_shop
from tests.sync.conftest import pos_till
from tests.sync.support import sell


def pending(till: Till) -> int:
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def test_an_unpaired_till_says_how_to_pair(tmp_path: Path) -> None:
    make_till(tmp_path)
    result = pos_till(tmp_path, "sync", "--once")
    assert result.returncode == 1 and "尚未绑定" in result.stderr and "pos-till pair" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_wrong_or_expired_pairing_code_is_refused_in_plain_words(
    cloud: LiveCloud, clock: MovableClock, tmp_path: Path
) -> None:
    shop = open_cloud_shop(cloud)
    make_till(tmp_path)
    code = pairing_code(cloud, shop.store_ref)
    wrong = "0" * 8 if code != "0" * 8 else "1" * 8
    result = pos_till(tmp_path, "pair", "--cloud", cloud.url, "--code", wrong)
    assert result.returncode == 1 and "绑定码不正确" in result.stderr
    clock.advance(seconds=601)
    expired = pos_till(tmp_path, "pair", "--cloud", cloud.url, "--code", code)
    assert expired.returncode == 1 and "已过期" in expired.stderr
    assert not (tmp_path / CREDENTIALS_FILE).exists()
    till = Till(tmp_path)
    with pytest.raises(PairingRefused) as err:
        pair(till, cloud.url, code)
    assert (err.value.status, err.value.code) == (410, "pairing_code_expired")
    assert not till.sync_state.is_paired()


def test_offline_and_revoked_tills_keep_their_sales_and_say_why(cloud: LiveCloud, tmp_path: Path) -> None:
    shop = open_cloud_shop(cloud)
    till, cashier, _ = make_till(tmp_path)
    paired = pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    for _ in range(3):
        sell(till, cashier, COLA)
    real = load(tmp_path, paired=True)
    with socket.socket() as closed:  # a port where nothing listens
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
    save(tmp_path, Credentials(dead, real.device_id, real.device_secret), _pepper(cloud, shop.store_ref))
    offline = pos_till(tmp_path, "sync", "--once")
    assert offline.returncode == 1 and "无法连接云端" in offline.stderr and "稍后自动上传" in offline.stderr
    assert pending(till) == 3 and "无法连接云端" in till.sync_state.status().last_error

    save(tmp_path, real, _pepper(cloud, shop.store_ref))
    revoke_device(cloud.db, cloud.clock, paired.device_id)
    revoked = pos_till(tmp_path, "sync", "--once")
    assert revoked.returncode == 1 and "停用" in revoked.stderr and "重新绑定" in revoked.stderr
    assert pending(till) == 3


def _pepper(cloud: LiveCloud, store_ref: str) -> str:
    from cloud.tenants import find_store

    with cloud.db.read() as conn:
        return find_store(conn, store_ref).pin_pepper


def test_a_till_clock_an_hour_off_still_syncs_and_the_skew_is_reported(
    cloud: LiveCloud, clock: MovableClock, tmp_path: Path
) -> None:
    shop = open_cloud_shop(cloud)
    till, cashier, _ = make_till(tmp_path)
    pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    sell(till, cashier, COLA)
    clock.advance(hours=1)  # the cloud's clock is an hour ahead of the till's
    result = pos_till(tmp_path, "sync", "--once")
    assert result.returncode == 0, result.stderr
    assert "新存 1" in result.stdout and re.search(r"时钟偏差 \+(359\d|360\d) 秒", result.stdout)
    skew = till.sync_state.status().clock_skew_s
    assert skew is not None and abs(skew - 3600) <= 2 and till.sync_state.status().clock_is_off


def test_the_secret_stays_in_its_0600_file_never_in_output_or_logs(
    cloud: LiveCloud, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    shop = open_cloud_shop(cloud)
    till, cashier, _ = make_till(tmp_path)
    caplog.set_level(logging.DEBUG)
    paired = pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    sell(till, cashier, COLA)
    client = connect(till)
    summary = run_once(till, client)
    client.close()
    assert summary.ok and summary.push.stored == 1
    creds = load(tmp_path, paired=True)
    for name in (CREDENTIALS_FILE, "merchant-pepper.key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically: no temporary left behind
    assert creds.device_secret not in caplog.text and "/v1/sync/push" in caplog.text
    assert creds.device_secret not in repr(creds) + repr(paired) + str(summary)
    assert json.loads((tmp_path / CREDENTIALS_FILE).read_text())["device_id"] == paired.device_id
    listed = pos_till(tmp_path, "sync", "--once")
    assert listed.returncode == 0 and creds.device_secret not in listed.stdout + listed.stderr


def test_a_cloud_that_accepts_but_never_answers_times_out_as_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    monkeypatch.setattr(client_module, "READ_TIMEOUT_S", 0.5)
    assert (client_module.CONNECT_TIMEOUT_S, 15.0) == (3.0, 15.0)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    client = client_module.SyncClient(url, Credentials(url, "d", "s" * 43))
    started = time.monotonic()
    with pytest.raises(CloudUnreachable) as err:
        client.pull("catalog", 0, 10)
    assert time.monotonic() - started < 5 and err.value.detail == "timed out"
    server.close()


def test_the_window_learns_a_runs_outcome_as_one_json_object(tmp_path: Path) -> None:
    make_till(tmp_path)
    result = pos_till(tmp_path, "sync", "--once", "--json")
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 1 and "尚未绑定" in outcome["error"]
    assert outcome["retry"] is False and outcome["offline"] is False  # pair first; retrying changes nothing
