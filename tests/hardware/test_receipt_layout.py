"""The receipt's layout in printer columns: widths, wrapping, aligned money columns, Chinese sample."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.receipt import (
    CodeKind,
    ItemLine,
    PaperWidth,
    Receipt,
    ReceiptLine,
    Tender,
    display_width,
    layout,
    sample_receipt,
    wrap,
)

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [PaperWidth.MM58.columns, PaperWidth.MM80.columns]


def printed_width(line: ReceiptLine) -> int:
    return display_width(line.text) * (2 if line.double else 1)


def test_paper_widths_map_to_the_printer_grid() -> None:
    assert (PaperWidth.MM58.columns, PaperWidth.MM58.dots) == (32, 384)
    assert (PaperWidth.MM80.columns, PaperWidth.MM80.dots) == (48, 576)


def test_display_width_counts_chinese_as_two_and_combining_marks_as_none() -> None:
    assert display_width("abc") == 3
    assert display_width("好又多") == 6
    assert display_width("￥12.50") == 7
    assert display_width("（礼盒）") == 8
    assert display_width("e\u0301") == 1


chars = st.sampled_from(list("好又多便利店农夫山泉（）、，") + list("abcXYZ019.-") + [" ", " ", "e\u0301"])


def _joins_back(pieces: list[str], original: str) -> bool:
    """Each piece appears in order in the original; only spaces may lie between pieces or at the ends."""
    i = 0
    for piece in pieces:
        while i < len(original) and original[i] == " " and not original.startswith(piece, i):
            i += 1
        if not original.startswith(piece, i):
            return False
        i += len(piece)
    return original[i:].strip(" ") == ""


@settings(max_examples=300, deadline=None)
@given(text=st.lists(chars, max_size=80).map("".join), columns=st.integers(2, 60))
def test_wrap_never_exceeds_the_width_and_loses_only_break_spaces(text: str, columns: int) -> None:
    pieces = wrap(text, columns)
    assert all(display_width(p) <= columns for p in pieces)
    assert _joins_back(pieces, text)
    assert all(not p.startswith("\u0301") for p in pieces)  # an accent never leaves its letter


def test_wrap_prefers_spaces_in_latin_and_breaks_between_chinese_characters() -> None:
    assert wrap("Oreo cookies original flavour", 12) == ["Oreo cookies", "original", "flavour"]
    assert wrap("蒙牛特仑苏纯牛奶整箱装", 8) == ["蒙牛特仑", "苏纯牛奶", "整箱装"]
    assert wrap("农夫山泉a", 9) == ["农夫山泉a"]
    assert wrap("农夫山泉ab", 9) == ["农夫山泉", "ab"]
    assert wrap("", 32) == [""]


@pytest.mark.parametrize("columns", COLUMNS)
def test_every_line_of_the_sample_fits_the_paper(columns: int) -> None:
    for line in layout(sample_receipt(), columns):
        assert printed_width(line) <= columns, line


@pytest.mark.parametrize("columns", COLUMNS)
def test_prices_and_amounts_line_up_in_columns(columns: int) -> None:
    lines = [line.text for line in layout(sample_receipt(), columns)]
    details = [t for t in lines if " x " in t]
    assert len(details) == 8
    price_ends = {re.match(r"^ *\S+ x +\S+", t).end() for t in details}  # type: ignore[union-attr]
    assert len(price_ends) == 1  # every unit price ends in the same column
    money = [t for t in lines if t[-1:].isdigit() and not t.startswith(("单号", "时间", "电话"))]
    assert all(display_width(t) == columns for t in money)  # every amount ends at the right edge


@pytest.mark.parametrize("columns", COLUMNS)
def test_the_sample_reads_like_a_chinese_till_receipt(columns: int) -> None:
    lines = layout(sample_receipt(), columns)
    texts = [line.text for line in lines]
    assert lines[0] == ReceiptLine("好又多便利店", bold=True, double=True, center=True)
    assert "单号：20261125-0007" in texts
    assert any(t.startswith("应收") and t.endswith("￥114.60") for t in texts)
    assert any(t.startswith("抹零") and t.endswith("-￥0.08") for t in texts)
    assert any(t.startswith("找零") and t.endswith("￥5.40") for t in texts)
    assert any(t.startswith("  优惠") and t.endswith("-5.00") for t in texts)
    assert any("0.255kg x" in t for t in texts)
    assert not any("¥" in t for t in texts)  # U+00A5 prints as junk on GBK printers
    assert next(line for line in lines if line.text.startswith("应收")).bold
    assert lines[-1].code == "20261125-0007" and lines[-1].text == ""


def test_the_long_name_wraps_on_58mm_without_splitting_a_character() -> None:
    texts = [line.text for line in layout(sample_receipt(), 32)]
    start = next(i for i, t in enumerate(texts) if t.startswith("蒙牛"))
    assert texts[start] + texts[start + 1] == "蒙牛 特仑苏 纯牛奶 250ml*12盒 整箱装（礼盒装）"


def _small_receipt(**changes: object) -> Receipt:
    receipt = Receipt(
        "小店",
        "20261125-0001",
        "李四",
        "2026-11-25 09:00:00",
        [ItemLine("可乐", "1", 300, 300)],
        subtotal_fen=300,
        total_fen=300,
        tenders=[Tender("现金", 300)],
    )
    for key, value in changes.items():
        setattr(receipt, key, value)
    return receipt


def test_a_reprint_says_copy_prominently() -> None:
    lines = layout(_small_receipt(copy=True), 32)
    mark = next(line for line in lines if "COPY" in line.text)
    assert mark.text == "重印 / COPY" and mark.double and mark.bold and mark.center
    assert not any("COPY" in line.text for line in layout(_small_receipt(), 32))


def test_tender_references_extra_sections_and_barcode_are_laid_out() -> None:
    receipt = _small_receipt(
        tenders=[Tender("微信支付", 300, "4200001234202611250123456789")],
        extra_sections=[("会员积分", ["本次积分 +3", "当前积分 1203"])],
        code_kind=CodeKind.BARCODE,
        code_text="",
    )
    receipt.__post_init__()
    texts = [line.text for line in layout(receipt, 32)]
    reference = texts.index("  单号：")
    assert texts[reference + 1] == "  4200001234202611250123456789"  # a number is not cut in two
    assert texts.index("会员积分") < texts.index("当前积分 1203")
    assert layout(receipt, 32)[-1].code_kind is CodeKind.BARCODE
    assert not any(t.startswith("找零") for t in texts)


def test_control_characters_in_names_cannot_move_the_print_head() -> None:
    lines = layout(_small_receipt(lines=[ItemLine("可乐\t\n330ml\u200b", "1", 300, 300)]), 32)
    assert "可乐  330ml" in [line.text for line in lines]


def test_the_receipt_core_stays_free_of_imaging_and_printer_libraries() -> None:
    for name in ("receipt.py", "text_width.py", "ports.py", "printing_errors.py"):
        tree = ast.parse((ROOT / "pos_app" / name).read_text(encoding="utf-8"))
        roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        roots |= {
            n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
        }
        assert not roots & {"PIL", "escpos", "qrcode", "barcode", "socket", "hardware"}, name


names = st.lists(chars, min_size=0, max_size=60).map("".join)
items = st.builds(
    ItemLine,
    name=names,
    quantity_text=st.sampled_from(["1", "12", "9999", "0.255kg", "999.999kg"]),
    unit_price_fen=st.integers(0, 10**11),
    amount_fen=st.integers(0, 10**11),
    discount_fen=st.integers(0, 10**9),
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(items, max_size=5),
    shop=names.filter(str.strip),
    label=names,
    money=st.integers(-(10**11), 10**11),
    columns=st.sampled_from(COLUMNS),
)
def test_any_receipt_fits_the_paper(
    lines: list[ItemLine], shop: str, label: str, money: int, columns: int
) -> None:
    receipt = Receipt(shop, "20261125-0001", label, "2026-11-25 09:00:00", lines, money, money,
                      discount_fen=money, rounding_fen=money, tenders=[Tender(label, money, label)],
                      change_fen=money, address=label, phone=label, footer=label, copy=True,
                      extra_sections=[(label, [label])])  # fmt: skip
    for line in layout(receipt, columns):
        assert printed_width(line) <= columns, line
