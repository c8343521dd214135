"""Shifts on screen: the float asked after login, no selling without a shift, counting the drawer at 交班
with the over/short (or, under blind close, without the expected cash), and cash in/out."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from pos_app.services.checkout import CashTender
from pos_app.services.shifts import PAY_OUT
from pos_app.services.till import Till
from pos_app.store.models import CashMovementRow, OrderRow
from tests.ui.conftest import CASHIER_PIN, Codes, Driver, People
from tests.ui.test_touch_targets import too_small
from ui.cash_movement_dialog import CashMovementDialog
from ui.main_window import MainWindow
from ui.qt import QLabel, QWidget
from ui.settings_dialog import SettingsDialog
from ui.shift_close_dialog import ShiftCloseDialog
from ui.shift_menu_dialog import ShiftMenuDialog
from ui.shift_open_dialog import ShiftOpenDialog
from ui.tender_dialog import TenderDialog


def log_in(qtbot: QtBot, window: MainWindow, people: People) -> Driver:
    window.login_screen.log_in(people.cashier.id, CASHIER_PIN)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    return Driver(qtbot, window)


def no_shift(till: Till, people: People) -> None:
    """The people fixture opened a shift; the day starts without one here."""
    till.shifts.close(people.cashier, {})


def sell_cash(till: Till, people: People, code: str, given_fen: int) -> None:
    sale = till.new_sale(people.cashier)
    sale.scan(code)
    till.checkout.pay_cash(sale.cart, people.cashier, CashTender(given_fen))


def shown_texts(root: QWidget) -> list[str]:
    return [label.text() for label in root.findChildren(QLabel) if label.isVisible()]


def orders(till: Till) -> int:
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OrderRow)) or 0)


def test_after_login_with_no_open_shift_the_float_is_asked_first(qtbot, window, till, people) -> None:  # type: ignore[no-untyped-def]
    no_shift(till, people)
    drive = log_in(qtbot, window, people)
    dialog = drive.dialog(ShiftOpenDialog)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.error_label.isVisible()  # nothing typed: the float is asked for
    dialog.type_and_confirm("500")
    drive.settle()
    drive.no_dialog()
    shift = till.shifts.current()
    assert shift is not None and shift.float_fen == 500_00 and shift.opened_by == "张三"
    assert "¥500.00" in drive.message()


def test_without_a_shift_nothing_is_sold_and_pay_offers_to_open_one(
    qtbot, window, till, people, codes: Codes
) -> None:  # type: ignore[no-untyped-def]
    no_shift(till, people)
    ready = window.sale_screen.message.idle_text  # "scan an item..."
    drive = log_in(qtbot, window, people)
    drive.dialog(ShiftOpenDialog).close_button.click()  # the cashier does not count now
    drive.no_dialog()
    assert drive.message() and drive.screen.message.action_button.isVisible()  # says why, offers 开班
    drive.scan(codes.cola)  # the cart fills as usual...
    assert len(drive.rows()) == 1
    drive.screen.message.clear()
    assert drive.screen.message.label.text() != ready  # ... and the idle hint still says a shift is needed

    drive.tap("pay")  # ... but 收款 asks for the float first
    dialog = drive.dialog(ShiftOpenDialog)
    dialog.reject()
    assert orders(till) == 0 and not till.shifts.is_open()

    drive.tap("pay")
    drive.dialog(ShiftOpenDialog).type_and_confirm("0")
    drive.settle()
    drive.dialog(TenderDialog)  # with the shift open, the payment goes on
    assert till.shifts.is_open() and drive.screen.message.idle_text == ready


def test_the_close_counts_with_the_keypad_and_shows_over_and_short(qtbot, drive, till, people, codes) -> None:  # type: ignore[no-untyped-def]
    sell_cash(till, people, codes.cola, 500)  # 3.00 in cash, 2.00 change
    till.shifts.pay_in(people.cashier, 100_00, "找零备用金")
    drive.tap("shift")
    menu = drive.dialog(ShiftMenuDialog)
    assert menu.figures["expected"].text() == "¥103.00" and menu.figures["pay_in"].text() == "¥100.00"
    menu.close_shift_button.click()
    dialog = drive.dialog(ShiftCloseDialog)
    assert dialog.expected_label is not None and dialog.expected_label.text() == "¥103.00"

    dialog.count(10000, 1)
    assert dialog.counted_label.text() == "¥100.00"
    assert dialog.over_short_label is not None and dialog.over_short_label.text() == "¥3.00"  # short
    short_caption = dialog.over_short_caption.text() if dialog.over_short_caption else ""
    dialog.count(100, 3)
    assert dialog.counted_label.text() == "¥103.00" and "¥" not in dialog.over_short_label.text()  # even
    dialog.count(50, 12)  # 12 coins of 5 jiao: 6.00
    assert dialog.line_labels[50].text() == "¥6.00" and dialog.counted_label.text() == "¥109.00"
    assert dialog.over_short_label.text() == "¥6.00"
    assert dialog.over_short_caption is not None and dialog.over_short_caption.text() != short_caption  # over
    dialog.keypad.button("back").click()  # 12 -> 1: the row being typed is edited
    assert dialog.count_buttons[50].text() == "1" and dialog.over_short_label.text() == "¥0.50"

    dialog.close_shift_button.click()
    assert dialog.confirm_dialog is not None
    dialog.confirm_dialog.yes_button.click()
    drive.settle()
    assert dialog.pages.currentIndex() == 1
    assert dialog.result.counted.text() == "¥103.50" and dialog.result.over_short.text() == "¥0.50"
    assert dialog.result.expected.isVisible() and dialog.result.expected.text() == "¥103.00"
    (closed,) = [s for s in till.shifts.recent() if s.counted_fen]
    assert (closed.counts, closed.over_short_fen) == ({10000: 1, 100: 3, 50: 1}, 50)

    dialog.result.done_button.click()
    drive.dialog(ShiftOpenDialog)  # the next shift's float, before the next sale


def test_a_blind_close_never_shows_the_expected_cash(qtbot, drive, till, people, codes) -> None:  # type: ignore[no-untyped-def]
    till.configure(till.settings().changed(blind_close=True))
    sell_cash(till, people, codes.chips, 1000)  # 7.50 in the drawer
    drive.tap("shift")
    menu = drive.dialog(ShiftMenuDialog)
    assert "¥7.50" not in shown_texts(menu)
    menu.close_shift_button.click()
    dialog = drive.dialog(ShiftCloseDialog)
    dialog.count(1000, 1)  # 10.00: 2.50 over, which only the manager sees
    texts = " ".join(shown_texts(dialog))
    assert "¥10.00" in texts and "¥7.50" not in texts and "¥2.50" not in texts
    assert dialog.expected_label is None and dialog.over_short_label is None

    dialog.close_shift_button.click()
    assert dialog.confirm_dialog is not None
    dialog.confirm_dialog.yes_button.click()
    drive.settle()
    texts = " ".join(shown_texts(dialog))
    assert dialog.pages.currentIndex() == 1 and "¥10.00" in texts
    assert "¥7.50" not in texts and "¥2.50" not in texts
    assert till.shifts.recent()[0].over_short_fen == 2_50  # recorded for the manager


def test_a_pay_out_above_the_drawer_cash_is_refused_on_screen(qtbot, drive, till, people, codes) -> None:  # type: ignore[no-untyped-def]
    sell_cash(till, people, codes.cola, 300)  # 3.00 in the drawer
    drive.tap("shift")
    drive.dialog(ShiftMenuDialog).cash_button.click()
    dialog = drive.dialog(CashMovementDialog)
    dialog.reason_buttons[2].click()  # 存入银行
    dialog.enter(PAY_OUT, "5", dialog.reason.text())
    drive.settle()
    assert dialog.isVisible() and "超过了钱箱应有的现金 3.00 元" in dialog.error_label.text()
    with till.store.read() as session:
        assert session.scalar(select(func.count()).select_from(CashMovementRow)) == 0

    dialog.keypad.button("clear").click()
    dialog.enter(PAY_OUT, "3", dialog.reason.text())
    drive.settle()
    drive.no_dialog()
    assert "¥3.00" in drive.message() and till.shifts.expected_cash() == 0


def test_blind_close_is_a_shop_setting(drive, settings_dialog: SettingsDialog, till: Till) -> None:
    assert settings_dialog.height() <= drive.window.height()  # its rows scroll at 1024x768
    settings_dialog.choose(settings_dialog.blind_close, "on")
    settings_dialog.save()
    drive.settle()
    assert till.settings().blind_close


def test_the_shift_dialogs_have_no_target_under_44_px_at_1024_by_768(qtbot, drive, till, people) -> None:  # type: ignore[no-untyped-def]
    drive.window.resize(1024, 768)
    drive.tap("shift")
    menu = drive.dialog(ShiftMenuDialog)
    qtbot.wait(10)
    assert too_small(menu) == []
    menu.cash_button.click()
    for kind in (CashMovementDialog, ShiftCloseDialog):
        dialog = drive.dialog(kind)
        qtbot.wait(10)
        assert too_small(dialog) == [] and dialog.width() <= 1024 and dialog.height() <= 768
        dialog.reject()
        if kind is CashMovementDialog:
            drive.screen.sale_actions.shifts.close()
    drive.screen.sale_actions.shifts.ask_to_open()
    dialog = drive.dialog(ShiftOpenDialog)
    qtbot.wait(10)
    assert too_small(dialog) == [] and dialog.height() <= 768
