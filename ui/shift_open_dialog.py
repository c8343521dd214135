"""开班: the cashier counts the cash in the drawer and types it on the keypad as the shift's float.

The shift is opened here, in a worker, before the dialog closes: a refusal (another shift is open, a float
out of range) shows inline and the dialog stays. After `accepted`, `opened` is the open shift.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import parse_yuan
from pos_app.services.auth import Cashier
from pos_app.services.shifts import ShiftView
from pos_app.services.till import Till
from ui.formatting import describe
from ui.number_entry_dialog import EntryKind, NumberEntryDialog
from ui.qt import QWidget
from ui.worker import run_in_background


class ShiftOpenDialog(NumberEntryDialog):
    def __init__(self, till: Till, cashier: Cashier, why: str, parent: QWidget | None) -> None:
        prompt = self.tr(
            "{name}: count the cash in the drawer and enter it as the float of your shift"
        ).format(name=cashier.name)
        super().__init__(
            self.tr("Open shift"), f"{why}\n{prompt}" if why else prompt, EntryKind.MONEY, parent
        )
        self.setObjectName("shiftOpenDialog")
        self.display.setPlaceholderText("0.00")
        self.ok_button.setText(self.tr("Open shift"))
        self._till = till
        self._cashier = cashier
        self.opened: ShiftView | None = None

    def _ok(self) -> None:
        """OK: the float as typed opens the shift (NumberEntryDialog's OK would only read the value)."""
        if self.busy:
            return
        text = self.display.text().strip()
        if not text:
            self.show_error(self.tr("Type the cash in the drawer (0 if it is empty)"))
            return
        try:
            fen = parse_yuan(text)
        except PosError as err:
            self.show_error(str(err))
            return
        self.clear_message()
        self.set_busy(True)
        self.ok_button.setEnabled(False)
        till, cashier = self._till, self._cashier
        run_in_background(lambda: till.shifts.open(cashier, fen), self._opened, self._refused)

    def _opened(self, view: ShiftView) -> None:
        self.set_busy(False)
        self.opened = view
        self.value = view.float_fen
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.ok_button.setEnabled(True)
        self.show_error(describe(exc))
