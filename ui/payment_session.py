"""One order being paid on the payment screen: the tenders taken so far and the calls that take them.

Any mix settles the order (split payment): payment codes charged through the cloud, bank card through
the external terminal, and cash last. A code is charged with till.payments (start here on the GUI thread,
send and settle in a worker); a card tender is only remembered until the sale is stored; the sale is
stored with till.checkout.complete in a worker once the tenders cover the total. The widgets show what
this object says and ask it to act; it holds no widget.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pos_app.errors import InvalidInput
from pos_app.payment_attempts import Attempt, AttemptState
from pos_app.scan_codes import ScannedCode
from pos_app.services.checkout import TRACE_NO_PATTERN, CardTender, CashTender, CompletedOrder, QrTender
from pos_app.services.sale import Sale
from pos_app.services.till import Till
from ui.formatting import channel_label, describe, money
from ui.payment_watch import PaymentWatch
from ui.qt import QObject, Signal, Slot
from ui.worker import run_in_background


@dataclass(frozen=True)
class Taken:
    """A tender of this order: a code paid (QrTender) or a card approved on the terminal (CardTender)."""

    tender: CardTender | QrTender

    @property
    def amount_fen(self) -> int:
        return self.tender.amount_fen

    @property
    def is_code(self) -> bool:
        return isinstance(self.tender, QrTender)


class PaymentSession(QObject):
    changed = Signal()  # tenders, the rest or what is in flight changed
    attempt_changed = Signal(object, bool)  # (Attempt, ended): the code being charged moved on
    code_given_back = Signal(object)  # Attempt: a paid code after its cancel
    completed = Signal(object)  # CompletedOrder
    failed = Signal(str)  # a message for the cashier

    def __init__(self, till: Till, sale: Sale, watch: PaymentWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._sale = sale
        self._watch = watch
        self.checkout_uuid = str(uuid.uuid4())
        self.due_fen = sale.totals().total_fen
        self.taken: list[Taken] = []
        self.attempt: Attempt | None = None  # the code being charged
        self.cancelling = False  # the cashier asked to cancel the code being charged
        self.giving_back: str | None = None  # out_trade_no of a paid code being cancelled
        self.completing = False
        self.order: CompletedOrder | None = None
        self._started = False  # a checkout is stored: the order must take its uuid
        self._paid: dict[str, Attempt] = {}
        watch.attempt_stored.connect(self._stored)

    # -- what the screen shows ---------------------------------------------------------------------------
    @property
    def paid_fen(self) -> int:
        return sum(t.amount_fen for t in self.taken)

    @property
    def rest_fen(self) -> int:
        return self.due_fen - self.paid_fen

    @property
    def in_flight(self) -> bool:
        return self.attempt is not None or self.giving_back is not None or self.completing

    def why_busy(self) -> str | None:
        """Why the screen cannot be closed or finished now, or None."""
        if self.attempt is not None:
            return self.tr(
                "A payment code is being charged: wait for its result, or tap Cancel payment first"
            )
        if self.giving_back is not None:
            return self.tr("A payment code is being cancelled: wait for the result")
        if self.completing:
            return self.tr("Please wait: the order is being saved")
        return None

    def label(self, taken: Taken) -> str:
        tender = taken.tender
        if isinstance(tender, QrTender):
            return f"{channel_label(tender.channel)} {money(tender.amount_fen)} ✓"
        return self.tr("Bank card {amount}  trace no. {trace}").format(
            amount=money(tender.amount_fen), trace=tender.trace_no
        )

    def _over_rest(self, amount_fen: int) -> str | None:
        if amount_fen <= 0:
            return self.tr("The amount must be more than 0")
        if amount_fen > self.rest_fen:
            return self.tr("The amount cannot be more than is still to pay ({rest})").format(
                rest=money(self.rest_fen)
            )
        return None

    def codes_fen(self) -> int:
        return sum(t.amount_fen for t in self.taken if t.is_code)

    def cards_fen(self) -> int:
        return sum(t.amount_fen for t in self.taken if not t.is_code)

    # -- a payment code ----------------------------------------------------------------------------------
    def charge(self, code: ScannedCode, amount_fen: int) -> None:
        """Writes the attempt (here: it must exist before anything leaves), then sends it in a worker.
        Raises PosError when it cannot begin; nothing is charged then."""
        refused = self.why_busy() or self._watch.qr_blocked() or self._over_rest(amount_fen)
        if refused:
            raise InvalidInput(refused, refused)
        attempt = self._till.payments.start(
            self._sale.cart, self._sale.cashier, self.checkout_uuid, code, amount_fen
        )
        self._started = True
        self.attempt, self.cancelling = attempt, False
        self._moved(attempt)
        payments, subject = self._till.payments, self._till.settings().shop_name
        run_in_background(
            lambda: payments.send(attempt, code.text, subject),
            lambda sent: self._sent(sent, code.text, subject),
            self._charge_failed,
            self._watch.pool,
        )

    def _sent(self, attempt: Attempt, auth_code: str, subject: str) -> None:
        """Pending: settle it. Paid after the cashier tapped 取消收款: settle cancels it (gives it back)."""
        paid_unwanted = attempt.state is AttemptState.PAID and self.cancelling
        if attempt.state.final and not paid_unwanted:
            self._ended(attempt)
            return
        self._moved(attempt)
        payments = self._till.payments
        run_in_background(
            lambda: payments.settle(attempt, auth_code, subject),
            self._ended,
            self._charge_failed,
            self._watch.pool,
        )

    @Slot(object)
    def _stored(self, attempt: Attempt) -> None:
        """A query's answer while the worker still waits (the customer now typing the password, say)."""
        if (
            self.attempt is not None
            and attempt.out_trade_no == self.attempt.out_trade_no
            and attempt.state.pending
        ):
            self._moved(attempt)

    def cancel_charge(self) -> None:
        """取消收款: the worker cancels as soon as the channel allows (15 s after the scan)."""
        if self.attempt is None or self.cancelling:
            return
        self.cancelling = True
        self._till.payments.request_cancel(self.attempt.out_trade_no)
        self.attempt_changed.emit(self.attempt, False)

    def _moved(self, attempt: Attempt) -> None:
        self.attempt = attempt
        self.attempt_changed.emit(attempt, False)
        self.changed.emit()

    def _ended(self, attempt: Attempt) -> None:
        self.attempt, self.cancelling = None, False
        if attempt.state is AttemptState.PAID:
            self._paid[attempt.out_trade_no] = attempt
            self.taken.append(Taken(QrTender(attempt.out_trade_no, attempt.channel, attempt.amount_fen)))
        self.attempt_changed.emit(attempt, True)
        self.changed.emit()
        self._complete_if_covered()

    def _charge_failed(self, exc: BaseException) -> None:
        """A bug or the disk: the attempt stays stored and open; the sale or closing the screen releases
        it, and the recovery cancels it, so it never ends charged and unused."""
        attempt, self.attempt, self.cancelling = self.attempt, None, False
        if attempt is not None:
            self.attempt_changed.emit(attempt, True)
        self.changed.emit()
        self.failed.emit(describe(exc))

    # -- giving a paid code back -------------------------------------------------------------------------
    def give_back(self, index: int) -> None:
        """Cancels a paid code (the money goes back the way it came); the cashier was asked first."""
        taken = self.taken[index]
        if not isinstance(taken.tender, QrTender) or self.in_flight:
            return
        attempt = self._paid[taken.tender.out_trade_no]
        self.giving_back = attempt.out_trade_no
        self.changed.emit()
        payments = self._till.payments
        run_in_background(
            lambda: payments.cancel(attempt), self._given_back, self._give_back_failed, self._watch.pool
        )

    def _given_back(self, attempt: Attempt) -> None:
        """Whatever the answer, the code is released and no longer pays this order (still pending: the
        recovery cancels it when the cloud answers again)."""
        self.giving_back = None
        self.taken = [
            t
            for t in self.taken
            if not (isinstance(t.tender, QrTender) and t.tender.out_trade_no == attempt.out_trade_no)
        ]
        self.code_given_back.emit(attempt)
        self.changed.emit()

    def _give_back_failed(self, exc: BaseException) -> None:
        self.giving_back = None
        self.changed.emit()
        self.failed.emit(describe(exc))

    # -- bank card ---------------------------------------------------------------------------------------
    def add_card(self, amount_fen: int, trace_no: str) -> None:
        """A card the terminal approved: its amount and the trace number on the terminal's slip."""
        trace_no = trace_no.strip()
        wrong = self.why_busy() or self._over_rest(amount_fen)
        if not wrong and not TRACE_NO_PATTERN.match(trace_no):
            wrong = self.tr("Type the trace number on the card terminal's slip (4 to 32 letters or digits)")
        if wrong:
            raise InvalidInput(wrong, wrong)
        self.taken.append(Taken(CardTender(amount_fen, trace_no)))
        self.changed.emit()
        self._complete_if_covered()

    def remove_card(self, index: int) -> None:
        if 0 <= index < len(self.taken) and not self.taken[index].is_code and not self.completing:
            del self.taken[index]
            self.changed.emit()

    # -- the sale ----------------------------------------------------------------------------------------
    def _complete_if_covered(self) -> None:
        if self.rest_fen == 0 and self.taken and self.order is None:
            self.complete(None)

    def complete(self, cash: CashTender | None) -> None:
        """Stores the sale with every tender taken (and the cash, which covers the rest) in a worker."""
        busy = self.why_busy()
        if busy:
            self.failed.emit(busy)
            return
        tenders = [t.tender for t in self.taken] + ([cash] if cash is not None else [])
        self.completing = True
        self.changed.emit()
        till, sale = self._till, self._sale
        checkout_uuid = self.checkout_uuid if self._started else None
        run_in_background(
            lambda: till.checkout.complete(sale.cart, sale.cashier, tenders, checkout_uuid),
            self._completed,
            self._complete_failed,
        )

    def _completed(self, order: CompletedOrder) -> None:
        self.completing = False
        self.order = order
        self.completed.emit(order)

    def _complete_failed(self, exc: BaseException) -> None:
        self.completing = False
        self.changed.emit()
        self.failed.emit(describe(exc))

    def abandon(self) -> None:
        """The screen closes without a sale: every code it charged is released and given back."""
        if self._started and self.order is None:
            self._watch.give_back(self.checkout_uuid)
