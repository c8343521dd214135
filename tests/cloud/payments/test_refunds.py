"""Refunds through each adapter against the sandbox: partial and full, idempotent by refund number, never
more than was paid."""

from __future__ import annotations

import pytest

from cloud.payments.errors import PaymentInputError
from cloud.payments.failures import FailureReason
from cloud.payments.model import PayState, ReverseState

from .conftest import CHANNELS, LiveSandbox, long_ago
from .support import order_no, request

# WeChat answers an over-refund with INVALID_REQUEST, which also covers other refusals: the adapter
# cannot tell them apart, so the cashier reads the general "refund refused, check the amount".
OVER_REFUND = {"wechat": FailureReason.REFUND_REFUSED}
# What a query says after a partial refund: WeChat REFUND, the aggregator PARTIAL_REFUNDED; Alipay
# still TRADE_SUCCESS.
AFTER_PARTIAL = {"alipay": PayState.SUCCESS}

pytestmark = pytest.mark.parametrize("channel", CHANNELS)


def paid(live: LiveSandbox, channel: str, amount_fen: int = 1000) -> str:
    req = request(channel, "05", amount_fen=amount_fen)
    assert live.adapter(channel).pay(req).state is PayState.SUCCESS
    return req.out_trade_no


def test_a_partial_then_a_full_refund(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    no = paid(live, channel)

    first = adapter.refund(no, order_no(), 300, 1000)
    assert adapter.query(no).state is AFTER_PARTIAL.get(channel, PayState.REFUNDED)
    rest = adapter.refund(no, order_no(), 700, 1000)

    assert (first.state, first.refund_fen) == (PayState.REFUNDED, 300)
    assert (rest.state, rest.refund_fen) == (PayState.REFUNDED, 700)


def test_a_retried_refund_with_the_same_number_refunds_once(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    no, refund_no = paid(live, channel), order_no()

    first = adapter.refund(no, refund_no, 600, 1000)
    again = adapter.refund(no, refund_no, 600, 1000)
    rest = adapter.refund(no, order_no(), 400, 1000)  # only possible if 600 was taken once

    assert first.state is again.state is rest.state is PayState.REFUNDED


def test_a_refund_beyond_what_was_paid_is_refused(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    no = paid(live, channel)
    adapter.refund(no, order_no(), 999, 1000)

    over = adapter.refund(no, order_no(), 2, 1000)

    assert over.state is PayState.FAILED
    assert over.failure is not None
    assert over.failure.reason is OVER_REFUND.get(channel, FailureReason.REFUND_EXCEEDS)
    assert adapter.refund(no, order_no(), 1, 1000).state is PayState.REFUNDED  # the last fen is still there


def test_a_refund_number_reused_for_another_amount_is_refused(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    no, refund_no = paid(live, channel), order_no()
    adapter.refund(no, refund_no, 100, 1000)

    other = adapter.refund(no, refund_no, 200, 1000)

    assert other.state is PayState.FAILED


def test_an_unpaid_order_cannot_be_refunded(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "45", amount_fen=1000)  # declined: insufficient balance
    adapter.pay(req)

    result = adapter.refund(req.out_trade_no, order_no(), 100, 1000)

    assert result.state is PayState.FAILED


def test_an_unknown_order_cannot_be_refunded(live: LiveSandbox, channel: str) -> None:
    result = live.adapter(channel).refund(order_no(), order_no(), 100, 1000)

    assert result.state is PayState.FAILED
    assert result.failure is not None


def test_a_refunded_order_can_no_longer_be_reversed(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    no = paid(live, channel)
    adapter.refund(no, order_no(), 100, 1000)

    assert adapter.reverse(no, long_ago()).state is ReverseState.REFUSED


@pytest.mark.parametrize(("refund_fen", "total_fen"), [(0, 1000), (-1, 1000), (1001, 1000)])
def test_an_impossible_refund_amount_is_refused_before_anything_leaves(
    live: LiveSandbox, channel: str, refund_fen: int, total_fen: int
) -> None:
    with pytest.raises(PaymentInputError):
        live.adapter(channel).refund(order_no(), order_no(), refund_fen, total_fen)
