"""Qt models over OrderHistory's views: the day's orders as a list, and one order's lines."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.orders import OrderLineView, OrderView
from ui.formatting import money
from ui.qt import QColor, QFont, QObject, Qt
from ui.row_table_model import LEFT, RIGHT, RowTableModel

MUTED = QColor("#8795a4")  # a voided order or line: still readable, clearly not counted


class OrderListModel(RowTableModel):
    """Newest first, as OrderHistory.recent() returns them. STATUS holds the 已作废 badge text."""

    NUMBER, TIME, CASHIER, TOTAL, STATUS = range(5)
    ORDER_ROLE = Qt.ItemDataRole.UserRole + 1
    VOIDED_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo(timezone)

    @property
    def orders(self) -> list[OrderView]:
        return list(self.rows)

    def set_orders(self, orders: list[OrderView]) -> None:
        self.set_rows(list(orders))

    def row_of(self, order_uuid: str) -> int | None:
        return next((r for r, o in enumerate(self.rows) if o.uuid == order_uuid), None)

    def headers(self) -> list[str]:
        return [self.tr("Order no."), self.tr("Time"), self.tr("Cashier"), self.tr("Total"), ""]

    def local_time(self, order: OrderView) -> str:
        return order.created_at.astimezone(self._zone).strftime("%H:%M")

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return RIGHT if column == self.TOTAL else LEFT

    def extra(self, order: OrderView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and order.voided and column != self.STATUS:
            return MUTED
        if role == Qt.ItemDataRole.FontRole and order.voided and column == self.TOTAL:
            return _struck()
        if role == self.ORDER_ROLE:
            return order
        if role == self.VOIDED_ROLE:
            return order.voided
        return None

    def text(self, order: OrderView, column: int) -> str:
        if column == self.NUMBER:
            return order.order_no
        if column == self.TIME:
            return self.local_time(order)
        if column == self.CASHIER:
            return order.cashier
        if column == self.TOTAL:
            return money(order.total_fen)
        return self.tr("Voided") if order.voided else ""


class OrderLinesModel(RowTableModel):
    """One order's lines; a line voided before payment is greyed and struck through."""

    NAME, QUANTITY, PRICE, AMOUNT = range(4)

    def set_lines(self, lines: tuple[OrderLineView, ...]) -> None:
        self.set_rows(lines)

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Amount")]

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return LEFT if column == self.NAME else RIGHT

    def extra(self, line: OrderLineView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and line.voided:
            return MUTED
        if role == Qt.ItemDataRole.FontRole and line.voided:
            return _struck()
        if role == Qt.ItemDataRole.ToolTipRole and line.voided:
            return self.tr("Deleted before payment")
        return None

    def text(self, line: OrderLineView, column: int) -> str:
        if column == self.NAME:
            return line.name
        if column == self.QUANTITY:
            return line.quantity_text
        if column == self.PRICE:
            weighed = line.quantity_text.endswith("kg")
            return money(line.unit_price_fen) + ("/kg" if weighed else "")
        return money(line.gross_fen if line.voided else line.net_fen)  # a deleted line: what was struck


def _struck() -> QFont:
    """Only strike-out is set: the view's QSS still decides the family and size."""
    font = QFont()
    font.setStrikeOut(True)
    return font
