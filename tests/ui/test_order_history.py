"""订单: the day's orders with their detail, and a manager's void of a completed order."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from pos_app.services.auth import OverrideAction
from pos_app.services.orders import OrderView, TenderView
from pos_app.store.models import OverrideRow
from ui.order_detail_widget import OrderDetailWidget
from ui.order_history_dialog import OrderHistoryDialog
from ui.order_history_models import OrderListModel
from ui.override_dialog import OverrideDialog
from ui.qt import Qt
from ui.refund_dialog import RefundDialog
from ui.tender_dialog import TenderDialog


def pay(drive, *codes: str, cash: str = "") -> None:
    """Scans the items and pays cash (the exact amount unless `cash` is typed)."""
    for code in codes:
        drive.scan(code)
    drive.tap("pay")
    tender = drive.dialog(TenderDialog)
    tender.type_and_confirm(cash)
    drive.settle()
    tender.next_button.click()


def open_history(drive) -> OrderHistoryDialog:
    drive.tap("history")
    dialog = drive.dialog(OrderHistoryDialog)
    drive.settle()
    return dialog


def listed(dialog: OrderHistoryDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def approve_void(drive, dialog: OrderHistoryDialog, manager_id: int, pin: str) -> OverrideDialog:
    dialog.detail.void_button.click()
    override = dialog.override
    assert isinstance(override, OverrideDialog) and override.isVisible()
    override.approve(manager_id, "顾客退货", pin)
    drive.settle()
    return override


@pytest.fixture
def paid(drive, codes, till):
    """One order paid: 金龙鱼大米 12.50 with 20 yuan, 7.50 change."""
    pay(drive, codes.rice, cash="20")
    [order] = till.orders.recent()
    return order


def test_a_paid_order_is_listed_with_its_time_cashier_and_total(drive, paid, till):
    dialog = open_history(drive)

    local = paid.created_at.astimezone(ZoneInfo(till.settings().timezone)).strftime("%H:%M")
    assert listed(dialog) == [[paid.order_no, local, "张三", "¥12.50", ""]]
    assert dialog.detail.order == paid  # the newest order is shown at once
    assert dialog.detail.number_label.text() == f"订单 {paid.order_no}"
    lines = dialog.detail.lines_model
    assert [lines.index(0, c).data() for c in range(4)] == ["金龙鱼大米 1kg", "1", "¥12.50", "¥12.50"]
    figures = dialog.detail.figure_texts()
    assert figures["合计"] == "¥12.50"
    assert (figures["现金"], figures["实收"], figures["找零"]) == ("¥12.50", "¥20.00", "¥7.50")
    assert figures["抹零"] == "¥0.00"
    assert dialog.detail.void_button.isEnabled()


def test_the_newest_order_comes_first_and_a_tap_shows_another(drive, codes, till):
    pay(drive, codes.cola)
    pay(drive, codes.water, codes.water)
    dialog = open_history(drive)

    assert [row[3] for row in listed(dialog)] == ["¥4.00", "¥3.00"]
    dialog.tap_row(1)
    assert dialog.detail.figure_texts()["合计"] == "¥3.00"


def test_f11_opens_the_orders(drive, paid):
    drive.window.shortcut_actions["history"].trigger()

    assert isinstance(drive.dialog(OrderHistoryDialog), OrderHistoryDialog)


def test_a_line_deleted_before_payment_is_greyed_and_struck(drive, codes, till):
    drive.scan(codes.cola)
    drive.scan(codes.chips)
    drive.select_row(0)
    drive.tap("void")
    pay(drive)
    dialog = open_history(drive)

    lines = dialog.detail.lines_model
    names = [lines.index(r, 0).data() for r in range(lines.rowCount())]
    assert names == ["乐事薯片 70g", "可口可乐 330ml"]
    struck = lines.index(1, 3)
    assert struck.data() == "¥3.00"
    assert struck.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert struck.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert lines.index(0, 3).data(Qt.ItemDataRole.FontRole) is None
    assert dialog.detail.figure_texts()["合计"] == "¥7.50"


def test_a_void_with_the_managers_pin_marks_the_order_void_and_stores_it(drive, paid, till, people):
    dialog = open_history(drive)
    approve_void(drive, dialog, people.manager.id, people.manager_pin)

    assert till.orders.get(paid.uuid).voided
    assert listed(dialog)[0][OrderListModel.STATUS] == "已作废"
    assert dialog.detail.voided_badge.isVisible()
    assert not dialog.detail.void_button.isEnabled()
    assert dialog.error_label.text() == f"订单 {paid.order_no} 已作废"
    assert dialog.override is None
    with till.store.read() as session:
        [override] = session.scalars(select(OverrideRow)).all()
        assert (override.action, override.order_uuid) == (OverrideAction.VOID_ORDER.value, paid.uuid)
        assert override.detail == f"{paid.order_no} ¥12.50"
        assert override.manager_id == people.manager.id
    assert f"订单 {paid.order_no} 已作废" in drive.message()


def test_a_wrong_pin_voids_nothing(drive, paid, till, people):
    dialog = open_history(drive)
    override = approve_void(drive, dialog, people.manager.id, "0000")

    assert override.isVisible()
    assert override.error_label.text() == "密码错误，再错 4 次将锁定账号"
    assert not till.orders.get(paid.uuid).voided
    assert listed(dialog)[0][OrderListModel.STATUS] == ""
    override.reject()
    assert dialog.detail.void_button.isEnabled()


def test_voiding_an_order_voided_meanwhile_shows_the_services_message(drive, paid, till, people):
    dialog = open_history(drive)  # shows the order as not voided
    approval = till.auth.authorize(
        people.manager.id, people.manager_pin, OverrideAction.VOID_ORDER, "另一台收银机", None
    )
    till.orders.void(paid.uuid, approval)

    approve_void(drive, dialog, people.manager.id, people.manager_pin)

    assert dialog.error_label.text() == f"订单 {paid.order_no} 已作废"
    assert dialog.error_label.property("level") == "error"
    assert listed(dialog)[0][OrderListModel.STATUS] == "已作废"  # reloaded from the store


def test_a_day_without_orders_says_so(drive):
    dialog = open_history(drive)

    assert dialog.list_pages.currentWidget() is dialog.note
    assert dialog.note.text() == "今天还没有订单"
    assert dialog.detail.order is None


def test_closing_before_the_list_arrives_is_harmless(drive, paid, qtbot):
    drive.tap("history")
    dialog = drive.dialog(OrderHistoryDialog)
    dialog.close_button.click()  # the list is still being read
    drive.settle()
    qtbot.wait(10)

    drive.no_dialog()


def test_a_refund_of_one_line_tells_the_cashier_the_cash_to_give_back_and_the_line_is_done(
    drive, codes, till, people
):
    pay(drive, codes.rice, codes.cola, cash="20")  # 12.50 + 3.50
    dialog = open_history(drive)
    dialog.refund_button.click()
    refund = dialog.refund_dialog
    assert isinstance(refund, RefundDialog)
    drive.settle()
    rice = next(i for i, line in enumerate(refund._lines) if "大米" in line.name)
    assert not refund.refund_button.isEnabled()  # nothing chosen yet
    list(refund.line_buttons.values())[rice].click()
    assert "12.50" in refund.total_label.text()
    refund.refund_button.click()
    override = refund.override
    assert isinstance(override, OverrideDialog)
    override.approve(people.manager.id, "顾客退货", people.manager_pin)
    drive.settle()
    assert refund.outcome is not None and refund.outcome.state == "done"
    assert "12.50" in refund.error_label.text() and "钱箱" in refund.error_label.text()
    refund.reject()
    dialog.refund_button.click()
    drive.settle()
    again = dialog.refund_dialog
    assert isinstance(again, RefundDialog)
    assert not list(again.line_buttons.values())[rice].isEnabled()  # refunded once, never twice
    assert list(again.line_buttons.values())[1 - rice].isEnabled()


def test_a_refund_refused_at_the_pin_refunds_nothing(drive, paid, till, people):
    dialog = open_history(drive)
    dialog.refund_button.click()
    refund = dialog.refund_dialog
    drive.settle()
    refund.choose_all()
    refund.refund_button.click()
    refund.override.approve(people.manager.id, "顾客退货", "0000")
    drive.settle()
    assert refund.outcome is None
    assert not any(line.refunded for line in till.refunds.lines(paid.uuid))


def test_an_order_paid_by_unionpay_and_ecny_names_both_in_chinese(qtbot):
    widget = OrderDetailWidget("Asia/Shanghai")
    qtbot.addWidget(widget)
    tenders = (TenderView("unionpay", 300, 0, 0, "a" * 32), TenderView("ecny", 200, 0, 0, "b" * 32))
    order = OrderView(
        "u", "20261125-0001", datetime(2026, 11, 25, 3, tzinfo=UTC), "张三", 500, 0, 0, 0, False, (), tenders
    )
    widget.show_order(order)
    figures = widget.figure_texts()
    assert figures["云闪付"] == "¥3.00" and figures["数字人民币"] == "¥2.00"
