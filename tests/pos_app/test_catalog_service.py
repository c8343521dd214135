"""Importing the shop's CSV into the store: all rows or none, updates by barcode, export round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.errors import CatalogImportError
from tests.support import make_till

GOOD = "条码,品名,售价,单位,分类,税率\n6901234567892,可口可乐 330ml,3.50,瓶,饮料,13%\n10009,散装花生,16.80,千克,零食,9%\n"


def test_a_gbk_file_from_excel_imports_with_chinese_headers(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path / "till")
    path = tmp_path / "catalog.csv"
    path.write_bytes(GOOD.replace("可口可乐 330ml", "可口可乐 新包装").encode("gbk"))
    result = till.catalog.import_file(path)
    assert (result.created, result.updated) == (1, 1)  # the cola existed: updated by its barcode
    cola = till.catalog.by_barcode("6901234567892")
    assert cola is not None and cola.name == "可口可乐 新包装" and cola.initials == "kkklxbz"
    peanut = till.catalog.by_barcode("10009")
    assert peanut is not None and peanut.weighed and peanut.price_fen == 1680 and peanut.tax_rate_bp == 900
    assert [p.name for p in till.catalog.search("shhs")] == []  # initials of 散装花生 are szhs
    assert [p.name for p in till.catalog.search("szhs")] == ["散装花生"]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path / "till")
    before = till.catalog.count()
    path = tmp_path / "bad.csv"
    path.write_text(
        "barcode,name,price\n6901234567892,可乐,3.80\n6901234567891,坏条码,1.00\n6920000000000,坏价格,\"1,2.3\"\n"
        "6921168509256,负价格,-5\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogImportError) as err:
        till.catalog.import_file(path)
    assert sorted({row.line for row in err.value.rows}) == [3, 4, 5]
    assert any("1,2.3" in str(row) for row in err.value.rows)
    assert till.catalog.count() == before
    cola = till.catalog.by_barcode("6901234567892")
    assert cola is not None and cola.price_fen == 350  # not the 3.80 of the refused file


def test_export_writes_what_import_reads_back_unchanged(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path / "till")
    out = tmp_path / "export.csv"
    assert till.catalog.export_file(out) == till.catalog.count()
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    before = {p.id: p for p in till.catalog.index().products}
    result = till.catalog.import_file(out)
    assert (result.created, result.updated) == (0, len(before))
    assert {p.id: p for p in till.catalog.index().products} == before


def test_a_second_barcode_finds_the_same_product(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path)
    first, second = till.catalog.by_barcode("6920459905012"), till.catalog.by_barcode("036000291452")
    assert first is not None and first == second


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path)
    with pytest.raises(CatalogImportError) as err:
        till.catalog.import_file(tmp_path / "nope.csv")
    assert "无法读取" in str(err.value.rows[0]) and "nope.csv" in str(err.value.rows[0])


def test_import_progress_only_goes_up_and_ends_after_the_commit(tmp_path: Path) -> None:
    till, _, _ = make_till(tmp_path / "till")
    path = tmp_path / "many.csv"
    rows = [f"{i:05d},商品{i},1.00" for i in range(10_000, 35_000)]
    path.write_text("条码,品名,售价\n" + "\n".join(rows) + "\n", encoding="utf-8")
    seen: list[tuple[int, int]] = []
    till.catalog.import_file(path, lambda done, total: seen.append((done, total)))
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(seen) > 10
    assert seen[-1] == (50_000, 50_000) and {t for _, t in seen} == {50_000}
    assert till.catalog.count() == 25_000 + 7 - 2  # 10001 and 10002 were there already: updated
