"""The manager screen's 明细 page: the day's figures as four tables (tenders, cashiers, categories, tax by
rate). A tender row, like a slice of the donut, lists the orders paid with it."""

from __future__ import annotations

from typing import Any

from pos_app.reports import CashierTotal, CategoryTotal, Report, TaxTotal, TenderTotal
from ui.formatting import money
from ui.manager_charts import tender_label
from ui.qt import QGridLayout, QLabel, Qt, QTableView, QVBoxLayout, QWidget, Signal
from ui.row_table_model import LEFT, RIGHT, RowTableModel, touch_table
from ui.scaling import notifier, px

ROW_HEIGHT = 40  # at 1024x768; scaled with px()


def hundredths(value_x100: int) -> str:
    """235 -> '2.35' (items per basket): integers all the way."""
    return f"{value_x100 // 100}.{value_x100 % 100:02d}"


def percent(rate_bp: int) -> str:
    """1300 -> '13%', 650 -> '6.5%'."""
    whole, part = divmod(rate_bp, 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


class _FigureModel(RowTableModel):
    """The first column names the row; the others are figures, right-aligned."""

    def alignment(self, column: int) -> Qt.AlignmentFlag:
        return LEFT if column == 0 else RIGHT

    def cells(self, row: Any) -> list[str]:
        raise NotImplementedError

    def text(self, row: Any, column: int) -> str:
        return self.cells(row)[column]


class TenderTableModel(_FigureModel):
    def headers(self) -> list[str]:
        return [self.tr("Tender"), self.tr("Count"), self.tr("Sales"), self.tr("Given back"), self.tr("Net")]

    def cells(self, t: TenderTotal) -> list[str]:
        return [
            tender_label(t.kind),
            str(t.count),
            money(t.sales_fen),
            money(-t.refunds_fen),
            money(t.net_fen),
        ]


class CashierTableModel(_FigureModel):
    def headers(self) -> list[str]:
        return [
            self.tr("Cashier"),
            self.tr("Orders"),
            self.tr("Amount"),
            self.tr("Avg basket"),
            self.tr("Items/basket"),
        ]

    def cells(self, c: CashierTotal) -> list[str]:
        return [
            c.name,
            str(c.orders),
            money(c.amount_fen),
            money(c.average_basket_fen),
            hundredths(c.items_per_basket_x100),
        ]


class CategoryTableModel(_FigureModel):
    def headers(self) -> list[str]:
        return [self.tr("Category"), self.tr("Items"), self.tr("Amount")]

    def cells(self, c: CategoryTotal) -> list[str]:
        return [c.category or self.tr("(none)"), str(c.items), money(c.amount_fen)]


class TaxTableModel(_FigureModel):
    def headers(self) -> list[str]:
        return [self.tr("Tax rate"), self.tr("Sales incl. tax"), self.tr("Tax")]

    def cells(self, t: TaxTotal) -> list[str]:
        return [percent(t.rate_bp), money(t.net_fen), money(t.tax_fen)]


class ManagerTablesPage(QWidget):
    tender_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tenders = TenderTableModel(self)
        self.cashiers = CashierTableModel(self)
        self.categories = CategoryTableModel(self)
        self.taxes = TaxTableModel(self)
        self.tables: list[QTableView] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        grid.addLayout(self._section(self.tr("By tender (tap one for its orders)"), self.tenders), 0, 0)
        grid.addLayout(self._section(self.tr("By cashier"), self.cashiers), 0, 1)
        grid.addLayout(self._section(self.tr("By category"), self.categories), 1, 0)
        grid.addLayout(self._section(self.tr("Tax by rate"), self.taxes), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.tables[0].clicked.connect(self._tender_tapped)
        notifier().changed.connect(self._rescale)
        self._rescale()

    def _section(self, caption: str, model: RowTableModel) -> QVBoxLayout:
        label = QLabel(caption)
        label.setObjectName("sectionCaption")
        table = touch_table(model, "managerTable", 0, selectable=False)
        self.tables.append(table)
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(label)
        column.addWidget(table, 1)
        return column

    def _rescale(self, *_scale: object) -> None:
        for table in self.tables:
            table.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))

    def show_report(self, report: Report) -> None:
        self.tenders.set_rows(report.tenders)
        self.cashiers.set_rows(report.cashiers)
        self.categories.set_rows(report.categories)
        self.taxes.set_rows(report.taxes)

    def _tender_tapped(self, index: Any) -> None:
        self.tender_chosen.emit(self.tenders.rows[index.row()].kind)

    def texts(self, model: RowTableModel) -> list[list[str]]:
        """A table's cells as shown (tests)."""
        return [
            [str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())
        ]
