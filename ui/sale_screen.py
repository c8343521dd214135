"""The sale screen: the cart and totals on the left, scan/search and products on the right, actions below."""

from __future__ import annotations

import math

from pos_app.scan_codes import classify
from pos_app.services.sale import Sale
from pos_app.services.till import Till
from ui.cart_panel_widget import CartPanelWidget
from ui.catalog_loader import CatalogLoader
from ui.formatting import money
from ui.message_bar_widget import MessageBarWidget
from ui.payment_watch import PaymentWatch
from ui.product_panel_widget import ProductPanelWidget
from ui.qt import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget, Signal
from ui.sale_actions import SaleActions
from ui.sync_worker import SyncWorker
from ui.tender_dialog import TenderDialog
from ui.theme import button

# action key -> (F-key, QSS kind); the texts are in _labels() so lupdate sees each one
ACTIONS: dict[str, tuple[str, str]] = {
    "quantity": ("F2", ""),
    "void": ("F8", "danger"),
    "discount_line": ("F3", ""),
    "discount_order": ("F4", ""),
    "price": ("F5", ""),
    "hold": ("F6", ""),
    "recall": ("F7", ""),
    "history": ("F11", ""),
    "reports": ("", ""),  # every F-key is taken: the manager screen opens by its button
    "drawer": ("F1", ""),
    "shift": ("", ""),  # no F-key left: the button only
    "lock": ("F9", ""),
    "settings": ("F10", ""),
}
PAY_KEY = "F12"


class SaleScreen(QWidget):
    lock_requested = Signal()
    settings_saved = Signal(object)  # ShopSettings
    printing_owed = Signal()  # a receipt, a copy or a drawer opening was queued for the printer

    def __init__(
        self,
        till: Till,
        loader: CatalogLoader,
        syncing: SyncWorker,
        payment_watch: PaymentWatch,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("saleScreen")
        self.till = till
        self.loader = loader
        self.syncing = syncing
        self.payment_watch = payment_watch
        self._sale: Sale | None = None
        self.message = MessageBarWidget()
        self.message.set_idle_text(self.tr("Ready: scan an item, or search by name or pinyin initials"))
        self.cart_panel = CartPanelWidget()
        self.products = ProductPanelWidget(loader)
        self.sale_actions = SaleActions(self)
        self.buttons: dict[str, QPushButton] = {}
        self.pay_button = button("", "pay", "payButton")
        self.pay_button.setToolTip(PAY_KEY)
        self.pay_button.clicked.connect(self.sale_actions.pay)
        self._build()
        self.products.code_entered.connect(self.sale_actions.scan)
        self.products.product_chosen.connect(self.sale_actions.add)
        self.products.keypad_requested.connect(self.sale_actions.keypad_scan)
        loader.failed.connect(self.message.error)

    def _labels(self) -> dict[str, str]:
        return {
            "quantity": self.tr("Quantity"),
            "void": self.tr("Delete"),
            "discount_line": self.tr("Item discount"),
            "discount_order": self.tr("Order discount"),
            "price": self.tr("Change price"),
            "hold": self.tr("Hold"),
            "recall": self.tr("Recall"),
            "history": self.tr("Orders"),
            "reports": self.tr("Reports"),
            "drawer": self.tr("Open drawer"),
            "shift": self.tr("Shift"),
            "lock": self.tr("Lock"),
            "settings": self.tr("Settings"),
        }

    def _build(self) -> None:
        grid = QGridLayout()  # five line actions above, the order actions below, both rows full width
        grid.setSpacing(8)
        labels = self._labels()
        keys = list(ACTIONS)
        rows = (keys[:5], keys[5:])
        columns = math.lcm(*(len(row) for row in rows))  # each row fills the width, whatever its count
        for r, row in enumerate(rows):
            span = columns // len(row)
            for i, key in enumerate(row):
                fkey, kind = ACTIONS[key]
                b = button(labels[key], kind, f"action_{key}")
                b.setToolTip(fkey)
                b.clicked.connect(getattr(self.sale_actions, key))
                grid.addWidget(b, r, i * span, 1, span)
                self.buttons[key] = b
        for column in range(columns):
            grid.setColumnStretch(column, 1)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.cart_panel, 1)
        left.addLayout(grid)
        left.addWidget(self.pay_button)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.message)
        right.addWidget(self.products, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 12, 12, 12)
        row.setSpacing(14)
        row.addLayout(left, 1)
        row.addLayout(right, 1)

    # -- the sale on screen -----------------------------------------------------------------------------
    @property
    def sale(self) -> Sale:
        assert self._sale is not None, "no cashier is logged in"
        return self._sale

    def set_sale(self, sale: Sale) -> None:
        """A cashier logs in (or back in): their own open cart comes back."""
        self._sale = sale
        self.message.clear()
        self.refresh()
        self.products.focus_search()

    def scanned(self, code: str) -> None:
        """A handheld scan: a product or scale label goes into the cart; a payment code opens payment with
        it held; while paying, the scan goes to the payment screen."""
        dialog = self.sale_actions.dialog
        if isinstance(dialog, TenderDialog) and not dialog.done:
            dialog.scanned(code)
            return
        if dialog is not None:
            dialog.accept()  # the paid sale's change page: the next customer has started
        scan = classify(code, self.till.settings().scale_template)
        if scan.is_payment:
            if self.sale.cart.lines:
                self.sale_actions.shifts.then(lambda: self.sale_actions.orders.pay(scan))
            else:
                self.message.error(
                    self.tr("{code}: the cart is empty, add the items first").format(code=scan.message())
                )
            return
        self.sale_actions.scan(scan.text or code)

    def refresh(self, select_line_id: str | None = None) -> None:
        totals = self.sale.totals()
        self.cart_panel.show_totals(totals, select_line_id)
        self.pay_button.setText(self.tr("Pay  {total}").format(total=money(totals.total_fen)))
        self.pay_button.setEnabled(bool(totals.lines))

    def trigger(self, key: str) -> None:
        """A shortcut key: the same as tapping the button (ignored while a dialog is open)."""
        if self.sale_actions.dialog is None:
            if key == "pay":
                self.sale_actions.pay()
            else:
                getattr(self.sale_actions, key)()
