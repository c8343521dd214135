"""Finding products as the cashier types: barcode, name, pinyin initials."""

from __future__ import annotations

from pos_app.catalog import Product, Unit
from pos_app.catalog_search import SearchIndex
from pos_app.pinyin import initials


def make(pid: int, name: str, codes: tuple[str, ...] = ()) -> Product:
    return Product(pid, name, 100, Unit.PIECE, "饮料", 1300, codes or (f"69{pid:011d}",), initials(name))


INDEX = SearchIndex(
    [make(1, "可口可乐 330ml"), make(2, "百事可乐 600ml"), make(3, "农夫山泉 550ml", ("6921168509256",)),
     make(4, "可比克薯片"), make(5, "乐事薯片 原味")]
)


def test_pinyin_initials_of_chinese_names() -> None:
    assert initials("可口可乐") == "kkkl"
    assert initials("可口可乐 330ml") == "kkkl330ml"


def test_initials_find_the_product() -> None:
    assert [p.name for p in INDEX.search("kkkl")] == ["可口可乐 330ml"]


def test_initials_prefix_matches_come_before_matches_inside() -> None:
    names = [p.name for p in INDEX.search("kl")]
    assert names[0] == "可口可乐 330ml" or names[0].startswith("可")
    assert set(names) >= {"可口可乐 330ml", "百事可乐 600ml"}


def test_part_of_the_chinese_name_finds_every_product_that_holds_it() -> None:
    assert {p.id for p in INDEX.search("可乐")} == {1, 2}
    assert {p.id for p in INDEX.search("薯片")} == {4, 5}


def test_a_full_barcode_comes_first_and_part_of_one_also_matches() -> None:
    assert INDEX.search("6921168509256")[0].id == 3
    assert [p.id for p in INDEX.search("16850")] == [3]


def test_limit_and_empty_queries() -> None:
    assert len(INDEX.search("l", limit=2)) == 2
    assert INDEX.search("   ") == []
    assert INDEX.search("不存在的商品") == []
