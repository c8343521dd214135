"""订单: the current business day's orders, newest first. Tap one for its detail; a manager may void it,
or approve a refund of chosen lines (ui/refund_dialog.py).

Loading and voiding run in workers. A void goes through the manager override (VOID_ORDER, for this
order's uuid) and then OrderHistory.void; the list is reloaded from the store afterwards, so what it
shows is what was stored, and a refusal (already void, wrong PIN) is the service's own message.
"""

from __future__ import annotations

from pos_app.clock import business_day
from pos_app.services.auth import Approval, Cashier, OverrideAction
from pos_app.services.orders import OrderView
from pos_app.services.till import Till
from ui.formatting import describe, money
from ui.order_detail_widget import OrderDetailWidget
from ui.order_history_models import OrderListModel
from ui.override_dialog import OverrideDialog
from ui.qt import (
    QColor,
    QFont,
    QHBoxLayout,
    QItemSelectionModel,
    QLabel,
    QModelIndex,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QSize,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QTableView,
    QWidget,
    Signal,
)
from ui.receipt_actions import ReceiptActions
from ui.refund_dialog import RefundDialog
from ui.row_table_model import touch_table
from ui.scaling import notifier, px
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

LIMIT = 500  # more orders than a small shop takes in a day
ROW_HEIGHT = 52  # at 1024x768; scaled with px()


