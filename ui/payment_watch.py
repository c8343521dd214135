"""The till's QR payments beyond one payment screen, for as long as the window lives.

Three jobs. It says whether payment codes can be charged now (not while the till is not paired, nor
while the sync worker finds the cloud out of reach). It runs till.recovery at start, and again now and
then, so a payment a crash, a closed screen or a lost network left open ends by itself, and it tells the
cashier what it did. And it gives back the codes of a payment screen closed without a sale. The blocking
calls run on a thread pool of its own, so a payment waiting for a customer never holds up a sale's commit.

Every move the payment service stores (on a worker's thread) comes back to the GUI thread as
`attempt_stored`, so the payment screen shows a code's state while its worker still waits.
"""

from __future__ import annotations

import contextlib

from pos_app.payment_attempts import Attempt
from pos_app.services.payment_recovery import Outcome, Resolution
from pos_app.services.till import Till
from sync.outcome import SyncOutcome
from ui.formatting import channel_label, describe, money
from ui.qt import QObject, QThreadPool, QTimer, Signal
from ui.sync_worker import SyncWorker
from ui.worker import run_in_background

AGAIN_MS = 60_000
THREADS = 4  # a code being charged, a give-back, a recovery pass: each may wait on the network


class PaymentWatch(QObject):
    attempt_stored = Signal(object)  # Attempt, after each stored move (queued to the GUI thread)
    notice = Signal(list)  # messages for the cashier (Chinese, from pos_app): shown without blocking
    progress = Signal(str)  # something under way the cashier may want to know about; "" when it ended
    orders_completed = Signal()  # a recovery pass stored a sale: its receipt and sync are owed

    def __init__(self, till: Till, syncing: SyncWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._syncing = syncing
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(THREADS)
        self._resolving = False
        self._stopped = False
        self._shown_pending: set[str] = set()  # an answer still pending is said once, not every minute
        self._timer = QTimer(self)
        self._timer.setInterval(AGAIN_MS)
        self._timer.timeout.connect(self.resolve_soon)
        syncing.run_finished.connect(self._synced)
        till.payments.watch(self._stored)

    def _stored(self, attempt: Attempt) -> None:
        """On the thread that stored the move; must never fail the payment service's call."""
        with contextlib.suppress(RuntimeError):  # the window is gone (tests build many over one till)
            self.attempt_stored.emit(attempt)

    # -- may a code be charged now -----------------------------------------------------------------------
    def qr_blocked(self) -> str | None:
        """Why payment codes cannot be charged now, in the cashier's words; None when they can."""
        if not self._till.sync_state.is_paired():
            return self.tr(
                "This till is not connected to the cloud: QR payments are not available. Take cash or card."
            )
        if self._syncing.online is False:
            return self.tr("The cloud cannot be reached: QR payments are unavailable. Take cash or card.")
        return None

    @property
    def resolving(self) -> bool:
        return self._resolving

    # -- recovery ----------------------------------------------------------------------------------------
    def start(self) -> None:
        """The window is up: finish what the last run of the till left open, then look again now and then."""
        self._run(startup=True)
        self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def resolve_soon(self) -> None:
        """A later pass, for a paired till the cloud answers (the payment service keeps it off the checkouts
        this process has open)."""
        if self._resolving or self._stopped:
            return
        if self._syncing.online is False or not self._till.sync_state.is_paired():
            return
        self._run(startup=False)

    def _run(self, startup: bool) -> None:
        self._resolving = True
        till = self._till

        def job() -> list[Resolution]:
            if not startup and not till.payments.unresolved() and not till.refunds.pending():
                return []
            return till.recovery.resolve()

        run_in_background(job, self._resolved, self._resolve_failed, self.pool)

    def _resolved(self, resolutions: list[Resolution]) -> None:
        self._resolving = False
        shown = []
        for r in resolutions:
            if r.outcome is Outcome.PENDING:
                if r.message in self._shown_pending:
                    continue
                self._shown_pending.add(r.message)
            shown.append(r.message)
        if any(r.outcome is Outcome.COMPLETED for r in resolutions):
            self.orders_completed.emit()
        if shown and not self._stopped:
            self.notice.emit(shown)

    def _resolve_failed(self, exc: BaseException) -> None:
        self._resolving = False
        if not self._stopped:
            self.notice.emit([describe(exc)])

    def _synced(self, outcome: SyncOutcome) -> None:
        if not outcome.offline:
            self.resolve_soon()

    # -- a payment screen closed without a sale -----------------------------------------------------------
    def give_back(self, checkout_uuid: str) -> None:
        """Releases the checkout (quick, here) and cancels each code that may hold money (slow, a worker)."""
        payments = self._till.payments
        attempts = payments.release(checkout_uuid)
        for attempt in attempts:
            self.progress.emit(
                self.tr("Cancelling {channel} {amount}: the money goes back to the customer…").format(
                    channel=channel_label(attempt.channel), amount=money(attempt.amount_fen)
                )
            )
            run_in_background(
                lambda a=attempt: payments.cancel(a), self._given_back, self._give_back_failed, self.pool
            )

    def _given_back(self, attempt: Attempt) -> None:
        self.progress.emit("")  # no longer under way
        self.notice.emit([self.outcome_text(attempt)])

    def _give_back_failed(self, exc: BaseException) -> None:
        self.progress.emit("")
        self.notice.emit([describe(exc)])  # the attempt stays released: the next recovery pass cancels it

    def outcome_text(self, attempt: Attempt) -> str:
        """'微信 ¥5.00：已撤销，款项原路退回顾客': which code, and what became of it."""
        return self.tr("{channel} {amount}: {message}").format(
            channel=channel_label(attempt.channel), amount=money(attempt.amount_fen), message=attempt.message
        )
