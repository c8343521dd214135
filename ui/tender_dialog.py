"""收款: the payment screen. Cash (what the customer hands over, the change) or the customer's payment code.

A payment code scanned on the sale screen opens it on 扫码支付 with the code held; a scan while it is open
goes to the same page, wherever the focus is.
"""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import format_yuan, parse_yuan
from pos_app.scan_codes import ScannedCode, classify
from pos_app.services.checkout import CashTender, CompletedOrder
from pos_app.services.sale import Sale
from pos_app.services.till import Till
from ui.formatting import describe, money
from ui.keypad_widget import KeypadWidget, edit
from ui.qt import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.scan_pay_page import ScanPayPage
from ui.theme import button, set_prop
from ui.touch_dialog import TouchDialog
from ui.worker import run_in_background

NOTES_FEN = (5000, 10000)
CASH, SCAN, DONE = range(3)  # the pages


def quick_amounts(due_fen: int) -> list[int]:
    """Exact, the next round 10 and 100 yuan above the due, and the 50 and 100 notes that cover it."""
    amounts = {due_fen}
    for step in (1000, 10000):
        amounts.add((due_fen // step + 1) * step)
    amounts.update(note for note in NOTES_FEN if note >= due_fen)
    return sorted(amounts)[:5]


class TenderDialog(TouchDialog):
    paid = Signal(object)  # CompletedOrder, emitted once the sale is stored

    def __init__(
        self, till: Till, sale: Sale, parent: QWidget | None, payment_code: ScannedCode | None = None
    ) -> None:
        super().__init__(self.tr("Payment"), parent, fraction=(0.88, 0.92), maximum=(1000, 780))
        self._till = till
        self._sale = sale
        self.due_fen = sale.totals().total_fen
        self.order: CompletedOrder | None = None
        self.scan_page = ScanPayPage(self.due_fen)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._entry_page())
        self.pages.addWidget(self.scan_page)
        self.pages.addWidget(self._done_page())
        self.method_bar = self._method_bar()
        self.body.addWidget(self.method_bar)
        self.body.addWidget(self.pages, 1)
        self.finished.connect(lambda _code: self.scan_page.stop_camera())
        self._update_change()
        if payment_code is not None:
            self.show_method(SCAN)
            self.scan_page.hold(payment_code)
        else:
            self.display.setFocus()

    # -- pages ------------------------------------------------------------------------------------------
    def _method_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.methods = QButtonGroup(self)
        for page, text, name in (
            (CASH, self.tr("Cash"), "methodCash"),
            (SCAN, self.tr("Scan to pay"), "methodScan"),
        ):
            b = button(text, "chip", name, checkable=True)
            self.methods.addButton(b, page)
            row.addWidget(b)
        row.addStretch(1)
        self.methods.button(CASH).setChecked(True)
        self.methods.idClicked.connect(self.show_method)
        return bar

    def show_method(self, page: int) -> None:
        """Cash or 扫码支付; the camera runs only while its page is on screen."""
        self.methods.button(page).setChecked(True)
        self.pages.setCurrentIndex(page)
        if page == SCAN:
            settings = self._till.settings()
            self.scan_page.start_camera(settings.camera_config(), settings.scale_template)
        else:
            self.scan_page.stop_camera()
            self.display.setFocus()

    def scanned(self, code: str) -> None:
        """A handheld scan while paying: a payment code goes to 扫码支付; anything else is refused there."""
        self.show_method(SCAN)
        self.scan_page.hold(classify(code, self._till.settings().scale_template))

    def _entry_page(self) -> QWidget:
        page = QWidget()
        left = QVBoxLayout()
        left.setSpacing(6)
        self.due_label = self._figure(left, self.tr("Amount due"), money(self.due_fen), "tenderDue")
        left.addWidget(self._caption(self.tr("Received")))
        self.display = QLineEdit()
        self.display.setObjectName("tenderDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setPlaceholderText(money(self.due_fen))
        self.display.textChanged.connect(self._update_change)
        left.addWidget(self.display)
        self.change_caption = self._caption(self.tr("Change"))
        left.addWidget(self.change_caption)
        self.change_label = QLabel()
        self.change_label.setObjectName("tenderChange")
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        left.addWidget(self.change_label)
        quick = QGridLayout()
        quick.setSpacing(8)
        self.quick_buttons = []
        for i, fen in enumerate(quick_amounts(self.due_fen)):
            text = self.tr("Exact {amount}").format(amount=money(fen)) if fen == self.due_fen else money(fen)
            b = button(text, "preset", f"quick{fen}")
            b.clicked.connect(lambda _=False, f=fen: self.display.setText(format_yuan(f)))
            quick.addWidget(b, i // 3, i % 3)
            self.quick_buttons.append(b)
        left.addStretch(1)
        left.addWidget(self.error_label)
        left.addLayout(quick)  # the notes at the bottom, beside 确认收款, where the thumb is
        right = QVBoxLayout()
        right.setSpacing(10)
        self.keypad = KeypadWidget(decimal=True)
        self.keypad.pressed.connect(lambda key: self.display.setText(edit(self.display.text(), key, 9)))
        self.confirm_button = button(self.tr("Confirm payment"), "pay", "confirmPay")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        right.addWidget(self.keypad, 1)
        right.addWidget(self.confirm_button)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addLayout(left, 5)
        row.addLayout(right, 4)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setSpacing(12)
        column.addStretch(1)
        title = QLabel(self.tr("Payment received"))
        title.setObjectName("doneTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.order_label = QLabel()
        self.order_label.setObjectName("doneOrder")
        self.order_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        change_caption = self._caption(self.tr("Change to give"))
        change_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_change = QLabel()
        self.done_change.setObjectName("doneChange")
        self.done_change.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_button = button(self.tr("Next customer"), "primary", "nextCustomer")
        self.next_button.clicked.connect(self.accept)
        for w in (title, self.order_label, change_caption, self.done_change):
            column.addWidget(w)
        column.addStretch(1)
        column.addWidget(self.next_button)
        return page

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionCaption")
        return label

    def _figure(self, layout: QVBoxLayout, caption: str, value: str, name: str) -> QLabel:
        layout.addWidget(self._caption(caption))
        label = QLabel(value)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(label)
        return label

    # -- behaviour --------------------------------------------------------------------------------------
    def tendered_fen(self) -> int:
        """What was typed, or the exact amount due when nothing was typed."""
        text = self.display.text().strip()
        return parse_yuan(text) if text else self.due_fen

    def _update_change(self) -> None:
        self.clear_message()
        try:
            given = self.tendered_fen()
        except PosError:
            self.change_label.setText("—")
            return
        short = given < self.due_fen
        self.change_caption.setText(self.tr("Still to pay") if short else self.tr("Change"))
        self.change_label.setText(money(abs(given - self.due_fen)))
        set_prop(self.change_label, "short", short)

    def type_and_confirm(self, keys: str) -> None:
        """Types the amount received and confirms, as a cashier would (tests and scripts)."""
        self.keypad.type_keys(keys)
        self.confirm_button.click()

    def _confirm(self) -> None:
        if self.busy:
            return
        try:
            tender = CashTender(self.tendered_fen())
        except PosError as err:
            self.show_error(str(err))
            return
        self.set_busy(True)
        self.confirm_button.setEnabled(False)
        till, sale = self._till, self._sale
        run_in_background(
            lambda: till.checkout.pay_cash(sale.cart, sale.cashier, tender), self._paid, self._failed
        )

    def _paid(self, order: CompletedOrder) -> None:
        self.set_busy(False)
        self.order = order
        self.order_label.setText(
            self.tr("Order {number}   received {given}, due {total}").format(
                number=order.order_no, given=money(order.tendered_fen), total=money(order.totals.total_fen)
            )
        )
        self.done_change.setText(money(order.change_fen))
        self.confirm_button.setDefault(False)
        self.next_button.setDefault(True)
        self.scan_page.stop_camera()
        self.method_bar.hide()
        self.pages.setCurrentIndex(DONE)
        self.next_button.setFocus()
        self.paid.emit(order)

    @property
    def done(self) -> bool:
        """Paid and showing the change: the next customer's first scan may close it (see SaleScreen)."""
        return self.order is not None

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.confirm_button.setEnabled(True)
        self.show_error(describe(exc))
