"""收款成功: the last page of the payment screen, the order number, how it was paid and the change."""

from __future__ import annotations

from pos_app.services.checkout import CompletedOrder
from ui.formatting import money
from ui.qt import QLabel, Qt, QVBoxLayout, QWidget
from ui.tender_layout import caption
from ui.theme import button


class TenderDonePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setSpacing(12)
        column.addStretch(1)
        title = QLabel(self.tr("Payment received"))
        title.setObjectName("doneTitle")
        self.order_label = QLabel()
        self.order_label.setObjectName("doneOrder")
        self.tenders_label = QLabel()  # a split: each tender, cash last
        self.tenders_label.setObjectName("doneOrder")
        self.tenders_label.setWordWrap(True)
        change_caption = caption(self.tr("Change to give"))
        self.change_label = QLabel()
        self.change_label.setObjectName("doneChange")
        self.next_button = button(self.tr("Next customer"), "primary", "nextCustomer")
        for w in (title, self.order_label, self.tenders_label, change_caption, self.change_label):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(w)
        column.addStretch(1)
        column.addWidget(self.next_button)

    def show_order(self, order: CompletedOrder, taken: list[str]) -> None:
        """`taken`: the labels of the tenders other than cash (none: a cash sale, said as always)."""
        if not taken:
            text = self.tr("Order {number}   received {given}, due {total}").format(
                number=order.order_no, given=money(order.tendered_fen), total=money(order.totals.total_fen)
            )
        else:
            text = self.tr("Order {number}   due {total}").format(
                number=order.order_no, total=money(order.totals.total_fen)
            )
            if order.tendered_fen:
                taken = [*taken, self.tr("Cash {amount}").format(amount=money(order.tendered_fen))]
        self.order_label.setText(text)
        self.tenders_label.setText("  ·  ".join(taken))
        self.tenders_label.setVisible(bool(taken))
        self.change_label.setText(money(order.change_fen))
