"""扫码支付: the customer's payment code, from the camera's viewfinder or the handheld scanner.

The page holds the code it was given (a scan on the sale screen opens payment with it) or reads one:
the camera runs in its worker while the page is on screen and stops when it leaves. What it holds is
shown as the channel and a masked code. Charging it is the payment gateway's work; until the till is
connected to one, the page says so and cash goes on.
"""

from __future__ import annotations

import time

from pos_app.camera_config import CameraConfig
from pos_app.scan_codes import ScannedCode
from ui.camera_worker import CameraScanner
from ui.formatting import money
from ui.qt import QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget, Signal
from ui.theme import button, set_prop
from ui.viewfinder_widget import ViewfinderWidget


class ScanPayPage(QWidget):
    code_held = Signal(object, float)  # (ScannedCode, time.monotonic() of the frame or the scan)

    def __init__(self, due_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.held: ScannedCode | None = None
        self._camera: CameraScanner | None = None
        self.viewfinder = ViewfinderWidget()
        self.viewfinder.show_text(self.tr("No camera: scan the customer's payment code with the scanner"))
        right = QVBoxLayout()
        right.setSpacing(6)
        right.addWidget(_caption(self.tr("Amount due")))
        self.due_label = _value(money(due_fen), "tenderDue")
        right.addWidget(self.due_label)
        right.addWidget(_caption(self.tr("Payment code")))
        self.channel_label = _value("—", "payChannel")
        right.addWidget(self.channel_label)
        self.code_label = _value("", "payCode")
        right.addWidget(self.code_label)
        self.state_label = QLabel(self.tr("Ask the customer to show their payment code"))
        self.state_label.setObjectName("payState")
        self.state_label.setWordWrap(True)
        right.addWidget(self.state_label)
        right.addStretch(1)
        self.charge_button = button(self.tr("Charge"), "pay", "chargeCode")
        self.charge_button.setEnabled(False)
        right.addWidget(self.charge_button)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(self.viewfinder, 5)
        row.addLayout(right, 4)

    # -- the code ---------------------------------------------------------------------------------------
    def hold(self, scan: ScannedCode, read_at: float | None = None) -> None:
        """A payment code is held for charging; anything else is named and refused."""
        if not scan.is_payment:
            self._state(self.tr("{what} is not a payment code").format(what=scan.message()), "error")
            return
        self.held = scan
        self.channel_label.setText(scan.channel_label())
        self.code_label.setText(scan.masked())
        self._state(self.tr("QR payments are not connected on this till yet: take cash instead"), "warning")
        self.code_held.emit(scan, time.monotonic() if read_at is None else read_at)

    def _state(self, text: str, level: str) -> None:
        self.state_label.setText(text)
        set_prop(self.state_label, "level", level)

    # -- the camera -------------------------------------------------------------------------------------
    def start_camera(self, config: CameraConfig | None, scale_template: str | None) -> None:
        if config is None or self._camera is not None:
            return
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
