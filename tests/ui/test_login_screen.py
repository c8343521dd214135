"""Logging in with the PIN pad: the right PIN opens the sale, wrong ones say so, five lock the account."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui import worker
from ui.main_window import MainWindow


def test_the_right_pin_opens_the_sale_screen_for_that_cashier(qtbot: QtBot, window: MainWindow, people):
    window.login_screen.log_in(people.cashier.id, people.cashier_pin)

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    assert window.sale_screen.sale.cashier.id == people.cashier.id
    assert "张三" in window.cashier_label.text()


def test_the_pin_shows_as_dots_never_as_digits(window: MainWindow, people):
    screen = window.login_screen
    screen.choose(people.cashier.id)
    screen.pin_pad.keypad.type_keys("12")

    assert screen.pin_pad.dots.text() == "●●"


def test_a_wrong_pin_shows_the_message_in_red_and_stays(qtbot: QtBot, window: MainWindow, people):
    screen = window.login_screen
    screen.log_in(people.cashier.id, "0000")

    qtbot.waitUntil(lambda: screen.message.text() != "正在验证…")
    assert screen.message.text() == "密码错误，再错 4 次将锁定账号"
    assert screen.message.property("level") == "error"
    assert window.stack.currentWidget() is screen
    assert screen.pin_pad.pin == ""  # cleared for the next try


def test_five_wrong_pins_lock_the_account_even_for_the_right_pin(qtbot: QtBot, window: MainWindow, people):
    screen = window.login_screen
    for _ in range(5):
        screen.log_in(people.cashier.id, "0000")
        qtbot.waitUntil(lambda: screen.pin_pad.ok_button.isEnabled())

    assert "账号已锁定" in screen.message.text()

    screen.log_in(people.cashier.id, people.cashier_pin)
    qtbot.waitUntil(lambda: screen.pin_pad.ok_button.isEnabled())
    assert "账号已锁定" in screen.message.text()
    assert window.stack.currentWidget() is screen


def test_the_pin_pad_takes_a_keyboard_too(qtbot: QtBot, window: MainWindow, people):
    screen = window.login_screen
    screen.choose(people.cashier.id)
    qtbot.keyClicks(screen.pin_pad, people.cashier_pin, delay=80)  # a person, not a scanner
    qtbot.keyClick(screen.pin_pad, "\r")

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)


def test_the_pin_is_checked_off_the_gui_thread(qtbot: QtBot, window: MainWindow, people):
    screen = window.login_screen
    screen.log_in(people.cashier.id, people.cashier_pin)

    assert worker.pending() == 1  # log_in returned before argon2 finished
    assert not screen.pin_pad.ok_button.isEnabled()
    assert screen.message.text() == "正在验证…"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