class OrderHistoryDialog(TouchDialog):
    voided = Signal(str)  # the order number, once its void is stored

    def __init__(self, till: Till, cashier: Cashier | None, parent: QWidget | None) -> None:
        super().__init__(self.tr("Orders"), parent, fraction=(0.94, 0.94), maximum=(1240, 820))
        self._till = till
        self._cashier = cashier
        settings = till.settings()
        self.day = business_day(till.clock.now(), settings.timezone, settings.cutoff_time())
        self.title_label.setText(self.tr("Orders of {day}").format(day=self.day.isoformat()))
        self.override: OverrideDialog | None = None  # the manager's approval dialog while it is open
        self.loaded = False
        self._closed = False  # a list still loading may arrive after the cashier closed the dialog
        self.finished.connect(self._mark_closed)
        self.model = OrderListModel(settings.timezone, self)
        self.table = self._orders_table()
        self.note = QLabel(self.tr("Loading orders…"))
        self.note.setObjectName("gridNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_pages = QStackedWidget()
        self.list_pages.addWidget(self.note)
        self.list_pages.addWidget(self.table)
        self.detail = OrderDetailWidget(settings.timezone)
        self.detail.void_button.clicked.connect(self.void_selected)
        self.receipts = ReceiptActions(till, self, lambda: self.detail.order)
        self.detail.add_action(self.receipts.preview_button)
        self.detail.add_action(self.receipts.reprint_button)
        self.refund_button = button(self.tr("Refund"), "", "refundOrder")
        self.refund_button.clicked.connect(self.refund_selected)
        self.detail.add_action(self.refund_button)
        self.refund_dialog: RefundDialog | None = None
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addWidget(self.list_pages, 6)
        columns.addWidget(self.detail, 5)
        self.body.addLayout(columns, 1)
        self.body.addWidget(self.error_label)
        notifier().changed.connect(self._rescale)
        self._rescale()
        self.reload()

    def _orders_table(self) -> QTableView:
        table = touch_table(self.model, "orderList", OrderListModel.NUMBER, selectable=True)
        table.setItemDelegateForColumn(OrderListModel.STATUS, _BadgeDelegate(table))
        table.clicked.connect(lambda index: self.tap_row(index.row()))
        return table

    def _rescale(self, *_scale: object) -> None:
        self.table.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))

    # -- the list ---------------------------------------------------------------------------------------
    def reload(self, select_uuid: str | None = None) -> None:
        """Reads the day's orders in a worker; then shows `select_uuid`, or the newest on first load."""
        orders, day = self._till.orders, self.day
        run_in_background(
            lambda: orders.recent(LIMIT, day),
            lambda found: self._loaded(found, select_uuid),
            self._load_failed,
        )

    def _mark_closed(self, _code: int) -> None:
        self._closed = True

    def _loaded(self, orders: list[OrderView], select_uuid: str | None) -> None:
        if self._closed:
            return
        first = not self.loaded
        self.loaded = True
        self.model.set_orders(orders)
        if not orders:
            self.note.setText(self.tr("No orders yet today"))
            self.list_pages.setCurrentWidget(self.note)
            self.detail.show_order(None)
            return
        self.list_pages.setCurrentWidget(self.table)
        row = self.model.row_of(select_uuid) if select_uuid else (0 if first else None)
        self.select_row(row)

    def _load_failed(self, exc: BaseException) -> None:
        if self._closed:
            return
        self.loaded = True
        self.note.setText(describe(exc))
        self.list_pages.setCurrentWidget(self.note)

    def select_row(self, row: int | None) -> None:
        """Selects the row and shows that order's detail; None shows the hint."""
        if row is None or not 0 <= row < self.model.rowCount():
            self.table.clearSelection()
            self.detail.show_order(None)
            return
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(index, flags)
        self.table.scrollTo(index)
        self.detail.show_order(self.model.orders[row])

    def tap_row(self, row: int) -> None:
        """A finger on a row: that order, and the last message is done with."""
        self.select_row(row)
        if not self.busy:
            self.clear_message()

    # -- refund -----------------------------------------------------------------------------------------
    def refund_selected(self) -> None:
        """退款: the refund dialog for the order on show; the list is read again once it is stored."""
        order = self.detail.order
        if order is None or self.busy or self.refund_dialog is not None:
            return
        if order.voided:
            self.show_error(
                self.tr("Order {number} is void: there is nothing to refund").format(number=order.order_no)
            )
            return
        dialog = RefundDialog(self._till, self._cashier, order, self)
        self.refund_dialog = dialog
        dialog.refunded.connect(lambda _outcome: self.reload(order.uuid))
        dialog.finished.connect(lambda _code: self._refund_closed(dialog))
        dialog.open()

    def _refund_closed(self, dialog: RefundDialog) -> None:
        if self.refund_dialog is dialog:
            self.refund_dialog = None
        dialog.deleteLater()

    # -- void -------------------------------------------------------------------------------------------
    def void_selected(self) -> None:
        """作废订单: a manager approves this order's void, then it is stored in a worker."""
        order = self.detail.order
        if order is None or self.busy or self.override is not None:
            return
        dialog = OverrideDialog(
            self._till,
            self._cashier,
            OverrideAction.VOID_ORDER,
            f"{order.order_no} {money(order.total_fen)}",
            self.tr("Void order {number} of {total}: a manager must approve").format(
                number=order.order_no, total=money(order.total_fen)
            ),
            self,
            order_uuid=order.uuid,
        )
        self.override = dialog
        dialog.accepted.connect(lambda: self._void(order, dialog.approval))
        dialog.finished.connect(lambda _code: self._override_closed(dialog))
        dialog.open()

    def _override_closed(self, dialog: OverrideDialog) -> None:
        if self.override is dialog:
            self.override = None
        dialog.deleteLater()

    def _void(self, order: OrderView, approval: Approval | None) -> None:
        if approval is None:
            return
        self.set_busy(True)
        self.detail.void_button.setEnabled(False)
        self.show_info(self.tr("Voiding order {number}…").format(number=order.order_no))
        orders = self._till.orders
        run_in_background(
            lambda: orders.void(order.uuid, approval),
            lambda _none: self._voided(order),
            lambda exc: self._void_failed(order, exc),
        )

    def _voided(self, order: OrderView) -> None:
        self.set_busy(False)
        self.show_info(self.tr("Order {number} is void").format(number=order.order_no))
        self.voided.emit(order.order_no)
        self.reload(order.uuid)

    def _void_failed(self, order: OrderView, exc: BaseException) -> None:
        self.set_busy(False)
        self.show_error(describe(exc))
        self.reload(order.uuid)  # the store may know more than the list did (voided at another till)


class _BadgeDelegate(QStyledItemDelegate):
    """The 已作废 badge: a small red pill instead of plain text."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        view = self.parent()
        style = view.style() if isinstance(view, QWidget) else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)
        if not text:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(opt.font)
        font.setBold(True)
        font.setPixelSize(px(14))
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + px(16)
        height = painter.fontMetrics().height() + px(6)
        pill = QRect(0, 0, width, height)
        pill.moveCenter(opt.rect.center())
        painter.setPen(QColor("#f3beb9"))
        painter.setBrush(QColor("#fdecea"))
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(QColor("#b3261e"))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + px(28), hint.height())
