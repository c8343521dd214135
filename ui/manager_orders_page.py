"""The manager screen's 订单 page: the orders behind a figure (one hour's, one tender's, or the whole day's),
and the one tapped with its detail and receipt (the history dialog's detail widget and receipt buttons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pos_app.services.orders import OrderView
from pos_app.services.till import Till
from ui.formatting import describe
from ui.manager_charts import tender_label
from ui.order_detail_widget import OrderDetailWidget
from ui.order_history_models import OrderListModel
from ui.qt import QHBoxLayout, QItemSelectionModel, QLabel, QStackedWidget, Qt, QVBoxLayout, QWidget
from ui.receipt_actions import ReceiptActions
from ui.row_table_model import touch_table
from ui.scaling import notifier, px
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

LIMIT = 500  # the newest this many; the note says so when a day has more
ROW_HEIGHT = 48  # at 1024x768; scaled with px()


@dataclass(frozen=True)
class OrderFilter:
    day: date
    hour: int | None = None
    tender: str | None = None


class ManagerOrdersPage(QWidget):
    def __init__(self, till: Till, dialog: TouchDialog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._zone = till.settings().timezone
        self._asked = 0  # the newest request; an older answer arriving late (or after closing) is dropped
        self.filter: OrderFilter | None = None
        self.loaded = False
        dialog.finished.connect(self._forget)
        self.caption = QLabel()
        self.caption.setObjectName("managerOrdersCaption")
        self.all_button = button(self.tr("All orders of the day"), "chip", "managerAllOrders")
        self.all_button.clicked.connect(self.show_all)
        keep_room = self.all_button.sizePolicy()
        keep_room.setRetainSizeWhenHidden(True)  # the list does not jump when a filter comes or goes
        self.all_button.setSizePolicy(keep_room)
        heading = QHBoxLayout()
        heading.addWidget(self.caption, 1)
        heading.addWidget(self.all_button)
        self.model = OrderListModel(self._zone, self)
        self.table = touch_table(self.model, "orderList", OrderListModel.NUMBER, selectable=True)
        self.table.clicked.connect(lambda index: self.select_row(index.row()))
        self.note = QLabel()
        self.note.setObjectName("gridNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.list_pages = QStackedWidget()
        self.list_pages.addWidget(self.note)
        self.list_pages.addWidget(self.table)
        self.detail = OrderDetailWidget(self._zone)
        self.detail.void_button.hide()  # voids belong to 订单 on the sale screen, with their own approval
        self.receipts = ReceiptActions(till, dialog, lambda: self.detail.order)
        self.detail.add_action(self.receipts.reprint_button)
        self.detail.add_action(self.receipts.preview_button)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addLayout(heading)
        left.addWidget(self.list_pages, 1)
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(20)
        columns.addLayout(left, 6)
        columns.addWidget(self.detail, 5)
        notifier().changed.connect(self._rescale)
        self._rescale()

    def _rescale(self, *_scale: object) -> None:
        self.table.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))

    def _forget(self, _code: int) -> None:
        self._asked += 1

    # -- what to list -----------------------------------------------------------------------------------
    def show_orders(self, wanted: OrderFilter) -> None:
        """Reads the orders in a worker; the list says 加载中 meanwhile."""
        self.filter = wanted
        self._asked += 1
        asked, orders, zone = self._asked, self._till.orders, self._zone
        self.loaded = False
        self.all_button.setVisible(wanted.hour is not None or wanted.tender is not None)
        self.caption.setText(self._describe(wanted))
        self.note.setText(self.tr("Loading orders…"))
        self.list_pages.setCurrentWidget(self.note)
        self.detail.show_order(None)
        run_in_background(
            lambda: orders.of_day(wanted.day, zone, wanted.hour, wanted.tender, LIMIT),
            lambda found: self._loaded(asked, found),
            lambda exc: self._failed(asked, exc),
        )

    def show_all(self) -> None:
        if self.filter is not None:
            self.show_orders(OrderFilter(self.filter.day))

    def _describe(self, wanted: OrderFilter) -> str:
        parts = [wanted.day.isoformat()]
        if wanted.hour is not None:
            parts.append(f"{wanted.hour:02d}:00–{(wanted.hour + 1) % 24:02d}:00")
        if wanted.tender is not None:
            parts.append(self.tr("paid by {tender}").format(tender=tender_label(wanted.tender)))
        if len(parts) == 1:
            parts.append(self.tr("all orders"))
        return "  ·  ".join(parts)

    def _loaded(self, asked: int, orders: list[OrderView]) -> None:
        if asked != self._asked:
            return
        self.loaded = True
        self.model.set_orders(orders)
        assert self.filter is not None
        count = self.tr("{count} orders").format(count=len(orders))
        if len(orders) >= LIMIT:
            count = self.tr("the newest {count} orders").format(count=LIMIT)
        self.caption.setText(f"{self._describe(self.filter)}  ·  {count}")
        if not orders:
            self.note.setText(self.tr("No orders here"))
            return
        self.list_pages.setCurrentWidget(self.table)
        self.select_row(0)

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self.loaded = True
        self.note.setText(describe(exc))

    def select_row(self, row: int) -> None:
        """A finger on an order: its lines, payment and the receipt buttons."""
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.scrollTo(index)
        self.detail.show_order(self.model.orders[row])
