"""Answers that cannot be trusted, and no answer at all: UNKNOWN (or RETRY), never FAILED, never SUCCESS.

The money may have moved, so the adapter must say "query", and the query must still find the truth.
"""

from __future__ import annotations

import logging
import socket

import pytest

from cloud.payments.credentials import MerchantChannels
from cloud.payments.model import PayState, ReverseState
from cloud.payments.wechat_v2 import WeChatV2Adapter

from .conftest import CHANNELS, CannedServer, LiveSandbox, closed_port_url, long_ago, session
from .support import order_no, request

_URL_FIELD = {"wechat": "base_url", "alipay": "gateway_url"}


def pointed_at(live: LiveSandbox, channel: str, url: str) -> MerchantChannels:
    """The merchant's credentials with `channel` sent to another URL."""
    creds = getattr(live.channels, channel)
    moved = creds.model_copy(update={_URL_FIELD.get(channel, "base_url"): url})
    return live.channels.model_copy(update={channel: moved})


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_tampered_answer_signature_is_unknown_and_logged(
    live: LiveSandbox, channel: str, caplog: pytest.LogCaptureFixture
) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "05")
    live.sandbox.faults.tamper_signatures = True

    with caplog.at_level(logging.ERROR, logger="cloud.payments"):
        result = adapter.pay(req)
        query = adapter.query(req.out_trade_no)
    live.sandbox.faults.tamper_signatures = False

    assert result.state is PayState.UNKNOWN
    assert "signature" in result.detail
    assert query.state is PayState.UNKNOWN
    assert any("signature" in record.getMessage() for record in caplog.records)
    assert adapter.query(req.out_trade_no).state is PayState.SUCCESS  # the money did move


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_tampered_reverse_or_refund_answer_is_retried_not_believed(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel)
    req = request(channel, "05", amount_fen=1000)
    adapter.pay(req)
    live.sandbox.faults.tamper_signatures = True

    reverse = adapter.reverse(req.out_trade_no, long_ago())
    refund = adapter.refund(req.out_trade_no, order_no(), 100, 1000)

    assert reverse.state is ReverseState.RETRY
    assert refund.state is PayState.UNKNOWN


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_refused_connection_is_unknown_never_failed(live: LiveSandbox, channel: str) -> None:
    adapter = live.adapter(channel, pointed_at(live, channel, closed_port_url()))
    no = order_no()

    assert adapter.pay(request(channel, "05", out_trade_no=no)).state is PayState.UNKNOWN
    assert adapter.query(no).state is PayState.UNKNOWN
    assert adapter.reverse(no, long_ago()).state is ReverseState.RETRY
    assert adapter.refund(no, order_no(), 1, 1).state is PayState.UNKNOWN


@pytest.mark.parametrize(
    ("channel", "body"),
    [
        ("wechat", b'<!DOCTYPE xml [<!ENTITY x "SUCCESS">]><xml><return_code>&x;</return_code></xml>'),
        ("wechat", b"<xml><return_code>SUCCESS</return_code><result_code>SUCCESS</result_code></xml>"),
        ("wechat", b"not xml at all"),
        ("alipay", b'{"alipay_trade_pay_response":{"code":"10000","total_amount":"12.34"}}'),  # unsigned
        ("alipay", b'{"alipay_trade_pay_response":{"code":"10000"},"sign":"AAAA"}'),
        ("alipay", b"<html>gateway error</html>"),
        ("unionpay", b'{"result_code":"200","biz_response":{"result_code":"PAY_SUCCESS"}}'),  # unsigned
        ("unionpay", b"[1, 2, 3]"),
    ],
)
def test_an_unreadable_or_unsigned_answer_is_unknown(
    live: LiveSandbox, canned: CannedServer, channel: str, body: bytes
) -> None:
    canned.body = body
    url = canned.url + ("/gateway.do" if channel == "alipay" else "")
    adapter = live.adapter(channel, pointed_at(live, channel, url))

    assert adapter.pay(request(channel, "05")).state is PayState.UNKNOWN


@pytest.mark.parametrize("status", [500, 502, 504])
def test_an_http_error_status_is_unknown(live: LiveSandbox, canned: CannedServer, status: int) -> None:
    canned.status, canned.body = status, b""
    adapter = live.adapter("wechat", pointed_at(live, "wechat", canned.url))

    result = adapter.pay(request("wechat", "05"))

    assert (result.state, result.detail) == (PayState.UNKNOWN, f"HTTP {status}")


def test_a_channel_that_never_answers_is_unknown_after_the_read_timeout(live: LiveSandbox) -> None:
    assert live.channels.wechat is not None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections are accepted by the kernel, and nothing is ever sent back
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        creds = live.channels.wechat.model_copy(update={"base_url": url})
        adapter = WeChatV2Adapter(creds, session=session(), timeout=(1.0, 0.3))

        result = adapter.pay(request("wechat", "05"))

    assert result.state is PayState.UNKNOWN
    assert result.detail.startswith("timeout")
