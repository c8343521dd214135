"""Cash payment: the change shown live, the order stored with its cash tender, errors shown inline."""

from __future__ import annotations

from ui.cash_pay_page import quick_amounts
from ui.qt import Qt
from ui.tender_dialog import CASH, DONE, TenderDialog


def test_cash_with_change_stores_the_order_and_clears_the_cart(drive, codes, till, people):
    drive.scan(codes.rice)  # 12.50
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    assert dialog.due_label.text() == "¥12.50"

    dialog.keypad.type_keys("20")
    assert dialog.change_label.text() == "¥7.50"
    dialog.confirm_button.click()
    drive.settle()

    assert dialog.pages.currentIndex() == DONE
    assert dialog.done_change.text() == "¥7.50"
    [order] = till.orders.recent()
    assert dialog.order_label.text() == f"订单号 {order.order_no}   实收 ¥20.00，应收 ¥12.50"
    assert (order.total_fen, order.change_fen, order.cashier) == (1250, 750, "张三")
    assert [(t.kind, t.amount_fen, t.tendered_fen, t.change_fen) for t in order.tenders] == [
        ("cash", 1250, 2000, 750)
    ]
    assert drive.rows() == []
    assert drive.due() == "¥0.00"
    assert order.order_no in drive.message() and "找零 ¥7.50" in drive.message()

    dialog.next_button.click()
    drive.no_dialog()


def test_too_little_cash_is_refused_inline_and_nothing_is_stored(drive, codes, till):
    drive.scan(codes.rice)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.keypad.type_keys("10")
    assert dialog.change_caption.text() == "还差"
    assert dialog.change_label.text() == "¥2.50"
    dialog.confirm_button.click()
    drive.settle()

    assert dialog.error_label.text() == "实收 10.00 少于应收 12.50"
    assert dialog.pages.currentIndex() == CASH
    assert till.orders.recent() == []
    assert len(drive.rows()) == 1


def test_the_exact_amount_is_the_default(drive, codes, till):
    drive.scan(codes.cola)
    drive.tap("pay")
    drive.dialog(TenderDialog).confirm_button.click()
    drive.settle()

    [order] = till.orders.recent()
    assert (order.total_fen, order.change_fen) == (300, 0)


def test_a_quick_amount_fills_in_the_note(drive, codes):
    drive.scan(codes.rice)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    assert [b.text() for b in dialog.quick_buttons] == ["收现 ¥12.50", "¥20.00", "¥50.00", "¥100.00"]
    dialog.quick_buttons[3].click()

    assert dialog.change_label.text() == "¥87.50"


def test_quick_amounts_are_exact_the_next_round_ten_and_hundred_and_the_big_notes():
    assert quick_amounts(1250) == [1250, 2000, 5000, 10000]
    assert quick_amounts(4300) == [4300, 5000, 10000]
    assert quick_amounts(12345) == [12345, 13000, 20000]
    assert quick_amounts(5000) == [5000, 6000, 10000]


def test_f12_opens_the_payment(drive, codes):
    drive.scan(codes.cola)
    drive.window.shortcut_actions["pay"].trigger()

    drive.dialog(TenderDialog)


def test_the_f12_key_itself_opens_the_payment(drive, codes):
    drive.scan(codes.cola)
    drive.qtbot.keyClick(drive.screen.products.search, Qt.Key.Key_F12)

    drive.dialog(TenderDialog)


def test_the_sale_is_stored_off_the_gui_thread_and_cannot_be_sent_twice(drive, codes, till):
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.confirm_button.click()

    assert not dialog.confirm_button.isEnabled() and dialog.busy
    dialog.reject()  # the close button and Esc wait for the commit
    assert dialog.isVisible()
    drive.settle()
    assert len(till.orders.recent()) == 1


def test_scanning_the_next_customer_on_the_done_page_goes_on_into_the_sale(drive, codes):
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.confirm_button.click()
    drive.settle()

    drive.qtbot.keyClicks(dialog.next_button, codes.water)  # the scanner, with the focus on the dialog
    drive.qtbot.keyClick(dialog.next_button, Qt.Key.Key_Return)
    drive.no_dialog()
    assert [r[0] for r in drive.rows()] == ["农夫山泉 550ml"]
