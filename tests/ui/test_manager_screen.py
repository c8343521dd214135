"""报表: the manager screen shows a day's figures, charts and tables, drills down to orders and their
receipts, moves between days, and closes the day with a Z; a cashier needs a manager's PIN to open it.
Its widgets, from a report worked out by hand: tests/ui/test_report_widgets.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pos_app.ports import GatewayPayment
from pos_app.report_errors import DayNotClosed, ShiftStillOpen
from pos_app.reports import (
    ReportKind,
)
from pos_app.scan_codes import classify
from pos_app.services.auth import Cashier
from pos_app.services.checkout import CardTender, CashTender, CompletedOrder, QrTender, TenderIn
from pos_app.services.till import Till
from pos_app.store.models import new_uuid
from tests.support import FakeClock
from tests.ui.test_touch_targets import too_small
from ui import worker
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import money
from ui.manager_screen import DETAILS, ORDERS, OVERVIEW, ManagerScreen
from ui.override_dialog import OverrideDialog
from ui.qt import Qt
from ui.receipt_preview_dialog import ReceiptPreviewDialog

DAY = date(2026, 11, 25)
QR_CODES = {  # a customer's payment code of each channel
    "wechat": "134567890123456789",
    "alipay": "281234567890123456",
    "unionpay": "6212345678901234567",
}


# -- the screen over a real till --------------------------------------------------------------------------
class PaidGateway:
    """The cloud says yes to every payment code."""

    def pay(self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str):
        return GatewayPayment(
            out_trade_no, classify(auth_code).kind.value, "success", amount_fen, "T" + out_trade_no
        )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()  # 2026-11-25 11:00 in Shanghai


@pytest.fixture
def till(tmp_path, clock):
    """The GUI tests' till (conftest), on a clock the test moves."""
    till = Till(tmp_path / "data", clock)
    till.use_payment_gateway(lambda: PaidGateway())
    yield till
    worker.wait_for_background()
    till.close()


def sell(
    till: Till, cashier: Cashier, clock: FakeClock, at: datetime, codes: list[str], how: str
) -> CompletedOrder:
    """A sale made at local Shanghai time `at`, paid fully by `how` (cash, card or a QR channel)."""
    if not till.shifts.is_open():
        till.shifts.open(cashier, 0)
    clock.current = at.replace(tzinfo=None).replace(tzinfo=UTC) - timedelta(hours=8)
    sale = till.new_sale(cashier)
    for code in codes:
        sale.scan(code)
    total = sale.totals().total_fen
    checkout = None
    tenders: list[TenderIn]
    if how == "cash":
        tenders = [CashTender(total)]
    elif how == "card":
        tenders = [CardTender(total, "880011")]
    else:
        attempt = till.payments.start(sale.cart, cashier, new_uuid(), classify(QR_CODES[how]), total)
        attempt = till.payments.send(attempt, QR_CODES[how], "好邻居便利店")
        tenders = [QrTender(attempt.out_trade_no, how, total)]
        checkout = attempt.checkout_uuid
    return till.checkout.complete(sale.cart, cashier, tenders, checkout)


