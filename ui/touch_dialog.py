"""The frame every dialog shares: a title bar with a big close button, sized to the till's window."""

from __future__ import annotations

from ui.qt import QDialog, QFrame, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.scaling import px, scale_layouts
from ui.theme import button, set_prop


class TouchDialog(QDialog):
    """Frameless and modal; open it with `open()` so the event loop (and tests) keep running."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        fraction: tuple[float, float] = (0.8, 0.85),
        maximum: tuple[int, int] = (1100, 820),
    ) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setModal(True)
        self.setObjectName("touchDialog")
        self._fraction = fraction
        self._maximum = maximum
        self._busy = False
        header = QFrame()
        header.setObjectName("dialogHeader")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("dialogTitle")
        self.close_button = button("×", "close", "dialogClose")
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 6, 8, 6)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.close_button)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        body = QWidget()
        body.setObjectName("dialogBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(20, 16, 20, 20)
        self.body.setSpacing(12)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(1, 1, 1, 1)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addWidget(body, 1)

    # -- messages ---------------------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        self._message(text, "error")

    def show_info(self, text: str) -> None:
        self._message(text, "info")

    def clear_message(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _message(self, text: str, level: str) -> None:
        self.error_label.setText(text)
        set_prop(self.error_label, "level", level)
        self.error_label.show()

    # -- busy: a background call is running; the dialog cannot be closed under it ----------------------
    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    # -- geometry ---------------------------------------------------------------------------------------
    def showEvent(self, event: object) -> None:
        scale_layouts(self)  # a dialog made after the last rescale gets the current margins too
        self.fit_to_window()
        super().showEvent(event)  # type: ignore[arg-type]

    def fit_to_window(self) -> None:
        owner = self._owner()
        if owner is None:
            return
        area = owner.geometry()
        width = min(px(self._maximum[0]), int(area.width() * self._fraction[0]))
        height = min(px(self._maximum[1]), int(area.height() * self._fraction[1]))
        self.resize(max(width, self.minimumSizeHint().width()), max(height, self.minimumSizeHint().height()))
        self.move(area.center().x() - self.width() // 2, area.center().y() - self.height() // 2)

    def _owner(self) -> QWidget | None:
        """The till's window, also for a dialog opened from another dialog (an approval, a sub-form)."""
        parent = self.parentWidget()
        while parent is not None and isinstance(parent.window(), TouchDialog):
            parent = parent.window().parentWidget()
        return parent.window() if parent is not None else None
