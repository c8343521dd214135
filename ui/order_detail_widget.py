"""One completed order in the history dialog: its lines, discount, 抹零, total, tenders and change.

The row of buttons under it holds 作废订单; other order actions join it through `add_action` (the receipt
printing work puts 重印 there).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.orders import OrderView
from pos_app.services.receipts import TENDER_LABELS
from ui.formatting import money
from ui.order_history_models import OrderLinesModel
from ui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.row_table_model import touch_table
from ui.scaling import notifier, px
from ui.theme import button

ROW_HEIGHT = 44  # at 1024x768; scaled with px()
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class OrderDetailWidget(QStackedWidget):
    """A hint until an order is chosen, then the order. `order` is the OrderView on show, if any."""

    def __init__(self, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self._zone = ZoneInfo(timezone)
        self.order: OrderView | None = None
        self.hint = QLabel(self.tr("Tap an order to see its items and payment"))
        self.hint.setObjectName("gridNote")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.addWidget(self.hint)
        self.addWidget(self._page())
        notifier().changed.connect(self._rescale)
        self._rescale()

    def _page(self) -> QWidget:
        page = QWidget()
        self.number_label = QLabel()
        self.number_label.setObjectName("orderNumber")
        self.voided_badge = QLabel(self.tr("Voided"))
        self.voided_badge.setObjectName("voidedBadge")
        self.meta_label = QLabel()
        self.meta_label.setObjectName("sectionCaption")
        heading = QHBoxLayout()
        heading.setSpacing(10)
        heading.addWidget(self.number_label)
        heading.addWidget(self.voided_badge)
        heading.addStretch(1)
        heading.addWidget(self.meta_label)
        self.lines_model = OrderLinesModel(self)
        self.lines = self._lines_table()
        self.figures = QFrame()
        self.figures.setObjectName("orderFigures")
        self._grid = QGridLayout(self.figures)
        self._grid.setContentsMargins(16, 10, 16, 10)
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 1)
        self.void_button = button(self.tr("Void order"), "danger", "voidOrder", footer=True)
        # the order actions: 作废订单 on the right; add_action() puts others (重印) on the left
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        self.actions.addStretch(1)
        self.actions.addWidget(self.void_button)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addLayout(heading)
        column.addWidget(self.lines, 1)
        column.addWidget(self.figures)
        column.addLayout(self.actions)
        return page

    def _lines_table(self) -> QTableView:
        table = touch_table(self.lines_model, "orderLines", OrderLinesModel.NAME, selectable=False)
        table.setWordWrap(True)
        return table

    def _rescale(self, *_scale: object) -> None:
        self.lines.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))
        self.lines.horizontalHeader().setMinimumSectionSize(px(56))

    def add_action(self, action: QPushButton) -> None:
        """An order action beside 作废订单 (重印 goes here); it reads `order` when tapped."""
        self.actions.insertWidget(0, action)

    # -- showing ----------------------------------------------------------------------------------------
    def show_order(self, order: OrderView | None) -> None:
        self.order = order
        if order is None:
            self.setCurrentWidget(self.hint)
            return
        self.number_label.setText(self.tr("Order {number}").format(number=order.order_no))
        self.voided_badge.setVisible(order.voided)
        self.meta_label.setText(
            self.tr("{time}   cashier {name}").format(
                time=order.created_at.astimezone(self._zone).strftime("%H:%M"), name=order.cashier
            )
        )
        self.lines_model.set_lines(order.lines)
        self._fill_figures(order)
        self.void_button.setEnabled(not order.voided)
        self.void_button.setToolTip(self.tr("This order is already void") if order.voided else "")
        self.setCurrentIndex(1)

    def _fill_figures(self, order: OrderView) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        rows: list[tuple[str, str, str]] = [
            (self.tr("Discount"), money(-order.discount_fen), "orderFigure"),
            (self.tr("Rounding"), money(order.rounding_fen), "orderFigure"),
            (self.tr("Total"), money(order.total_fen), "orderTotal"),
        ]
        for tender in order.tenders:
            rows.append((self.tender_label(tender.kind), money(tender.amount_fen), "orderFigure"))
            if tender.tendered_fen > tender.amount_fen:
                rows.append((self.tr("Received"), money(tender.tendered_fen), "orderFigure"))
        rows.append((self.tr("Change"), money(order.change_fen), "orderFigure"))
        for r, (caption, value, name) in enumerate(rows):
            left = QLabel(caption)
            left.setObjectName("orderTotalCaption" if name == "orderTotal" else "totalsCaption")
            right = QLabel(value)
            right.setObjectName(name)
            right.setAlignment(RIGHT)
            self._grid.addWidget(left, r, 0)
            self._grid.addWidget(right, r, 1)

    def tender_label(self, kind: str) -> str:
        """The payment method's name; the other payment-code channels by the receipts' Chinese names."""
        known = {
            "cash": self.tr("Cash"),
            "card": self.tr("Bank card"),
            "wechat": self.tr("WeChat Pay"),
            "alipay": self.tr("Alipay"),
        }
        return known.get(kind) or TENDER_LABELS.get(kind, kind)

    def figure_texts(self) -> dict[str, str]:
        """Caption -> value as shown (tests)."""
        texts: dict[str, str] = {}
        for r in range(self._grid.rowCount()):
            caption, value = self._grid.itemAtPosition(r, 0), self._grid.itemAtPosition(r, 1)
            if caption is not None and value is not None:
                texts[caption.widget().text()] = value.widget().text()  # type: ignore[union-attr]
        return texts
