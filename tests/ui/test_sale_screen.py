"""Ringing up items on the sale screen: scanning, quantities, weighed goods, unknown codes, search."""

from __future__ import annotations

from pos_app.barcodes import ScaleTemplate
from ui.number_entry_dialog import NumberEntryDialog
from ui.qt import Qt


def test_a_scanned_barcode_adds_a_line_and_selects_it(drive, codes):
    drive.scan(codes.cola)

    assert drive.rows() == [["可口可乐 330ml", "1", "¥3.00", "", "¥3.00"]]
    assert drive.screen.cart_panel.selected_line_id() == drive.screen.sale.cart.lines[0].line_id
    assert drive.due() == "¥3.00"
    assert drive.screen.pay_button.text() == "收款  ¥3.00"
    assert drive.screen.products.search.text() == ""  # ready for the next scan


def test_scanning_the_same_item_twice_makes_quantity_two(drive, codes):
    drive.scan(codes.cola)
    drive.scan(codes.water)
    drive.scan(codes.cola)

    rows = drive.rows()
    assert [r[0] for r in rows] == ["农夫山泉 550ml", "可口可乐 330ml"]  # the last scanned goes to the bottom
    assert rows[1][1] == "2" and rows[1][4] == "¥6.00"
    assert drive.screen.cart_panel.selected_line_id() == drive.screen.sale.cart.lines[1].line_id
    assert drive.due() == "¥8.00"


def test_the_quantity_dialog_changes_the_selected_line(drive, codes):
    drive.scan(codes.chips)
    drive.tap("quantity")
    dialog = drive.dialog(NumberEntryDialog)
    dialog.type_and_confirm("3")

    assert drive.rows()[0][1:] == ["3", "¥7.50", "", "¥22.50"]
    assert drive.due() == "¥22.50"
    drive.no_dialog()


def test_a_bad_quantity_is_refused_inside_the_dialog(drive, codes):
    drive.scan(codes.chips)
    drive.tap("quantity")
    dialog = drive.dialog(NumberEntryDialog)
    dialog.type_and_confirm("0")  # the display starts selected, so typing replaces the 1

    assert drive.rows()[0][1] == "1"
    assert drive.message() == "数量必须在 1 到 9999 之间"


def test_a_scale_label_adds_the_weighed_item_at_the_printed_price(drive, codes):
    label = ScaleTemplate("22PPPPP$$$$$C").make(codes.apple_plu, 1587)
    drive.scan(label)

    name, quantity, price, discount, amount = drive.rows()[0]
    assert (name, price, discount, amount) == ("富士苹果", "¥12.80/kg", "", "¥15.87")
    assert quantity == "1.240kg"
    assert drive.due() == "¥15.87"


def test_tapping_a_weighed_product_asks_for_its_weight(drive):
    drive.screen.products.search.setText("富士")
    drive.qtbot.waitUntil(lambda: len(drive.screen.products.grid.products()) == 1)
    drive.screen.products.grid.tap(0)
    dialog = drive.dialog(NumberEntryDialog)
    dialog.type_and_confirm("0.5")

    assert drive.rows() == [["富士苹果", "0.500kg", "¥12.80/kg", "", "¥6.40"]]


def test_a_weight_can_be_typed_in_grams(drive):
    product = next(p for p in drive.window.loader.in_category("水果"))
    drive.screen.sale_actions.add(product)
    dialog = drive.dialog(NumberEntryDialog)
    dialog.g_button.click()
    dialog.type_and_confirm("255")

    assert drive.rows()[0][1] == "0.255kg"
    assert drive.rows()[0][4] == "¥3.26"


def test_an_unknown_barcode_says_so_and_adds_nothing(drive, codes):
    drive.scan(codes.unknown)

    assert drive.rows() == []
    assert drive.message() == f"条码 {codes.unknown} 没有对应的商品"
    assert drive.screen.message.level == "error"
    assert drive.screen.message.action_button.isVisible()
    assert drive.screen.message.action_button.text() == "手工录入"


def test_pinyin_initials_find_the_product_as_you_type(drive):
    drive.qtbot.keyClicks(drive.screen.products.search, "kkkl")

    drive.qtbot.waitUntil(
        lambda: [p.name for p in drive.screen.products.grid.products()] == ["可口可乐 330ml"]
    )
    drive.screen.products.grid.tap(0)
    assert drive.rows()[0][0] == "可口可乐 330ml"


def test_enter_on_a_search_with_one_match_adds_it(drive):
    drive.qtbot.keyClicks(drive.screen.products.search, "lssp", delay=80)  # a person's pace, not a scanner's
    drive.qtbot.keyClick(drive.screen.products.search, Qt.Key.Key_Return)

    assert drive.rows()[0][0] == "乐事薯片 70g"


def test_a_category_chip_shows_its_products(drive):
    drive.screen.products.categories.select("饮料")

    names = [p.name for p in drive.screen.products.grid.products()]
    assert names == ["可口可乐 330ml", "农夫山泉 550ml"]


def test_delete_voids_the_selected_line(drive, codes):
    drive.scan(codes.cola)
    drive.scan(codes.water)
    drive.select_row(0)
    drive.tap("void")

    assert [r[0] for r in drive.rows()] == ["农夫山泉 550ml"]
    assert drive.message() == "已删除 可口可乐 330ml"
    assert len(drive.screen.sale.cart.voided) == 1


def test_actions_on_an_empty_cart_explain_instead_of_failing(drive):
    drive.tap("quantity")
    assert drive.message() == "请先在购物车中选择一行商品"
    assert not drive.screen.pay_button.isEnabled()
    drive.window.shortcut_actions["pay"].trigger()  # F12 still answers
    assert drive.message() == "购物车是空的"
    drive.no_dialog()


def test_the_search_index_is_built_in_the_background_and_search_waits_for_it(drive):
    drive.window.loader.reload()

    assert drive.screen.products.note.text() == "正在加载商品…"
    assert drive.window.catalog_label.text() == "正在加载商品…"
    drive.qtbot.keyClicks(drive.screen.products.search, "kkkl")
    drive.settle()
    drive.qtbot.waitUntil(
        lambda: [p.name for p in drive.screen.products.grid.products()] == ["可口可乐 330ml"]
    )
    assert drive.window.catalog_label.text() == "商品 5 种"
