"""Pulling catalog and cashiers from a fake cloud at the port: the cloud becomes the master, nothing is lost."""

from __future__ import annotations

import base64
import threading
import time
import uuid
from pathlib import Path

import pytest

from pos_app.errors import WrongPin
from pos_app.pin_hash import hash_pin
from pos_app.services.auth import Role
from pos_app.sync_errors import CatalogFromCloud, CloudUnreachable
from sync.credentials import Credentials, save
from sync.pull import Pull
from tests.support import CASHIER_PIN, SMALL_CATALOG, make_till
from tests.sync.support import FakeCloud, cloud_product

PEPPER = base64.urlsafe_b64encode(b"m" * 32).decode()
COLA, WATER, GUM = "6901234567892", "6920459905012", "96385074"


def u() -> str:
    return str(uuid.uuid4())


def paired(tmp_path: Path):  # type: ignore[no-untyped-def]
    till, cashier, manager = make_till(tmp_path)
    save(tmp_path, Credentials("http://cloud.test", u(), "s" * 43), PEPPER)
    till.sync_state.record_pairing("http://cloud.test", u(), "好又多", "徐汇店")
    return till, cashier, manager


def pull(till, cloud: FakeCloud, page_size: int = 5000):  # type: ignore[no-untyped-def]
    report = Pull(till.store, cloud, till.clock, page_size).run()
    till.catalog.changed()
    return report


