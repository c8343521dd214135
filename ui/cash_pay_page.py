"""现金: what the customer hands over for what is still to pay, and the change; cash always comes last.

With nothing typed the exact amount is taken. The quick buttons offer the exact amount, the next round
10 and 100 yuan and the notes that cover it.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import format_yuan, parse_yuan
from ui.formatting import money
from ui.keypad_widget import KeypadWidget, edit
from ui.qt import QGridLayout, QLineEdit, QPushButton, Qt, QVBoxLayout, QWidget, Signal
from ui.tender_layout import caption, figure, two_columns
from ui.theme import button, set_prop

NOTES_FEN = (5000, 10000)


def quick_amounts(due_fen: int) -> list[int]:
    """Exact, the next round 10 and 100 yuan above the due, and the 50 and 100 notes that cover it."""
    amounts = {due_fen}
    for step in (1000, 10000):
        amounts.add((due_fen // step + 1) * step)
    amounts.update(note for note in NOTES_FEN if note >= due_fen)
    return sorted(amounts)[:5]


class CashPayPage(QWidget):
    confirmed = Signal(int)  # the cash handed over, in fen
    wrong = Signal(str)  # what was typed is not an amount

    def __init__(self, rest_fen: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rest_fen = rest_fen
        left = QVBoxLayout()
        left.setSpacing(6)
        self.due_caption = caption(self.tr("Amount due"))
        left.addWidget(self.due_caption)
        self.due_label = figure(money(rest_fen), "tenderDue")
        left.addWidget(self.due_label)
        left.addWidget(caption(self.tr("Received")))
        self.display = QLineEdit()
        self.display.setObjectName("tenderDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.textChanged.connect(self._update_change)
        left.addWidget(self.display)
        self.change_caption = caption(self.tr("Change"))
        left.addWidget(self.change_caption)
        self.change_label = figure("", "tenderChange")
        left.addWidget(self.change_label)
        left.addStretch(1)
        self.quick = QGridLayout()
        self.quick.setSpacing(8)
        self.quick_buttons: list[QPushButton] = []
        left.addLayout(self.quick)  # the notes at the bottom, beside 确认收款, where the thumb is
        self.keypad = KeypadWidget(decimal=True)
        self.keypad.pressed.connect(lambda key: self.display.setText(edit(self.display.text(), key, 9)))
        self.confirm_button = button(self.tr("Confirm payment"), "pay", "confirmPay")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        two_columns(self, left, self.keypad, self.confirm_button)
        self.set_rest(rest_fen, split=False)

    def set_rest(self, rest_fen: int, split: bool) -> None:
        """What cash must cover; `split`: other tenders were taken, so it is no longer the whole due."""
        self.rest_fen = rest_fen
        self.due_caption.setText(self.tr("Left to pay") if split else self.tr("Amount due"))
        self.due_label.setText(money(rest_fen))
        self.display.setPlaceholderText(money(rest_fen))
        for b in self.quick_buttons:
            self.quick.removeWidget(b)
            b.deleteLater()
        self.quick_buttons = []
        amounts = quick_amounts(rest_fen)
        columns = 2 if len(amounts) == 4 else 3  # two rows of two rather than three and one
        for i, fen in enumerate(amounts):
            text = self.tr("Exact {amount}").format(amount=money(fen)) if fen == rest_fen else money(fen)
            b = button(text, "preset", f"quick{fen}")
            b.clicked.connect(lambda _=False, f=fen: self.display.setText(format_yuan(f)))
            self.quick.addWidget(b, i // columns, i % columns)
            self.quick_buttons.append(b)
        self._update_change()

    def tendered_fen(self) -> int:
        """What was typed, or the exact amount still to pay when nothing was typed."""
        text = self.display.text().strip()
        return parse_yuan(text) if text else self.rest_fen

    def _update_change(self) -> None:
        try:
            given = self.tendered_fen()
        except PosError:
            self.change_label.setText("—")
            return
        short = given < self.rest_fen
        self.change_caption.setText(self.tr("Still to pay") if short else self.tr("Change"))
        self.change_label.setText(money(abs(given - self.rest_fen)))
        set_prop(self.change_label, "short", short)

    def _confirm(self) -> None:
        try:
            given = self.tendered_fen()
        except PosError as err:
            self.wrong.emit(str(err))
            return
        self.confirmed.emit(given)
