"""The fields of a new till account: name, role (optional), and the PIN typed twice.

Only the repeat is checked here (that is about typing, not a rule); the name, the PIN's form and
duplicates are checked by AuthService.create, whose message is shown as it is.
"""

from __future__ import annotations

from pos_app.services.auth import Role
from ui.entry_parsing import EntryError
from ui.qt import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRegularExpression,
    QRegularExpressionValidator,
    Qt,
    QWidget,
)
from ui.theme import button

MAX_PIN = 6


class AccountFormWidget(QWidget):
    def __init__(
        self, with_role: bool, leading: tuple[tuple[str, QWidget], ...] = (), parent: QWidget | None = None
    ) -> None:
        """`leading`: captioned fields above the account's own (the first run puts the shop name there)."""
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        for caption, field in leading:
            self.add_row(caption, field)
        self.name = self._field(self.tr("Name"), "accountName")
        self.name.setMaxLength(20)
        self.role_buttons: dict[Role, QPushButton] = {}
        self._roles = QButtonGroup(self)
        if with_role:
            self._role_row()
        self.pin = self._pin_field(self.tr("PIN"), "accountPin")
        self.pin.setPlaceholderText(self.tr("4 to 6 digits"))
        self.pin_again = self._pin_field(self.tr("PIN again"), "accountPinAgain")
        self.pin_again.setPlaceholderText(self.tr("Type the same PIN again"))

    def _field(self, caption: str, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        self.add_row(caption, field)
        return field

    def add_row(self, caption: str, field: QWidget) -> None:
        row = self.grid.rowCount()
        label = QLabel(caption)
        label.setObjectName("formCaption")
        self.grid.addWidget(label, row, 0)
        self.grid.addWidget(field, row, 1)

    def _pin_field(self, caption: str, name: str) -> QLineEdit:
        field = self._field(caption, name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PIN)
        field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), field))
        field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        return field

    def _role_row(self) -> None:
        line = QHBoxLayout()
        line.setSpacing(8)
        roles = ((Role.CASHIER, self.tr("Cashier")), (Role.MANAGER, self.tr("Manager")))
        for i, (role, text) in enumerate(roles):
            chip = button(text, "chip", f"role-{role.value}", checkable=True)
            chip.setChecked(role is Role.CASHIER)
            self._roles.addButton(chip, i)
            self.role_buttons[role] = chip
            line.addWidget(chip)
        line.addStretch(1)
        row = self.grid.rowCount()
        label = QLabel(self.tr("Role"))
        label.setObjectName("formCaption")
        self.grid.addWidget(label, row, 0)
        self.grid.addLayout(line, row, 1)

    # -- values -----------------------------------------------------------------------------------------
    def role(self) -> Role:
        checked = self._roles.checkedButton()
        return next((r for r, b in self.role_buttons.items() if b is checked), Role.MANAGER)

    def values(self) -> tuple[str, Role, str]:
        """Name, role and PIN as typed; EntryError if the two PINs differ."""
        if self.pin.text() != self.pin_again.text():
            self.pin_again.clear()
            self.pin_again.setFocus()
            raise EntryError(self.tr("The two PINs are not the same; type the PIN again"))
        return self.name.text().strip(), self.role(), self.pin.text()

    def fill(self, name: str, pin: str, pin_again: str, role: Role | None = None) -> None:
        """Types into the form as a person would (tests and scripts)."""
        self.name.setText(name)
        if role is not None:
            self.role_buttons[role].click()
        self.pin.setText(pin)
        self.pin_again.setText(pin_again)

    def clear(self) -> None:
        for field in (self.name, self.pin, self.pin_again):
            field.clear()
        self.name.setFocus()
