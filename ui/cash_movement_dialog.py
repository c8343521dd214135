"""存入/取出现金: cash put into or taken out of the drawer during a shift, with the amount and the reason.

The movement is stored here, in a worker; a refusal (a pay-out above the cash the drawer should hold, no
reason, no open shift) shows inline and nothing is stored. After `accepted`, `kind`, `amount_fen` and
`reason` say what was done.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import parse_yuan
from pos_app.services.auth import Cashier
from pos_app.services.shift_drawer import PAY_IN, PAY_OUT
from pos_app.services.till import Till
from ui.formatting import describe
from ui.keypad_widget import KeypadWidget, edit
from ui.qt import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, Qt, QVBoxLayout, QWidget
from ui.tender_layout import caption
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background


class CashMovementDialog(TouchDialog):
    def __init__(self, till: Till, cashier: Cashier, parent: QWidget | None) -> None:
        super().__init__(self.tr("Cash in / out"), parent, fraction=(0.9, 0.92), maximum=(980, 720))
        self.setObjectName("cashMovementDialog")
        self._till = till
        self._cashier = cashier
        self.kind = PAY_OUT
        self.amount_fen = 0
        self.reason_text = ""
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(caption(self.tr("Cash")))
        kinds = QHBoxLayout()
        kinds.setSpacing(8)
        self._kinds = QButtonGroup(self)
        self.pay_in_button = button(self.tr("Pay in (put cash in)"), "chip", "payIn", checkable=True)
        self.pay_out_button = button(self.tr("Pay out (take cash out)"), "chip", "payOut", checkable=True)
        for chip, kind in ((self.pay_in_button, PAY_IN), (self.pay_out_button, PAY_OUT)):
            self._kinds.addButton(chip)
            kinds.addWidget(chip, 1)
            chip.toggled.connect(lambda on, k=kind: self._set_kind(k) if on else None)
        self.pay_out_button.setChecked(True)
        left.addLayout(kinds)
        left.addWidget(caption(self.tr("Amount (yuan)")))
        self.display = QLineEdit()
        self.display.setObjectName("entryDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setPlaceholderText("0.00")
        left.addWidget(self.display)
        left.addWidget(caption(self.tr("Reason")))
        left.addLayout(self._reasons())
        self.reason = QLineEdit()
        self.reason.setObjectName("reasonField")
        self.reason.setPlaceholderText(self.tr("Reason (tap one above or type)"))
        self.reason.setMaxLength(120)
        left.addWidget(self.reason)
        left.addWidget(self.error_label)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(10)
        self.keypad = KeypadWidget(decimal=True)
        self.keypad.pressed.connect(self._key)
        right.addWidget(self.keypad, 1)
        self.confirm_button = button(self.tr("Confirm"), "primary", "confirmMovement")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self.confirm)
        right.addWidget(self.confirm_button)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
        self.body.addLayout(columns, 1)
        self.display.setFocus()

    def _reasons(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(8)
        presets = (
            self.tr("Change float"),
            self.tr("Supplier payment"),
            self.tr("Bank deposit"),
            self.tr("Other"),
        )
        self.reason_buttons: list[QPushButton] = []
        last = len(presets) - 1  # "Other": the cashier types the reason
        for i, text in enumerate(presets):
            chip = button(text, "chip", f"cashReason{i}")
            chip.clicked.connect(lambda _=False, t=text, other=(i == last): self._preset(t, other))
            grid.addWidget(chip, i // 2, i % 2)
            self.reason_buttons.append(chip)
        return grid

    def _set_kind(self, kind: str) -> None:
        self.kind = kind
        self.clear_message()

    def _preset(self, text: str, other: bool) -> None:
        self.reason.setText("" if other else text)
        if other:
            self.reason.setFocus()

    def _key(self, key: str) -> None:
        self.display.setText(edit(self.display.text(), key, max_len=9))
        self.clear_message()

    # -- storing ----------------------------------------------------------------------------------------
    def confirm(self) -> None:
        if self.busy:
            return
        try:
            fen = parse_yuan(self.display.text())
        except PosError as err:
            self.show_error(str(err))
            return
        self.clear_message()
        self.set_busy(True)
        self.confirm_button.setEnabled(False)
        shifts, cashier, kind, reason = self._till.shifts, self._cashier, self.kind, self.reason.text()
        move = shifts.pay_in if kind == PAY_IN else shifts.pay_out
        run_in_background(
            lambda: move(cashier, fen, reason), lambda _cash: self._stored(fen, reason), self._refused
        )

    def _stored(self, fen: int, reason: str) -> None:
        self.set_busy(False)
        self.amount_fen = fen
        self.reason_text = reason.strip()
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.confirm_button.setEnabled(True)
        self.show_error(describe(exc))

    def enter(self, kind: str, amount: str, reason: str) -> None:
        """Chooses, types and confirms as a cashier would (tests and scripts)."""
        (self.pay_in_button if kind == PAY_IN else self.pay_out_button).click()
        self.keypad.type_keys(amount)
        self.reason.setText(reason)
        self.confirm_button.click()
