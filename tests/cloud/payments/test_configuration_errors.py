"""A wrong key on the merchant's side: the sandbox refuses the signature with the channel's own answer,
and the adapter reports a configuration error the administrator can act on, not a declined payment."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from cloud.payments.credentials import MerchantChannels
from cloud.payments.failures import FailureReason
from cloud.payments.keys import random_key, rsa_pem_pair
from cloud.payments.model import PayState, ReverseState

from .conftest import CHANNELS, LiveSandbox, long_ago
from .support import order_no, request


def with_wrong_key(live: LiveSandbox, channel: str) -> MerchantChannels:
    creds = getattr(live.channels, channel)
    if channel == "wechat":
        wrong = creds.model_copy(update={"api_key": SecretStr(random_key())})
    elif channel == "alipay":
        wrong = creds.model_copy(update={"app_private_key_pem": SecretStr(rsa_pem_pair()[0])})
    else:
        wrong = creds.model_copy(update={"terminal_key": SecretStr(random_key())})
    return live.channels.model_copy(update={channel: wrong})


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_wrong_merchant_key_is_reported_as_a_configuration_error(live: LiveSandbox, channel: str) -> None:
    wrong = live.adapter(channel, with_wrong_key(live, channel))
    req = request(channel, "05")

    result = wrong.pay(req)

    assert result.state is PayState.FAILED
    assert result.failure is not None
    assert result.failure.reason is FailureReason.CONFIGURATION
    assert "请联系管理员检查支付设置" in result.failure.zh
    # Nothing was charged: the channel never saw a valid request.
    assert live.adapter(channel).query(req.out_trade_no).state is PayState.UNKNOWN
    assert live.adapter(channel).query(req.out_trade_no).failure.reason is FailureReason.ORDER_NOT_FOUND  # type: ignore[union-attr]


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_wrong_key_on_query_and_reverse_keeps_the_outcome_open(live: LiveSandbox, channel: str) -> None:
    """A refused query says nothing about the money: UNKNOWN (or RETRY), carrying the configuration error."""
    wrong = live.adapter(channel, with_wrong_key(live, channel))
    no = order_no()

    query = wrong.query(no)
    reverse = wrong.reverse(no, long_ago())

    assert query.state is PayState.UNKNOWN
    assert query.failure is not None and query.failure.reason is FailureReason.CONFIGURATION
    assert reverse.state is ReverseState.RETRY
    assert reverse.failure is not None and reverse.failure.reason is FailureReason.CONFIGURATION


def test_a_wrong_wechat_mch_id_is_a_configuration_error(live: LiveSandbox) -> None:
    assert live.channels.wechat is not None
    creds = live.channels.wechat.model_copy(update={"mch_id": "1900000999"})
    adapter = live.adapter("wechat", live.channels.model_copy(update={"wechat": creds}))

    result = adapter.pay(request("wechat", "05"))

    assert result.state is PayState.FAILED
    assert result.failure is not None and result.failure.reason is FailureReason.CONFIGURATION
