"""Receipt buttons in the order history: 重印 queues a marked copy for the printer, 预览 shows the receipt."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.receipt import PaperWidth
from pos_app.services.orders import OrderView
from pos_app.services.receipts import receipt_for_order
from pos_app.services.till import Till
from ui.formatting import describe
from ui.qt import QObject, Signal
from ui.receipt_preview_dialog import ReceiptPreviewDialog
from ui.theme import button
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background


class ReceiptActions(QObject):
    """Adds 重印 and 预览 to an order detail; `reprinted` tells the print worker a copy is owed."""

    reprinted = Signal(str)  # the order number

    def __init__(self, till: Till, dialog: TouchDialog, current: Callable[[], OrderView | None]) -> None:
        super().__init__(dialog)
        self._till = till
        self._dialog = dialog
        self._current = current
        self.preview_dialog: ReceiptPreviewDialog | None = None
        self.reprint_button = button(self.tr("Reprint"), "", "reprintOrder")
        self.reprint_button.clicked.connect(self.reprint)
        self.preview_button = button(self.tr("Preview"), "", "previewReceipt")
        self.preview_button.clicked.connect(self.preview)

    def reprint(self) -> None:
        order = self._current()
        if order is None or self._dialog.busy:
            return
        queue = self._till.printing
        self._dialog.set_busy(True)
        run_in_background(lambda: queue.reprint(order.uuid), lambda _: self._queued(order), self._failed)

    def _queued(self, order: OrderView) -> None:
        self._dialog.set_busy(False)
        self._dialog.show_info(
            self.tr("A copy of {number} is on its way to the printer").format(number=order.order_no)
        )
        self.reprinted.emit(order.order_no)

    def _failed(self, exc: BaseException) -> None:
        self._dialog.set_busy(False)
        self._dialog.show_error(describe(exc))

    def preview(self) -> None:
        order = self._current()
        if order is None:
            return
        settings = self._till.settings()
        printer = settings.printer()
        paper = printer.paper if printer else PaperWidth.MM80
        self.preview_dialog = ReceiptPreviewDialog(receipt_for_order(order, settings), paper, self._dialog)
        self.preview_dialog.open()
