"""First run of a real shop: no accounts yet, so the login screen asks for the shop's name and its first
manager instead. The manager is created with AuthService.create (in a worker: the PIN is hashed with
argon2), then the name is saved with Till.configure, the set-up path that needs no approval.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.services.auth import Cashier, Role
from pos_app.services.till import Till
from pos_app.settings import ShopSettings
from ui.account_form_widget import AccountFormWidget
from ui.entry_parsing import EntryError
from ui.formatting import describe
from ui.qt import QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, Qt, QVBoxLayout, QWidget, Signal
from ui.theme import button, set_prop
from ui.worker import run_in_background


class FirstRunWidget(QFrame):
    """Emits `shop_saved(ShopSettings)` and then `created(Cashier)` once the manager is stored."""

    shop_saved = Signal(object)
    created = Signal(object)

    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunCard")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._till = till
        self.busy = False
        intro_panel = QFrame()
        intro_panel.setObjectName("firstRunIntro")
        left = QVBoxLayout(intro_panel)
        left.setContentsMargins(24, 22, 24, 22)
        left.setSpacing(14)
        title = QLabel(self.tr("Welcome"))
        title.setObjectName("loginShop")
        intro = QLabel(
            self.tr("This till has no accounts yet. Name the shop, then create its first manager.")
        )
        intro.setObjectName("loginHint")
        intro.setWordWrap(True)
        left.addWidget(title)
        left.addWidget(intro)
        left.addSpacing(6)
        steps = (
            (self.tr("Shop name"), self.tr("Printed on every receipt; a manager can change it in Settings")),
            (self.tr("First manager"), self.tr("Approves discounts, price changes, voids and settings")),
            (self.tr("Log in and sell"), self.tr("The manager adds cashiers under Settings → Cashiers")),
        )
        for number, (step_title, detail) in enumerate(steps, 1):
            left.addLayout(self._step(number, step_title, detail))
        left.addStretch(1)
        self.shop_name = QLineEdit(till.settings().shop_name)
        self.shop_name.setObjectName("shopNameField")
        self.shop_name.setMaxLength(40)
        self.form = AccountFormWidget(with_role=False, leading=((self.tr("Shop name"), self.shop_name),))
        self.form.name.setPlaceholderText(self.tr("The manager's name"))
        self.message = QLabel()
        self.message.setObjectName("inlineMessage")
        self.message.setWordWrap(True)
        self.create_button = button(self.tr("Create manager and continue"), "primary", "firstRunCreate")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.submit)
        for field in (self.shop_name, self.form.name, self.form.pin, self.form.pin_again):
            field.returnPressed.connect(self.submit)
        right = QVBoxLayout()
        right.setSpacing(12)
        caption = QLabel(self.tr("Shop and first manager"))
        caption.setObjectName("loginWho")
        right.addWidget(caption)
        right.addWidget(self.form)
        right.addWidget(self.message)
        right.addSpacing(6)
        right.addWidget(self.create_button)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 28, 32, 28)
        row.setSpacing(36)
        row.addWidget(intro_panel, 4)
        row.addLayout(right, 5)

    @staticmethod
    def _step(number: int, title: str, detail: str) -> QHBoxLayout:
        badge = QLabel(str(number))
        badge.setObjectName("stepNumber")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(title)
        heading.setObjectName("stepTitle")
        text = QLabel(detail)
        text.setObjectName("stepDetail")
        text.setWordWrap(True)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(heading)
        words.addWidget(text)
        row = QHBoxLayout()
        row.setSpacing(14)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        return row

    def reset(self) -> None:
        self.shop_name.setText(self._till.settings().shop_name)
        self.form.clear()
        self._set_message("", "")
        self._set_busy(False)

    def fill(self, shop_name: str, name: str, pin: str, pin_again: str) -> None:
        """Types into the card as the owner would (tests and scripts)."""
        self.shop_name.setText(shop_name)
        self.form.fill(name, pin, pin_again)

    def submit(self) -> None:
        if self.busy:
            return
        try:
            settings = self._till.settings().changed(shop_name=self.shop_name.text().strip())
            name, _role, pin = self.form.values()
        except (PosError, EntryError) as err:
            self._set_message(describe(err) if isinstance(err, PosError) else str(err), "error")
            return
        self._set_busy(True)
        self._set_message(self.tr("Creating the manager…"), "info")
        till = self._till

        def create() -> Cashier:
            manager = till.auth.create(name, Role.MANAGER, pin)  # checks name, PIN and duplicates first
            till.configure(settings)
            return manager

        run_in_background(create, lambda manager: self._created(settings, manager), self._failed)

    def _created(self, settings: ShopSettings, manager: Cashier) -> None:
        self._set_busy(False)
        self.shop_saved.emit(settings)
        self.created.emit(manager)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._set_message(describe(exc), "error")
        try:
            stored = bool(self._till.auth.cashiers())
        except PosError:
            stored = False
        if stored:  # the manager was stored but the shop name was not: log in anyway, name it later
            self.created.emit(None)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.create_button.setEnabled(not busy)

    def _set_message(self, text: str, level: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_prop(self.message, "level", level)
