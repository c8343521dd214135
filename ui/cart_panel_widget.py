"""The cart table (big touch rows, the newest line selected) with the totals panel beneath it."""

from __future__ import annotations

from pos_app.cart import Totals
from ui.cart_model import CartModel
from ui.qt import (
    QAbstractItemView,
    QHeaderView,
    QItemSelectionModel,
    QPainter,
    QScroller,
    Qt,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from ui.scaling import notifier, px
from ui.totals_widget import TotalsWidget

ROW_HEIGHT = 52


class CartTableView(QTableView):
    """A table that says what to do when it is empty, instead of showing a blank box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""

    def paintEvent(self, event: object) -> None:
        super().paintEvent(event)  # type: ignore[arg-type]
        if self.model() is None or self.model().rowCount() or not self.placeholder:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        font = painter.font()
        font.setPixelSize(px(20))
        painter.setFont(font)
        painter.drawText(self.viewport().rect(), int(Qt.AlignmentFlag.AlignCenter), self.placeholder)
        painter.end()


class CartPanelWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CartModel(self)
        self.table = CartTableView()
        self.table.placeholder = self.tr("The cart is empty: scan an item to start")
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search field keeps the scanner's input
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)  # a long name takes two lines of its tall row
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CartModel.NAME, QHeaderView.ResizeMode.Stretch)
        QScroller.grabGesture(self.table.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.totals = TotalsWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        self._rescale()
        notifier().changed.connect(self._rescale)

    def _rescale(self) -> None:
        """Rows and columns grow with the UI scale (see ui/scaling.py)."""
        self.table.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))
        self.table.horizontalHeader().setMinimumSectionSize(px(64))

    def show_totals(self, totals: Totals, select_line_id: str | None = None) -> None:
        """Refreshes the rows; selects the given line, else the one selected before, else the last."""
        keep = select_line_id or self.selected_line_id()
        self.model.set_totals(totals)
        self.totals.show_totals(totals)
        row = self.model.row_of(keep) if keep else None
        if row is None and self.model.rowCount():
            row = self.model.rowCount() - 1
        if row is not None:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(index)

    def selected_line_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.line_id(rows[0].row()) if rows else None
