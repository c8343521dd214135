"""What the sale screen's buttons do: each asks for what it needs, calls the Sale, and shows the outcome.

Every call that may need a manager goes through `attempt`: an ApprovalRequired opens the override dialog,
and the same call is repeated with the approval. Any other PosError becomes an inline message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pos_app.cart import CartLine
from pos_app.catalog import Product
from pos_app.errors import ApprovalRequired, PosError, UnknownProduct
from pos_app.money import format_yuan
from pos_app.services.auth import Approval, OverrideAction
from pos_app.services.sale import Sale
from ui.discount_dialog import DiscountDialog
from ui.formatting import describe, money
from ui.manager_actions import ManagerActions
from ui.number_entry_dialog import EntryKind, NumberEntryDialog
from ui.order_actions import OrderActions
from ui.override_dialog import OverrideDialog
from ui.qt import QObject
from ui.shift_actions import ShiftActions
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

if TYPE_CHECKING:
    from ui.sale_screen import SaleScreen

SaleCall = Callable[[Approval | None], Any]


class SaleActions(QObject):
    def __init__(self, screen: SaleScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.till = screen.till
        self.message = screen.message
        self.dialog: TouchDialog | None = None  # the dialog on screen, if any
        self.busy = False  # a hold or recall is being stored: the cart must not change under it
        self.orders = OrderActions(self)
        self.shifts = ShiftActions(self)
        self.managing = ManagerActions(self)  # 报表: the manager screen

    @property
    def sale(self) -> Sale:
        return self.screen.sale

    # -- the core loop ----------------------------------------------------------------------------------
    def attempt(
        self, call: SaleCall, done: Callable[[Any], None] | None = None, approval: Approval | None = None
    ) -> None:
        """Runs `call(approval)`; on ApprovalRequired asks a manager, then runs it again with the approval."""
        if self.busy:
            self.message.error(self.tr("Please wait: the order is being saved. Nothing was changed."))
            return
        try:
            result = call(approval)
        except ApprovalRequired as err:
            if approval is not None:
                self.message.error(str(err))
                return
            dialog = OverrideDialog.for_error(self.till, self.sale.cashier, err, self.screen)
            self.open_dialog(dialog, lambda: self.attempt(call, done, dialog.approval))
            return
        except PosError as err:
            self.message.error(str(err))
            return
        self.screen.refresh(result.line_id if isinstance(result, CartLine) else None)
        if done is not None:
            done(result)
        else:
            self.message.clear()

    def open_dialog(self, dialog: TouchDialog, on_accept: Callable[[], None]) -> None:
        """Opens without blocking. `on_accept` reads the dialog's values at once into locals: the dialog
        is deleted after it closes, and a call repeated after an approval must not touch it again."""
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: TouchDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
            self.screen.products.focus_search()
        dialog.deleteLater()

    def _selected(self) -> CartLine | None:
        line_id = self.screen.cart_panel.selected_line_id()
        if line_id is None:
            self.message.error(self.tr("Select a line in the cart first"))
            return None
        return self.sale.cart.line(line_id)

    # -- adding -----------------------------------------------------------------------------------------
    def scan(self, code: str) -> None:
        if self.busy:
            self.message.error(
                self.tr("Please wait: the order is being saved. Scan {code} again.").format(code=code)
            )
            return
        try:
            line = self.sale.scan(code)
        except UnknownProduct as err:
            self.message.error(str(err), self.tr("Enter by hand"), lambda: self.open_price(code))
            return
        except PosError as err:
            self.message.error(describe(err))
            return
        self.screen.refresh(line.line_id)
        self.message.clear()

    def keypad_scan(self) -> None:
        dialog = NumberEntryDialog(
            self.tr("Enter a barcode"),
            self.tr("Type the digits under the barcode"),
            EntryKind.CODE,
            self.screen,
        )
        self.open_dialog(dialog, lambda: self.scan(dialog.code))

    def add(self, product: Product) -> None:
        if product.weighed:
            self.weigh(product)
        else:
            self.attempt(lambda _a: self.sale.add(product))

    def weigh(self, product: Product) -> None:
        dialog = NumberEntryDialog(
            self.tr("Weight"),
            self.tr("{name}  {price}/kg: enter the weight").format(
                name=product.name, price=money(product.price_fen)
            ),
            EntryKind.WEIGHT,
            self.screen,
        )

        def weighed() -> None:
            grams = dialog.value
            self.attempt(lambda _a: self.sale.weigh(product, grams))

        self.open_dialog(dialog, weighed)

    def open_price(self, code: str = "") -> None:
        dialog = NumberEntryDialog(
            self.tr("Enter by hand"),
            self.tr("Name and price of the item (a manager must approve)"),
            EntryKind.MONEY,
            self.screen,
            name=self.tr("Unlisted item {code}").format(code=code).strip(),
        )

        def entered() -> None:
            name, fen = dialog.name, dialog.value
            self.attempt(lambda a: self.sale.add_open_price(name, fen, a))

        self.open_dialog(dialog, entered)

    # -- changing lines ---------------------------------------------------------------------------------
    def quantity(self) -> None:
        line = self._selected()
        if line is None:
            return
        kind = EntryKind.WEIGHT if line.weighed else EntryKind.COUNT
        grams = line.quantity
        initial = f"{grams // 1000}.{grams % 1000:03d}" if line.weighed else str(line.quantity)
        prompt = self.tr("New weight of {name}") if line.weighed else self.tr("New quantity of {name}")
        dialog = NumberEntryDialog(
            self.tr("Quantity"), prompt.format(name=line.name), kind, self.screen, initial=initial
        )
        line_id = line.line_id

        def entered() -> None:
            quantity = dialog.value
            self.attempt(lambda _a: self.sale.set_quantity(line_id, quantity), self._select(line_id))

        self.open_dialog(dialog, entered)

    def void(self) -> None:
        line = self._selected()
        if line is not None:
            self.attempt(
                lambda _a: self.sale.void_line(line.line_id),
                lambda _r: self.message.info(self.tr("Deleted {name}").format(name=line.name)),
            )

    def discount_line(self) -> None:
        line = self._selected()
        if line is None:
            return
        subject = f"{line.name}  {money(line.gross_fen)}"
        dialog = DiscountDialog(self.tr("Item discount"), subject, self.screen)
        line_id = line.line_id

        def chosen() -> None:
            discount = dialog.discount
            self.attempt(lambda a: self.sale.discount_line(line_id, discount, a), self._select(line_id))

        self.open_dialog(dialog, chosen)

    def discount_order(self) -> None:
        totals = self.sale.totals()
        subject = self.tr("Whole order  {amount}").format(
            amount=money(totals.subtotal_fen - totals.line_discount_fen)
        )
        dialog = DiscountDialog(self.tr("Order discount"), subject, self.screen)

        def chosen() -> None:
            discount = dialog.discount
            self.attempt(lambda a: self.sale.discount_order(discount, a))

        self.open_dialog(dialog, chosen)

    def price(self) -> None:
        line = self._selected()
        if line is None:
            return
        dialog = NumberEntryDialog(
            self.tr("Change price"),
            self.tr("New unit price of {name} (a manager must approve)").format(name=line.name),
            EntryKind.MONEY,
            self.screen,
            initial=format_yuan(line.unit_price_fen),
        )
        line_id = line.line_id

        def entered() -> None:
            fen = dialog.value
            self.attempt(lambda a: self.sale.override_price(line_id, fen, a), self._select(line_id))

        self.open_dialog(dialog, entered)

    def _select(self, line_id: str) -> Callable[[Any], None]:
        def reselect(_result: Any) -> None:
            self.screen.refresh(line_id)
            self.message.clear()

        return reselect

    def lock(self) -> None:
        self.screen.lock_requested.emit()

    def settings(self) -> None:
        dialog = OverrideDialog(
            self.till,
            self.sale.cashier,
            OverrideAction.CHANGE_SETTINGS,
            "",
            self.tr("A manager must approve opening the shop settings"),
            self.screen,
        )
        self.open_dialog(dialog, lambda: self.orders.open_settings(dialog.approval))

    def drawer(self) -> None:
        """开钱箱 with no sale: a manager approves, then the printer's drawer port kicks it open."""
        dialog = OverrideDialog(
            self.till,
            self.sale.cashier,
            OverrideAction.NO_SALE_DRAWER,
            "",
            self.tr("A manager must approve opening the drawer with no sale"),
            self.screen,
        )
        self.open_dialog(dialog, lambda: self._open_drawer(dialog.approval))

    def shift(self) -> None:
        self.shifts.menu()  # 班次: the open shift, cash in/out and 交班

    def _open_drawer(self, approval: Approval | None) -> None:
        if approval is None:
            return
        queue = self.till.printing
        run_in_background(lambda: queue.open_drawer(approval), self._drawer_queued, self._drawer_failed)

    def _drawer_queued(self, _job: int) -> None:
        self.message.success(self.tr("The drawer opens"))
        self.screen.printing_owed.emit()

    def _drawer_failed(self, exc: BaseException) -> None:
        self.message.error(describe(exc))

    # -- whole orders (see order_actions.py) ------------------------------------------------------------
    def hold(self) -> None:
        self.orders.hold()

    def recall(self) -> None:
        self.orders.recall()

    def history(self) -> None:
        self.orders.history()

    def reports(self) -> None:
        self.managing.open()

    def pay(self) -> None:
        self.shifts.then(self.orders.pay)  # selling needs an open shift: without one, the float first
