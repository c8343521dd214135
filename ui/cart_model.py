"""The cart as a table for the sale screen: one row per line of Sale.totals(), newest at the bottom."""

from __future__ import annotations

from pos_app.cart import PricedLine, Totals
from ui.formatting import money, unit_price
from ui.qt import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class CartModel(QAbstractTableModel):
    NAME, QUANTITY, PRICE, DISCOUNT, AMOUNT = range(5)
    LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[PricedLine, ...] = ()

    def set_totals(self, totals: Totals) -> None:
        """Whole-cart refresh: a cart has tens of lines, so a reset is cheap and always right."""
        self.beginResetModel()
        self._lines = totals.lines
        self.endResetModel()

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Discount"), self.tr("Amount")]

    def line_id(self, row: int) -> str:
        return self._lines[row].line.line_id

    def row_of(self, line_id: str) -> int | None:
        return next((r for r, p in enumerate(self._lines) if p.line.line_id == line_id), None)

    # -- QAbstractTableModel ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        priced = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(priced, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(index.column())
        if role == self.LINE_ID_ROLE:
            return priced.line.line_id
        if role == Qt.ItemDataRole.ToolTipRole and priced.line.price_overridden:
            return self.tr("Price changed by hand")
        return None

    @staticmethod
    def _text(priced: PricedLine, column: int) -> str:
        line = priced.line
        if column == CartModel.NAME:
            return line.name
        if column == CartModel.QUANTITY:
            return line.quantity_text()
        if column == CartModel.PRICE:
            return unit_price(line)
        if column == CartModel.DISCOUNT:
            return money(-priced.line_discount_fen) if priced.line_discount_fen else ""
        return money(priced.gross_fen - priced.line_discount_fen)

    @staticmethod
    def _alignment(column: int) -> Qt.AlignmentFlag:
        horizontal = Qt.AlignmentFlag.AlignLeft if column == CartModel.NAME else Qt.AlignmentFlag.AlignRight
        return horizontal | Qt.AlignmentFlag.AlignVCenter
