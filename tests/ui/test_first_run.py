"""A new shop: with no accounts, the login screen sets up the shop name and the first manager."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from pos_app.services.auth import Role
from tests.ui.conftest import open_window
from ui import worker
from ui.main_window import MainWindow


@pytest.fixture
def new_shop(qtbot: QtBot, till) -> MainWindow:
    """A fresh data directory: no cashiers, no products."""
    till.configure(till.settings().changed(shop_name="街角小卖部"))
    return open_window(qtbot, till)


def settle(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)


def test_a_shop_without_accounts_opens_on_the_first_run_card(new_shop):
    login = new_shop.login_screen

    assert login.first_run.isVisible()
    assert not login.card.isVisible()
    assert login.first_run.shop_name.text() == "街角小卖部"  # prefilled from the settings
    assert login.first_run.form.pin.echoMode() == login.first_run.form.pin.EchoMode.Password


def test_the_first_manager_is_created_the_shop_named_and_the_login_shown(qtbot, new_shop, till):
    login = new_shop.login_screen
    login.first_run.fill("王记杂货", "王老板", "2468", "2468")
    login.first_run.create_button.click()

    assert worker.pending() == 1  # argon2 runs off the GUI thread
    assert not login.first_run.create_button.isEnabled()
    settle(qtbot)

    [manager] = till.auth.cashiers()
    assert (manager.name, manager.role) == ("王老板", Role.MANAGER)
    assert till.settings().shop_name == "王记杂货"
    assert login.card.isVisible() and not login.first_run.isVisible()
    assert login.shop_label.text() == "王记杂货"
    assert new_shop.shop_label.text() == "王记杂货"
    assert login.cashier_buttons[manager.id].isChecked()
    assert login.message.text() == "店长 王老板 已创建，请输入密码登录"

    login.pin_pad.enter("2468")
    qtbot.waitUntil(lambda: new_shop.stack.currentWidget() is new_shop.sale_screen)
    assert new_shop.sale_screen.sale.cashier.is_manager


def test_two_different_pins_are_refused_inline_and_nothing_is_stored(new_shop, till):
    first_run = new_shop.login_screen.first_run
    first_run.fill("王记杂货", "王老板", "2468", "2469")
    first_run.create_button.click()

    assert worker.pending() == 0
    assert first_run.message.text() == "两次输入的密码不一致，请重新输入"
    assert first_run.message.property("level") == "error"
    assert first_run.form.pin_again.text() == ""
    assert till.auth.cashiers() == []
    assert till.settings().shop_name == "街角小卖部"


@pytest.mark.parametrize(
    ("shop", "name", "pin", "shown"),
    [
        ("王记杂货", "王老板", "12", "密码必须是 4 到 6 位数字"),
        ("王记杂货", "王老板", "12ab", "密码必须是 4 到 6 位数字"),
        ("王记杂货", "  ", "2468", "收银员姓名不能为空"),
        ("", "王老板", "2468", "店名不能为空"),
    ],
)
def test_bad_values_are_refused_by_the_services_and_nothing_is_stored(
    qtbot, new_shop, till, shop, name, pin, shown
):
    first_run = new_shop.login_screen.first_run
    first_run.fill(shop, name, pin, pin)
    first_run.create_button.click()
    settle(qtbot)

    assert first_run.isVisible()
    assert first_run.message.text() == shown
    assert first_run.create_button.isEnabled()
    assert till.auth.cashiers() == []
    assert till.settings().shop_name == "街角小卖部"


def test_the_first_run_has_no_target_under_44_px(new_shop):
    from tests.ui.test_touch_targets import too_small

    assert too_small(new_shop.login_screen) == []