def local(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def open_screen(qtbot, window, till: Till, who: Cashier) -> ManagerScreen:
    screen = ManagerScreen(till, who, who, window)
    screen.open()
    qtbot.waitUntil(lambda: screen.report is not None)
    return screen


@pytest.fixture
def day_of_sales(till, people, catalog, codes, clock):
    """11:05 cola cash, 11:40 rice WeChat, 14:20 water+chips card, 14:50 cola Alipay; the clock at 18:00."""
    c = people.cashier
    orders = [
        sell(till, c, clock, local(11, 5), [codes.cola], "cash"),
        sell(till, c, clock, local(11, 40), [codes.rice], "wechat"),
        sell(till, c, clock, local(14, 20), [codes.water, codes.chips], "card"),
        sell(till, c, clock, local(14, 50), [codes.cola], "alipay"),
    ]
    clock.current = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    return orders


def totals(*orders: CompletedOrder) -> int:
    return sum(o.totals.total_fen for o in orders)


def test_the_day_is_computed_in_the_background_then_shown(qtbot, window, till, people, day_of_sales):
    screen = ManagerScreen(till, people.manager, people.manager, window)
    screen.open()
    assert screen.pages.currentWidget() is screen.loading  # 加载中 until the worker answers
    assert not screen.close_day_button.isEnabled()
    qtbot.waitUntil(lambda: screen.report is not None)

    cash, wechat, card, alipay = day_of_sales
    assert screen.pages.currentIndex() == OVERVIEW
    assert screen.tiles.value("orders") == "4"
    assert screen.tiles.value("net") == money(totals(*day_of_sales))
    assert screen.hour_chart.hours == [11, 12, 13, 14]
    assert screen.hour_chart.amounts_fen == [totals(cash, wechat), 0, 0, totals(card, alipay)]
    assert list(screen.tender_chart.slices) == ["cash", "card", "wechat", "alipay"]
    assert screen.tender_chart.slices["card"].value() == totals(card) / 100
    assert screen.day_label.text().startswith("2026-11-25")
    assert not screen.next_button.isEnabled()  # nothing after today


def test_a_tap_on_an_hour_lists_exactly_that_hours_orders_and_opens_their_receipt(
    qtbot, window, till, people, day_of_sales
):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.hour_chart.tap_hour(14)
    qtbot.waitUntil(lambda: screen.orders.loaded)

    *_morning, card, alipay = day_of_sales
    assert screen.pages.currentWidget() is screen.orders
    assert [o.order_no for o in screen.orders.model.orders] == [alipay.order_no, card.order_no]
    assert screen.orders.detail.order.order_no == alipay.order_no  # the newest is shown at once
    screen.orders.select_row(1)
    assert screen.orders.detail.order.order_no == card.order_no
    assert not screen.orders.detail.void_button.isVisible()

    screen.orders.receipts.preview_button.click()
    preview = screen.orders.receipts.preview_dialog
    assert isinstance(preview, ReceiptPreviewDialog) and preview.isVisible()


def test_a_tap_on_a_tender_lists_the_orders_it_paid_and_all_orders_come_back(
    qtbot, window, till, people, day_of_sales
):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.tender_chart.tap_tender("wechat")
    qtbot.waitUntil(lambda: screen.orders.loaded)

    assert [o.order_no for o in screen.orders.model.orders] == [day_of_sales[1].order_no]
    assert screen.orders.all_button.isVisible()
    screen.orders.all_button.click()
    qtbot.waitUntil(lambda: screen.orders.loaded)
    assert len(screen.orders.model.orders) == 4
    assert not screen.orders.all_button.isVisible()


def test_the_details_page_lists_the_cashier_and_a_tender_row_drills_down(
    qtbot, window, till, people, day_of_sales
):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.page_buttons[DETAILS].click()

    assert screen.pages.currentWidget() is screen.tables
    [row] = screen.tables.texts(screen.tables.cashiers)
    assert row[:3] == ["张三", "4", money(totals(*day_of_sales))]
    card_row = [r[0] for r in screen.tables.texts(screen.tables.tenders)].index("银行卡")
    screen.tables.tables[0].clicked.emit(screen.tables.tenders.index(card_row, 0))
    qtbot.waitUntil(lambda: screen.orders.loaded)
    assert [o.order_no for o in screen.orders.model.orders] == [day_of_sales[2].order_no]


def test_the_arrows_move_one_day_and_never_past_today(qtbot, window, till, people, catalog, codes, clock):
    yesterday = sell(till, people.cashier, clock, local(15, 0, DAY - timedelta(days=1)), [codes.rice], "cash")
    sell(till, people.cashier, clock, local(9, 30), [codes.cola], "cash")
    sell(till, people.cashier, clock, local(10, 30), [codes.water], "cash")
    screen = open_screen(qtbot, window, till, people.manager)
    assert screen.tiles.value("orders") == "2"

    screen.prev_button.click()
    assert screen.pages.currentWidget() is screen.loading
    qtbot.waitUntil(lambda: screen.report is not None)
    assert screen.day_label.text().startswith("2026-11-24")
    assert screen.tiles.value("orders") == "1"
    assert screen.tiles.value("gross") == money(yesterday.totals.total_fen)
    assert screen.hour_chart.hours == [15]
    assert screen.next_button.isEnabled()

    screen.next_button.click()
    qtbot.waitUntil(lambda: screen.report is not None)
    assert screen.report.business_day == DAY
    assert not screen.next_button.isEnabled()


def test_the_orders_page_follows_the_day_on_show(qtbot, window, till, people, catalog, codes, clock):
    yesterday = sell(till, people.cashier, clock, local(15, 0, DAY - timedelta(days=1)), [codes.rice], "cash")
    sell(till, people.cashier, clock, local(9, 30), [codes.cola], "cash")
    screen = open_screen(qtbot, window, till, people.manager)
    screen.page_buttons[ORDERS].click()
    qtbot.waitUntil(lambda: screen.orders.loaded)

    screen.prev_button.click()
    qtbot.waitUntil(lambda: screen.report is not None and screen.orders.loaded)
    assert [o.order_no for o in screen.orders.model.orders] == [yesterday.order_no]


# -- who may open it, and the Z -----------------------------------------------------------------------------
def test_a_cashier_needs_a_managers_pin_to_open_the_reports(drive, people):
    drive.tap("reports")
    approval = drive.dialog(OverrideDialog)
    approval.approve(people.manager.id, "其他", "0000")
    drive.settle()
    assert drive.dialog(OverrideDialog) is approval  # a wrong PIN: still asking

    approval.approve(people.manager.id, "其他", people.manager_pin)
    drive.settle()
    screen = drive.dialog(ManagerScreen)
    assert screen.manager == people.manager and screen.cashier == people.cashier
    assert screen.width() == drive.window.width()  # the whole window


def test_a_manager_opens_the_reports_at_once(qtbot, window, people):
    window.login_screen.log_in(people.manager.id, people.manager_pin)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    qtbot.mouseClick(window.sale_screen.buttons["reports"], Qt.MouseButton.LeftButton)

    assert isinstance(window.sale_screen.sale_actions.dialog, ManagerScreen)


def close_shift(till: Till, cashier: Cashier, cash_fen: int) -> None:
    till.shifts.close(cashier, {100: cash_fen // 100})  # counted in one-yuan coins


def test_closing_the_day_asks_first_then_shows_the_z_number(qtbot, window, till, people, day_of_sales):
    close_shift(till, people.cashier, totals(day_of_sales[0]))
    screen = open_screen(qtbot, window, till, people.manager)
    screen.close_day_button.click()
    confirm = screen.day_close.dialog
    assert isinstance(confirm, ConfirmDialog) and confirm.isVisible()
    with pytest.raises(DayNotClosed):
        till.reports.z(DAY)  # nothing happens before the yes

    confirm.yes_button.click()
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.kind is ReportKind.Z)

    assert till.reports.z(DAY).z_no == 1
    assert screen.tr("closed, Z No. {number}").format(number=1) in screen.day_label.text()
    assert "Z" in screen.error_label.text() and "1" in screen.error_label.text()
    assert not screen.close_day_button.isEnabled()
    assert screen.tiles.value("net") == money(totals(*day_of_sales))
    grand = screen.tiles.tr("grand total {amount}").format(amount=money(totals(*day_of_sales)))
    assert screen.tiles.note("net") == grand  # the first Z: its net is the grand total


def test_a_cashier_closing_the_day_needs_a_managers_pin_too(qtbot, window, till, people, day_of_sales):
    close_shift(till, people.cashier, totals(day_of_sales[0]))
    screen = open_screen(qtbot, window, till, people.cashier)
    screen.close_day_button.click()
    screen.day_close.dialog.yes_button.click()
    approval = screen.day_close.dialog
    assert isinstance(approval, OverrideDialog)
    approval.approve(people.manager.id, "其他", people.manager_pin)
    qtbot.waitUntil(lambda: screen.report is not None and screen.report.kind is ReportKind.Z)

    assert till.reports.z(DAY).z_no == 1


def test_a_day_with_a_shift_still_open_is_not_closed_and_the_screen_says_why(
    qtbot, window, till, people, day_of_sales
):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.close_day_button.click()
    screen.day_close.dialog.yes_button.click()
    qtbot.waitUntil(lambda: not screen.busy and screen.error_label.property("level") == "error")

    assert screen.error_label.text() == str(ShiftStillOpen())
    assert screen.report.kind is ReportKind.X
    with pytest.raises(DayNotClosed):
        till.reports.z(DAY)


def test_a_csv_export_goes_to_the_exports_folder_and_the_message_says_where(
    qtbot, window, till, people, day_of_sales
):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.csv_button.click()
    qtbot.waitUntil(lambda: not screen.busy)

    [path] = (till.data_dir / "exports").glob("x-report-2026-11-25-*.csv")
    assert str(path) in screen.error_label.text()
    assert path.read_text(encoding="utf-8").startswith("\ufeff分区,项目,指标,值")


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_every_page_fills_the_window_with_no_target_under_44_px(
    qtbot, window, till, people, day_of_sales, size
):
    window.resize(*size)
    window.scaler.apply_now()
    screen = open_screen(qtbot, window, till, people.manager)
    assert (screen.width(), screen.height()) == size

    for page in (OVERVIEW, DETAILS, ORDERS):
        screen.page_buttons[page].click()
        qtbot.waitUntil(lambda: worker.pending() == 0)
        qtbot.wait(10)
        assert too_small(screen) == []
        assert screen.pages.currentIndex() == page


def test_a_pdf_export_goes_to_the_exports_folder_too(qtbot, window, till, people, day_of_sales):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.pdf_button.click()

    [path] = (till.data_dir / "exports").glob("x-report-2026-11-25-*.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    assert str(path) in screen.error_label.text()


def test_the_report_prints_on_the_receipt_printer(qtbot, window, till, people, day_of_sales, tmp_path):
    printer = tmp_path / "printer"
    printer.write_bytes(b"")  # a device file: the till never creates one
    till.configure(till.settings().changed(printer_url=f"file://{printer}"))
    screen = open_screen(qtbot, window, till, people.manager)
    screen.print_button.click()
    qtbot.waitUntil(lambda: not screen.busy)

    assert "X 报表".encode("gb18030") in printer.read_bytes()
    assert screen.error_label.property("level") == "info"


def test_with_no_printer_the_screen_says_so(qtbot, window, till, people, day_of_sales):
    screen = open_screen(qtbot, window, till, people.manager)
    screen.print_button.click()
    qtbot.waitUntil(lambda: not screen.busy)

    assert screen.error_label.property("level") == "error"
    assert "打印机" in screen.error_label.text()


def test_an_hour_after_midnight_belongs_to_the_day_before_the_cut_off(
    qtbot, window, till, people, catalog, codes, clock
):
    """With the 04:00 cut-off, 01:30 on the 26th is business day the 25th; 01:30 on the 25th is the 24th's."""
    next_day = DAY + timedelta(days=1)
    sell(till, people.cashier, clock, local(1, 30), [codes.water], "cash")  # business day the 24th
    evening = sell(till, people.cashier, clock, local(23, 10), [codes.cola], "cash")
    late = sell(till, people.cashier, clock, local(1, 30, next_day), [codes.rice], "wechat")
    screen = open_screen(qtbot, window, till, people.manager)
    assert screen.report.business_day == DAY
    assert screen.hour_chart.hours == [23, 0, 1]

    screen.hour_chart.tap_hour(1)
    qtbot.waitUntil(lambda: screen.orders.loaded)
    assert [o.order_no for o in screen.orders.model.orders] == [late.order_no]
    screen.hour_chart.tap_hour(23)
    qtbot.waitUntil(lambda: screen.orders.loaded)
    assert [o.order_no for o in screen.orders.model.orders] == [evening.order_no]
