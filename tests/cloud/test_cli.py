"""`pos-cloud` as an admin runs it (a subprocess on the module's database), and the sales report."""

from __future__ import annotations

import json
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import requests

from cloud.db import Database
from cloud.tenants import create_merchant, create_store
from pos_app.clock import SystemClock
from tests.cloud.conftest import DeviceAuth, LiveCloud, make_store, pair_device, run_cli
from tests.cloud.events import order_event, statuses, void_event

GOOD_CSV = "条码,品名,售价,单位,分类,税率\n6901234567892,可口可乐 330ml,3.50,瓶,饮料,13%\n10001,苹果 红富士,9.80,千克,水果,9%\n"
BAD_CSV = "条码,品名,售价\n6901234567892,可乐,abc\n6901234567890,水,2\n,空条码,1\n"


def _last(out: str) -> str:
    return out.strip().splitlines()[-1]


def test_an_admin_sets_up_a_shop_and_pairs_a_till(cloud: LiveCloud, tmp_path: Path) -> None:
    merchant = f"好又多-{secrets.token_hex(3)}"
    made = run_cli("merchant", "create", merchant, db_url=cloud.db_url)
    assert made.returncode == 0, made.stderr
    merchant_id = uuid.UUID(_last(made.stdout))
    store = run_cli("--db", cloud.db_url, "store", "create", merchant, "人民路店")  # --db first
    assert store.returncode == 0, store.stderr
    store_id = _last(store.stdout)
    where = f"{merchant}/人民路店"
    code = run_cli("device", "pairing-code", where, db_url=cloud.db_url)
    assert code.returncode == 0, code.stderr
    assert len(_last(code.stdout)) == 8 and _last(code.stdout).isdigit()
    body = {"code": _last(code.stdout), "device_uuid": str(uuid.uuid4()), "device_name": "一号机"}
    paired = requests.post(f"{cloud.url}/v1/devices/pair", json=body, timeout=30).json()
    assert paired["store_id"] == store_id and paired["merchant_id"] == str(merchant_id)

    csv = tmp_path / "goods.csv"
    csv.write_bytes(GOOD_CSV.encode("gb18030"))  # as Excel in China saves it
    commands = (
        ("cashier", "add", where, "王五", "--role", "manager", "--pin", "4321"),
        ("catalog", "import", store_id, str(csv)),
        ("device", "list", store_id),
    )
    with ThreadPoolExecutor(3) as pool:
        cashier, imported, listed = pool.map(lambda args: run_cli(*args, db_url=cloud.db_url), commands)
    assert cashier.returncode == 0, cashier.stderr
    uuid.UUID(_last(cashier.stdout))
    assert imported.returncode == 0, imported.stderr
    assert "2 new" in imported.stdout
    assert paired["device_id"] in listed.stdout and "一号机" in listed.stdout and "active" in listed.stdout

    revoked = run_cli("device", "revoke", paired["device_id"], db_url=cloud.db_url)
    assert revoked.returncode == 0 and "revoked" in revoked.stdout
    with requests.Session() as session:
        session.auth = DeviceAuth(paired["device_id"], paired["device_secret"])
        assert session.get(f"{cloud.url}/v1/sync/catalog", timeout=30).status_code == 403


def test_a_bad_csv_lists_every_bad_row_and_changes_nothing(cloud: LiveCloud, tmp_path: Path) -> None:
    shop = make_store(cloud)
    csv = tmp_path / "bad.csv"
    csv.write_text(BAD_CSV, encoding="utf-8")
    done = run_cli("catalog", "import", str(shop.store_id), str(csv), db_url=cloud.db_url)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "nothing was changed" in done.stderr
    for line in ("line 2:", "line 3:", "line 4:"):
        assert line in done.stderr, done.stderr
    with pair_device(cloud, shop.store_id).session(cloud) as session:
        assert session.get("/v1/sync/catalog").json()["products"] == []


def test_errors_are_one_line_without_a_traceback(tmp_path: Path) -> None:
    """Argument and lookup errors do not depend on the backend: one SQLite file, no service."""
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    db = Database(db_url)
    create_merchant(db, SystemClock(), "好又多")
    store_id = str(create_store(db, SystemClock(), "好又多", "总店"))
    db.close()
    cases = (
        (("merchant", "create", "好又多"), 1, "error: a merchant named '好又多' already exists\n"),
        (("store", "create", "没有这个商户", "店"), 1, "no merchant"),
        (("device", "pairing-code", str(uuid.uuid4())), 1, "no store"),
        (("device", "revoke", "abc"), 1, "no device"),
        (("cashier", "add", store_id, "赵六", "--pin", "12"), 1, "4 to 6 digits"),
        (("catalog", "import", store_id, str(tmp_path / "missing.csv")), 1, "cannot read"),
        (("report", "sales", "--store", store_id, "--date", "2026-13-01"), 2, "invalid"),
        (("merchant",), 2, "required"),
    )
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda case: run_cli(*case[0], db_url=db_url), cases))
        unusable = pool.submit(
            run_cli, "merchant", "create", "x", db_url="postgresql+psycopg://nobody@127.0.0.1:1/none"
        ).result()
    for (args, code, words), done in zip(cases, runs, strict=True):
        assert done.returncode == code, (args, done.stderr)
        assert words in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert unusable.returncode == 1 and "database cannot be used" in unusable.stderr
    assert unusable.stderr.count("\n") == 1


def test_the_sales_report_adds_up_to_the_fen(cloud: LiveCloud) -> None:
    shop = make_store(cloud)
    day, next_day = date(2026, 11, 25), date(2026, 11, 26)
    events = [
        order_event(lines=3, price_fen=333, kind="cash", day=day),  # 999
        order_event(lines=1, price_fen=1201, kind="wechat", day=day),
        order_event(lines=2, price_fen=5, kind="alipay", day=day),  # 10
        order_event(lines=1, price_fen=777, kind="cash", day=next_day),
    ]
    voided = order_event(lines=2, price_fen=250, kind="cash", day=day)  # 500, voided
    with pair_device(cloud, shop.store_id).session(cloud) as session:
        sent = [*events, voided, void_event(voided["order"]["uuid"])]
        assert statuses(session.post("/v1/sync/push", json={"events": sent})) == ["stored"] * 6
    store = str(shop.store_id)
    commands = (
        ("report", "sales", "--store", store, "--date", "2026-11-25", "--json"),
        ("report", "sales", "--store", store, "--json"),
        ("report", "sales", "--store", store),
    )
    with ThreadPoolExecutor(3) as pool:
        done, every_day, text = pool.map(lambda args: run_cli(*args, db_url=cloud.db_url), commands)
    assert done.returncode == 0, done.stderr
    assert json.loads(_last(done.stdout)) == {
        "store": str(shop.store_id),
        "date": "2026-11-25",
        "orders": 3,
        "total_fen": 2210,
        "voided_orders": 1,
        "voided_fen": 500,
        "refunds": 0,
        "refunds_fen": 0,
        "net_fen": 2210,
        "by_tender": {"alipay": 10, "cash": 999, "wechat": 1201},
    }
    report = json.loads(_last(every_day.stdout))
    assert (report["date"], report["orders"], report["total_fen"]) == (None, 4, 2987)
    assert report["by_tender"] == {"alipay": 10, "cash": 1776, "wechat": 1201}
    assert "29.87" in text.stdout
