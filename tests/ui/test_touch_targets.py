"""Touch first: at both supported screen sizes every visible button is at least 44 px high."""

from __future__ import annotations

import pytest

from ui.qt import QLineEdit, QPushButton, QWidget
from ui.tender_dialog import TenderDialog
from ui.theme import MIN_TOUCH


def too_small(root: QWidget) -> list[tuple[str, int]]:
    widgets = root.findChildren(QPushButton) + root.findChildren(QLineEdit)
    return [
        (w.text() or w.objectName(), w.height()) for w in widgets if w.isVisible() and w.height() < MIN_TOUCH
    ]


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_login_sale_and_tender_have_no_target_under_44_px(drive, codes, qtbot, size):
    window = drive.window
    window.resize(*size)
    drive.scan(codes.cola)
    qtbot.wait(10)
    assert too_small(window.sale_screen) == []

    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    qtbot.wait(10)
    assert too_small(dialog) == []
    assert dialog.width() <= window.width() and dialog.height() <= window.height()
    dialog.reject()

    window.lock()
    qtbot.wait(10)
    assert too_small(window.login_screen) == []


def test_the_sale_screen_fits_1024_by_768_without_clipping(drive):
    window = drive.window
    window.resize(1024, 768)
    assert window.width() == 1024 and window.height() == 768
    screen = window.sale_screen
    assert screen.pay_button.geometry().bottom() <= screen.height()
    assert screen.minimumSizeHint().width() <= 1024


@pytest.mark.parametrize(
    "action", ["quantity", "discount_line", "discount_order", "price", "settings", "recall", "history"]
)
def test_every_dialog_has_no_target_under_44_px_at_1024_by_768(drive, codes, qtbot, action):
    drive.scan(codes.cola)
    if action == "recall":
        drive.tap("hold")
        drive.settle()
    drive.tap(action)
    dialog = drive.screen.sale_actions.dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    qtbot.wait(10)

    assert too_small(dialog) == []
    assert dialog.width() <= 1024 and dialog.height() <= 768
