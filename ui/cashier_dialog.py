"""收银员 (from the shop settings, so a manager is at the till): the shop's accounts, and adding one.

The account is created by AuthService.create in a worker (argon2); its refusals (an empty or taken
name, a PIN that is not 4 to 6 digits) are shown inline as the service words them.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.services.auth import Cashier, Role
from pos_app.services.till import Till
from ui.account_form_widget import AccountFormWidget
from ui.entry_parsing import EntryError
from ui.formatting import describe
from ui.qt import QHBoxLayout, QLabel, QWidget, Signal
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background


class CashierDialog(TouchDialog):
    added = Signal(object)  # the new Cashier

    def __init__(self, till: Till, parent: QWidget | None) -> None:
        super().__init__(self.tr("Cashiers"), parent, fraction=(0.8, 0.9), maximum=(760, 620))
        self._till = till
        caption = QLabel(self.tr("Accounts at this till"))
        caption.setObjectName("sectionCaption")
        self.staff = QLabel()
        self.staff.setObjectName("staffList")
        self.staff.setWordWrap(True)
        self.body.addWidget(caption)
        self.body.addWidget(self.staff)
        add_caption = QLabel(self.tr("Add an account"))
        add_caption.setObjectName("sectionCaption")
        self.body.addSpacing(8)
        self.body.addWidget(add_caption)
        self.form = AccountFormWidget(with_role=True)
        self.form.name.setPlaceholderText(self.tr("Name shown on the login screen"))
        self.body.addWidget(self.form)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self.close_dialog_button = button(self.tr("Close"), "", "cashiersClose", footer=True)
        self.close_dialog_button.clicked.connect(self.reject)
        self.add_button = button(self.tr("Add"), "primary", "cashierAdd", footer=True)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.close_dialog_button)
        row.addWidget(self.add_button)
        self.body.addLayout(row)
        self._show_staff()
        self.form.name.setFocus()

    def _show_staff(self) -> None:
        try:
            accounts = self._till.auth.cashiers()
        except PosError as err:
            self.show_error(describe(err))
            return
        self.staff.setText(
            "    ".join(
                self.tr("{name} ({role})").format(name=c.name, role=self._role_name(c.role)) for c in accounts
            )
        )

    def _role_name(self, role: Role) -> str:
        return self.tr("Manager") if role is Role.MANAGER else self.tr("Cashier")

    def add(self) -> None:
        if self.busy:
            return
        try:
            name, role, pin = self.form.values()
        except EntryError as err:
            self.show_error(str(err))
            return
        self.set_busy(True)
        self.add_button.setEnabled(False)
        self.show_info(self.tr("Saving…"))
        auth = self._till.auth
        run_in_background(lambda: auth.create(name, role, pin), self._added, self._failed)

    def _added(self, cashier: Cashier) -> None:
        self.set_busy(False)
        self.add_button.setEnabled(True)
        self.form.clear()
        self._show_staff()
        self.show_info(
            self.tr("Added {role} {name}: they can log in now").format(
                role=self._role_name(cashier.role), name=cashier.name
            )
        )
        self.added.emit(cashier)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.add_button.setEnabled(True)
        self.show_error(describe(exc))
