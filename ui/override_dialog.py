"""A manager's override: who approves, why, and their PIN; the approval is checked and recorded in a worker."""

from __future__ import annotations

from pos_app.errors import ApprovalRequired, PosError
from pos_app.services.auth import Approval, Cashier, OverrideAction
from pos_app.services.till import Till
from ui.formatting import describe
from ui.pin_pad_widget import PinPadWidget
from ui.qt import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background


class OverrideDialog(TouchDialog):
    """After `accepted`, `approval` is the manager's single-use Approval for `action`."""

    def __init__(
        self,
        till: Till,
        cashier: Cashier | None,
        action: OverrideAction,
        detail: str,
        message: str,
        parent: QWidget | None,
        order_uuid: str | None = None,
    ) -> None:
        super().__init__(self.tr("Manager approval"), parent, fraction=(0.9, 0.92), maximum=(980, 760))
        self._till = till
        self._cashier = cashier
        self.action = action
        self.detail = detail
        self.order_uuid = order_uuid  # the completed order the approval is for (a void, a refund)
        self.approval: Approval | None = None
        what = QLabel(message)
        what.setObjectName("overrideWhat")
        what.setWordWrap(True)
        self.body.addWidget(what)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(self._choices(), 3)
        self.pin_pad = PinPadWidget()
        self.pin_pad.submitted.connect(self._submit)
        columns.addWidget(self.pin_pad, 2)
        self.body.addLayout(columns, 1)
        self.body.addWidget(self.error_label)
        if not self.manager_buttons and not self.error_label.text():
            self.show_error(self.tr("There is no manager account; a manager must be created first"))
        self.pin_pad.setFocus()

    @classmethod
    def for_error(
        cls, till: Till, cashier: Cashier | None, err: ApprovalRequired, parent: QWidget | None
    ) -> OverrideDialog:
        return cls(till, cashier, OverrideAction(err.action), err.detail, str(err), parent)

    def _choices(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(self._caption(self.tr("Manager")))
        managers = QGridLayout()
        managers.setSpacing(8)
        self._managers = QButtonGroup(self)
        self.manager_buttons: dict[int, QPushButton] = {}
        try:
            accounts = self._till.auth.managers()
        except PosError as err:
            accounts = []
            self.show_error(str(err))
        for i, manager in enumerate(accounts):
            chip = button(manager.name, "chip", f"manager{manager.id}", checkable=True)
            self._managers.addButton(chip, manager.id)
            managers.addWidget(chip, i // 2, i % 2)
            self.manager_buttons[manager.id] = chip
        if len(self.manager_buttons) == 1:
            next(iter(self.manager_buttons.values())).setChecked(True)
        column.addLayout(managers)
        column.addWidget(self._caption(self.tr("Reason")))
        reasons = QGridLayout()
        reasons.setSpacing(8)
        presets = (
            self.tr("Customer complaint"),
            self.tr("Damaged goods"),
            self.tr("Member discount"),
            self.tr("Other"),
        )
        self.reason_buttons: list[QPushButton] = []
        last = len(presets) - 1  # "Other": the cashier types the reason
        for i, text in enumerate(presets):
            chip = button(text, "chip", f"reason{i}")
            chip.clicked.connect(lambda _=False, t=text, other=(i == last): self._preset(t, other))
            reasons.addWidget(chip, i // 2, i % 2)
            self.reason_buttons.append(chip)
        column.addLayout(reasons)
        self.reason = QLineEdit()
        self.reason.setObjectName("reasonField")
        self.reason.setPlaceholderText(self.tr("Reason (tap one above or type)"))
        self.reason.setMaxLength(120)
        column.addWidget(self.reason)
        column.addStretch(1)
        return column

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionCaption")
        return label

    def _preset(self, text: str, other: bool) -> None:
        self.reason.setText("" if other else text)
        if other:
            self.reason.setFocus()

    def approve(self, manager_id: int, reason: str, pin: str) -> None:
        """Chooses, fills in and submits as a manager would (tests and scripts)."""
        self.manager_buttons[manager_id].click()
        self.reason.setText(reason)
        self.pin_pad.enter(pin)

    def _submit(self, pin: str) -> None:
        manager_id = self._managers.checkedId()
        if manager_id < 0:
            self.show_error(self.tr("Choose the manager who approves"))
            return
        self.clear_message()
        self.set_busy(True)
        self.pin_pad.set_busy(True)
        till, cashier, action, reason, detail, order_uuid = (
            self._till,
            self._cashier,
            self.action,
            self.reason.text(),
            self.detail,
            self.order_uuid,
        )
        run_in_background(
            lambda: till.auth.authorize(manager_id, pin, action, reason, cashier, detail, order_uuid),
            self._approved,
            self._refused,
        )

    def _approved(self, approval: Approval) -> None:
        self.set_busy(False)
        self.approval = approval
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.pin_pad.set_busy(False)
        self.pin_pad.clear()
        self.show_error(describe(exc))
