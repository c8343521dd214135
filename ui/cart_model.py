"""The cart as a table for the sale screen: one row per line of Sale.totals(), newest at the bottom."""

from __future__ import annotations

from pos_app.cart import PricedLine, Totals
from ui.formatting import money, unit_price
from ui.qt import Qt
from ui.row_table_model import LEFT, RIGHT, RowTableModel


class CartModel(RowTableModel):
    NAME, QUANTITY, PRICE, DISCOUNT, AMOUNT = range(5)
    LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def set_totals(self, totals: Totals) -> None:
        self.set_rows(totals.lines)

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Qty"), self.tr("Price"), self.tr("Discount"), self.tr("Amount")]

    def line_id(self, row: int) -> str:
        return str(self.rows[row].line.line_id)

    def row_of(self, line_id: str) -> int | None:
        return next((r for r, p in enumerate(self.rows) if p.line.line_id == line_id), None)

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return LEFT if column == self.NAME else RIGHT

    def extra(self, priced: PricedLine, column: int, role: int) -> object:
        if role == self.LINE_ID_ROLE:
            return priced.line.line_id
        if role == Qt.ItemDataRole.ToolTipRole and priced.line.price_overridden:
            return self.tr("Price changed by hand")
        return None

    def text(self, priced: PricedLine, column: int) -> str:
        line = priced.line
        if column == self.NAME:
            return line.name
        if column == self.QUANTITY:
            return line.quantity_text()
        if column == self.PRICE:
            return unit_price(line)
        if column == self.DISCOUNT:
            return money(-priced.line_discount_fen) if priced.line_discount_fen else ""
        return money(priced.gross_fen - priced.line_discount_fen)
