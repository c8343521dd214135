"""A large numeric keypad for touch entry of quantities, prices, weights, amounts and PINs."""

from __future__ import annotations

from ui.qt import QGridLayout, QPushButton, QSizePolicy, Qt, QWidget, Signal

BACK = "back"
CLEAR = "clear"
DOT = "."


def edit(text: str, key: str, max_len: int = 12) -> str:
    """The text after one key: digits append, one decimal point at most, back and clear edit."""
    if key == CLEAR:
        return ""
    if key == BACK:
        return text[:-1]
    if len(text) >= max_len:
        return text
    if key == DOT:
        if DOT in text:
            return text
        return (text or "0") + DOT
    if key.isdigit():
        return key if text == "0" else text + key
    return text


class KeypadWidget(QWidget):
    """Emits `pressed(key)`: '0'-'9', '.', 'back' or 'clear'. The owner keeps the text (see `edit`)."""

    pressed = Signal(str)

    def __init__(self, decimal: bool = False, phone_order: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keypad")
        self._buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        rows = ("123", "456", "789") if phone_order else ("789", "456", "123")
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                grid.addWidget(self._key(key, key), r, c)
        if decimal:
            grid.addWidget(self._key("0", "0"), 3, 0, 1, 2)
            grid.addWidget(self._key(DOT, DOT), 3, 2)
        else:
            grid.addWidget(self._key("0", "0"), 3, 0, 1, 3)
        grid.addWidget(self._key(BACK, self.tr("Back"), "keyfn"), 0, 3, 2, 1)
        grid.addWidget(self._key(CLEAR, self.tr("Clear"), "keyfn"), 2, 3, 2, 1)
        for i in range(4):
            grid.setColumnStretch(i, 1)
            grid.setRowStretch(i, 1)

    def _key(self, key: str, label: str, kind: str = "key") -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(f"key_{key}")
        button.setProperty("kind", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the entry field keeps the keyboard focus
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setAutoRepeat(key == BACK)
        button.clicked.connect(lambda: self.pressed.emit(key))
        self._buttons[key] = button
        return button

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def type_keys(self, keys: str) -> None:
        """Presses the keys as a finger would (tests and scripts)."""
        for key in keys:
            self._buttons[key].click()
