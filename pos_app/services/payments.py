"""Charging payment codes through the cloud, never twice (payment_attempts.py holds the rules and times).

The payment screen calls `start` on the GUI thread (it writes the checkout and the attempt before anything
leaves), then `send` and `settle` in a worker: the pay request, the follow-up queries, and the cancel when
the customer never finished or the cashier gave up. `release` gives back what a checkout that will not
become a sale has taken. payment_recovery.py finishes what a crash or a lost network left open.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import insert, select, update

from pos_app.cart import Cart
from pos_app.clock import Clock, to_storage
from pos_app.errors import InvalidInput
from pos_app.payment_attempts import (
    CANCEL_PATIENCE_S,
    CANCEL_RETRY_S,
    GIVE_UP_S,
    OFFLINE_RETRY_S,
    Attempt,
    AttemptState,
    Disposition,
    earliest_cancel,
    new_out_trade_no,
    next_query_at,
    state_from_cloud,
)
from pos_app.ports import GatewayPayment, PaymentGateway
from pos_app.scan_codes import ScannedCode
from pos_app.services import payment_records as records
from pos_app.services.auth import Cashier
from pos_app.services.refund_instead import refund_instead
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from pos_app.store.models import CheckoutRow, PaymentAttemptRow
from pos_app.sync_errors import PaymentRefused, PaymentTradeUnknown, SyncError

log = logging.getLogger(__name__)

# wait(event, seconds) -> True when the event was set (the cashier asked to cancel) before the time was up
Waiter = Callable[[threading.Event, float], bool]

SENT_BUT_NO_ANSWER = "网络无应答，正在查询支付结果"
NOT_CONFIRMED = "支付结果未确认，正在查询"
WAITING_FOR_PASSWORD = "等待顾客输入支付密码"
CANCELLED_NOTHING_TAKEN = "已撤销，顾客未被扣款"
CANCELLED_MONEY_BACK = "已撤销，款项原路退回顾客"
CANCEL_LATER = "暂时连不上云端，恢复联网后会自动撤销这笔扫码支付，顾客不会被重复扣款"


def _wait(event: threading.Event, seconds: float) -> bool:
    return event.wait(max(seconds, 0.0))


class PaymentService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        gateway: Callable[[], PaymentGateway],
        waiter: Waiter = _wait,
    ) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._gateway = gateway  # raises NotPaired (and the like) when there is no cloud
        self._waiter = waiter
        self._cancels: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._live: set[str] = set()  # checkouts this process opened: the payment screen owns them
        self._watchers: list[Callable[[Attempt], None]] = []

    def watch(self, callback: Callable[[Attempt], None]) -> None:
        """callback(attempt) after every stored move, on the thread that made it (a worker's, mostly)."""
        self._watchers.append(callback)

    # -- the GUI thread ---------------------------------------------------------------------------------
    def start(
        self,
        cart: Cart | None,
        cashier: Cashier | None,
        checkout_uuid: str,
        code: ScannedCode,
        amount_fen: int,
    ) -> Attempt:
        """Writes the checkout (the cart as it is paid) and a new attempt with its own out_trade_no.

        No cart: a payment that is not a sale (the installer's test payment); after a crash it is given back.
        """
        if not code.is_payment:
            raise InvalidInput(f"{code.text} is not a payment code", "这不是付款码，请扫描顾客的付款码")
        if amount_fen <= 0:
            raise InvalidInput("a payment must be more than 0", "付款金额必须大于 0")
        now = self._clock.now()
        total = cart.totals(self._settings().rounding).total_fen if cart is not None else amount_fen
        attempt = Attempt(
            out_trade_no=new_out_trade_no(),
            checkout_uuid=checkout_uuid,
            channel=code.kind.value,
            code_masked=code.masked(),
            amount_fen=amount_fen,
            state=AttemptState.SUBMITTING,
            disposition=Disposition.OPEN,
            created_at=now,
        )
        with self._store.transaction() as conn:
            state = conn.execute(
                select(CheckoutRow.state).where(CheckoutRow.uuid == checkout_uuid)
            ).scalar_one_or_none()
            if state is None:
                conn.execute(
                    insert(CheckoutRow),
                    {
                        "uuid": checkout_uuid,
                        "created_at": to_storage(now),
                        "cashier_id": cashier.id if cashier is not None else None,
                        "cart_json": json.dumps(
                            cart.to_dict() if cart is not None else None, ensure_ascii=False
                        ),
                        "total_fen": total,
                        "state": "open",
                        "updated_at": to_storage(now),
                    },
                )
            elif state != "open":
                raise InvalidInput("this payment was already finished", "这笔收款已经结束，请重新结账")
            conn.execute(insert(PaymentAttemptRow), records.attempt_row(attempt))
        with self._lock:
            self._live.add(checkout_uuid)
        return attempt

    def is_live(self, checkout_uuid: str) -> bool:
        """Opened by this process: its screen (or command) is still at work on it, no resolver may be."""
        with self._lock:
            return checkout_uuid in self._live

    def request_cancel(self, out_trade_no: str) -> None:
        """The cashier gives up waiting: the worker settling it cancels as soon as the rules allow."""
        self._event(out_trade_no).set()

    # -- workers ----------------------------------------------------------------------------------------
    def send(self, attempt: Attempt, auth_code: str, subject: str) -> Attempt:
        """The pay request. No answer (timeout, lost network, nonsense) is an unknown outcome, not a failure."""
        try:
            answer = self._gateway().pay(
                attempt.out_trade_no, auth_code, attempt.amount_fen, subject[:40], attempt.checkout_uuid
            )
        except PaymentRefused as exc:  # refused before any channel was asked: final, nothing charged
            return self._record(attempt, attempt.moved(AttemptState.FAILED, exc.code, exc.zh))
        except SyncError as exc:
            log.info("pay %s: %s", attempt.out_trade_no, type(exc).__name__)
            return self._record(attempt, attempt.moved(AttemptState.UNKNOWN, message=SENT_BUT_NO_ANSWER))
        return self._record(attempt, _apply(attempt, answer))

    def settle(self, attempt: Attempt, auth_code: str | None = None, subject: str = "") -> Attempt:
        """Queries a pending attempt after 5 s, then every 5 s up to 45 s, then cancels it; cancels a paid
        one the sale will not keep. Returns it final, or still pending when the cloud stays out of reach
        (the resolver finishes it later)."""
        event = self._event(attempt.out_trade_no)
        unseen = False
        try:
            while attempt.state.pending and not event.is_set():
                at = next_query_at(attempt.created_at, self._clock.now())
                if at is None:
                    break
                if self._waiter(event, (at - self._clock.now()).total_seconds()):
                    break
                found = self._query(attempt, auth_code, subject)
                if found is None:
                    unseen = True
                    break
                attempt = found
            if attempt.state in (AttemptState.FAILED, AttemptState.CANCELLED):
                return attempt
            wanted = not event.is_set() and self._disposition(attempt) is not Disposition.RELEASE
            if attempt.state is AttemptState.PAID and wanted:
                return attempt
            return self.cancel(attempt, unseen=unseen)
        finally:
            with self._lock:
                self._cancels.pop(attempt.out_trade_no, None)

    def query_once(self, attempt: Attempt) -> Attempt:
        return self._query(attempt, None, "") or attempt

    def cancel(
        self, attempt: Attempt, patience_s: float = CANCEL_PATIENCE_S, *, unseen: bool = False
    ) -> Attempt:
        """Makes sure the attempt charges nothing: released first (so a crash still ends in a cancel), then
        cancelled at the cloud no sooner than 15 s after it was made, retried as the channel asks. A number
        the cloud never saw is closed at once (no channel is asked; a pay still on its way is refused)."""
        attempt = self._release(attempt)
        never = threading.Event()  # a cancel, once begun, is not interrupted
        give_up = self._clock.now().timestamp() + patience_s
        while True:
            wait_s = (earliest_cancel(attempt.created_at) - self._clock.now()).total_seconds()
            if wait_s > 0 and not unseen:
                self._waiter(never, wait_s)
            try:
                result = self._gateway().cancel(attempt.out_trade_no)
            except SyncError as exc:
                log.info("cancel %s: %s", attempt.out_trade_no, type(exc).__name__)
                if self._clock.now().timestamp() + OFFLINE_RETRY_S > give_up:
                    return self._record(attempt, attempt.noted(CANCEL_LATER))
                self._waiter(never, OFFLINE_RETRY_S)
                continue
            if result.outcome == "done":
                taken = attempt.state is AttemptState.PAID or bool(result.money_returned)
                message = CANCELLED_MONEY_BACK if taken else CANCELLED_NOTHING_TAKEN
                return self._record(attempt, attempt.moved(AttemptState.CANCELLED, message=message))
            if result.outcome == "refused":
                return self._refused(attempt, result.message or "支付通道拒绝撤销")
            if self._clock.now().timestamp() > give_up:
                return self._record(attempt, attempt.noted(CANCEL_LATER))
            unseen = False  # it was not closed at once: from now on the channel's rules apply
            if result.outcome == "too_early" and result.not_before is not None:
                self._waiter(never, (result.not_before - self._clock.now()).total_seconds())
            else:
                self._waiter(never, CANCEL_RETRY_S)

    def release(self, checkout_uuid: str) -> list[Attempt]:
        """The checkout will not become a sale (the cashier closed the payment screen): its attempts are
        released; returns those that may still hold money, for the caller to cancel in a worker."""
        now = to_storage(self._clock.now())
        with self._store.transaction() as conn:
            conn.execute(
                update(CheckoutRow)
                .where(CheckoutRow.uuid == checkout_uuid, CheckoutRow.state == "open")
                .values(state="abandoned", updated_at=now)
            )
            conn.execute(
                update(PaymentAttemptRow)
                .where(PaymentAttemptRow.checkout_uuid == checkout_uuid)
                .where(PaymentAttemptRow.disposition == Disposition.OPEN.value)
                .values(disposition=Disposition.RELEASE.value, updated_at=now)
            )
        return [a for a in self.attempts(checkout_uuid) if a.state not in records.NOTHING_TAKEN]

    def keep_test(self, attempt: Attempt) -> None:
        """The installer's test payment is refunded, not reversed: the resolver must leave it alone."""
        now = to_storage(self._clock.now())
        with self._store.transaction() as conn:
            conn.execute(
                update(CheckoutRow)
                .where(CheckoutRow.uuid == attempt.checkout_uuid)
                .values(state="completed", updated_at=now)
            )
            conn.execute(
                update(PaymentAttemptRow)
                .where(PaymentAttemptRow.out_trade_no == attempt.out_trade_no)
                .values(disposition=Disposition.KEPT.value, updated_at=now)
            )

    # -- reading ----------------------------------------------------------------------------------------
    def attempts(self, checkout_uuid: str) -> list[Attempt]:
        return records.attempts_of(self._store, checkout_uuid)

    def unresolved(self) -> list[Attempt]:
        """Released attempts that may still hold money: the resolver cancels them."""
        return records.released_unsettled(self._store)

    # -- internals --------------------------------------------------------------------------------------
    def _query(self, attempt: Attempt, auth_code: str | None, subject: str) -> Attempt | None:
        """The attempt as the cloud now knows it; None when the cloud never saw it and it cannot be sent
        again: then the cancel closes the number, so that a pay still on its way is refused."""
        try:
            answer = self._gateway().query(attempt.out_trade_no)
        except PaymentTradeUnknown:
            # The pay never reached the cloud: while the code is in hand and young, send it again with the
            # same out_trade_no (the retry the channels allow).
            age = (self._clock.now() - attempt.created_at).total_seconds()
            if auth_code and age < GIVE_UP_S - 10:
                return self.send(attempt, auth_code, subject)
            return None
        except SyncError as exc:
            log.info("query %s: %s", attempt.out_trade_no, type(exc).__name__)
            return attempt
        return self._record(attempt, _apply(attempt, answer))

    def _refused(self, attempt: Attempt, why: str) -> Attempt:
        """The channel will not reverse it: a paid one is refunded instead (refund_instead.py). One not
        known to be paid is asked about first; still unclear, it is asked again at the next resolve."""
        if attempt.state is not AttemptState.PAID:
            attempt = self.query_once(attempt)
            if attempt.state.pending:
                return self._record(attempt, attempt.noted(f"{why}，稍后再查询这笔支付"))
            if attempt.state is not AttemptState.PAID:
                return attempt  # it took nothing after all
        after = self._record(attempt, refund_instead(self._gateway(), attempt, why))
        if after.disposition is Disposition.BY_HAND:
            records.hand_over(self._store, attempt.out_trade_no, to_storage(self._clock.now()))
        return after

    def _record(self, before: Attempt, after: Attempt) -> Attempt:
        """Stores a move; a final state already stored is never overwritten (another worker may have
        settled it: the resolver in another process, say)."""
        if after == before:
            return after
        records.store_move(self._store, after, to_storage(self._clock.now()))
        for callback in self._watchers:
            callback(after)
        return after

    def _release(self, attempt: Attempt) -> Attempt:
        if attempt.disposition is not Disposition.RELEASE:
            records.release(self._store, attempt.out_trade_no, to_storage(self._clock.now()))
        return replace(attempt, disposition=Disposition.RELEASE)

    def _disposition(self, attempt: Attempt) -> Disposition:
        return records.disposition_of(self._store, attempt.out_trade_no) or attempt.disposition

    def _event(self, out_trade_no: str) -> threading.Event:
        with self._lock:
            return self._cancels.setdefault(out_trade_no, threading.Event())


def _apply(attempt: Attempt, answer: GatewayPayment) -> Attempt:
    state = state_from_cloud(answer.state)
    if state is AttemptState.PAID and answer.amount_fen not in (None, attempt.amount_fen):
        # the channel says it took another amount: never call that paid; cancel gives it back
        log.warning(
            "payment %s: charged %s, asked %s", attempt.out_trade_no, answer.amount_fen, attempt.amount_fen
        )
        state = AttemptState.UNKNOWN
    message = {
        AttemptState.FAILED: answer.message or "支付未成功",
        AttemptState.UNKNOWN: NOT_CONFIRMED,
        AttemptState.USERPAYING: WAITING_FOR_PASSWORD,
    }.get(state, "")
    return attempt.moved(state, answer.reason, message, answer.channel_trade_no)
