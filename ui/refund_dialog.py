"""退款: choose lines of a stored order (or all that are left), a manager approves, the money goes back.

Each line shows what the customer paid for it (its share of discounts and 抹零 already off); lines
refunded before are shown and cannot be chosen. The refund runs in a worker (a code's part goes through
the cloud); what it did is said in the service's words, with the cash to take from the drawer and the
card amount to refund on the terminal.
"""

from __future__ import annotations

from pos_app.services.auth import Approval, Cashier, OverrideAction
from pos_app.services.orders import OrderView
from pos_app.services.refunds import RefundableLine, RefundOutcome
from pos_app.services.till import Till
from ui.formatting import describe, money
from ui.override_dialog import OverrideDialog
from ui.qt import QGridLayout, QLabel, QPushButton, QScrollArea, QWidget, Signal
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background


class RefundDialog(TouchDialog):
    refunded = Signal(object)  # RefundOutcome, once stored (done or still waiting for the channel)

    def __init__(self, till: Till, cashier: Cashier | None, order: OrderView, parent: QWidget | None) -> None:
        super().__init__(
            self.tr("Refund order {number}").format(number=order.order_no),
            parent,
            fraction=(0.8, 0.9),
            maximum=(900, 760),
        )
        self._till = till
        self._cashier = cashier
        self.order = order
        self.override: OverrideDialog | None = None
        self.outcome: RefundOutcome | None = None
        self.line_buttons: dict[int, QPushButton] = {}
        self._lines: list[RefundableLine] = []
        hint = QLabel(self.tr("Tap the items the customer brings back. Each shows what was paid for it."))
        hint.setObjectName("sectionCaption")
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self._grid = QGridLayout()
        self._grid.setSpacing(8)
        holder = QWidget()
        holder.setLayout(self._grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.body.addWidget(scroll, 1)
        self.total_label = QLabel()
        self.total_label.setObjectName("refundTotal")
        self.body.addWidget(self.total_label)
        self.body.addWidget(self.error_label)
        self.all_button = button(self.tr("All items"), "chip", "refundAll", footer=True)
        self.all_button.clicked.connect(self.choose_all)
        self.refund_button = button(self.tr("Refund"), "danger", "refundConfirm", footer=True)
        self.refund_button.clicked.connect(self.ask_approval)
        footer = QGridLayout()
        footer.addWidget(self.all_button, 0, 0)
        footer.addWidget(self.refund_button, 0, 1)
        self.body.addLayout(footer)
        self._update_total()
        self.set_busy(True)
        refunds, uuid = till.refunds, order.uuid
        run_in_background(lambda: refunds.lines(uuid), self._loaded, self._failed)

    # -- the lines --------------------------------------------------------------------------------------
    def _loaded(self, lines: list[RefundableLine]) -> None:
        self.set_busy(False)
        self._lines = lines
        for i, line in enumerate(lines):
            text = f"{line.name}  ×{line.quantity_text}\n{money(line.net_fen)}"
            if line.refunded:
                text += "  " + self.tr("(refunded)")
            chip = button(text, "chip", f"refundLine{line.line_id}", checkable=True)
            chip.setEnabled(not line.refunded)
            chip.toggled.connect(self._update_total)
            self._grid.addWidget(chip, i // 2, i % 2)
            self.line_buttons[line.line_id] = chip
        if all(line.refunded for line in lines):
            self.show_info(self.tr("Every item of this order is already refunded"))
        self._update_total()

    def choose_all(self) -> None:
        for chip in self.line_buttons.values():
            if chip.isEnabled():
                chip.setChecked(True)

    def chosen(self) -> list[int]:
        return [line_id for line_id, chip in self.line_buttons.items() if chip.isChecked()]

    def _update_total(self, *_checked: object) -> None:
        chosen = set(self.chosen())
        total = sum(line.net_fen for line in self._lines if line.line_id in chosen)
        self.total_label.setText(self.tr("To refund: {amount}").format(amount=money(total)))
        self.refund_button.setEnabled(bool(chosen) and not self.busy and self.outcome is None)

    # -- approval and the refund --------------------------------------------------------------------------
    def ask_approval(self) -> None:
        lines = self.chosen()
        if not lines or self.busy or self.override is not None:
            return
        total = sum(line.net_fen for line in self._lines if line.line_id in set(lines))
        dialog = OverrideDialog(
            self._till,
            self._cashier,
            OverrideAction.REFUND,
            f"{self.order.order_no} {money(total)}",
            self.tr("Refund {amount} of order {number}: a manager must approve").format(
                amount=money(total), number=self.order.order_no
            ),
            self,
            order_uuid=self.order.uuid,
        )
        self.override = dialog
        dialog.accepted.connect(lambda: self._refund(lines, dialog.approval))
        dialog.finished.connect(lambda _code: self._override_closed(dialog))
        dialog.open()

    def _override_closed(self, dialog: OverrideDialog) -> None:
        if self.override is dialog:
            self.override = None
        dialog.deleteLater()

    def _refund(self, lines: list[int], approval: Approval | None) -> None:
        if approval is None:
            return
        cashier = self._cashier or approval.manager
        self.set_busy(True)
        self.refund_button.setEnabled(False)
        self.show_info(self.tr("Refunding…"))
        refunds, uuid = self._till.refunds, self.order.uuid
        run_in_background(
            lambda: refunds.refund(uuid, lines, cashier, approval, approval.reason),
            self._done,
            self._failed,
        )

    def _done(self, outcome: RefundOutcome) -> None:
        self.set_busy(False)
        self.outcome = outcome
        text = outcome.message()
        if outcome.state == "done":
            cash = outcome.cash_fen
            card = sum(p.amount_fen for p in outcome.parts if p.kind == "card")
            if cash:
                text += "\n" + self.tr("Take {amount} from the drawer for the customer").format(
                    amount=money(cash)
                )
            if card:
                text += "\n" + self.tr("Refund {amount} on the card terminal").format(amount=money(card))
        (self.show_error if outcome.state == "failed" else self.show_info)(text)
        self.all_button.setEnabled(False)
        for chip in self.line_buttons.values():
            chip.setEnabled(False)
        self.refunded.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self._update_total()
        self.show_error(describe(exc))
