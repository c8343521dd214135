"""PIN entry: masked dots over a phone-order keypad with a big OK; also takes a keyboard's digits."""

from __future__ import annotations

from ui.keypad_widget import BACK, CLEAR, KeypadWidget, edit
from ui.qt import QKeyEvent, QLabel, Qt, QVBoxLayout, QWidget, Signal
from ui.theme import button, set_prop

MAX_PIN = 6
DOT = "●"


class PinPadWidget(QWidget):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pin = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keypad = KeypadWidget(phone_order=True)
        self.keypad.pressed.connect(self._key)
        self.ok_button = button(self.tr("OK"), "primary", "pinOk")
        self.ok_button.clicked.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.dots)
        layout.addWidget(self.keypad, 1)
        layout.addWidget(self.ok_button)
        self._show()

    @property
    def pin(self) -> str:
        return self._pin

    def clear(self) -> None:
        self._pin = ""
        self._show()

    def set_busy(self, busy: bool) -> None:
        """While a PIN is being checked, no second submit and no editing."""
        self.keypad.setEnabled(not busy)
        self.ok_button.setEnabled(not busy)

    def enter(self, pin: str) -> None:
        """Types the digits and presses OK, as a finger would (tests and scripts)."""
        self.keypad.type_keys(pin)
        self.ok_button.click()

    def _key(self, key: str) -> None:
        self._pin = edit(self._pin, key, MAX_PIN)
        self._show()

    def _submit(self) -> None:
        if self._pin and self.ok_button.isEnabled():
            self.submitted.emit(self._pin)

    def _show(self) -> None:
        self.dots.setText(DOT * len(self._pin) if self._pin else self.tr("Enter PIN"))
        set_prop(self.dots, "empty", not self._pin)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.text().isdigit():
            self._key(event.text())
        elif key == Qt.Key.Key_Backspace:
            self._key(BACK)
        elif key == Qt.Key.Key_Escape:
            self._key(CLEAR)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)
