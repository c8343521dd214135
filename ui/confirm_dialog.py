"""A yes-or-no question before something that cannot be taken back (giving back a paid code, say)."""

from __future__ import annotations

from ui.qt import QHBoxLayout, QLabel, QWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog


class ConfirmDialog(TouchDialog):
    """`accepted` when the cashier taps the yes button; the no button and × only close it."""

    def __init__(self, title: str, question: str, yes: str, no: str, parent: QWidget | None) -> None:
        super().__init__(title, parent, fraction=(0.6, 0.5), maximum=(620, 360))
        label = QLabel(question)
        label.setObjectName("confirmQuestion")
        label.setWordWrap(True)
        self.body.addWidget(label, 1)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.no_button = button(no, "", "confirmNo", footer=True)
        self.no_button.clicked.connect(self.reject)
        self.yes_button = button(yes, "danger", "confirmYes", footer=True)
        self.yes_button.clicked.connect(self.accept)
        row.addWidget(self.no_button, 1)
        row.addWidget(self.yes_button, 1)
        self.body.addLayout(row)
        self.no_button.setFocus()
