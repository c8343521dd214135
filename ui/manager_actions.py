"""报表 on the sale screen: a manager opens the manager screen at once; a cashier needs a manager's PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos_app.services.auth import Approval, Cashier, OverrideAction
from ui.manager_screen import ManagerScreen
from ui.override_dialog import OverrideDialog
from ui.qt import QObject

if TYPE_CHECKING:
    from ui.sale_actions import SaleActions


class ManagerActions(QObject):
    def __init__(self, actions: SaleActions) -> None:
        super().__init__(actions)
        self._actions = actions
        self.screen = actions.screen
        self.till = actions.till

    def open(self) -> None:
        cashier = self._actions.sale.cashier
        if cashier.is_manager:
            self._show(cashier, cashier)
            return
        dialog = OverrideDialog(
            self.till,
            cashier,
            OverrideAction.VIEW_REPORTS,
            "",
            self.tr("A manager must approve opening the reports"),
            self.screen,
        )
        self._actions.open_dialog(dialog, lambda: self._approved(cashier, dialog.approval))

    def _approved(self, cashier: Cashier, approval: Approval | None) -> None:
        if approval is None:
            return
        approval.spend(OverrideAction.VIEW_REPORTS)
        self._show(cashier, approval.manager)

    def _show(self, cashier: Cashier, manager: Cashier) -> None:
        screen = ManagerScreen(self.till, cashier, manager, self.screen)
        screen.printing_owed.connect(self.screen.printing_owed)
        self._actions.open_dialog(screen, lambda: None)
