"""Under the cart: item count, subtotal, discounts, 抹零 (only when not zero) and the big amount due."""

from __future__ import annotations

from pos_app.cart import Totals
from ui.formatting import money
from ui.qt import QFrame, QGridLayout, QLabel, Qt, QWidget


class TotalsWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalsPanel")
        grid = QGridLayout(self)
        grid.setContentsMargins(18, 12, 18, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.count_value = self._pair(grid, 0, 0, self.tr("Items"))
        self.subtotal_value = self._pair(grid, 0, 2, self.tr("Subtotal"))
        self.discount_value = self._pair(grid, 1, 0, self.tr("Discount"))
        self.rounding_caption = QLabel(self.tr("Rounding"))
        self.rounding_caption.setObjectName("totalsCaption")
        self.rounding_value = QLabel()
        self.rounding_value.setObjectName("totalsValue")
        self.rounding_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.rounding_caption, 1, 2)
        grid.addWidget(self.rounding_value, 1, 3)
        due_caption = QLabel(self.tr("Amount due"))
        due_caption.setObjectName("dueCaption")
        self.due_value = QLabel()
        self.due_value.setObjectName("dueValue")
        self.due_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(due_caption, 2, 0, 1, 2, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(self.due_value, 2, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    @staticmethod
    def _pair(grid: QGridLayout, row: int, column: int, caption: str) -> QLabel:
        label = QLabel(caption)
        label.setObjectName("totalsCaption")
        value = QLabel()
        value.setObjectName("totalsValue")
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(label, row, column)
        grid.addWidget(value, row, column + 1)
        return value

    def show_totals(self, totals: Totals) -> None:
        self.count_value.setText(str(totals.item_count))
        self.subtotal_value.setText(money(totals.subtotal_fen))
        self.discount_value.setText(money(-totals.discount_fen) if totals.discount_fen else money(0))
        rounding = totals.rounding_fen != 0
        self.rounding_caption.setVisible(rounding)
        self.rounding_value.setVisible(rounding)
        self.rounding_value.setText(money(totals.rounding_fen))
        self.due_value.setText(money(totals.total_fen))
