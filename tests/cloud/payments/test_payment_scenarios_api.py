"""Every sandbox scenario end to end through the cloud's device API: a signed till calls /v1/payments, the
cloud calls the sandbox over HTTP with the merchant's stored (encrypted) credentials, five channels.
"""

from __future__ import annotations

import pytest

from tests.cloud.conftest import LiveCloud, MovableClock

from .api_support import Shopfront, ok, open_shop
from .conftest import CHANNELS, LiveSandbox
from .support import code

pytestmark = pytest.mark.parametrize("channel", CHANNELS)
EXPIRED_REASON = {"alipay": "auth_code_invalid"}  # Alipay has no code of its own for an expired code
WECHAT_REVERSE_WAIT = 16  # WeChat reverses an order no sooner than 15 s after it was made


@pytest.fixture(scope="module")
def front(cloud: LiveCloud, live_sandbox: LiveSandbox) -> Shopfront:
    return open_shop(cloud, live_sandbox.channels)


def test_codes_of_the_paid_scenarios_are_paid_at_once(front: Shopfront, channel: str) -> None:
    for tail in ("00", "19", "88"):  # 00-19, and the digits no scenario takes
        paid = ok(front.pay(code(channel, tail), amount_fen=8888))

        assert (paid["state"], paid["channel"], paid["amount_fen"]) == ("success", channel, 8888)
        assert paid["channel_trade_no"] and paid["created_at"]
        assert ok(front.query(paid["out_trade_no"])) == paid


def test_userpaying_then_paid_on_a_query_once_the_sandbox_clock_moved_3_s(
    front: Shopfront, live: LiveSandbox, channel: str
) -> None:
    waiting = ok(front.pay(code(channel, "24")))
    no = waiting["out_trade_no"]

    assert waiting["state"] == "userpaying"
    assert ok(front.query(no))["state"] == "userpaying"
    live.clock.advance(3)
    assert (ok(front.query(no))["state"], ok(front.query(no))["amount_fen"]) == ("success", 1234)


@pytest.mark.parametrize("tail", ["31", "36"])
def test_a_stuck_payment_waits_until_cancelled_and_is_then_reversed(
    front: Shopfront, live: LiveSandbox, clock: MovableClock, channel: str, tail: str
) -> None:
    no = ok(front.pay(code(channel, tail)))["out_trade_no"]
    live.clock.advance(600)
    assert ok(front.query(no))["state"] == "userpaying"
    clock.advance(seconds=WECHAT_REVERSE_WAIT)

    first = ok(front.cancel(no, skew_seconds=WECHAT_REVERSE_WAIT))
    if tail == "36":  # 35-39: the first reverse answers "call again"
        assert (first["outcome"], first["state"]) == ("retry", "userpaying")
        first = ok(front.cancel(no, skew_seconds=WECHAT_REVERSE_WAIT))

    assert (first["outcome"], first["state"], first["channel"]) == ("done", "reversed", channel)
    assert ok(front.query(no))["state"] == "reversed"
    assert ok(front.cancel(no))["outcome"] == "done"  # again: nothing left to do, the channel is not asked


def test_insufficient_balance_fails_with_the_cashiers_words(front: Shopfront, channel: str) -> None:
    failed = ok(front.pay(code(channel, "44")))

    assert (failed["state"], failed["reason"]) == ("failed", "insufficient_balance")
    assert failed["message"] == "顾客余额不足，请换一种支付方式"
    assert ok(front.query(failed["out_trade_no"])) == failed  # final: answered as stored


def test_an_expired_code_fails_and_asks_for_a_fresh_code(front: Shopfront, channel: str) -> None:
    failed = ok(front.pay(code(channel, "52")))

    assert (failed["state"], failed["reason"]) == ("failed", EXPIRED_REASON.get(channel, "auth_code_expired"))
    assert "请顾客刷新付款码后重新扫码" in failed["message"]


def test_a_system_error_or_a_lost_answer_is_unknown_and_the_query_finds_it_paid(
    front: Shopfront, channel: str
) -> None:
    for tail in ("63", "78"):  # 60-69 a system error answers the pay, 70-79 its answer is lost
        unknown = ok(front.pay(code(channel, tail), amount_fen=4321))

        assert unknown["state"] == "unknown"
        found = ok(front.query(unknown["out_trade_no"]))
        assert (found["state"], found["amount_fen"]) == ("success", 4321)
        assert found["channel_trade_no"]
