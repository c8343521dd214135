"""Qt models over OrderHistory's views: the day's orders as a list, and one order's lines."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.services.orders import OrderLineView, OrderView
from ui.formatting import money
from ui.qt import QAbstractTableModel, QColor, QFont, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
MUTED = QColor("#8795a4")  # a voided order or line: still readable, clearly not counted


class OrderListModel(QAbstractTableModel):
    """Newest first, as OrderHistory.recent() returns them. STATUS holds the 已作废 badge text."""

    NUMBER, TIME, CASHIER, TOTAL, STATUS = range(5)
    ORDER_ROLE = Qt.ItemDataRole.UserRole + 1
    VOIDED_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo(timezone)
        self.orders: list[OrderView] = []

    def set_orders(self, orders: list[OrderView]) -> None:
        self.beginResetModel()
        self.orders = list(orders)
        self.endResetModel()

    def row_of(self, order_uuid: str) -> int | None:
        return next((r for r, o in enumerate(self.orders) if o.uuid == order_uuid), None)

    def headers(self) -> list[str]:
        return [self.tr("Order no."), self.tr("Time"), self.tr("Cashier"), self.tr("Total"), ""]

    def local_time(self, order: OrderView) -> str:
        return order.created_at.astimezone(self._zone).strftime("%H:%M")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.orders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if section == self.TOTAL else LEFT
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.orders):
            return None
        order = self.orders[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(order, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column == self.TOTAL else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and order.voided and column != self.STATUS:
            return MUTED
        if role == Qt.ItemDataRole.FontRole and order.voided and column == self.TOTAL:
            return _struck()
        if role == self.ORDER_ROLE:
            return order
        if role == self.VOIDED_ROLE:
            return order.voided
        return None

    def _text(self, order: OrderView, column: int) -> str:
        if column == self.NUMBER:
            return order.order_no
        if column == self.TIME:
            return self.local_time(order)
        if column == self.CASHIER:
            return order.cashier
        if column == self.TOTAL:
            return money(order.total_fen)
        return self.tr("Voided") if order.voided else ""


class OrderLinesModel(QAbstractTableModel):
    """One order's lines; a line voided before payment is greyed and struck through."""

    NAME, QUANTITY, PRICE, AMOUNT = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lines: tuple[OrderLineView, ...] = ()

    def set_lines(self, lines: tuple[OrderLineView, ...]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Amount")]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if section == self.NAME else RIGHT
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if index.column() == self.NAME else RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and line.voided:
            return MUTED
        if role == Qt.ItemDataRole.FontRole and line.voided:
            return _struck()
        if role == Qt.ItemDataRole.ToolTipRole and line.voided:
            return self.tr("Deleted before payment")
        return None

    def _text(self, line: OrderLineView, column: int) -> str:
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
