"""Giving back a paid code the channel will no longer reverse: a refund of its whole amount instead.

A channel reverses a payment only for a while (WeChat: 7 days), and not once it was refunded in part. A
till that was off longer than that, with a paid code no sale kept, gets its cancel refused; the money is
then the customer's all the same, so it is refunded.

The refund's number is made from the attempt's (`<out_trade_no>-back`, which no sale's refund uses: those
are uuid hex): every try, in this process or after a restart, is the same refund, so a lost answer never
gives the money back twice and nothing has to be written before it is sent. A refund the channel refuses
is left to the merchant: the attempt is taken off the resolver's list (Disposition.BY_HAND), and the
message says so, once.
"""

from __future__ import annotations

from dataclasses import replace

from pos_app.payment_attempts import Attempt, AttemptState, Disposition
from pos_app.ports import PaymentGateway
from pos_app.sync_errors import SyncError

REFUNDED_INSTEAD = "已超过撤销期限，已改为全额退款，款项原路退回顾客"
REFUND_LATER = "已超过撤销期限，正在改为退款：暂时无法确认结果，稍后自动再试，顾客不会被重复退款"
_SUBJECT = "退回未成交的扫码收款"


def back_refund_no(out_trade_no: str) -> str:
    return f"{out_trade_no}-back"


def refund_instead(gateway: PaymentGateway, attempt: Attempt, refused_because: str) -> Attempt:
    """The attempt after a refund of its whole amount was asked for: cancelled (the money is on its way
    back), unchanged with a message to try again later, or handed to the merchant when the refund is
    refused too."""
    try:
        answer = gateway.refund(
            attempt.out_trade_no, back_refund_no(attempt.out_trade_no), attempt.amount_fen, _SUBJECT
        )
    except SyncError:
        return attempt.noted(REFUND_LATER)
    if answer.state == "refunded":
        return attempt.moved(AttemptState.CANCELLED, message=REFUNDED_INSTEAD)
    if answer.state != "failed":
        return attempt.noted(REFUND_LATER)
    why = answer.message or "支付通道拒绝退款"
    message = f"撤销未成功（{refused_because}），退款也未成功（{why}）：请在商户平台核对这笔收款，手工退给顾客"
    return replace(attempt.noted(message), disposition=Disposition.BY_HAND)
