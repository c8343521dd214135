"""收银员 in the shop settings: a manager adds cashiers and managers; refusals are shown inline."""

from __future__ import annotations

import pytest

from pos_app.services.auth import Role
from ui.cashier_dialog import CashierDialog


@pytest.fixture
def cashiers(settings_dialog) -> CashierDialog:
    settings_dialog.cashiers_button.click()
    dialog = settings_dialog.sub_dialog
    assert isinstance(dialog, CashierDialog) and dialog.isVisible()
    return dialog


def test_the_dialog_lists_the_accounts(cashiers):
    assert cashiers.staff.text() == "张三（收银员）    李店长（店长）"


def test_a_manager_adds_a_cashier_who_can_then_log_in(qtbot, drive, till, settings_dialog, cashiers):
    cashiers.form.fill("王五", "4321", "4321", Role.CASHIER)
    cashiers.add_button.click()
    drive.settle()

    assert cashiers.error_label.text() == "已添加收银员 王五，现在即可登录"
    assert "王五（收银员）" in cashiers.staff.text()
    assert cashiers.form.name.text() == "" and cashiers.form.pin.text() == ""
    added = next(c for c in till.auth.cashiers() if c.name == "王五")
    assert added.role is Role.CASHIER

    cashiers.reject()
    settings_dialog.reject()
    drive.window.lock()
    drive.window.login_screen.log_in(added.id, "4321")
    qtbot.waitUntil(lambda: drive.window.stack.currentWidget() is drive.window.sale_screen)
    assert drive.window.sale_screen.sale.cashier == added


def test_a_second_manager_can_be_added(drive, till, cashiers):
    cashiers.form.fill("赵店长", "8642", "8642", Role.MANAGER)
    cashiers.add_button.click()
    drive.settle()

    assert [m.name for m in till.auth.managers()] == ["李店长", "赵店长"]


@pytest.mark.parametrize(
    ("name", "pin", "again", "shown"),
    [
        ("张三", "4321", "4321", "已有名为 张三 的收银员"),
        ("王五", "12", "12", "密码必须是 4 到 6 位数字"),
        ("王五", "4321", "4322", "两次输入的密码不一致，请重新输入"),
        ("", "4321", "4321", "收银员姓名不能为空"),
    ],
)
def test_a_refused_account_is_shown_inline_and_nothing_is_added(
    drive, till, cashiers, name, pin, again, shown
):
    before = till.auth.cashiers()
    cashiers.form.fill(name, pin, again)
    cashiers.add_button.click()
    drive.settle()

    assert cashiers.isVisible()
    assert cashiers.error_label.text() == shown
    assert cashiers.error_label.property("level") == "error"
    assert till.auth.cashiers() == before


def test_the_cashier_dialog_has_no_target_under_44_px(qtbot, cashiers):
    from tests.ui.test_touch_targets import too_small

    qtbot.wait(10)
    assert too_small(cashiers) == []
    assert cashiers.width() <= 1024 and cashiers.height() <= 768
