"""Refunds through the device API: partial and full, once per out_refund_no however retried or raced,
never more than was paid, only of the merchant's own paid payments."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.cloud.conftest import LiveCloud

from .api_support import Shopfront, count_calls, ok, open_shop, problem, trade_no
from .conftest import CHANNELS, LiveSandbox
from .support import code


@pytest.fixture(scope="module")
def front(cloud: LiveCloud, live_sandbox: LiveSandbox) -> Shopfront:
    return open_shop(cloud, live_sandbox.channels)


def paid(front: Shopfront, channel: str = "wechat", amount_fen: int = 1000) -> str:
    answer = ok(front.pay(code(channel, "05"), amount_fen=amount_fen))
    assert answer["state"] == "success"
    no: str = answer["out_trade_no"]
    return no


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_partial_then_a_full_refund_and_then_nothing_more(front: Shopfront, channel: str) -> None:
    no = paid(front, channel)

    part = ok(front.refund(no, 300))
    rest = ok(front.refund(no, 700))
    more = ok(front.refund(no, 1))

    assert (part["state"], part["refund_fen"], part["channel"]) == ("refunded", 300, channel)
    assert (rest["state"], rest["refund_fen"]) == ("refunded", 700)
    assert (more["state"], more["reason"]) == ("failed", "refund_exceeds")
    assert more["message"] == "退款金额超过了该笔支付的可退金额"
    assert ok(front.query(no))["state"] == "refunded"


def test_a_refund_retried_with_its_number_is_made_once(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.wechat, "refund")
    no, refund_no = paid(front), trade_no()

    first = ok(front.refund(no, 600, refund_no))
    again = ok(front.refund(no, 600, refund_no))
    rest = ok(front.refund(no, 400))

    assert first == again and first["state"] == "refunded"
    assert rest["state"] == "refunded"  # only possible if the 600 was taken once
    assert calls["refund"] == 2  # the retry was answered by the cloud
    problem(front.refund(no, 601, refund_no), 409, "out_refund_no_reused")
    problem(front.refund(paid(front), 600, refund_no), 409, "out_refund_no_reused")


def test_an_exceeding_refund_is_refused_without_asking_the_channel(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.alipay, "refund")
    no, refund_no = paid(front, "alipay", 500), trade_no()

    refused = ok(front.refund(no, 501, refund_no))

    assert (refused["state"], refused["reason"]) == ("failed", "refund_exceeds")
    assert ok(front.refund(no, 501, refund_no)) == refused  # final: answered as stored
    assert calls["refund"] == 0
    assert ok(front.refund(no, 500))["state"] == "refunded"


def test_racing_refunds_never_add_up_to_more_than_was_paid(front: Shopfront) -> None:
    no = paid(front, "unionpay", 1000)
    sessions = [front.till.session(front.cloud) for _ in range(4)]

    def refund(session: requests.Session) -> str:
        body = {"out_trade_no": no, "out_refund_no": trade_no(), "refund_fen": 400}
        state: str = ok(session.post("/v1/payments/refund", json=body))["state"]
        return state

    with ThreadPoolExecutor(len(sessions)) as pool:
        states = sorted(pool.map(refund, sessions))

    assert states == ["failed", "failed", "refunded", "refunded"]


def test_only_a_paid_payment_can_be_refunded_and_a_refunded_one_not_reversed(
    front: Shopfront, live: LiveSandbox
) -> None:
    declined = ok(front.pay(code("bestpay", "44")))["out_trade_no"]
    waiting = ok(front.pay(code("bestpay", "33")))["out_trade_no"]
    refunded = paid(front, "bestpay")
    ok(front.refund(refunded, 100))

    problem(front.refund(declined, 100), 409, "payment_not_refundable")
    problem(front.refund(waiting, 100), 409, "payment_not_refundable")
    problem(front.refund(trade_no(), 100), 404, "payment_not_found")
    cancel = ok(front.cancel(refunded))
    assert (cancel["outcome"], cancel["state"], cancel["reason"]) == (
        "refused",
        "refunded",
        "reverse_refused",
    )
    assert "退款" in cancel["message"]


def test_another_merchants_payment_cannot_be_refunded(
    cloud: LiveCloud, live: LiveSandbox, front: Shopfront
) -> None:
    no = paid(front)
    other = open_shop(cloud, live.channels)

    problem(other.refund(no, 100), 404, "payment_not_found")
    assert ok(front.refund(no, 1000))["state"] == "refunded"  # untouched: all of it is still there
