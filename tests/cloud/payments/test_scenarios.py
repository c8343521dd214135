"""Every sandbox scenario, end to end through each adapter over HTTP on loopback (five channels, three wire
protocols). The channels differ only where their protocols do; those differences are spelled out here.
"""

from __future__ import annotations

import pytest

from cloud.payments.failures import FailureReason
from cloud.payments.model import PayState, ReverseState

from .conftest import CHANNELS, LiveSandbox, long_ago
from .support import request

# What a query says about an order that was reversed while unpaid: Alipay only knows TRADE_CLOSED.
REVERSED_QUERY = {"alipay": PayState.CLOSED}
# Alipay has no sub_code of its own for an expired payment code: it answers PAYMENT_AUTH_CODE_INVALID.
EXPIRED_REASON = {"alipay": FailureReason.AUTH_CODE_INVALID}

pytestmark = pytest.mark.parametrize("channel", CHANNELS)


@pytest.mark.parametrize("tail", ["00", "07", "19", "80", "99"])
def test_codes_ending_00_to_19_and_80_to_99_are_paid_at_once(
    live: LiveSandbox, channel: str, tail: str
) -> None:
    adapter = live.adapter(channel)
    req = request(channel, tail, amount_fen=8888)

    result = adapter.pay(req)

    assert (result.state, result.amount_fen, result.channel) == (PayState.SUCCESS, 8888, channel)
    assert result.channel_trade_no
    assert adapter.query(req.out_trade_no).state is PayState.SUCCESS


def test_userpaying_then_success_on_a_query_three_seconds_after_the_pay(
    live: LiveSandbox, channel: str
) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "25")

    assert adapter.pay(req).state is PayState.USERPAYING
    live.clock.advance(2.9)
    assert adapter.query(req.out_trade_no).state is PayState.USERPAYING
    live.clock.advance(0.1)
    done = adapter.query(req.out_trade_no)

    assert (done.state, done.amount_fen) == (PayState.SUCCESS, 1234)


def test_a_stuck_payment_stays_userpaying_until_reversed(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "33")

    assert adapter.pay(req).state is PayState.USERPAYING
    live.clock.advance(3600)
    assert adapter.query(req.out_trade_no).state is PayState.USERPAYING
    reversed_ = adapter.reverse(req.out_trade_no, long_ago())

    assert reversed_.state is ReverseState.DONE
    assert adapter.query(req.out_trade_no).state is REVERSED_QUERY.get(channel, PayState.REVERSED)


def test_a_busy_reverse_asks_to_be_called_again_and_then_succeeds(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "37")
    adapter.pay(req)

    first = adapter.reverse(req.out_trade_no, long_ago())
    second = adapter.reverse(req.out_trade_no, long_ago())

    assert (first.state, second.state) == (ReverseState.RETRY, ReverseState.DONE)


def test_insufficient_balance_is_final_with_a_message_the_cashier_can_act_on(
    live: LiveSandbox, channel: str
) -> None:
    result = live.adapter(channel).pay(request(channel, "45"))

    assert result.state is PayState.FAILED
    assert result.failure is not None
    assert result.failure.reason is FailureReason.INSUFFICIENT_BALANCE
    assert result.failure.zh == "顾客余额不足，请换一种支付方式"
    assert result.failure.channel_code  # the channel's own code, for support


def test_an_expired_code_is_final_and_asks_for_a_fresh_code(live: LiveSandbox, channel: str) -> None:
    result = live.adapter(channel).pay(request(channel, "55"))

    assert result.state is PayState.FAILED
    assert result.failure is not None
    assert result.failure.reason is EXPIRED_REASON.get(channel, FailureReason.AUTH_CODE_EXPIRED)
    assert "请顾客刷新付款码后重新扫码" in result.failure.zh
    if channel == "wechat":
        assert result.failure.zh == "付款码已过期，请顾客刷新付款码后重新扫码"


def test_a_system_error_is_unknown_and_the_query_finds_the_payment(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "65")

    result = adapter.pay(req)

    assert result.state is PayState.UNKNOWN
    assert result.must_query
    assert adapter.query(req.out_trade_no).state is PayState.SUCCESS


def test_a_lost_answer_is_unknown_never_failed_and_the_query_finds_the_payment(
    live: LiveSandbox, channel: str
) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "75", amount_fen=4321)

    result = adapter.pay(req)
    found = adapter.query(req.out_trade_no)

    assert result.state is PayState.UNKNOWN
    assert "502" in result.detail
    assert (found.state, found.amount_fen) == (PayState.SUCCESS, 4321)


def test_a_retried_pay_after_a_lost_answer_returns_the_same_paid_order(
    live: LiveSandbox, channel: str
) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "71")

    assert adapter.pay(req).state is PayState.UNKNOWN
    retried = adapter.pay(req)

    assert retried.state is PayState.SUCCESS
    assert retried.channel_trade_no == adapter.query(req.out_trade_no).channel_trade_no


def test_a_retried_pay_returns_the_same_order(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "05")

    first, second = adapter.pay(req), adapter.pay(req)

    assert first.state is second.state is PayState.SUCCESS
    assert first.channel_trade_no == second.channel_trade_no


def test_the_same_order_number_with_another_amount_is_refused(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "33")
    adapter.pay(req)

    other = adapter.pay(req.model_copy(update={"amount_fen": req.amount_fen + 1}))

    assert other.state is PayState.FAILED
    assert other.failure is not None and other.failure.reason is FailureReason.ORDER_NUMBER_USED


def test_a_paid_order_number_paid_again_with_another_code_reports_the_first_payment(
    live: LiveSandbox, channel: str
) -> None:
    """ORDERPAID / ACQ.TRADE_HAS_SUCCESS are final, and they mean the money was taken: never FAILED."""
    adapter = live.adapter(channel)
    req = request(channel, "05", amount_fen=500)
    adapter.pay(req)

    again = adapter.pay(request(channel, "06", amount_fen=700, out_trade_no=req.out_trade_no))

    assert (again.state, again.amount_fen) == (PayState.SUCCESS, 500)


def test_a_reverse_before_any_pay_arrived_closes_the_order_number(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "05")

    assert adapter.reverse(req.out_trade_no, long_ago()).state is ReverseState.DONE
    late = adapter.pay(req)

    assert late.state in (PayState.REVERSED, PayState.CLOSED, PayState.FAILED)  # never SUCCESS


def test_the_reverse_of_a_paid_order_returns_the_money(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "75")
    adapter.pay(req)  # charged, answer lost

    result = adapter.reverse(req.out_trade_no, long_ago())

    assert result.state is ReverseState.DONE
    if channel == "alipay":
        assert result.money_returned is True  # action=refund
    assert adapter.query(req.out_trade_no).state is not PayState.SUCCESS
