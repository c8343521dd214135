"""QR payments need the cloud: without it the screen says so and cash goes on. What a crash left open is
finished after start, and the cashier is told without being stopped."""

from __future__ import annotations

import uuid

from pos_app.scan_codes import classify
from sync.outcome import SyncOutcome
from tests.ui.conftest import Driver
from tests.ui.payment_fakes import WECHAT_CODE, plug_in
from ui.main_window import MainWindow
from ui.tender_dialog import CASH, DONE, SCAN, TenderDialog


def open_window(qtbot, till) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(till)
    qtbot.addWidget(window)
    window.syncing.stop()  # the tests say what the sync found; no `pos-till sync` process runs
    window.resize(1024, 768)
    window.show()
    window.start_background_loading()
    qtbot.waitUntil(lambda: window.loader.ready and not window.payment_watch.resolving)
    return window


def log_in(qtbot, window, people) -> Driver:  # type: ignore[no-untyped-def]
    window.login_screen.log_in(people.cashier.id, people.cashier_pin)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    return Driver(qtbot, window)


def test_a_till_not_paired_refuses_qr_and_takes_cash(drive, codes, till):
    drive.scan(codes.cola)
    drive.screen.scanned(WECHAT_CODE)  # the customer shows a code on the sale screen
    dialog = drive.dialog(TenderDialog)
    page = dialog.scan_page
    assert dialog.pages.currentIndex() == SCAN and page.channel_label.text() == "微信"
    assert page.state_text() == "本机尚未接入云端，扫码支付不可用，请收现金或刷卡"
    assert not page.charge_button.isEnabled()

    dialog.methods.button(CASH).click()
    dialog.confirm_button.click()
    drive.settle()
    assert dialog.pages.currentIndex() == DONE
    [order] = till.orders.recent()
    assert [t.kind for t in order.tenders] == ["cash"]


def test_when_the_sync_finds_the_cloud_gone_qr_waits_and_cash_goes_on(qtbot, till, people, catalog, codes):
    gateway, _waiter = plug_in(till)
    window = open_window(qtbot, till)
    drive = log_in(qtbot, window, people)
    window.syncing.online = False  # what the last sync run found
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.scanned(WECHAT_CODE)

    page = dialog.scan_page
    assert page.state_text() == "云端连接中断，扫码支付暂不可用，请收现金或刷卡"
    assert not page.charge_button.isEnabled()
    window.syncing.online = True  # the network came back
    dialog.show_method(SCAN)
    assert page.charge_button.isEnabled() and page.state_text() == "已读取付款码，请点“收款”"
    window.syncing.online = False  # ... and went again before the tap: nothing is sent
    page.charge_button.click()
    assert dialog.error_label.text() == "云端连接中断，扫码支付暂不可用，请收现金或刷卡"
    assert gateway.calls == []

    dialog.methods.button(CASH).click()
    dialog.confirm_button.click()
    drive.settle()
    assert len(till.orders.recent()) == 1


def test_a_payment_a_crash_left_open_is_finished_after_start_and_the_cashier_is_told(
    qtbot, till, people, catalog, codes
):
    plug_in(till)
    sale = till.new_sale(people.cashier)  # the last run: a code was charged, then the till died
    sale.scan(codes.rice)
    till.payments.start(sale.cart, people.cashier, str(uuid.uuid4()), classify(WECHAT_CODE), 1250)
    gateway, _waiter = plug_in(till)  # the till starts again
    gateway.queries = ["success"]  # the customer had paid

    window = open_window(qtbot, till)
    notice = window.notice
    assert notice.isVisible()
    [order] = till.orders.recent()
    assert notice.lines == [f"上次未完成的收款已补记为订单 {order.order_no}（微信 ¥12.50）"]
    assert [(t.kind, t.amount_fen) for t in order.tenders] == [("wechat", 1250)]

    drive = log_in(qtbot, window, people)  # selling goes on under the notice
    drive.scan(codes.cola)
    assert len(drive.rows()) == 1
    notice.ok_button.click()
    assert not notice.isVisible()


def test_a_code_left_pending_offline_is_given_back_once_the_cloud_answers(
    qtbot, till, people, catalog, codes
):
    gateway, _waiter = plug_in(till)
    sale = till.new_sale(people.cashier)
    sale.scan(codes.rice)
    checkout = str(uuid.uuid4())
    attempt = till.payments.start(sale.cart, people.cashier, checkout, classify(WECHAT_CODE), 500)
    till.payments.send(attempt, WECHAT_CODE, "")  # paid; then the screen was closed with no network
    till.payments.release(checkout)
    gateway.offline = True

    window = open_window(qtbot, till)
    [pending] = window.notice.lines
    assert pending.startswith("未完成的微信收款 ¥5.00：暂时连不上云端")
    window.syncing.run_finished.emit(SyncOutcome(error="连不上云端", offline=True))
    assert not window.payment_watch.resolving  # no pass while the sync finds the cloud away
    window.payment_watch.resolve_soon()  # the timer, a minute later: the same news is not said again
    qtbot.waitUntil(lambda: not window.payment_watch.resolving)
    assert window.notice.lines == [pending]

    gateway.offline = False
    window.syncing.run_finished.emit(SyncOutcome(pushed=1))  # a sync went through: the cloud is back
    qtbot.waitUntil(lambda: not window.payment_watch.resolving)
    assert window.notice.lines == [pending, "未完成的微信收款 ¥5.00 已撤销，款项原路退回顾客"]
    assert till.payments.unresolved() == []
