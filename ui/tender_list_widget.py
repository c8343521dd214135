"""What the payment screen says about the money: 应收, 已收, 还需, and each tender taken so far.

A card tender (not stored until the sale is) can be removed; a paid code can only be given back, which
cancels it at the channel (the screen asks first). Nothing can be touched while something is in flight.
"""

from __future__ import annotations

from pos_app.services.checkout import QrTender
from ui.formatting import money
from ui.payment_session import PaymentSession
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal
from ui.theme import button


class FiguresWidget(QWidget):
    """Amount due, paid so far and still to pay, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(22)
        self.due = self._figure(row, self.tr("Amount due"), "figureDue")
        self.paid = self._figure(row, self.tr("Paid"), "figurePaid")
        self.rest = self._figure(row, self.tr("Left to pay"), "figureRest")

    @staticmethod
    def _figure(row: QHBoxLayout, caption: str, name: str) -> QLabel:
        column = QVBoxLayout()
        column.setSpacing(0)
        label = QLabel(caption)
        label.setObjectName("figureCaption")
        value = QLabel()
        value.setObjectName(name)
        column.addWidget(label)
        column.addWidget(value)
        row.addLayout(column)
        return value

    def show_session(self, session: PaymentSession) -> None:
        self.due.setText(money(session.due_fen))
        self.paid.setText(money(session.paid_fen))
        self.rest.setText(money(session.rest_fen))


class TenderListWidget(QWidget):
    remove_requested = Signal(int)  # index of a card tender
    give_back_requested = Signal(int)  # index of a paid code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tenderList")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(10)
        self._row.addStretch(1)
        self.pills: list[QFrame] = []
        self.buttons: list[QPushButton] = []

    def show_session(self, session: PaymentSession) -> None:
        for pill in self.pills:
            self._row.removeWidget(pill)
            pill.deleteLater()
        self.pills, self.buttons = [], []
        for i, taken in enumerate(session.taken):
            pill = QFrame()
            pill.setObjectName("tenderPill")
            row = QHBoxLayout(pill)
            row.setContentsMargins(14, 2, 4, 2)
            row.setSpacing(10)
            text = QLabel(session.label(taken))
            text.setObjectName("tenderPillText")
            row.addWidget(text)
            if isinstance(taken.tender, QrTender):
                back = session.giving_back == taken.tender.out_trade_no
                b = button(self.tr("Cancelling…") if back else self.tr("Give back"), "danger", "giveBack")
                b.clicked.connect(lambda _=False, n=i: self.give_back_requested.emit(n))
            else:
                b = button(self.tr("Remove"), "danger", "removeCard")
                b.clicked.connect(lambda _=False, n=i: self.remove_requested.emit(n))
            b.setEnabled(not session.in_flight and session.order is None)
            row.addWidget(b)
            self._row.insertWidget(i, pill)
            self.pills.append(pill)
            self.buttons.append(b)
        self.setVisible(bool(session.taken))

    def texts(self) -> list[str]:
        """What each pill says (tests)."""
        return [pill.findChild(QLabel).text() for pill in self.pills]
