"""The payment screen's QR and split pictures for shoot_screens.py: a failed code, waiting for the
customer's password, bank card entry, and cash for the rest after a paid WeChat code.

The cloud is the UI tests' fake (tests/ui/payment_fakes.py): it answers from a script, and the customer
takes their time until the picture is taken. Nothing is sold: the paid code is given back at the end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pos_app.services.till import Till
from tests.ui.payment_fakes import ALIPAY_CODE, WECHAT_CODE, FakeGateway, plug_in
from ui.main_window import MainWindow
from ui.qt import QApplication, QColor, QPainter, QPixmap, QWidget
from ui.tender_dialog import CARD, CASH, TenderDialog
from ui.worker import wait_for_background

Grab = Callable[[MainWindow, TenderDialog], QPixmap]
Save = Callable[[QPixmap, Path], Path]


class PaymentStage:
    """Plugged in before the window is built, so the payment screen hears every stored move."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self.gateway, self.waiter = plug_in(till, paired=False)

    def pair(self) -> None:
        """QR needs a cloud: pretend one (the window's sync is kept still, its status bar says nothing)."""
        self.till.sync_state.record_pairing("https://cloud.example", "demo", "好邻居", "文三路店")

    def shoot(
        self, app: QApplication, window: MainWindow, out: Path, suffix: str, grab: Grab, save: Save
    ) -> list[Path]:
        gateway: FakeGateway = self.gateway
        actions = window.sale_screen.sale_actions
        actions.pay()
        dialog = actions.dialog
        assert isinstance(dialog, TenderDialog)
        page = dialog.scan_page
        saved = []

        gateway.pays = ["failed", "userpaying"]
        dialog.scanned(ALIPAY_CODE)
        page.set_amount(2000)
        page.charge_button.click()
        wait_for_background()
        saved.append(save(grab(window, dialog), out / f"payment-failed-{suffix}.png"))

        self.waiter.hold()  # the customer is typing the password
        gateway.queries = ["success"]
        dialog.scanned(WECHAT_CODE)
        page.charge_button.click()
        _until(app, lambda: page.charging is not None and "等待" in page.state_text())
        page.since -= 12  # as if the customer had been typing for 12 s
        page._tick()
        saved.append(save(grab(window, dialog), out / f"payment-waiting-{suffix}.png"))
        self.waiter.go()
        wait_for_background()

        dialog.show_method(CARD)
        dialog.card_page.fill(1000, "202611250087")
        app.processEvents()
        saved.append(save(grab(window, dialog), out / f"payment-card-{suffix}.png"))

        dialog.show_method(CASH)
        dialog.keypad.type_keys("50")
        app.processEvents()
        saved.append(save(grab(window, dialog), out / f"payment-split-{suffix}.png"))

        dialog.reject()  # no sale: the paid code goes back to the customer
        assert dialog.sub_dialog is not None
        app.processEvents()
        shot = _over(grab(window, dialog), window, dialog.sub_dialog)
        saved.append(save(shot, out / f"payment-close-{suffix}.png"))
        dialog.sub_dialog.yes_button.click()
        wait_for_background()
        window.notice.dismiss()
        app.processEvents()
        return saved


def _until(app: QApplication, done: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _over(shot: QPixmap, window: MainWindow, dialog: QWidget) -> QPixmap:
    """A question asked over the payment screen: dimmed once more, the question on top."""
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(15, 23, 42, 90))
    painter.drawPixmap(
        (window.width() - dialog.width()) // 2, (window.height() - dialog.height()) // 2, dialog.grab()
    )
    painter.end()
    return shot
