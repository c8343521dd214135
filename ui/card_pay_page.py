"""银行卡: a payment on the shop's own card terminal, written down on the till.

The till never sees the card: the customer pays on the external terminal, and the cashier types the
amount (what is still to pay, or less for a split) and the trace number (参考号) printed on the terminal's
slip, then confirms that the terminal approved it. There is no card number field, on purpose.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import format_yuan, parse_yuan
from ui.formatting import money
from ui.keypad_widget import DOT, KeypadWidget, edit
from ui.qt import (
    QEvent,
    QLabel,
    QLineEdit,
    QObject,
    QRegularExpression,
    QRegularExpressionValidator,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.tender_layout import caption, two_columns
from ui.theme import button

TRACE_MAX = 32


class CardPayPage(QWidget):
    approved = Signal(int, str)  # (amount in fen, trace number): the terminal said yes
    wrong = Signal(str)  # what was typed is not an amount

    def __init__(self, rest_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rest_fen = rest_fen
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(caption(self.tr("Amount paid by card")))
        self.amount = QLineEdit()
        self.amount.setObjectName("cardAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount.textChanged.connect(self._update)
        left.addWidget(self.amount)
        left.addWidget(caption(self.tr("Trace number (参考号) on the terminal's slip")))
        self.trace = QLineEdit()
        self.trace.setObjectName("traceNo")
        self.trace.setMaxLength(TRACE_MAX)
        self.trace.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9A-Za-z]{{0,{TRACE_MAX}}}"))
        )
        self.trace.setPlaceholderText(self.tr("e.g. 123456789012"))
        left.addWidget(self.trace)
        hint = QLabel(
            self.tr(
                "Take the card on the card terminal first. When the terminal says the payment went "
                "through, type the trace number from its slip here. The till never records card numbers."
            )
        )
        hint.setObjectName("cardHint")
        hint.setWordWrap(True)
        left.addSpacing(6)
        left.addWidget(hint)
        left.addStretch(1)
        self.keypad = KeypadWidget(decimal=True)
        self.keypad.pressed.connect(self._key)
        self.add_button = button("", "pay", "addCard")
        self.add_button.clicked.connect(self._approved)
        two_columns(self, left, self.keypad, self.add_button)
        self.target = self.trace  # the field the keypad types into
        self.amount.installEventFilter(self)
        self.trace.installEventFilter(self)
        self.set_rest(rest_fen)

    def set_rest(self, rest_fen: int) -> None:
        """A new card payment starts from what is still to pay."""
        self.rest_fen = rest_fen
        self.amount.clear()
        self.amount.setPlaceholderText(money(rest_fen))
        self.trace.clear()
        self._update()

    def amount_fen(self) -> int:
        """What was typed, or all that is still to pay when nothing was typed."""
        text = self.amount.text().strip()
        return parse_yuan(text) if text else self.rest_fen

    def focus(self) -> None:
        self.target = self.trace
        self.trace.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The field last tapped (or focused) is the one the keypad types into."""
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress) and watched in (
            self.amount,
            self.trace,
        ):
            self.target = self.amount if watched is self.amount else self.trace
        return False

    def _key(self, key: str) -> None:
        if self.target is self.amount:
            self.amount.setText(edit(self.amount.text(), key, 9))
        elif key != DOT:
            self.trace.setText(edit(self.trace.text(), key, TRACE_MAX))

    def _update(self) -> None:
        try:
            shown = money(self.amount_fen())
        except PosError:
            shown = "—"
        self.add_button.setText(self.tr("Card approved: add {amount}").format(amount=shown))

    def _approved(self) -> None:
        try:
            fen = self.amount_fen()
        except PosError as err:
            self.wrong.emit(str(err))
            return
        self.approved.emit(fen, self.trace.text())

    def fill(self, amount_fen: int | None, trace_no: str) -> None:
        """Types an amount and a trace number as a cashier would (tests and scripts)."""
        if amount_fen is not None:
            self.amount.setText(format_yuan(amount_fen))
        self.trace.setText(trace_no)
