"""Whole-order actions of the sale screen: 挂单, 取单, 订单 (history), 收款 and the shop settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos_app.cart import Cart
from pos_app.errors import PosError
from pos_app.scan_codes import ScannedCode
from pos_app.services.auth import Approval
from pos_app.services.checkout import CompletedOrder
from pos_app.services.held_orders import HeldOrder
from pos_app.services.sale import Sale
from pos_app.settings import ShopSettings
from ui.formatting import describe, money
from ui.held_orders_dialog import HeldOrdersDialog
from ui.order_history_dialog import OrderHistoryDialog
from ui.qt import QObject
from ui.settings_dialog import SettingsDialog
from ui.tender_dialog import TenderDialog
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ui.sale_actions import SaleActions


class OrderActions(QObject):
    def __init__(self, actions: SaleActions) -> None:
        super().__init__(actions)
        self._actions = actions
        self.screen = actions.screen
        self.till = actions.till
        self.message = actions.message

    def _ready(self) -> bool:
        """Whole-order actions need the cart not to be in the middle of being stored."""
        if self._actions.busy:
            self.message.error(self.tr("Please wait: the order is being saved."))
            return False
        return True

    def _set_busy(self, busy: bool) -> None:
        self._actions.busy = busy

    # -- 挂单 --------------------------------------------------------------------------------------------
    def _sale_with_lines(self) -> Sale | None:
        """The open sale, if the till is ready and its cart is not empty (else the message says why)."""
        if not self._ready():
            return None
        sale = self._actions.sale
        try:
            sale.cart.require_lines()
        except PosError as err:
            self.message.error(str(err))
            return None
        return sale

    def hold(self) -> None:
        sale = self._sale_with_lines()
        if sale is None:
            return
        lines = sale.cart.lines
        label = (
            lines[0].name
            if len(lines) == 1
            else self.tr("{first} and {more} more").format(first=lines[0].name, more=len(lines) - 1)
        )
        till, settings = self.till, self.till.settings()
        self._set_busy(True)
        run_in_background(
            lambda: till.held.hold(sale.cart, sale.cashier, label, settings), self._held, self._failed
        )

    def _held(self, held: HeldOrder) -> None:
        self._set_busy(False)
        self.screen.refresh()
        self.message.success(
            self.tr("Put on hold: {label}  {total}").format(label=held.label, total=money(held.total_fen))
        )

    # -- 取单 --------------------------------------------------------------------------------------------
    def recall(self) -> None:
        if not self._ready():
            return
        if self._actions.sale.cart.lines:
            self.message.error(self.tr("Finish or hold the current order before recalling another"))
            return
        try:
            held = self.till.held.list()
        except PosError as err:
            self.message.error(str(err))
            return
        dialog = HeldOrdersDialog(held, self.till.settings().timezone, self.screen)
        self._actions.open_dialog(dialog, lambda: self._recall(dialog.held_id))

    def _recall(self, held_id: int | None) -> None:
        if held_id is None or not self._ready():
            return
        till, sale = self.till, self._actions.sale
        self._set_busy(True)
        run_in_background(
            lambda: till.held.recall(held_id), lambda cart: self._recalled(sale, cart), self._failed
        )

    def _recalled(self, sale: Sale, cart: Cart) -> None:
        """The cart goes to the sale that asked for it, even if the cashier switched meanwhile."""
        self._set_busy(False)
        if sale.cart.lines:  # busy blocks changes, so this should not happen; if it does, hold it again
            till, settings = self.till, self.till.settings()
            run_in_background(
                lambda: till.held.hold(cart, sale.cashier, "", settings), self._held, self._failed
            )
            return
        sale.load_cart(cart)
        self.screen.refresh()
        self.message.success(self.tr("Order recalled"))

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.screen.refresh()
        self.message.error(describe(exc))

    # -- 订单 --------------------------------------------------------------------------------------------
    def history(self) -> None:
        """The day's orders; looking needs no manager, a void asks for one inside the dialog."""
        dialog = OrderHistoryDialog(self.till, self._actions.sale.cashier, self.screen)
        dialog.voided.connect(
            lambda number: self.message.success(self.tr("Order {number} was voided").format(number=number))
        )
        dialog.receipts.reprinted.connect(lambda _number: self.screen.printing_owed.emit())
        self._actions.open_dialog(dialog, lambda: None)

    # -- 收款 --------------------------------------------------------------------------------------------
    def pay(self, payment_code: ScannedCode | None = None) -> None:
        """收款; with a payment code scanned on the sale screen, on 扫码支付 holding that code."""
        sale = self._sale_with_lines()
        if sale is None:
            return
        dialog = TenderDialog(self.till, sale, self.screen.payment_watch, self.screen, payment_code)
        dialog.paid.connect(self._paid)
        self._actions.open_dialog(dialog, lambda: None)

    def _paid(self, order: CompletedOrder) -> None:
        self.screen.refresh()
        self.screen.printing_owed.emit()  # its receipt was queued in the sale's own transaction
        self.message.success(
            self.tr("Order {number} paid: {total}, change {change}").format(
                number=order.order_no, total=money(order.totals.total_fen), change=money(order.change_fen)
            )
        )

    # -- 设置 --------------------------------------------------------------------------------------------
    def open_settings(self, approval: Approval | None) -> None:
        if approval is None:
            return
        dialog = SettingsDialog(self.till, self.screen.loader, self.screen.syncing, approval, self.screen)
        dialog.saved.connect(lambda settings: self._settings_saved(settings, dialog.language_changed))
        self._actions.open_dialog(dialog, lambda: None)

    def _settings_saved(self, settings: ShopSettings, language_changed: bool) -> None:
        self.screen.settings_saved.emit(settings)
        self.screen.refresh()  # 抹零 may have changed the total
        if language_changed:
            self.message.success(self.tr("Settings saved. The new language shows after a restart."))
        else:
            self.message.success(self.tr("Settings saved"))
