"""收款: the payment screen. One order, settled by any mix of 现金, 扫码支付 and 银行卡 (split payment).

Above the pages: the method chips, the amount due, paid so far and still to pay, and the tenders taken.
A payment code scanned on the sale screen opens it on 扫码支付 with the code held; a scan while it is open
goes to the same page, wherever the focus is. Once the tenders cover the total the sale is stored and
the last page shows the order and the change. PaymentSession does the work; this file lays it out.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.errors import PosError
from pos_app.payment_attempts import Attempt, AttemptState
from pos_app.scan_codes import ScannedCode, classify
from pos_app.services.checkout import CashTender, CompletedOrder
from pos_app.services.sale import Sale
from pos_app.services.till import Till
from ui.card_pay_page import CardPayPage
from ui.cash_pay_page import CashPayPage
from ui.confirm_dialog import ConfirmDialog
from ui.formatting import money
from ui.payment_session import PaymentSession
from ui.payment_watch import PaymentWatch
from ui.qt import QButtonGroup, QHBoxLayout, QPushButton, QStackedWidget, QWidget, Signal
from ui.scan_pay_page import ScanPayPage
from ui.tender_done_page import TenderDonePage
from ui.tender_list_widget import FiguresWidget, TenderListWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog

CASH, SCAN, CARD, DONE = range(4)  # the pages


class TenderDialog(TouchDialog):
    paid = Signal(object)  # CompletedOrder, emitted once the sale is stored

    def __init__(
        self,
        till: Till,
        sale: Sale,
        watch: PaymentWatch,
        parent: QWidget | None,
        payment_code: ScannedCode | None = None,
    ) -> None:
        super().__init__(self.tr("Payment"), parent, fraction=(0.88, 0.92), maximum=(1000, 780))
        self._till = till
        self._watch = watch
        self.session = PaymentSession(till, sale, watch, self)
        self.due_fen = self.session.due_fen
        self.order: CompletedOrder | None = None
        self.sub_dialog: ConfirmDialog | None = None
        self.cash_page = CashPayPage(self.due_fen)
        self.scan_page = ScanPayPage(self.due_fen)
        self.card_page = CardPayPage(self.due_fen)
        self.pages = QStackedWidget()
        self.done_page = TenderDonePage()
        self.done_page.next_button.clicked.connect(self.accept)
        for page in (self.cash_page, self.scan_page, self.card_page, self.done_page):
            self.pages.addWidget(page)
        self.method_bar = self._method_bar()
        self.tender_list = TenderListWidget()
        self.body.addWidget(self.method_bar)
        self.body.addWidget(self.tender_list)
        self.body.addWidget(self.pages, 1)
        self.body.addWidget(self.error_label)
        # the parts the cash tests and scripts have always used, by their names
        done = self.done_page
        self.order_label, self.done_tenders = done.order_label, done.tenders_label
        self.done_change, self.next_button = done.change_label, done.next_button
        page = self.cash_page
        self.display, self.keypad, self.confirm_button = page.display, page.keypad, page.confirm_button
        self.due_label, self.change_label = page.due_label, page.change_label
        self.change_caption = page.change_caption
        self._connect()
        self.finished.connect(lambda _code: self.scan_page.stop_camera())
        self._rest = self.due_fen
        self._refresh()
        if payment_code is not None:
            self.show_method(SCAN)
            self.scan_page.hold(payment_code)
        else:
            self.display.setFocus()

    @property
    def quick_buttons(self) -> list[QPushButton]:
        return self.cash_page.quick_buttons

    def _connect(self) -> None:
        s = self.session
        s.changed.connect(self._refresh)
        s.attempt_changed.connect(lambda a, ended: self.scan_page.show_attempt(a, ended, s.cancelling))
        s.code_given_back.connect(self._given_back)
        s.completed.connect(self._paid)
        s.failed.connect(self.show_error)
        self.cash_page.confirmed.connect(self._cash)
        self.cash_page.wrong.connect(self.show_error)
        self.display.textChanged.connect(self.clear_message)
        self.scan_page.charge_requested.connect(self._charge)
        self.scan_page.cancel_requested.connect(s.cancel_charge)
        self.card_page.approved.connect(self._card)
        self.card_page.wrong.connect(self.show_error)
        self.tender_list.remove_requested.connect(s.remove_card)
        self.tender_list.give_back_requested.connect(self._ask_give_back)

    # -- pages ------------------------------------------------------------------------------------------
    def _method_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.methods = QButtonGroup(self)
        for page, text, name in (
            (CASH, self.tr("Cash"), "methodCash"),
            (SCAN, self.tr("Scan to pay"), "methodScan"),
            (CARD, self.tr("Bank card"), "methodCard"),
        ):
            b = button(text, "chip", name, checkable=True)
            self.methods.addButton(b, page)
            row.addWidget(b)
        row.addStretch(1)
        self.figures = FiguresWidget()
        row.addWidget(self.figures)
        self.methods.button(CASH).setChecked(True)
        self.methods.idClicked.connect(self.show_method)
        return bar

    def show_method(self, page: int) -> None:
        """现金, 扫码支付 or 银行卡; the camera runs only while its page is on screen."""
        self.methods.button(page).setChecked(True)
        self.pages.setCurrentIndex(page)
        self.clear_message()
        if page == SCAN:  # the camera reads codes also while they cannot be charged: the page says why
            self.scan_page.set_blocked(self._watch.qr_blocked())
            settings = self._till.settings()
            self.scan_page.start_camera(settings.camera_config(), settings.scale_template)
            return
        self.scan_page.stop_camera()
        if page == CARD:
            self.card_page.focus()
        else:
            self.display.setFocus()

    def scanned(self, code: str) -> None:
        """A handheld scan while paying: a payment code goes to 扫码支付; anything else is refused there."""
        self.show_method(SCAN)
        self.scan_page.hold(classify(code, self._till.settings().scale_template))

    # -- behaviour --------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        s = self.session
        self.figures.show_session(s)
        self.tender_list.show_session(s)
        if s.rest_fen != self._rest:  # a tender was taken or removed: each page starts from the new rest
            self._rest = s.rest_fen
            self.cash_page.set_rest(s.rest_fen, split=bool(s.taken))
            self.scan_page.set_rest(s.rest_fen)
            self.card_page.set_rest(s.rest_fen)
        self.set_busy(s.completing)
        self.confirm_button.setEnabled(not s.in_flight)
        self.card_page.add_button.setEnabled(not s.in_flight)

    def type_and_confirm(self, keys: str) -> None:
        """Types the amount received and confirms, as a cashier would (tests and scripts)."""
        self.keypad.type_keys(keys)
        self.confirm_button.click()

    def _cash(self, given_fen: int) -> None:
        """Cash covers the rest; with nothing left (storing failed once), the sale is stored without it."""
        self.session.complete(CashTender(given_fen) if self.session.rest_fen or given_fen else None)

    def _charge(self, code: ScannedCode, amount_fen: int) -> None:
        self.clear_message()
        try:
            self.session.charge(code, amount_fen)
        except PosError as err:
            self.show_error(str(err))

    def _card(self, amount_fen: int, trace_no: str) -> None:
        self.clear_message()
        try:
            self.session.add_card(amount_fen, trace_no)
        except PosError as err:
            self.show_error(str(err))

    def _ask_give_back(self, index: int) -> None:
        taken = self.session.taken[index]
        what = self.session.label(taken).rstrip(" ✓")
        question = self.tr("{what} will be cancelled and go back to the customer. Give it back?").format(
            what=what
        )
        self._confirm(
            self.tr("Give back"), question, self.tr("Give back"), lambda: self.session.give_back(index)
        )

    def _confirm(self, title: str, question: str, yes: str, then: Callable[[], None]) -> None:
        dialog = ConfirmDialog(title, question, yes, self.tr("Keep paying"), self)
        dialog.accepted.connect(then)
        dialog.finished.connect(dialog.deleteLater)
        self.sub_dialog = dialog
        dialog.open()

    def _given_back(self, attempt: Attempt) -> None:
        """Cancelled: the money went back. Anything else (no network, refused) is said in red."""
        text = self._watch.outcome_text(attempt)
        if attempt.state is AttemptState.CANCELLED:
            self.show_info(text)
        else:
            self.show_error(text)

    def reject(self) -> None:
        """× and Esc: not while something is in flight; with money taken and no sale, after a question."""
        if self.order is not None:
            super().reject()
            return
        busy = self.session.why_busy()
        if busy:
            self.show_error(busy)
            return
        codes, cards = self.session.codes_fen(), self.session.cards_fen()
        if not codes and not cards:
            self._close_without_sale()
            return
        if codes and cards:
            question = self.tr(
                "The payment codes taken will be cancelled and the money returned to the customer; the bank "
                "card payment of {amount} must be voided on the card terminal. Close?"
            )
        elif codes:
            question = self.tr(
                "The payment codes taken will be cancelled and the money returned to the customer. Close?"
            )
        else:
            question = self.tr(
                "The bank card payment of {amount} must be voided on the card terminal. Close?"
            )
        question = question.format(amount=money(cards))
        self._confirm(self.tr("Close payment"), question, self.tr("Close"), self._close_without_sale)

    def _close_without_sale(self) -> None:
        self.session.abandon()
        super().reject()

    def _paid(self, order: CompletedOrder) -> None:
        self.order = order
        self.set_busy(False)
        self.done_page.show_order(order, [self.session.label(t) for t in self.session.taken])
        self.confirm_button.setDefault(False)
        self.next_button.setDefault(True)
        self.scan_page.stop_camera()
        self.method_bar.hide()
        self.tender_list.hide()
        self.pages.setCurrentIndex(DONE)
        self.next_button.setFocus()
        self.paid.emit(order)

    @property
    def done(self) -> bool:
        """Paid and showing the change: the next customer's first scan may close it (see SaleScreen)."""
        return self.order is not None
