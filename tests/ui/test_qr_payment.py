"""扫码支付 charged through the (fake) cloud: paid, failed, waiting for the password, cancelled, given back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from pos_app.store.models import CheckoutRow, PaymentAttemptRow
from tests.ui.conftest import Driver
from tests.ui.payment_fakes import ALIPAY_CODE, WECHAT_CODE, FakeGateway, plug_in
from ui.main_window import MainWindow
from ui.tender_dialog import CASH, DONE, SCAN, TenderDialog


@pytest.fixture
def qr(till, people, catalog) -> Iterator[FakeGateway]:  # type: ignore[no-untyped-def]
    gateway, waiter = plug_in(till)
    gateway.waiter = waiter  # type: ignore[attr-defined]
    yield gateway
    waiter.go()  # a test that failed mid-wait must not leave a worker waiting for ever


@pytest.fixture
def paying(qtbot, till, people, qr) -> Driver:  # type: ignore[no-untyped-def]
    """A paired till (its sync worker kept still) with the cashier logged in."""
    window = MainWindow(till)
    qtbot.addWidget(window)
    window.syncing.stop()  # no `pos-till sync` process against the made-up cloud
    window.resize(1024, 768)
    window.show()
    window.start_background_loading()
    qtbot.waitUntil(lambda: window.loader.ready and not window.payment_watch.resolving)
    window.login_screen.log_in(people.cashier.id, people.cashier_pin)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    return Driver(qtbot, window)


def pay_by_code(drive: Driver, codes, code: str = WECHAT_CODE) -> TenderDialog:  # type: ignore[no-untyped-def]
    drive.scan(codes.cola)  # 3.00
    drive.scan(codes.rice)  # 12.50
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.scanned(code)
    return dialog


def state(dialog: TenderDialog) -> str:
    return dialog.scan_page.state_text()


def attempts(till) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        rows = session.scalars(select(PaymentAttemptRow).order_by(PaymentAttemptRow.id))
        return [(r.state, r.disposition, r.amount_fen) for r in rows]


def test_a_paid_code_is_the_orders_tender_and_the_sale_is_stored(paying, codes, till, qr):
    dialog = pay_by_code(paying, codes)
    page = dialog.scan_page
    assert dialog.pages.currentIndex() == SCAN
    assert (page.channel_label.text(), page.amount_label.text()) == ("微信", "¥15.50")
    assert page.charge_button.text() == "收款 ¥15.50" and page.charge_button.isEnabled()
    page.charge_button.click()
    assert "提交中" in state(dialog)
    paying.settle()

    assert dialog.pages.currentIndex() == DONE
    assert dialog.done_tenders.text() == "微信 ¥15.50 ✓"
    [order] = till.orders.recent()
    [(out_trade_no, _)] = [(n, k) for k, n in qr.calls]
    assert [(t.kind, t.amount_fen, t.reference) for t in order.tenders] == [("wechat", 1550, out_trade_no)]
    assert attempts(till) == [("paid", "kept", 1550)]
    assert paying.rows() == []


def test_a_code_pays_part_and_cash_the_rest(paying, codes, till, qr):
    dialog = pay_by_code(paying, codes)
    page = dialog.scan_page
    page.amount_button.click()
    page.amount_dialog.type_and_confirm("5")
    assert page.charge_button.text() == "收款 ¥5.00"
    page.charge_button.click()
    paying.settle()

    assert state(dialog) == "支付成功\n微信 ¥5.00"
    assert dialog.tender_list.texts() == ["微信 ¥5.00 ✓"]
    assert (dialog.figures.paid.text(), dialog.figures.rest.text()) == ("¥5.00", "¥10.50")
    dialog.methods.button(CASH).click()
    dialog.type_and_confirm("20")
    paying.settle()

    [order] = till.orders.recent()
    assert sorted((t.kind, t.amount_fen, t.change_fen) for t in order.tenders) == [
        ("cash", 1050, 950),
        ("wechat", 500, 0),
    ]
    assert dialog.done_change.text() == "¥9.50"


def test_a_code_cannot_charge_more_than_is_left(paying, codes):
    dialog = pay_by_code(paying, codes)
    dialog.scan_page.amount_button.click()
    dialog.scan_page.amount_dialog.type_and_confirm("16")
    assert state(dialog) == "金额必须大于 0 且不超过 ¥15.50"
    assert dialog.scan_page.charge_button.text() == "收款 ¥15.50"


def test_a_failed_code_says_why_and_a_fresh_code_gets_a_new_attempt(paying, codes, till, qr):
    qr.pays = ["failed", "success"]
    dialog = pay_by_code(paying, codes)
    dialog.scan_page.charge_button.click()
    paying.settle()

    assert state(dialog) == (
        "支付失败\n微信 ¥15.50：付款码已过期，请顾客刷新付款码后重新扫码\n可重新扫码，或改收现金、刷卡"
    )
    assert not dialog.scan_page.charge_button.isEnabled()  # that code is spent: a fresh one is needed
    assert dialog.tender_list.texts() == []
    dialog.scanned(WECHAT_CODE)  # the same phone, read again
    assert state(dialog) == "这个付款码已使用过，请顾客刷新付款码" and dialog.scan_page.held is None
    dialog.scanned(ALIPAY_CODE)
    assert dialog.scan_page.channel_label.text() == "支付宝"
    dialog.scan_page.charge_button.click()
    paying.settle()

    assert dialog.pages.currentIndex() == DONE
    pays = [n for k, n in qr.calls if k == "pay"]
    assert len(pays) == 2 and pays[0] != pays[1]
    assert attempts(till) == [("failed", "release", 1550), ("paid", "kept", 1550)]


def test_waiting_for_the_password_refuses_a_second_scan_and_closing_then_pays(paying, codes, till, qr):
    qr.waiter.hold()  # the customer takes their time
    qr.pays, qr.queries = ["userpaying"], ["success"]
    dialog = pay_by_code(paying, codes)
    page = dialog.scan_page
    page.charge_button.click()
    paying.qtbot.waitUntil(lambda: state(dialog).startswith("等待顾客输入密码…\n已等待 "))
    assert page.cancel_button.isVisible() and page.cancel_button.text() == "取消收款"
    assert not page.charge_button.isVisible()  # 取消收款 takes its place

    dialog.scanned(ALIPAY_CODE)
    assert "正在收款，请等这笔有结果后再扫新的付款码" in state(dialog) and page.held is None
    dialog.reject()
    assert dialog.isVisible()
    assert dialog.error_label.text() == "正在扫码收款，请等待结果，或先点“取消收款”"

    qr.waiter.go()
    paying.settle()
    assert dialog.pages.currentIndex() == DONE
    assert qr.kinds() == ["pay", "query"]
    assert len(till.orders.recent()) == 1


def test_cancelling_a_waiting_payment_says_it_waits_for_15_s_and_charges_nothing(paying, codes, till, qr):
    qr.waiter.hold()
    qr.pays = ["userpaying"]
    dialog = pay_by_code(paying, codes)
    page = dialog.scan_page
    page.charge_button.click()
    paying.qtbot.waitUntil(lambda: page.cancel_button.isVisible())
    page.cancel_button.click()

    assert state(dialog) == "正在撤销…\n支付通道规定扫码 15 秒后才能撤销，请稍候"
    assert not page.cancel_button.isEnabled()
    qr.waiter.go()
    paying.settle()

    assert state(dialog) == "已撤销\n微信 ¥15.50：已撤销，顾客未被扣款\n可重新扫码，或改收现金、刷卡"
    assert "cancel" in qr.kinds()
    assert dialog.tender_list.texts() == [] and dialog.figures.paid.text() == "¥0.00"
    assert attempts(till) == [("cancelled", "release", 1550)]
    dialog.reject()  # nothing taken: it closes without a question
    paying.no_dialog()


def test_a_code_paid_after_the_cashier_tapped_cancel_is_given_back(paying, codes, till, qr):
    qr.answer_pay.clear()  # the pay request is slow to come back
    dialog = pay_by_code(paying, codes)
    page = dialog.scan_page
    page.charge_button.click()
    assert state(dialog) == "提交中…" and page.cancel_button.isVisible()
    page.cancel_button.click()
    qr.answer_pay.set()  # ... and says the customer paid
    paying.settle()

    assert state(dialog).startswith("已撤销\n微信 ¥15.50：已撤销，款项原路退回顾客")
    assert qr.kinds() == ["pay", "cancel"]
    assert dialog.tender_list.texts() == [] and till.orders.recent() == []
    assert attempts(till) == [("cancelled", "release", 1550)]


def test_closing_with_a_paid_code_asks_and_gives_it_back(paying, codes, till, qr):
    dialog = pay_by_code(paying, codes)
    dialog.scan_page.amount_button.click()
    dialog.scan_page.amount_dialog.type_and_confirm("5")
    dialog.scan_page.charge_button.click()
    paying.settle()
    dialog.reject()

    confirm = dialog.sub_dialog
    assert confirm is not None and confirm.isVisible()
    question = confirm.findChild(type(dialog.error_label), "confirmQuestion").text()
    assert question == "已收的扫码款项将撤销并原路退回顾客，确定关闭？"
    confirm.no_button.click()
    assert dialog.isVisible() and "cancel" not in qr.kinds()

    dialog.reject()
    dialog.sub_dialog.yes_button.click()
    paying.no_dialog()
    paying.settle()
    assert "cancel" in qr.kinds()
    assert attempts(till) == [("cancelled", "release", 500)]
    with till.store.read() as session:
        assert session.scalars(select(CheckoutRow.state)).one() == "abandoned"
    assert till.orders.recent() == [] and len(paying.rows()) == 2  # the cart stays for the next try
    notice = paying.window.notice
    assert notice.isVisible() and notice.lines == ["微信 ¥5.00：已撤销，款项原路退回顾客"]


def test_one_paid_code_is_given_back_after_a_question(paying, codes, till, qr):
    dialog = pay_by_code(paying, codes)
    dialog.scan_page.amount_button.click()
    dialog.scan_page.amount_dialog.type_and_confirm("5")
    dialog.scan_page.charge_button.click()
    paying.settle()
    [give_back] = dialog.tender_list.buttons
    assert give_back.text() == "退回"
    give_back.click()
    confirm = dialog.sub_dialog
    assert confirm.findChild(type(dialog.error_label), "confirmQuestion").text() == (
        "微信 ¥5.00 将撤销，款项原路退回顾客。确定退回？"
    )
    confirm.yes_button.click()
    paying.settle()

    assert dialog.tender_list.texts() == []
    assert dialog.error_label.text() == "微信 ¥5.00：已撤销，款项原路退回顾客"
    assert (dialog.figures.paid.text(), dialog.figures.rest.text()) == ("¥0.00", "¥15.50")
    assert attempts(till) == [("cancelled", "release", 500)]
