"""The shape the payment screen's pages share: figures and fields on the left, a keypad and the one big
button on the right, where the thumb is."""

from __future__ import annotations

from ui.qt import QHBoxLayout, QLabel, QPushButton, Qt, QVBoxLayout, QWidget


def caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionCaption")
    return label


def figure(text: str, name: str) -> QLabel:
    """A big amount, right-aligned like the figures on a receipt."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


def two_columns(page: QWidget, left: QVBoxLayout, keypad: QWidget, action: QPushButton) -> None:
    right = QVBoxLayout()
    right.setSpacing(10)
    right.addWidget(keypad, 1)
    right.addWidget(action)
    row = QHBoxLayout(page)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(24)
    row.addLayout(left, 5)
    row.addLayout(right, 4)
