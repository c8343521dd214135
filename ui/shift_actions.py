"""The sale screen's shift actions: the float asked after login, 收款 held until a shift is open, the 班次
menu (cash in/out, 交班) and the float asked again once a shift is closed.

Selling needs an open shift (the services refuse a sale without one); the screen says so in its message
bar for as long as none is open, with a button that opens one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pos_app.errors import PosError
from pos_app.services.shifts import PAY_IN
from ui.cash_movement_dialog import CashMovementDialog
from ui.formatting import money
from ui.qt import QObject
from ui.shift_close_dialog import ShiftCloseDialog
from ui.shift_menu_dialog import CASH, CLOSE, OPEN, ShiftMenuDialog
from ui.shift_open_dialog import ShiftOpenDialog

if TYPE_CHECKING:
    from ui.sale_actions import SaleActions


class ShiftActions(QObject):
    def __init__(self, actions: SaleActions) -> None:
        super().__init__(actions)
        self._actions = actions
        self.screen = actions.screen
        self.till = actions.till
        self.message = actions.message
        self._ready_text = self.message.idle_text

    def _cashier_name(self) -> str:
        return self._actions.sale.cashier.name

    def is_open(self) -> bool:
        """Whether a shift is open; the idle message says so when none is."""
        try:
            is_open = self.till.shifts.is_open()
        except PosError as err:
            self.message.error(str(err))
            return False
        self.message.set_idle_text(
            self._ready_text
            if is_open
            else self.tr("No open shift: selling needs one. Tap Shift or Pay to open it with the float.")
        )
        return is_open

    # -- opening ------------------------------------------------------------------------------------------
    def after_login(self) -> None:
        """The first thing after a login with no open shift: the float is asked before anything is sold."""
        if not self.is_open():
            self.ask_to_open()

    def then(self, proceed: Callable[[], None]) -> None:
        """Runs `proceed` (收款) with an open shift; without one, asks for the float first."""
        if self.is_open():
            proceed()
        else:
            self.ask_to_open(self.tr("Selling needs an open shift."), proceed)

    def ask_to_open(self, why: str = "", then: Callable[[], None] | None = None) -> None:
        dialog = ShiftOpenDialog(self.till, self._actions.sale.cashier, why, self.screen)

        def opened() -> None:
            view = dialog.opened
            self.is_open()
            if view is not None:
                self.message.success(
                    self.tr("Shift opened with a float of {amount}").format(amount=money(view.float_fen))
                )
            if then is not None:
                then()

        dialog.rejected.connect(self._not_opened)
        self._actions.open_dialog(dialog, opened)

    def _not_opened(self) -> None:
        self.is_open()
        self.message.error(
            self.tr("No open shift: selling needs one. Count the drawer and open a shift to take money."),
            self.tr("Open shift"),
            self.ask_to_open,
        )

    # -- the 班次 menu ------------------------------------------------------------------------------------
    def menu(self) -> None:
        if self._actions.busy:
            self.message.error(self.tr("Please wait: the order is being saved."))
            return
        try:
            shift = self.till.shifts.current()
        except PosError as err:
            self.message.error(str(err))
            return
        dialog = ShiftMenuDialog(shift, self.till.settings().timezone, self.screen)
        self._actions.open_dialog(dialog, lambda: self._chosen(dialog.choice))

    def _chosen(self, choice: str) -> None:
        if choice == OPEN:
            self.ask_to_open()
        elif choice == CASH:
            self.move_cash()
        elif choice == CLOSE:
            self.close()

    def move_cash(self) -> None:
        dialog = CashMovementDialog(self.till, self._actions.sale.cashier, self.screen)

        def moved() -> None:
            text = (
                self.tr("Paid in {amount}: {reason}")
                if dialog.kind == PAY_IN
                else self.tr("Paid out {amount}: {reason}")
            )
            self.message.success(text.format(amount=money(dialog.amount_fen), reason=dialog.reason_text))

        self._actions.open_dialog(dialog, moved)

    def close(self) -> None:
        try:
            shift = self.till.shifts.current()
        except PosError as err:
            self.message.error(str(err))
            return
        if shift is None:
            self.is_open()
            return
        dialog = ShiftCloseDialog(self.till, self._actions.sale.cashier, shift, self.screen)
        self._actions.open_dialog(dialog, self._closed)

    def _closed(self) -> None:
        """As after a login: the next shift's float is asked before the next sale."""
        self.is_open()
        self.message.success(self.tr("The shift is closed"))
        self.ask_to_open(self.tr("The shift is closed. To sell again, open the next shift."))
