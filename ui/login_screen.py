"""Log-in and lock screen: tap your name, type your PIN. The PIN is checked in a worker (argon2).

With no accounts at all (a new shop), the screen shows the first-run card instead (first_run_widget.py).
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.services.auth import Cashier
from pos_app.services.till import Till
from ui.first_run_widget import FirstRunWidget
from ui.formatting import describe
from ui.pin_pad_widget import PinPadWidget
from ui.qt import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import button, set_prop
from ui.worker import run_in_background


class LoginScreen(QWidget):
    logged_in = Signal(object)  # Cashier
    shop_configured = Signal(object)  # ShopSettings saved by the first run

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginScreen")
        self._till = till
        self._open_carts: dict[int, int] = {}
        self.cashier_buttons: dict[int, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.idClicked.connect(self._cashier_chosen)
        self.card = card = QFrame()
        card.setObjectName("loginCard")
        card.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.shop_label = QLabel()
        self.shop_label.setObjectName("loginShop")
        self.hint = QLabel()
        self.hint.setObjectName("loginHint")
        self.hint.setWordWrap(True)
        self._cashier_grid = QGridLayout()
        self._cashier_grid.setSpacing(10)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.shop_label)
        left.addWidget(self.hint)
        left.addLayout(self._cashier_grid)
        left.addStretch(1)
        self.who = QLabel()
        self.who.setObjectName("loginWho")
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_pad = PinPadWidget()
        self.pin_pad.submitted.connect(self._submit)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.who)
        right.addWidget(self.pin_pad, 1)
        right.addWidget(self.message)
        inner = QHBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(40)
        inner.addLayout(left, 5)
        inner.addLayout(right, 4)
        outer = QGridLayout(self)  # the card grows with the screen up to its maximum, then stays centred
        outer.setContentsMargins(32, 32, 32, 32)
        self.first_run = FirstRunWidget(till)
        self.first_run.shop_saved.connect(self.shop_configured)
        self.first_run.created.connect(self._first_run_done)
        outer.addWidget(card, 1, 1)
        outer.addWidget(self.first_run, 1, 1, Qt.AlignmentFlag.AlignVCenter)  # shows instead; see reset()
        for edge in (0, 2):
            outer.setRowStretch(edge, 1)
            outer.setColumnStretch(edge, 1)
        outer.setRowStretch(1, 20)
        outer.setColumnStretch(1, 20)
        self.reset()

    # -- showing ----------------------------------------------------------------------------------------
    def reset(self, locked_by: Cashier | None = None, open_carts: dict[int, int] | None = None) -> None:
        """Fresh start, or the lock screen after `locked_by` stepped away (their cart is kept)."""
        self._open_carts = open_carts or {}
        self.shop_label.setText(self._till.settings().shop_name)
        if locked_by is None:
            self.hint.setText(self.tr("Choose your name, then enter your PIN"))
        else:
            self.hint.setText(
                self.tr("Locked by {name}. Their open order is kept; any cashier may log in.").format(
                    name=locked_by.name
                )
            )
        self._set_message("", "")
        cashiers = self._fill_cashiers()
        first_run = cashiers == []
        self.card.setVisible(not first_run)
        self.first_run.setVisible(first_run)
        if first_run:
            self.first_run.reset()
            return
        self.pin_pad.clear()
        self.pin_pad.set_busy(False)
        if cashiers is None:
            return  # the store's error stays on screen
        preselect = locked_by.id if locked_by else None
        if preselect is None and len(self.cashier_buttons) == 1:
            preselect = next(iter(self.cashier_buttons))
        self.choose(preselect)

    def _fill_cashiers(self) -> list[Cashier] | None:
        """The cashier buttons; returns the accounts, or None if the store could not be read."""
        for b in self.cashier_buttons.values():
            self._group.removeButton(b)
            b.deleteLater()
        self.cashier_buttons.clear()
        try:
            cashiers = self._till.auth.cashiers()
        except PosError as exc:  # a broken store must not crash the start screen
            self._set_message(describe(exc), "error")
            return None
        for i, cashier in enumerate(cashiers):
            role = self.tr("Manager") if cashier.is_manager else self.tr("Cashier")
            text = f"{cashier.name}\n{role}"
            if self._open_carts.get(cashier.id):
                text += "  · " + self.tr("{count} items open").format(count=self._open_carts[cashier.id])
            b = button(text, "cashier", f"cashier{cashier.id}", checkable=True)
            self._group.addButton(b, cashier.id)
            self._cashier_grid.addWidget(b, i // 2, i % 2)
            self.cashier_buttons[cashier.id] = b
        return cashiers

    def choose(self, cashier_id: int | None) -> None:
        if cashier_id is not None and cashier_id in self.cashier_buttons:
            self.cashier_buttons[cashier_id].setChecked(True)
        self._cashier_chosen(cashier_id if cashier_id is not None else -1)

    def _cashier_chosen(self, cashier_id: int) -> None:
        b = self.cashier_buttons.get(cashier_id)
        self.who.setText(b.text().split("\n")[0] if b else self.tr("Who is at the till?"))
        self.pin_pad.clear()
        self._set_message("", "")
        self.pin_pad.setFocus()

    def _first_run_done(self, manager: Cashier | None) -> None:
        """The first manager exists: the normal login, with them chosen."""
        problem = self.first_run.message.text() if manager is None else ""
        self.reset()
        if manager is not None:
            self.choose(manager.id)
            self._set_message(
                self.tr("Manager {name} is ready: enter the PIN to log in").format(name=manager.name), "info"
            )
        elif problem:
            self._set_message(problem, "error")

    def scanned_while_locked(self) -> None:
        self._set_message(self.tr("Log in first, then scan"), "error")

    def _set_message(self, text: str, level: str) -> None:
        self.message.setText(text)
        set_prop(self.message, "level", level)

    # -- logging in -------------------------------------------------------------------------------------
    def log_in(self, cashier_id: int, pin: str) -> None:
        """Taps the name and types the PIN, as a cashier would (tests and scripts)."""
        self.choose(cashier_id)
        self.pin_pad.enter(pin)

    def _submit(self, pin: str) -> None:
        cashier_id = self._group.checkedId()
        if cashier_id < 0:
            self._set_message(self.tr("Choose your name first"), "error")
            return
        self._set_message(self.tr("Checking…"), "info")
        self.pin_pad.set_busy(True)
        auth = self._till.auth
        run_in_background(lambda: auth.login(cashier_id, pin), self._accepted, self._refused)

    def _accepted(self, cashier: Cashier) -> None:
        self.pin_pad.set_busy(False)
        self.pin_pad.clear()
        self._set_message("", "")
        self.logged_in.emit(cashier)

    def _refused(self, exc: BaseException) -> None:
        self.pin_pad.set_busy(False)
        self.pin_pad.clear()
        self._set_message(describe(exc), "error")
