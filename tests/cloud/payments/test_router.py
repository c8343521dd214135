"""The router: the scanned code's kind picks the adapter; what we cannot serve is refused before anything
leaves."""

from __future__ import annotations

import pytest

from cloud.payments.alipay import AlipayAdapter
from cloud.payments.credentials import MerchantChannels
from cloud.payments.errors import ChannelNotConfigured, ChannelNotSupported
from cloud.payments.generic import GenericAdapter
from cloud.payments.router import adapter_for_code
from cloud.payments.wechat_v2 import WeChatV2Adapter
from pos_app.scan_codes import CodeKind, classify

from .conftest import LiveSandbox
from .support import code


@pytest.mark.parametrize(
    ("channel", "adapter_type"),
    [
        ("wechat", WeChatV2Adapter),
        ("alipay", AlipayAdapter),
        ("unionpay", GenericAdapter),
        ("bestpay", GenericAdapter),
        ("ecny", GenericAdapter),
    ],
)
def test_a_scanned_code_picks_its_channels_adapter(
    live: LiveSandbox, channel: str, adapter_type: type
) -> None:
    scanned = classify(code(channel, "05") + "\r\n")

    adapter = adapter_for_code(scanned.kind, live.channels)

    assert isinstance(adapter, adapter_type)
    assert adapter.channel == channel


@pytest.mark.parametrize("kind", [CodeKind.JDPAY, CodeKind.PRODUCT, CodeKind.UNKNOWN, CodeKind.MEMBER])
def test_a_kind_we_cannot_serve_is_not_supported(live: LiveSandbox, kind: CodeKind) -> None:
    with pytest.raises(ChannelNotSupported) as caught:
        adapter_for_code(kind, live.channels)

    assert caught.value.channel == kind.value
    assert "请换一种支付方式" in caught.value.zh


def test_jd_pay_is_named_in_the_message() -> None:
    with pytest.raises(ChannelNotSupported) as caught:
        adapter_for_code(CodeKind.JDPAY, MerchantChannels())

    assert caught.value.zh == "暂不支持京东支付，请换一种支付方式"


@pytest.mark.parametrize(
    "kind", [CodeKind.WECHAT, CodeKind.ALIPAY, CodeKind.UNIONPAY, CodeKind.BESTPAY, CodeKind.ECNY]
)
def test_a_channel_the_shop_has_not_set_up_is_refused(kind: CodeKind) -> None:
    with pytest.raises(ChannelNotConfigured):
        adapter_for_code(kind, MerchantChannels())


def test_credentials_never_show_their_keys(live: LiveSandbox) -> None:
    text = repr(live.channels) + str(live.channels.model_dump())
    assert live.channels.wechat is not None and live.channels.alipay is not None

    assert live.channels.wechat.api_key.get_secret_value() not in text
    assert "PRIVATE KEY" not in text