def test_an_empty_cloud_catalog_leaves_the_tills_own_on_sale_until_the_cloud_has_one(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    assert pull(till, cloud).deactivated_products == 0
    assert till.catalog.count() == len(SMALL_CATALOG)
    cloud.products = [cloud_product(u(), "康师傅 冰红茶 500ml", ["6920202888883"], 300, 1)]
    report = pull(till, cloud)
    assert (report.products, report.deactivated_products) == (1, len(SMALL_CATALOG))
    assert till.catalog.count() == 1


def test_the_first_pull_makes_the_cloud_the_master_of_the_catalog(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    local_cola = till.catalog.by_barcode(COLA)
    assert local_cola is not None
    till.catalog.set_quick_keys([local_cola.id, till.catalog.by_barcode(GUM).id])  # type: ignore[union-attr]
    cloud = FakeCloud()
    cola_uuid, tea_uuid = u(), u()
    cloud.products = [
        cloud_product(cola_uuid, "可口可乐 330ml 罐装", [COLA], 380, 1),
        cloud_product(tea_uuid, "康师傅 冰红茶 500ml", ["6920202888883"], 300, 2),
    ]
    report = pull(till, cloud, page_size=1)
    assert (report.products, report.deactivated_products, report.error) == (2, len(SMALL_CATALOG) - 1, None)
    cola = till.catalog.by_barcode(COLA)
    assert cola is not None and cola.id == local_cola.id  # the same row: past order lines still point at it
    assert (cola.name, cola.price_fen) == ("可口可乐 330ml 罐装", 380)
    assert till.catalog.by_barcode(GUM) is None and till.catalog.by_barcode(WATER) is None
    assert till.catalog.by_barcode("6920202888883") is not None
    assert [p.id for p in till.catalog.quick_keys()] == [cola.id]  # the withdrawn product's key is gone
    assert till.catalog.count() == 2
    with till.store.read() as session:
        from pos_app.store.models import ProductRow

        assert session.get_one(ProductRow, cola.id).uuid == cola_uuid


def test_an_interrupted_first_pull_starts_over_and_still_retires_only_what_the_cloud_lacks(
    tmp_path: Path,
) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    cloud.products = [
        cloud_product(u(), f"商品{i}", [code], 100 + i, i + 1) for i, code in enumerate([COLA, GUM])
    ]

    class DropsAfterOnePage(FakeCloud):
        def pull(self, feed, after, limit):  # type: ignore[no-untyped-def]
            if after > 0:
                raise CloudUnreachable("no connection")
            return cloud.pull(feed, after, limit)

    first = pull(till, DropsAfterOnePage(), page_size=1)
    assert isinstance(first.error, CloudUnreachable) and first.products == 1
    assert till.catalog.count() == len(SMALL_CATALOG)  # nothing retired on half a catalog
    second = pull(till, cloud, page_size=1)
    assert second.error is None and second.products == 2 and till.catalog.count() == 2
    assert till.catalog.by_barcode(GUM).price_fen == 101  # type: ignore[union-attr]


def test_later_pulls_move_barcodes_and_withdraw_products_by_version(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    a, b = u(), u()
    cloud.products = [
        cloud_product(a, "旧包装", [COLA, "111"], 350, 1),
        cloud_product(b, "新包装", [WATER], 200, 2),
    ]
    pull(till, cloud)
    cloud.products += [cloud_product(b, "新包装", [WATER, COLA], 360, 3)]  # the code moves from a to b
    report = pull(till, cloud)
    assert report.products == 1  # only what changed since the cursor
    assert till.catalog.by_barcode(COLA).name == "新包装"  # type: ignore[union-attr]
    assert till.catalog.by_barcode("111").name == "旧包装"  # type: ignore[union-attr]
    cloud.products.append(cloud_product(a, "旧包装", [COLA, "111"], 350, 4, active=False))
    pull(till, cloud)
    assert till.catalog.by_barcode("111") is None and till.catalog.by_barcode(COLA).name == "新包装"  # type: ignore[union-attr]
    assert pull(till, cloud).products == 0


def test_a_product_in_a_unit_the_till_cannot_sell_is_kept_inactive_and_reported(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    odd = u()
    cloud.products = [cloud_product(odd, "散装米", ["22001"], 500, 1, unit="斗")]
    report = pull(till, cloud)
    assert report.skipped == [(odd, "unit '斗' is unknown to the till")]
    assert till.catalog.by_barcode("22001") is None


def test_cloud_cashiers_sign_in_with_the_merchants_pepper_and_retire_the_local_accounts(
    tmp_path: Path,
) -> None:
    till, cashier, manager = paired(tmp_path)
    pepper = base64.urlsafe_b64decode(PEPPER)
    cloud = FakeCloud()
    boss, clerk = u(), u()
    cloud.cashiers = [
        {
            "uuid": clerk,
            "name": "张三",
            "role": "cashier",
            "pin_hash": hash_pin(pepper, "2468"),
            "active": True,
            "version": 1,
        },
    ]
    pull(till, cloud)
    names = {c.name: c for c in till.auth.cashiers()}
    assert set(names) == {"张三（本机）", "李店长", "张三"}  # the local 张三 keeps working under a new name
    assert till.auth.login(names["张三"].id, "2468").name == "张三"
    with pytest.raises(WrongPin):
        till.auth.login(names["张三"].id, CASHIER_PIN)  # the till's own pepper does not open a cloud hash
    assert till.auth.login(cashier.id, CASHIER_PIN).name == "张三（本机）"
    cloud.cashiers.append(
        {
            "uuid": boss,
            "name": "王店长",
            "role": "manager",
            "pin_hash": hash_pin(pepper, "1357"),
            "active": True,
            "version": 2,
        }
    )
    report = pull(till, cloud)
    assert (report.cashiers, report.deactivated_cashiers) == (1, 2)
    assert {(c.name, c.role) for c in till.auth.cashiers()} == {
        ("张三", Role.CASHIER),
        ("王店长", Role.MANAGER),
    }
    assert [m.name for m in till.auth.managers()] == ["王店长"]
    assert manager.id not in {c.id for c in till.auth.cashiers()}


def test_a_paired_till_refuses_a_csv_import_with_a_clear_message(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    csv = tmp_path / "catalog.csv"
    csv.write_text("条码,品名,售价\n6901234567892,可乐,3.50\n", encoding="utf-8-sig")
    with pytest.raises(CatalogFromCloud) as err:
        till.catalog.import_file(csv)
    assert "云端" in err.value.zh and "cloud" in err.value.en
    with pytest.raises(CatalogFromCloud):
        till.catalog.import_rows(list(SMALL_CATALOG))


def test_two_sync_runs_at_once_apply_each_page_once_and_agree(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    cloud.products = [cloud_product(u(), f"商品{i}", [f"2{i:06d}"], 100 + i, i + 1) for i in range(30)]

    class Slow(FakeCloud):
        def pull(self, feed, after, limit):  # type: ignore[no-untyped-def]
            time.sleep(0.05)
            return cloud.pull(feed, after, limit)

    reports = []
    runs = [
        threading.Thread(target=lambda: reports.append(pull(till, Slow(), page_size=4))) for _ in range(2)
    ]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert [r.error for r in reports] == [None, None]
    assert till.catalog.count() == 30 and till.catalog.by_barcode("2000029").price_fen == 129  # type: ignore[union-attr]
    assert pull(till, cloud).products == 0


class CountingActivity:
    """Stands in for the cashier marker: counts how often the pull asked for a quiet moment."""

    def __init__(self) -> None:
        self.waits = 0

    def wait_for_quiet(self) -> None:
        self.waits += 1


def test_a_pull_writes_in_small_transactions_each_after_a_quiet_moment(tmp_path: Path) -> None:
    till, _, _ = paired(tmp_path)
    cloud = FakeCloud()
    cloud.products = [
        cloud_product(u(), f"商品 {i}", [f"2{i:012d}"], 100 + i, i + 1) for i in range(1, 1201)
    ]
    activity = CountingActivity()
    report = Pull(till.store, cloud, till.clock, 5000, activity).run()  # type: ignore[arg-type]
    assert report.products == 1200 and report.error is None
    assert activity.waits == 1 + 3  # before the page, and before each of its 3 chunks of 500
    with till.store.read() as session:
        from pos_app.store.models import SyncStateRow

        assert session.get_one(SyncStateRow, 1).catalog_cursor == 1201
