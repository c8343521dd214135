"""The installer's test payment: one fen (or the amount given) paid through the configured gateway, then
refunded, each state reported as it happens. It is no sale: nothing enters the day's figures; after a
crash mid-way the resolver gives the money back like any payment no sale kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from pos_app.errors import InvalidInput
from pos_app.payment_attempts import Attempt, AttemptState
from pos_app.ports import PaymentGateway
from pos_app.scan_codes import ScannedCode
from pos_app.services.payments import PaymentService
from pos_app.sync_errors import SyncError

REFUND_TRIES = 5
SUBJECT = "收银台安装测试"


@dataclass(frozen=True)
class Step:
    state: str  # submitting, userpaying, unknown, paid, failed, reversed, refunding, refunded
    channel: str
    out_trade_no: str
    amount_fen: int
    reason: str = ""
    message: str = ""
    out_refund_no: str = ""


def run_test_payment(
    payments: PaymentService,
    gateway: Callable[[], PaymentGateway],
    code: ScannedCode,
    amount_fen: int,
    report: Callable[[Step], None],
    pause: Callable[[float], None],
) -> Step:
    """Returns the last step: refunded, failed (with a reason) or reversed."""
    if not 1 <= amount_fen <= 100_00:
        raise InvalidInput(
            "a test payment is between 0.01 and 100.00", "测试支付金额须在 0.01 到 100.00 元之间"
        )
    last: list[Step] = []

    def tell(attempt: Attempt) -> None:
        step = _step(attempt)
        if not last or last[-1] != step:
            last.append(step)
            report(step)

    payments.watch(tell)
    attempt = payments.start(None, None, str(uuid.uuid4()), code, amount_fen)
    tell(attempt)
    attempt = payments.settle(payments.send(attempt, code.text, SUBJECT), code.text, SUBJECT)
    if attempt.state is not AttemptState.PAID:
        return last[-1]
    payments.keep_test(attempt)
    return _refund(gateway, attempt, report, pause)


def _refund(
    gateway: Callable[[], PaymentGateway],
    attempt: Attempt,
    report: Callable[[Step], None],
    pause: Callable[[float], None],
) -> Step:
    """The same out_refund_no on every try, so a lost answer never refunds twice."""
    out_refund_no = uuid.uuid4().hex
    step = Step(
        "refunding", attempt.channel, attempt.out_trade_no, attempt.amount_fen, out_refund_no=out_refund_no
    )
    report(step)
    for _ in range(REFUND_TRIES):
        try:
            answer = gateway().refund(attempt.out_trade_no, out_refund_no, attempt.amount_fen, SUBJECT)
        except SyncError as exc:
            step = Step(
                "refunding",
                attempt.channel,
                attempt.out_trade_no,
                attempt.amount_fen,
                "",
                str(exc),
                out_refund_no,
            )
            report(step)
            pause(2)
            continue
        if answer.state == "unknown":
            pause(2)
            continue
        final = "refunded" if answer.state == "refunded" else "failed"
        reason = "" if final == "refunded" else "refund_failed"
        step = Step(
            final,
            attempt.channel,
            attempt.out_trade_no,
            attempt.amount_fen,
            reason,
            answer.message,
            out_refund_no,
        )
        report(step)
        return step
    step = Step(
        "failed",
        attempt.channel,
        attempt.out_trade_no,
        attempt.amount_fen,
        "refund_unconfirmed",
        "退款结果未确认：请在商户平台核对这笔测试支付，必要时手工退款",
        out_refund_no,
    )
    report(step)
    return step


_NAMES = {
    AttemptState.SUBMITTING: "submitting",
    AttemptState.USERPAYING: "userpaying",
    AttemptState.UNKNOWN: "unknown",
    AttemptState.PAID: "paid",
    AttemptState.FAILED: "failed",
    AttemptState.CANCELLED: "reversed",
}


def _step(attempt: Attempt) -> Step:
    return Step(
        _NAMES[attempt.state],
        attempt.channel,
        attempt.out_trade_no,
        attempt.amount_fen,
        attempt.reason,
        attempt.message,
    )
