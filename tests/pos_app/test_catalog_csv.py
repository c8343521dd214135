"""Reading shop spreadsheets: encodings, headers, every kind of bad row, Excel's habits, the demo catalog."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.barcodes import gtin_check_digit, is_valid_gtin
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow, decode_csv_bytes, parse_catalog
from pos_app.errors import CatalogImportError, RowError
from pos_app.money import format_yuan

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "demo" / "catalog.csv"

COLA = "6901234567892"  # valid EAN-13
SPRITE = "6901234567809"
NOODLES = "6920152400012"
CHINESE_FILE = (
    "条码,品名,售价,单位,分类,税率\r\n"
    f"{COLA},可口可乐 330ml,3.00,瓶,饮料,13%\r\n"
    f"{SPRITE};{NOODLES},雪碧 500ml,3.5,个,饮料,13%\r\n"
    "10001,苹果 红富士,9.80,千克,水果,9%\r\n"
)
EXPECTED = [
    CatalogRow(2, (COLA,), "可口可乐 330ml", 300, Unit.PIECE, "饮料", 1300),
    CatalogRow(3, (SPRITE, NOODLES), "雪碧 500ml", 350, Unit.PIECE, "饮料", 1300),
    CatalogRow(4, ("10001",), "苹果 红富士", 980, Unit.KG, "水果", 900),
]


def ean13(n: int) -> str:
    body = f"69{n:010d}"
    return body + str(gtin_check_digit(body))


def errors_of(text: str) -> list[RowError]:
    with pytest.raises(CatalogImportError) as caught:
        parse_catalog(text)
    return caught.value.rows


def one_row(cells: str, header: str = "barcode,name,price,unit,category,tax_rate") -> str:
    return f"{header}\n{cells}\n"


# -- encodings -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_utf8_with_or_without_bom_and_gbk_files_give_the_same_rows(encoding: str) -> None:
    data = CHINESE_FILE.encode(encoding)
    assert parse_catalog(decode_csv_bytes(data)) == EXPECTED


def test_gb18030_only_characters_survive_decoding() -> None:
    text = f"条码,品名,售价\n{COLA},𠮷野家 牛丼 €,25.00\n"  # 𠮷 and € are outside GBK
    assert decode_csv_bytes(text.encode("gb18030")) == text


def test_latin1_bytes_that_are_neither_utf8_nor_gbk_give_a_clear_error() -> None:
    data = "barcode,name,price\n6901234567892,Café crème,3.00\n".encode("latin-1") + b"\xff\xfe"
    with pytest.raises(CatalogImportError) as caught:
        decode_csv_bytes(data)
    [error] = caught.value.rows
    assert error.line == 0
    assert "UTF-8" in error.en and "GBK" in error.en
    assert "UTF-8" in error.zh and "GBK" in error.zh and "编码" in error.zh


def test_a_utf8_file_with_a_bom_and_one_broken_byte_is_reported_not_read_as_gbk() -> None:
    data = "\ufeff条码,品名,售价\n".encode() + b"6901234567892,\xe5\x8f,3.00\n"
    with pytest.raises(CatalogImportError) as caught:
        decode_csv_bytes(data)
    assert "UTF-8" in caught.value.rows[0].en


# -- headers ---------------------------------------------------------------------------------------------


def test_english_and_chinese_headers_give_the_same_rows() -> None:
    english = CHINESE_FILE.replace(
        "条码,品名,售价,单位,分类,税率", "barcode,name,price,unit,category,tax_rate"
    )
    assert parse_catalog(english) == parse_catalog(CHINESE_FILE) == EXPECTED


@pytest.mark.parametrize(
    "header",
    [
        "条形码,商品名称,零售价,单位,类别,税率",
        "商品条码,名称,单价,单位,分类,税率",
        " Barcode , NAME ,Price,Unit,Category,Tax Rate",
        "BARCODE,Name,PRICE,UNIT,CATEGORY,tax-rate",
        "条码,品名,售价（元）,单位,分类,税率(%)",
    ],
)
def test_header_aliases_case_and_spaces_are_recognised(header: str) -> None:
    text = CHINESE_FILE.replace("条码,品名,售价,单位,分类,税率", header)
    assert parse_catalog(text) == EXPECTED


def test_columns_may_come_in_any_order_and_unknown_columns_are_ignored() -> None:
    text = f"库存,售价,进价,品名,条码\n12,3.00,2.10,可口可乐 330ml,{COLA}\n"
    assert parse_catalog(text) == [CatalogRow(2, (COLA,), "可口可乐 330ml", 300, Unit.PIECE, "未分类", 1300)]


def test_optional_columns_default_to_piece_uncategorised_and_13_percent() -> None:
    [row] = parse_catalog(f"条码,品名,售价,单位,分类,税率\n{COLA},可乐,3.00,,,\n")
    assert (row.unit, row.category, row.tax_rate_bp) == (Unit.PIECE, "未分类", 1300)


def test_missing_required_columns_are_named_in_both_languages() -> None:
    [error] = errors_of(f"品名,单位\n可乐,瓶\n{COLA}\n")
    assert error.line == 1
    assert "barcode" in error.en and "price" in error.en and "name (" not in error.en
    assert "条码" in error.zh and "售价" in error.zh


def test_a_header_with_the_same_column_twice_is_refused() -> None:
    [error] = errors_of(f"条码,品名,售价,零售价\n{COLA},可乐,3.00,3.50\n")
    assert error.line == 1 and "price" in error.en


def test_an_empty_file_needs_a_header() -> None:
    for text in ("", "\r\n\r\n", ",,,\n"):
        [error] = errors_of(text)
        assert error.line == 1 and "header" in error.en


def test_a_header_without_rows_is_an_empty_catalog() -> None:
    assert parse_catalog("条码,品名,售价\n") == []


# -- bad rows --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "en_part"),
    [
        (f"{COLA},,3.00,,,", "name is empty"),
        (f"{COLA},{'长' * 201},3.00,,,", "201 characters"),
        (f"{COLA},可乐,,,,", "price is empty"),
        (f'{COLA},可乐,"1,2.3",,,', "not a price"),
        (f"{COLA},可乐,-5,,,", "not a price"),
        (f"{COLA},可乐,1.234,,,", "not a price"),
        (f"{COLA},可乐,three,,,", "not a price"),
        (f"{COLA},可乐,0,,,", "more than 0"),
        (f"{COLA},可乐,0.00,,,", "more than 0"),
        (f"{COLA},可乐,3.00,箱,,", "unit '箱'"),
        (f"{COLA},可乐,3.00,,,7%", "tax rate '7%'"),
        (f"{COLA},可乐,3.00,,,0.5", "tax rate '0.5'"),
        (f"{COLA},可乐,3.00,,,13.5%", "tax rate '13.5%'"),
        (f"{COLA},可乐,3.00,,,abc", "tax rate 'abc'"),
        (",可乐,3.00,,,", "barcode is empty"),
        ("6901234567891,可乐,3.00,,,", "wrong check digit (expected 2)"),
        ("69012345678,可乐,3.00,,,", "has 11 digits"),
        ("A123,可乐,3.00,,,", "digits only"),
        ("6.90123E+12,可乐,3.00,,,", "format the barcode column as Text"),
        ("6.90123e12,可乐,3.00,,,", "format the barcode column as Text"),
        ("6901234567892.0,可乐,3.00,,,", "format the barcode column as Text"),
        (f"{COLA},可乐,3.00,瓶,饮料,13%,extra", "7 cells but the header has 6"),
        (f"{COLA},可口可乐,330ml,3.00,瓶,饮料,13%", "a comma inside a name"),
    ],
)
def test_each_kind_of_bad_cell_gives_a_row_error_on_its_line(cells: str, en_part: str) -> None:
    text = f"barcode,name,price,unit,category,tax_rate\n{SPRITE},雪碧,3.50,,,\n{cells}\n"
    errors = errors_of(text)
    assert [e.line for e in errors] == [3], errors
    assert en_part in errors[0].en
    assert errors[0].zh and errors[0].zh != errors[0].en


def test_every_problem_of_a_row_is_reported() -> None:
    errors = errors_of(one_row("123456789,,0,箱,,7%"))
    assert len(errors) == 5 and {e.line for e in errors} == {2}


def test_a_barcode_used_twice_is_an_error_on_the_later_line_naming_the_earlier() -> None:
    text = f"条码,品名,售价\n{COLA},可乐,3.00\n{SPRITE},雪碧,3.00\n\n{SPRITE};{COLA},雪碧 新装,3.50\n"
    errors = errors_of(text)
    assert [(e.line, e.en) for e in errors] == [
        (5, f"barcode {SPRITE} is already used on line 3"),
        (5, f"barcode {COLA} is already used on line 2"),
    ]
    assert "第 3 行" in errors[0].zh


def test_all_bad_rows_are_listed_with_their_physical_line_numbers() -> None:
    text = (
        "条码,品名,售价,单位,分类,税率\n"  # 1
        f"{ean13(1)},好的,1.00,,,\n"  # 2
        f"{ean13(2)},,1.00,,,\n"  # 3 bad: no name
        "\n"  # 4 blank
        f'{ean13(3)},"两行\n的名字",1.00,,,\n'  # 5-6 a quoted name over two lines is fine
        f"{ean13(4)},好的,-1,,,\n"  # 7 bad: price
        ",,,,,\n"  # 8 Excel's empty row
        f"{ean13(5)},好的,1.00,箱,,\n"  # 9 bad: unit
        f"{ean13(6)},好的,1.00,,,\n"  # 10
    )
    assert [e.line for e in errors_of(text)] == [3, 7, 9]


def test_a_row_keeps_the_line_it_starts_on_when_a_quoted_name_spans_lines() -> None:
    text = f'条码,品名,售价\n\n{ean13(1)},"三行\n的\n名字",1.00\n{ean13(2)},好的,1.00\n'
    assert [r.line for r in parse_catalog(text)] == [3, 6]
    assert [e.line for e in errors_of(text.replace("1.00\n", "0\n", 1))] == [3]


def test_a_stray_quote_that_swallows_lines_is_reported() -> None:
    text = f'条码,品名,售价\n"{ean13(1)},坏的,1.00\n{ean13(2)},好的,1.00\n{ean13(3)},好的,1.00\n'
    errors = errors_of(text)
    assert errors[0].line == 2


def test_a_file_with_many_bad_rows_lists_every_one() -> None:
    lines = ["条码,品名,售价"] + [f"{ean13(i)},商品{i},{'0' if i % 3 == 0 else '1.00'}" for i in range(3000)]
    errors = errors_of("\n".join(lines))
    assert [e.line for e in errors] == [i + 2 for i in range(0, 3000, 3)]


# -- Excel's habits and friendly spellings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        (f"{SPRITE};{NOODLES}", (SPRITE, NOODLES)),
        (f"{SPRITE} | {NOODLES}", (SPRITE, NOODLES)),
        (f"{SPRITE}/{NOODLES}", (SPRITE, NOODLES)),
        (f"{SPRITE}；{NOODLES}；", (SPRITE, NOODLES)),
        (f"{SPRITE};{SPRITE}", (SPRITE,)),
        (f"'{SPRITE}", (SPRITE,)),
        (f" '{SPRITE};'{NOODLES} ", (SPRITE, NOODLES)),
        ("６９０１２３４５６７８０９", (SPRITE,)),
        ("10001", ("10001",)),
        ("96385074", ("96385074",)),
    ],
)
def test_barcode_cells_with_several_codes_apostrophes_and_full_width_digits(
    cell: str, codes: tuple[str, ...]
) -> None:
    [row] = parse_catalog(f'条码,品名,售价\n"{cell}",雪碧,3.50\n')
    assert row.barcodes == codes


@pytest.mark.parametrize(
    ("cell", "bp"),
    [
        ("13%", 1300),
        ("13 %", 1300),
        ("0.13", 1300),
        ("13", 1300),
        ("13.00%", 1300),
        ("９％", 900),
        ("0.09", 900),
        ("6", 600),
        ("3%", 300),
        ("1", 100),
        ("0.01", 100),
        ("0", 0),
        ("0%", 0),
        ("", 1300),
    ],
)
def test_tax_rate_spellings(cell: str, bp: int) -> None:
    [row] = parse_catalog(f"条码,品名,售价,税率\n{COLA},可乐,3.00,{cell}\n")
    assert row.tax_rate_bp == bp


def test_spaces_around_cells_trailing_empty_cells_and_yuan_signs_are_accepted() -> None:
    [row] = parse_catalog(f"条码,品名,售价,单位\n {COLA} ,  可乐  , ￥3.5 , 瓶 ,,,\n")
    assert (row.barcodes, row.name, row.price_fen, row.unit) == ((COLA,), "可乐", 350, Unit.PIECE)


def test_line_breaks_and_tabs_inside_a_name_become_single_spaces() -> None:
    [row] = parse_catalog(f'条码,品名,售价\n{COLA},"可口可乐\n330ml\t罐装",3.00\n')
    assert row.name == "可口可乐 330ml 罐装"


def test_old_mac_line_endings_are_read() -> None:
    rows = parse_catalog(CHINESE_FILE.replace("\r\n", "\r"))
    assert rows == EXPECTED


def test_a_bom_left_in_the_text_does_not_hide_the_first_column() -> None:
    assert parse_catalog("\ufeff" + CHINESE_FILE) == EXPECTED


# -- progress and speed ----------------------------------------------------------------------------------


def catalog_text(count: int) -> str:
    lines = ["条码,品名,售价,单位,分类,税率"]
    lines += [f"{ean13(i)},商品 {i} 500ml,{i % 997 + 1}.50,瓶,饮料,13%" for i in range(count)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("count", "calls"),
    [
        (2500, [(1000, 2500), (2000, 2500), (2500, 2500)]),
        (2000, [(1000, 2000), (2000, 2000)]),
        (3, [(3, 3)]),
    ],
)
def test_progress_is_reported_every_1000_rows_and_at_the_end(
    count: int, calls: list[tuple[int, int]]
) -> None:
    seen: list[tuple[int, int]] = []
    parse_catalog(catalog_text(count), lambda done, total: seen.append((done, total)))
    assert seen == calls


# -- properties ------------------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=10**8))
def test_any_price_written_by_format_yuan_reads_back_the_same(fen: int) -> None:
    [row] = parse_catalog(f"条码,品名,售价\n{COLA},可乐,{format_yuan(fen)}\n")
    assert row.price_fen == fen


names = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


@given(st.lists(st.tuples(names, st.integers(1, 10**6), st.sampled_from(["个", "千克", "瓶"])), max_size=20))
def test_rows_written_by_the_csv_module_read_back(items: list[tuple[str, int, str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["条码", "品名", "售价", "单位"])
    for i, (name, fen, unit) in enumerate(items):
        writer.writerow([ean13(i), name, format_yuan(fen), unit])
    rows = parse_catalog(out.getvalue())
    assert [(r.name, r.price_fen, r.unit) for r in rows] == [
        (" ".join(name.split()), fen, Unit.parse(unit)) for name, fen, unit in items
    ]


# -- the demo shop ---------------------------------------------------------------------------------------


def test_the_demo_catalog_parses_with_enough_products_weighed_goods_and_unique_codes() -> None:
    data = DEMO_CATALOG.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].split(b"\r\n", 1)[0].decode() == "条码,品名,售价,单位,分类,税率"
    assert len(data) < 250 * 1024

    rows = parse_catalog(decode_csv_bytes(data))
    assert len(rows) >= 2000
    weighed = [r for r in rows if r.unit is Unit.KG]
    assert len(weighed) >= 100
    assert all(r.barcodes[0].isdigit() and len(r.barcodes[0]) == 5 for r in weighed)
    codes = [c for r in rows for c in r.barcodes]
    assert len(codes) == len(set(codes))
    packaged = [c for r in rows if r.unit is Unit.PIECE for c in r.barcodes]
    assert all(len(c) == 13 and c[:3] in {f"69{d}" for d in range(10)} and is_valid_gtin(c) for c in packaged)
    assert any(len(r.barcodes) > 1 for r in rows)
    assert {r.tax_rate_bp for r in rows} == {1300, 900}
    assert len({r.name for r in rows}) == len(rows)
    assert len({r.category for r in rows}) >= 12
