"""An inline message strip (error, info or success) with an optional action button: no pop-ups mid-sale."""

from __future__ import annotations

from collections.abc import Callable

from ui.qt import QFrame, QHBoxLayout, QLabel, QTimer, QWidget
from ui.theme import button, set_prop

INFO_MS = 4000  # info and success fade back to the idle hint; errors stay until the next action


class MessageBarWidget(QFrame):
    """Always takes its place (an idle hint when there is nothing to say), so the screen never jumps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setObjectName("messageText")
        self.label.setWordWrap(True)
        self.action_button = button("", "primary", "messageAction")
        self.action_button.clicked.connect(self._act)
        self.close_button = button("×", "close", "messageClose")
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 4, 6, 4)
        row.setSpacing(10)
        row.addWidget(self.label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.close_button)
        self._action: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.level = ""
        self.idle_text = ""
        self.clear()

    def error(self, text: str, action: str = "", on_action: Callable[[], None] | None = None) -> None:
        self._show(text, "error", action, on_action)

    def info(self, text: str) -> None:
        self._show(text, "info")
        self._timer.start(INFO_MS)

    def success(self, text: str) -> None:
        self._show(text, "success")
        self._timer.start(INFO_MS * 2)

    def clear(self) -> None:
        self._timer.stop()
        self.level = ""
        self._action = None
        self.label.setText(self.idle_text)
        self.action_button.hide()
        self.close_button.hide()
        set_prop(self, "level", "idle")

    def set_idle_text(self, text: str) -> None:
        self.idle_text = text
        if not self.level:
            self.label.setText(text)

    def text(self) -> str:
        return self.label.text() if self.level else ""

    def _show(
        self, text: str, level: str, action: str = "", on_action: Callable[[], None] | None = None
    ) -> None:
        self._timer.stop()
        self.level = level
        self.label.setText(text)
        self._action = on_action
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action and on_action))
        self.close_button.show()
        set_prop(self, "level", level)

    def _act(self) -> None:
        action = self._action
        self.clear()
        if action is not None:
            action()
