"""挂单/取单, the lock screen and cashier switches: no cart is ever lost or handed to the wrong person."""

from __future__ import annotations

from pos_app.services.auth import Role
from ui.held_orders_dialog import HeldOrdersDialog


def test_hold_then_recall_brings_the_cart_back(drive, codes, till):
    drive.scan(codes.cola)
    drive.scan(codes.chips)
    drive.tap("hold")
    drive.settle()

    assert drive.rows() == []
    assert drive.message().startswith("已挂单：可口可乐 330ml 等1项")
    assert len(till.held.list()) == 1

    drive.tap("recall")
    dialog = drive.dialog(HeldOrdersDialog)
    assert "¥10.50" in dialog.order_buttons[0].text()
    dialog.order_buttons[0].click()
    drive.settle()

    assert [r[0] for r in drive.rows()] == ["可口可乐 330ml", "乐事薯片 70g"]
    assert drive.due() == "¥10.50"
    assert till.held.list() == []


def test_recall_is_refused_while_the_cart_has_lines(drive, codes):
    drive.scan(codes.cola)
    drive.tap("recall")

    assert drive.message() == "请先收款或挂起当前订单，再取单"
    drive.no_dialog()


def test_lock_keeps_the_cart_for_the_same_cashier(drive, codes, people):
    drive.scan(codes.cola)
    drive.tap("lock")

    login = drive.window.login_screen
    assert drive.window.stack.currentWidget() is login
    assert "张三" in login.hint.text()
    assert "1 件未结" in login.cashier_buttons[people.cashier.id].text()

    login.log_in(people.cashier.id, people.cashier_pin)
    drive.qtbot.waitUntil(lambda: drive.window.stack.currentWidget() is drive.screen)
    assert [r[0] for r in drive.rows()] == ["可口可乐 330ml"]


def test_a_cashier_switch_keeps_each_cashiers_own_cart(drive, codes, people, till):
    other = till.auth.create("王小美", Role.CASHIER, "2345")
    drive.scan(codes.cola)
    drive.tap("lock")

    login = drive.window.login_screen
    login.reset(people.cashier)  # the list is read again when the screen shows
    login.log_in(other.id, "2345")
    drive.qtbot.waitUntil(lambda: drive.window.stack.currentWidget() is drive.screen)
    assert drive.rows() == []
    assert drive.screen.sale.cashier.id == other.id
    drive.scan(codes.water)
    drive.scan(codes.water)

    drive.tap("lock")
    login.log_in(people.cashier.id, people.cashier_pin)
    drive.qtbot.waitUntil(lambda: drive.screen.sale.cashier.id == people.cashier.id)
    assert [r[0:2] for r in drive.rows()] == [["可口可乐 330ml", "1"]]

    drive.tap("lock")
    login.log_in(other.id, "2345")
    drive.qtbot.waitUntil(lambda: drive.screen.sale.cashier.id == other.id)
    assert [r[0:2] for r in drive.rows()] == [["农夫山泉 550ml", "2"]]
