"""Catalog and cashiers pulled by version cursor; a re-import bumps versions and deactivates products."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloud.cashiers import add_cashier
from cloud.catalog import import_file, import_rows
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from pos_app.errors import CatalogImportError
from pos_app.pin_hash import pin_matches
from sync.protocol import CashierPage, CatalogPage, Product
from tests.cloud.conftest import BaseUrlSession, LiveCloud, Paired, Shop, make_store, pair_device


def _gtin(n: int) -> str:
    """A valid EAN-13 from 690 + n."""
    body = f"690{n:09d}"
    odd = sum(int(d) for d in body[0::2])
    even = sum(int(d) for d in body[1::2])
    return body + str((10 - (odd + 3 * even) % 10) % 10)


def _rows(count: int, price: int = 100, start: int = 0) -> list[CatalogRow]:
    return [
        CatalogRow(i + 2, (_gtin(start + i),), f"商品 {start + i}", price, Unit.PIECE, "杂货", 1300)
        for i in range(count)
    ]


def _pull_all(session: BaseUrlSession, after: int = 0, limit: int = 7) -> tuple[list[Product], int, int]:
    products: list[Product] = []
    pages = 0
    while True:
        answer = session.get("/v1/sync/catalog", params={"after": after, "limit": limit})
        assert answer.status_code == 200, answer.text
        page = CatalogPage.model_validate(answer.json())
        pages += 1
        products += page.products
        after = page.next_cursor
        if not page.has_more:
            return products, after, pages


def test_the_catalog_is_pulled_page_by_page_by_cursor(
    cloud: LiveCloud, shop: Shop, signed: BaseUrlSession
) -> None:
    result = import_rows(cloud.db, shop.store_id, _rows(30))
    assert (result.created, result.version) == (30, 30)
    products, cursor, pages = _pull_all(signed)
    assert len(products) == 30 and len({p.uuid for p in products}) == 30
    assert [p.version for p in products] == sorted(p.version for p in products)
    assert cursor == 30 and pages == 5
    assert products[0].barcodes == [_gtin(0)] and products[0].price_fen == 100
    nothing, same, _ = _pull_all(signed, after=cursor)
    assert nothing == [] and same == cursor


def test_a_re_import_bumps_changed_products_and_deactivates_missing_ones(
    cloud: LiveCloud, shop: Shop, signed: BaseUrlSession
) -> None:
    import_rows(cloud.db, shop.store_id, _rows(10))
    _, cursor, _ = _pull_all(signed)
    rows = _rows(10)[:8]  # the last two are gone
    rows[0] = CatalogRow(2, rows[0].barcodes, rows[0].name, 120, Unit.PIECE, "杂货", 1300)  # new price
    rows.append(CatalogRow(20, (_gtin(100),), "新商品", 990, Unit.KG, "水果", 900))
    result = import_rows(cloud.db, shop.store_id, rows)
    assert (result.created, result.updated, result.deactivated, result.unchanged) == (1, 1, 2, 7)
    changed, new_cursor, _ = _pull_all(signed, after=cursor)
    assert new_cursor == result.version == cursor + 4
    by_name = {p.name: p for p in changed}
    assert set(by_name) == {"商品 0", "新商品", "商品 8", "商品 9"}
    assert by_name["商品 0"].price_fen == 120 and by_name["商品 0"].active
    assert not by_name["商品 8"].active and not by_name["商品 9"].active
    assert by_name["新商品"].unit == "kg"
    # back again: reactivated with a new version, never a second product
    again = import_rows(cloud.db, shop.store_id, _rows(10))
    assert (again.created, again.updated) == (0, 3)


def test_a_bad_csv_changes_nothing(cloud: LiveCloud, shop: Shop, tmp_path: Path) -> None:
    import_rows(cloud.db, shop.store_id, _rows(3))
    bad = tmp_path / "bad.csv"
    bad.write_text(f"条码,品名,售价\n{_gtin(0)},可乐,abc\n6901234567890,水,2\n", encoding="utf-8")
    with pytest.raises(CatalogImportError) as caught:
        import_file(cloud.db, str(shop.store_id), bad)
    assert [row.line for row in caught.value.rows] == [2, 3]
    store_id = shop.store_id
    with pair_device(cloud, store_id).session(cloud) as session:
        products, cursor, _ = _pull_all(session)
    assert len(products) == 3 and cursor == 3


def test_rows_naming_one_product_twice_are_refused(cloud: LiveCloud, shop: Shop) -> None:
    first = CatalogRow(2, (_gtin(1), _gtin(2)), "一个商品两个码", 100, Unit.PIECE, "杂货", 1300)
    import_rows(cloud.db, shop.store_id, [first])
    split = [
        CatalogRow(2, (_gtin(1),), "甲", 100, Unit.PIECE, "杂货", 1300),
        CatalogRow(3, (_gtin(2),), "乙", 100, Unit.PIECE, "杂货", 1300),
    ]
    with pytest.raises(CatalogImportError) as caught:
        import_rows(cloud.db, shop.store_id, split)
    assert [row.line for row in caught.value.rows] == [3]


def test_cashiers_are_pulled_with_hashes_the_till_can_check(cloud: LiveCloud) -> None:
    shop = make_store(cloud)
    add_cashier(cloud.db, str(shop.store_id), "张三", "cashier", "1234")
    add_cashier(cloud.db, str(shop.store_id), "李店长", "manager", "9999")
    till: Paired = pair_device(cloud, shop.store_id)
    with till.session(cloud) as session:
        first = CashierPage.model_validate(session.get("/v1/sync/cashiers", params={"limit": 1}).json())
        rest = CashierPage.model_validate(
            session.get("/v1/sync/cashiers", params={"after": first.next_cursor}).json()
        )
    assert [c.name for c in first.cashiers] == ["张三"] and first.has_more
    assert [c.name for c in rest.cashiers] == ["李店长"] and not rest.has_more
    manager = rest.cashiers[0]
    assert manager.role == "manager" and manager.active
    import base64

    pepper = base64.urlsafe_b64decode(till.pin_pepper)
    assert pin_matches(pepper, manager.pin_hash, "9999")
    assert not pin_matches(pepper, manager.pin_hash, "1234")


def test_a_pull_past_the_page_limit_is_invalid(signed: BaseUrlSession) -> None:
    for params in ({"limit": 5001}, {"limit": 0}, {"after": -1}, {"after": "x"}):
        answer = signed.get("/v1/sync/catalog", params=params)
        assert answer.status_code == 422, params
        assert answer.json()["code"] == "invalid_payload"
