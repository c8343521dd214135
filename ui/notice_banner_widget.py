"""A strip across the top of the window for what happened to payments in the background (a sale
completed after a crash, codes given back): it stays until the cashier taps 知道了 and blocks nothing."""

from __future__ import annotations

from ui.qt import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from ui.theme import button

KEEP = 6  # the newest lines; older ones have been read or matter less


class NoticeBannerWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBanner")
        self.title = QLabel(self.tr("QR payments"))
        self.title.setObjectName("noticeTitle")
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.label)
        self.ok_button = button(self.tr("Got it"), "primary", "noticeOk")
        self.ok_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 10, 8)
        row.setSpacing(12)
        row.addLayout(column, 1)
        row.addWidget(self.ok_button)
        self.lines: list[str] = []
        self.hide()

    def add(self, lines: list[str]) -> None:
        self.lines = (self.lines + [line for line in lines if line])[-KEEP:]
        self.label.setText("\n".join(f"• {line}" for line in self.lines))
        self.setVisible(bool(self.lines))

    def dismiss(self) -> None:
        self.lines = []
        self.label.clear()
        self.hide()
