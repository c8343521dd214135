"""One order, several tenders: bank card with the terminal's trace number, then cash for the rest."""

from __future__ import annotations

from ui.qt import QLineEdit, QPushButton, Qt
from ui.tender_dialog import CARD, CASH, DONE, SCAN, TenderDialog
from ui.theme import MIN_TOUCH


def open_card_page(drive, codes) -> TenderDialog:  # type: ignore[no-untyped-def]
    drive.scan(codes.cola)  # 3.00
    drive.scan(codes.rice)  # 12.50
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.methods.button(CARD).click()
    return dialog


def figures(dialog: TenderDialog) -> tuple[str, str, str]:
    f = dialog.figures
    return f.due.text(), f.paid.text(), f.rest.text()


def test_card_for_part_and_cash_for_the_rest_settle_one_order(drive, codes, till):
    dialog = open_card_page(drive, codes)
    page = dialog.card_page
    assert page.add_button.text() == "刷卡成功，记入 ¥15.50"  # the rest, unless the cashier types less
    page.fill(1000, "123456")
    page.add_button.click()

    assert dialog.tender_list.texts() == ["银行卡 ¥10.00  参考号 123456"]
    assert figures(dialog) == ("¥15.50", "¥10.00", "¥5.50")
    assert till.orders.recent() == []  # a card tender is kept only until the sale is stored

    dialog.methods.button(CASH).click()
    assert dialog.cash_page.due_caption.text() == "还需支付"
    assert dialog.due_label.text() == "¥5.50"
    dialog.type_and_confirm("10")
    drive.settle()

    assert dialog.pages.currentIndex() == DONE
    assert dialog.done_change.text() == "¥4.50"
    assert dialog.done_tenders.text() == "银行卡 ¥10.00  参考号 123456  ·  现金 ¥10.00"
    [order] = till.orders.recent()
    assert order.total_fen == 1550 and order.change_fen == 450
    assert sorted((t.kind, t.amount_fen, t.tendered_fen, t.change_fen) for t in order.tenders) == [
        ("card", 1000, 0, 0),
        ("cash", 550, 1000, 450),
    ]
    assert drive.rows() == []


def test_a_card_that_covers_the_rest_completes_the_sale(drive, codes, till):
    dialog = open_card_page(drive, codes)
    dialog.card_page.fill(None, "A1B2C3D4")
    dialog.card_page.add_button.click()
    drive.settle()

    assert dialog.pages.currentIndex() == DONE
    [order] = till.orders.recent()
    assert [(t.kind, t.amount_fen) for t in order.tenders] == [("card", 1550)]


def test_a_card_needs_the_terminals_trace_number_and_no_more_than_is_left(drive, codes, till):
    dialog = open_card_page(drive, codes)
    page = dialog.card_page
    page.add_button.click()
    assert dialog.error_label.text() == "请输入刷卡终端小票上的参考号（4 到 32 位数字或字母）"
    page.fill(None, "12")
    page.add_button.click()
    assert dialog.error_label.text() == "请输入刷卡终端小票上的参考号（4 到 32 位数字或字母）"
    page.fill(2000, "123456")
    page.add_button.click()
    assert dialog.error_label.text() == "金额不能超过还需支付的 ¥15.50"

    assert dialog.tender_list.texts() == [] and not dialog.tender_list.isVisible()
    assert till.orders.recent() == []
    fields = {f.objectName() for f in dialog.findChildren(QLineEdit)}
    assert fields == {"tenderDisplay", "cardAmount", "traceNo"}  # no field for a card number, anywhere


def test_the_keypad_types_the_trace_number_and_the_amount(drive, codes):
    dialog = open_card_page(drive, codes)
    page = dialog.card_page
    page.keypad.type_keys("8765.4")  # the trace number has the focus; a dot is no part of one
    assert page.trace.text() == "87654"
    drive.qtbot.mouseClick(page.amount, Qt.MouseButton.LeftButton)  # the cashier taps the amount
    page.keypad.type_keys("5.5")
    assert page.amount.text() == "5.5" and page.add_button.text() == "刷卡成功，记入 ¥5.50"


def test_a_card_tender_not_yet_stored_can_be_removed(drive, codes, till):
    dialog = open_card_page(drive, codes)
    dialog.card_page.fill(500, "778899")
    dialog.card_page.add_button.click()
    assert figures(dialog) == ("¥15.50", "¥5.00", "¥10.50")
    [remove] = dialog.tender_list.buttons
    assert remove.text() == "删除"
    remove.click()

    assert dialog.tender_list.texts() == []
    assert figures(dialog) == ("¥15.50", "¥0.00", "¥15.50")
    assert dialog.cash_page.due_caption.text() == "应收"


def test_closing_with_a_card_tender_reminds_to_void_it_on_the_terminal(drive, codes, till):
    dialog = open_card_page(drive, codes)
    dialog.card_page.fill(500, "778899")
    dialog.card_page.add_button.click()
    dialog.reject()

    confirm = dialog.sub_dialog
    assert confirm is not None and confirm.isVisible()
    assert confirm.findChild(type(dialog.error_label), "confirmQuestion").text() == (
        "已刷的银行卡 ¥5.00 需在刷卡终端上撤销交易，确定关闭？"
    )
    confirm.yes_button.click()
    drive.no_dialog()
    assert len(drive.rows()) == 2 and till.orders.recent() == []


def test_every_page_of_a_split_keeps_its_targets_big_enough_at_1024_by_768(drive, codes, qtbot):
    dialog = open_card_page(drive, codes)
    dialog.card_page.fill(500, "778899")
    dialog.card_page.add_button.click()  # a tender with its 删除 button
    for page in (CASH, SCAN, CARD):
        dialog.methods.button(page).click()
        qtbot.wait(10)
        small = [
            (w.text() or w.objectName(), w.height())
            for w in dialog.findChildren(QPushButton) + dialog.findChildren(QLineEdit)
            if w.isVisible() and w.height() < MIN_TOUCH
        ]
        assert small == []
    assert dialog.width() <= 1024 and dialog.height() <= 768
