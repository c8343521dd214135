"""Finishing payments a crash, a closed screen or a lost network left open, and telling the cashier.

Every checkout still open that this process did not open belongs to a till process that died while the
customer paid (one till runs one window). Its attempts are asked about first; if the codes paid the whole cart, the
sale is completed from the cart written with the checkout, exactly once (its uuid is the order's);
otherwise every code that took money is cancelled, which gives the money back (or refunded, once the
channel will no longer reverse it: refund_instead.py). Attempts already released (a sale that was paid
another way, a screen closed) are cancelled until the cloud confirms, and refunds still waiting for a
channel's answer are asked again with their own out_refund_no.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select

from pos_app.cart import Cart
from pos_app.errors import PosError
from pos_app.money import format_yuan
from pos_app.payment_attempts import Attempt, AttemptState, Disposition
from pos_app.scan_codes import CodeKind, ScannedCode
from pos_app.services.auth import AuthService
from pos_app.services.checkout import CheckoutService, QrTender
from pos_app.services.payment_records import NOTHING_TAKEN
from pos_app.services.payments import CANCELLED_MONEY_BACK, PaymentService
from pos_app.services.refund_instead import REFUNDED_INSTEAD
from pos_app.services.refunds import RefundOutcome, RefundService
from pos_app.store.db import Store
from pos_app.store.models import CheckoutRow


class Outcome(Enum):
    COMPLETED = "completed"  # the codes paid it all: the sale is stored
    REVERSED = "reversed"  # money taken went back to the customer
    NOTHING_CHARGED = "nothing_charged"
    PENDING = "pending"  # the cloud is out of reach: tried again later
    REFUNDED = "refunded"  # a refund that waited for the channel's answer is done
    REFUND_FAILED = "refund_failed"  # ... or was refused: the manager is told why


@dataclass(frozen=True)
class Resolution:
    outcome: Outcome
    amount_fen: int
    channel: str
    message: str  # for the cashier, in Chinese (the till's payment words are Chinese on every screen)
    order_no: str = ""


class PaymentRecovery:
    def __init__(
        self,
        store: Store,
        payments: PaymentService,
        checkout: CheckoutService,
        auth: AuthService,
        refunds: RefundService,
    ) -> None:
        self._store = store
        self._payments = payments
        self._checkout = checkout
        self._auth = auth
        self._refunds = refunds

    def resolve(self) -> list[Resolution]:
        """Blocks while it queries and cancels (up to a minute per attempt offline): call it in a worker."""
        open_ones = [uuid for uuid in self._open_checkouts() if not self._payments.is_live(uuid)]
        done = [r for uuid in open_ones for r in self._finish_checkout(uuid)]
        done += [self._give_back(a) for a in self._payments.unresolved()]
        return done + [_refund_resolution(r) for r in self._refunds.resume()]

    def _open_checkouts(self) -> list[str]:
        with self._store.read() as session:
            return list(
                session.scalars(
                    select(CheckoutRow.uuid).where(CheckoutRow.state == "open").order_by(CheckoutRow.id)
                )
            )

    def _finish_checkout(self, checkout_uuid: str) -> list[Resolution]:
        attempts = [self._find_out(a) for a in self._payments.attempts(checkout_uuid)]
        paid = [a for a in attempts if a.state is AttemptState.PAID]
        row = self._checkout_row(checkout_uuid)
        is_sale = row.cart_json != "null"  # not the installer's test payment
        if is_sale and paid and sum(a.amount_fen for a in paid) == row.total_fen:
            try:
                order = self._checkout.complete(
                    Cart.from_dict(json.loads(row.cart_json)),
                    self._auth.cashier(row.cashier_id or 0),
                    [QrTender(a.out_trade_no, a.channel, a.amount_fen) for a in paid],
                    checkout_uuid,
                )
            except PosError:
                pass  # a cart that can no longer be stored as a sale: give the money back below
            else:
                label = " + ".join(_label(a.channel) for a in paid)
                return [
                    Resolution(
                        Outcome.COMPLETED,
                        row.total_fen,
                        paid[0].channel,
                        f"上次未完成的收款已补记为订单 {order.order_no}（{label} {format_yuan(row.total_fen, '¥')}）",
                        order.order_no,
                    )
                ]
        self._payments.release(checkout_uuid)
        return [self._give_back(a) for a in attempts]

    def _find_out(self, attempt: Attempt) -> Attempt:
        """Query first: an old attempt is then cancelled by settle, a young one followed up as usual."""
        if attempt.state.final:
            return attempt
        return self._payments.settle(self._payments.query_once(attempt))

    def _give_back(self, attempt: Attempt) -> Resolution:
        was_paid = attempt.state is AttemptState.PAID
        after = attempt if attempt.state in NOTHING_TAKEN else self._payments.cancel(attempt)
        amount = format_yuan(attempt.amount_fen, "¥")
        label = _label(attempt.channel)
        if after.disposition is Disposition.BY_HAND:
            text = f"未完成的{label}收款 {amount}：{after.message}"
            return Resolution(Outcome.REFUND_FAILED, attempt.amount_fen, attempt.channel, text)
        if after.state is AttemptState.CANCELLED and after.message == REFUNDED_INSTEAD:
            text = f"未完成的{label}收款 {amount} {REFUNDED_INSTEAD}"
            return Resolution(Outcome.REFUNDED, attempt.amount_fen, attempt.channel, text)
        if after.state is AttemptState.CANCELLED:
            if was_paid or after.message == CANCELLED_MONEY_BACK:
                text = f"未完成的{label}收款 {amount} 已撤销，款项原路退回顾客"
                return Resolution(Outcome.REVERSED, attempt.amount_fen, attempt.channel, text)
            text = f"未完成的{label}收款 {amount} 已撤销，顾客未被扣款"
            return Resolution(Outcome.NOTHING_CHARGED, attempt.amount_fen, attempt.channel, text)
        if after.state is AttemptState.FAILED:
            text = f"未完成的{label}收款 {amount} 未成功，顾客未被扣款"
            return Resolution(Outcome.NOTHING_CHARGED, attempt.amount_fen, attempt.channel, text)
        text = f"未完成的{label}收款 {amount}：{after.message or '暂时无法确认结果'}"
        return Resolution(Outcome.PENDING, attempt.amount_fen, attempt.channel, text)

    def _checkout_row(self, checkout_uuid: str) -> CheckoutRow:
        with self._store.read() as session:
            return session.scalars(select(CheckoutRow).where(CheckoutRow.uuid == checkout_uuid)).one()


_REFUND_OUTCOMES = {"done": Outcome.REFUNDED, "failed": Outcome.REFUND_FAILED, "pending": Outcome.PENDING}


def _refund_resolution(refund: RefundOutcome) -> Resolution:
    channel = next((p.kind for p in refund.parts if p.kind not in ("cash", "card")), "")
    return Resolution(
        _REFUND_OUTCOMES[refund.state], refund.total_fen, channel, refund.message(), refund.order_no
    )


def _label(channel: str) -> str:
    try:
        return ScannedCode("", CodeKind(channel)).channel_label()
    except ValueError:
        return channel
