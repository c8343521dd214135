"""Logs may show which order and which channel, never a whole payment code and never a key."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from cloud.payments.credentials import MerchantChannels
from cloud.payments.keys import random_key, rsa_pem_pair

from .conftest import CHANNELS, LiveSandbox
from .support import request

SECRET_FIELD = {"wechat": "api_key", "alipay": "app_private_key_pem"}


def with_secret(live: LiveSandbox, channel: str, secret: str) -> MerchantChannels:
    creds = getattr(live.channels, channel)
    changed = creds.model_copy(update={SECRET_FIELD.get(channel, "terminal_key"): SecretStr(secret)})
    return live.channels.model_copy(update={channel: changed})


@pytest.mark.parametrize("channel", CHANNELS)
def test_no_log_line_holds_a_whole_payment_code_or_a_key(
    live: LiveSandbox, channel: str, caplog: pytest.LogCaptureFixture
) -> None:
    right = getattr(live.channels, channel)
    right_secret = getattr(right, SECRET_FIELD.get(channel, "terminal_key")).get_secret_value()
    wrong_secret = rsa_pem_pair()[0] if channel == "alipay" else random_key()
    requests_ = [request(channel, tail) for tail in ("05", "45", "65", "75")]

    with caplog.at_level(logging.DEBUG):
        for req in requests_:
            live.adapter(channel).pay(req)
        live.adapter(channel, with_secret(live, channel, wrong_secret)).pay(requests_[0])

    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "code " + requests_[0].auth_code[:4] in text  # the masked code is logged
    for req in requests_:
        assert req.auth_code not in text
    for secret in (right_secret, wrong_secret):
        assert secret not in text
    assert "PRIVATE KEY" not in text
