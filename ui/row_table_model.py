"""A read-only Qt table over a list of rows: the cart, the day's orders, one order's lines.

Subclasses name the headers and say each cell's text and alignment; extra roles (colour, font, tooltips,
the row's object) go through `extra`. The whole list is replaced at once: these tables hold tens to a
few hundred rows, so a reset is cheap and always right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QHeaderView,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QScroller,
    Qt,
    QTableView,
)

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: Sequence[Any] = ()

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    # -- what a subclass says -----------------------------------------------------------------------------
    def headers(self) -> list[str]:
        raise NotImplementedError

    def text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return LEFT

    def extra(self, row: Any, column: int, role: int) -> object:
        return None

    # -- QAbstractTableModel --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(section)
        return None

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        return self.extra(row, index.column(), role)


def touch_table(model: RowTableModel, name: str, stretch: int, selectable: bool) -> QTableView:
    """A read-only table for a finger: no grid, no focus, kinetic scrolling, one column taking the room."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    if selectable:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    QScroller.grabGesture(table.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return table
