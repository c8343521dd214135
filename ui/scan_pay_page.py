"""扫码支付: the customer's payment code, from the camera's viewfinder or the handheld scanner, charged.

The page holds the code it was given (a scan on the sale screen opens payment with it) or reads one:
the camera runs in its worker while the page is on screen and stops when it leaves. What it holds is
shown as the channel and a masked code, with the amount to charge: what is still to pay, or less for a
split. 收款 asks the payment session to charge it; the page then follows the attempt (提交中, waiting for
the customer's password with the seconds waited and 取消收款, then paid, failed or cancelled). While a
code is being charged another scan is refused; a failed code leaves the page ready for a fresh one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pos_app.camera_config import CameraConfig
from pos_app.money import format_yuan
from pos_app.payment_attempts import CANCEL_NOT_BEFORE_S, Attempt, AttemptState
from pos_app.scan_codes import ScannedCode
from ui.formatting import channel_label, money
from ui.number_entry_dialog import EntryKind, NumberEntryDialog
from ui.qt import QHBoxLayout, QLabel, Qt, QTimer, QVBoxLayout, QWidget, Signal
from ui.theme import button, set_prop
from ui.viewfinder_widget import ViewfinderWidget

if TYPE_CHECKING:
    from ui.camera_worker import CameraScanner


class ScanPayPage(QWidget):
    code_held = Signal(object, float)  # (ScannedCode, time.monotonic() of the frame or the scan)
    charge_requested = Signal(object, int)  # (ScannedCode, amount in fen)
    cancel_requested = Signal()

    def __init__(self, rest_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.held: ScannedCode | None = None
        self.rest_fen = rest_fen
        self.amount_fen = rest_fen
        self.blocked: str | None = None  # why codes cannot be charged now
        self.charging: Attempt | None = None
        self.cancelling = False
        self.refusal = ""
        self._used: set[str] = set()  # codes charged on this screen
        self.since = 0.0  # time.monotonic() when the code being charged was sent
        self._camera: CameraScanner | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self.viewfinder = ViewfinderWidget()
        self.viewfinder.show_text(self.tr("No camera: scan the customer's payment code with the scanner"))
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(_caption(self.tr("Payment code")))
        self.channel_label = _value("—", "payChannel")
        right.addWidget(self.channel_label)
        self.code_label = _value("", "payCode")
        right.addWidget(self.code_label)
        right.addWidget(_caption(self.tr("Amount to charge")))
        amount_row = QHBoxLayout()
        self.amount_button = button(self.tr("Change amount"), "", "changeAmount")
        self.amount_button.clicked.connect(self._ask_amount)
        self.amount_label = _value(money(rest_fen), "payAmount")
        amount_row.addWidget(self.amount_button)
        amount_row.addWidget(self.amount_label, 1)
        right.addLayout(amount_row)
        self.state_label = QLabel()  # the headline: 提交中…, 等待顾客输入密码…, 支付失败, ...
        self.state_label.setObjectName("payState")
        self.state_label.setWordWrap(True)
        right.addSpacing(6)
        right.addWidget(self.state_label)
        self.detail_label = QLabel()  # what, how long, why, what next
        self.detail_label.setObjectName("payDetail")
        self.detail_label.setWordWrap(True)
        right.addWidget(self.detail_label)
        right.addStretch(1)
        self.cancel_button = button(self.tr("Cancel payment"), "danger", "cancelCharge")
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        right.addWidget(self.cancel_button)
        self.charge_button = button("", "pay", "chargeCode")
        self.charge_button.clicked.connect(self._charge)
        right.addWidget(self.charge_button)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self.viewfinder, 5)
        row.addLayout(right, 4)
        self.amount_dialog: NumberEntryDialog | None = None
        self._state(self._ready_text(), "")
        self._update()

    # -- the code and the amount -------------------------------------------------------------------------
    def hold(self, scan: ScannedCode, read_at: float | None = None) -> None:
        """A payment code is held for charging; anything else, or a scan while charging, is refused."""
        if self.charging is not None:
            self.refusal = self.tr("A payment is in progress: scan a new code after its result")
            self._tick()
            return
        if not scan.is_payment:
            self._state(self.tr("{what} is not a payment code").format(what=scan.message()), "error")
            return
        if scan.text in self._used:  # the camera reads the same phone again: a code pays at most once
            self._state(
                self.tr("This payment code was used already: ask the customer to refresh it"), "error"
            )
            return
        self.held = scan
        self.channel_label.setText(scan.channel_label())
        self.code_label.setText(scan.masked())
        self._state(self.blocked or self._ready_text(), "warning" if self.blocked else "")
        self._update()
        self.code_held.emit(scan, time.monotonic() if read_at is None else read_at)

    def set_rest(self, rest_fen: int) -> None:
        """What is still to pay changed (a tender was taken or removed): the next code charges all of it."""
        self.rest_fen = rest_fen
        self.amount_fen = rest_fen
        self._update()

    def set_blocked(self, reason: str | None) -> None:
        """Why codes cannot be charged now (not paired, the cloud out of reach), or None: they can again."""
        was, self.blocked = self.blocked, reason
        if self.charging is None:
            if reason:
                self._state(reason, "warning")
            elif was and self.state_label.text() == was:
                self._state(self._ready_text(), "")
        self._update()

    def _ready_text(self) -> str:
        if self.held is not None:
            return self.tr("Code read: tap Charge")
        return self.tr("Ask the customer to show their payment code")

    def _ask_amount(self) -> None:
        """A split: the code pays part; cash or card the rest."""
        dialog = NumberEntryDialog(
            self.tr("Amount to charge"),
            self.tr("Charge less than {rest} to the payment code; take the rest another way").format(
                rest=money(self.rest_fen)
            ),
            EntryKind.MONEY,
            self,
            initial=format_yuan(self.amount_fen),
        )
        dialog.accepted.connect(lambda: self.set_amount(dialog.value))
        dialog.finished.connect(dialog.deleteLater)
        self.amount_dialog = dialog
        dialog.open()

    def set_amount(self, fen: int) -> None:
        if not 0 < fen <= self.rest_fen:
            self._state(
                self.tr("The amount must be more than 0 and at most {rest}").format(
                    rest=money(self.rest_fen)
                ),
                "error",
            )
            return
        self.amount_fen = fen
        self._update()

    def _charge(self) -> None:
        if self.held is not None and self.charging is None:
            self._used.add(self.held.text)
            self.charge_requested.emit(self.held, self.amount_fen)

    # -- the attempt -------------------------------------------------------------------------------------
    def show_attempt(self, attempt: Attempt, ended: bool, cancelling: bool = False) -> None:
        """The code being charged, or its end: final, or still pending when the cloud stopped answering."""
        self.held = None  # a code pays once: the next payment needs a fresh one
        self.channel_label.setText(channel_label(attempt.channel))
        self.code_label.setText(attempt.code_masked)
        self.cancelling = cancelling
        if ended:
            self.charging, self.refusal = None, ""
            self._ticker.stop()
            self._show_end(attempt)
        else:
            if self.charging is None:
                self.since = time.monotonic()
            self.charging = attempt
            self.amount_label.setText(money(attempt.amount_fen))
            self._ticker.start()
            self._tick()
        self._update()

    def _show_end(self, attempt: Attempt) -> None:
        what = f"{channel_label(attempt.channel)} {money(attempt.amount_fen)}"
        if attempt.state is AttemptState.PAID:
            self._state(self.tr("Paid"), "success", what)
            return
        if attempt.state is AttemptState.FAILED:
            headline, level = self.tr("Payment failed"), "error"
            reason = attempt.message or self.tr("nothing was charged")
        elif attempt.state is AttemptState.CANCELLED:
            headline, level, reason = self.tr("Cancelled"), "warning", attempt.message
        else:
            headline, level = self.tr("Payment not confirmed"), "warning"
            reason = attempt.message or self.tr("the result is not known yet")
        detail = self.tr("{what}: {reason}").format(what=what, reason=reason) if reason else what
        again = self.tr("Scan a new code, or take cash or card")
        self._state(headline, level, f"{detail}\n{again}")

    def _tick(self) -> None:
        attempt = self.charging
        if attempt is None:
            return
        waited = self.tr("Waited {seconds} s").format(seconds=int(time.monotonic() - self.since))
        if self.cancelling:
            headline = self.tr("Cancelling…")
            detail = self.tr(
                "A payment can be cancelled only {seconds} s after the scan: please wait"
            ).format(seconds=CANCEL_NOT_BEFORE_S)
        elif attempt.state is AttemptState.SUBMITTING:
            headline, detail = self.tr("Submitting…"), ""
        else:
            headline = self.tr("Waiting for the customer to enter their password…")
            unknown = attempt.state is AttemptState.UNKNOWN  # why it is not known, under how long
            detail = "\n".join(filter(None, [waited, attempt.message if unknown else ""]))
        if self.refusal:  # a second scan while this one is charged: said under it, until it ends
            detail = "\n".join(filter(None, [detail, self.refusal]))
        self._state(headline, "info", detail)

    # -- look --------------------------------------------------------------------------------------------
    def _update(self) -> None:
        charging = self.charging is not None
        if not charging:
            self.amount_label.setText(money(self.amount_fen))
        self.charge_button.setText(self.tr("Charge {amount}").format(amount=money(self.amount_fen)))
        self.charge_button.setEnabled(
            self.held is not None and not charging and not self.blocked and self.amount_fen > 0
        )
        self.amount_button.setEnabled(not charging and self.rest_fen > 0)
        self.charge_button.setVisible(not charging)  # 取消收款 takes its place
        self.cancel_button.setVisible(charging)
        self.cancel_button.setEnabled(charging and not self.cancelling)

    def _state(self, headline: str, level: str, detail: str = "") -> None:
        self.state_label.setText(headline)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        set_prop(self.state_label, "level", level)

    def state_text(self) -> str:
        """What the page says, headline and detail, one line each (tests and scripts)."""
        return "\n".join(filter(None, [self.state_label.text(), self.detail_label.text()]))

    # -- the camera -------------------------------------------------------------------------------------
    def start_camera(self, config: CameraConfig | None, scale_template: str | None) -> None:
        if config is None or self._camera is not None:
            return
        from ui.camera_worker import CameraScanner  # OpenCV and the decoders load with the first camera

        self._camera = CameraScanner(config.source, scale_template, (config.width, config.height), self)
        self._camera.worker.frame.connect(self.viewfinder.show_frame)
        self._camera.worker.code.connect(self.hold)
        self._camera.worker.failed.connect(self._camera_failed)
        self.viewfinder.show_text(self.tr("Starting the camera…"))
        self._camera.start()

    def stop_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera = None

    @property
    def camera(self) -> CameraScanner | None:
        """The camera while it runs (its worker's signals: frames, codes, failures)."""
        return self._camera

    @property
    def camera_running(self) -> bool:
        return self._camera is not None

    def _camera_failed(self, message: str) -> None:
        self.viewfinder.show_text(
            self.tr("{problem}. The handheld scanner still works.").format(problem=message)
        )


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionCaption")
    return label


def _value(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label
