"""A handheld scanner in keyboard mode: caught wherever the focus is, never typed into a field."""

from __future__ import annotations

from ui.number_entry_dialog import NumberEntryDialog
from ui.qt import Qt
from ui.tender_dialog import CASH, SCAN, TenderDialog


def scanner_types(qtbot, widget, code: str) -> None:  # type: ignore[no-untyped-def]
    """As a USB scanner does: the whole code within a few milliseconds, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_scan_into_the_search_field_adds_the_product_and_types_nothing(drive, codes):
    search = drive.screen.products.search
    search.setFocus()
    scanner_types(drive.qtbot, search, codes.cola)
    assert drive.rows()[0][0] == "可口可乐 330ml"
    assert search.text() == ""


def test_a_scan_is_caught_wherever_the_focus_is(drive, codes):
    table = drive.screen.cart_panel.table
    table.setFocus()
    scanner_types(drive.qtbot, table, codes.water)
    scanner_types(drive.qtbot, drive.screen.buttons["hold"], codes.water)
    assert [row[:2] for row in drive.rows()] == [["农夫山泉 550ml", "2"]]


def test_a_person_typing_in_the_search_field_still_types(drive):
    search = drive.screen.products.search
    drive.qtbot.keyClicks(search, "6901", delay=80)
    drive.qtbot.waitUntil(lambda: search.text() == "6901")
    assert drive.rows() == []


def test_a_payment_code_with_an_empty_cart_is_named_and_adds_nothing(drive):
    scanner_types(drive.qtbot, drive.screen.products.search, "134567890123456789")
    assert drive.rows() == []
    assert "微信付款码" in drive.message() and "购物车是空的" in drive.message()
    drive.no_dialog()


def test_a_payment_code_on_the_sale_screen_opens_payment_with_its_channel(drive, codes):
    drive.scan(codes.cola)
    scanner_types(drive.qtbot, drive.screen.products.search, "284567890123456789")
    dialog = drive.dialog(TenderDialog)
    assert dialog.pages.currentWidget() is dialog.scan_page and dialog.methods.checkedId() == SCAN
    assert dialog.scan_page.channel_label.text() == "支付宝"
    assert dialog.scan_page.code_label.text() == "2845 •••• 6789"  # never the whole code on screen
    assert dialog.scan_page.held.text == "284567890123456789"
    assert [row[:2] for row in drive.rows()] == [["可口可乐 330ml", "1"]]  # the cart is unchanged


def test_a_scan_while_paying_goes_to_the_payment_screen_not_the_cart(drive, codes):
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    assert dialog.pages.currentIndex() == CASH
    scanner_types(drive.qtbot, dialog.display, "134567890123456789")
    assert dialog.display.text() == ""  # the burst was not typed as an amount
    assert dialog.pages.currentWidget() is dialog.scan_page
    assert dialog.scan_page.channel_label.text() == "微信"
    scanner_types(drive.qtbot, dialog.scan_page, codes.water)
    assert "不是付款码" in dialog.scan_page.state_label.text()
    assert dialog.scan_page.held.text == "134567890123456789"  # a product scan does not replace it
    assert len(drive.rows()) == 1


def test_an_unknown_scan_says_so_and_offers_hand_entry(drive, codes):
    scanner_types(drive.qtbot, drive.screen.products.search, codes.unknown)
    assert codes.unknown in drive.message() and drive.rows() == []


def test_with_a_dialog_open_the_keys_go_to_the_dialog(drive, codes):
    drive.scan(codes.cola)
    drive.tap("quantity")
    dialog = drive.dialog(NumberEntryDialog)
    dialog.display.clear()
    drive.qtbot.keyClicks(dialog.display, "1234")
    assert dialog.display.text() == "1234"


def test_a_scan_at_the_login_screen_is_not_taken_as_a_pin(qtbot, window, people, till, codes):
    screen = window.login_screen
    screen.choose(people.cashier.id)
    qtbot.keyClicks(screen, codes.cola)
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is screen
    assert "请先登录" in screen.message.text()
    screen.log_in(people.cashier.id, people.cashier_pin)  # no wrong PIN was counted against the cashier
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
