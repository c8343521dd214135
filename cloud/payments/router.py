"""Which adapter serves a payment: by the scanned code's CodeKind for a new payment, by channel name for
the query, reversal or refund of one already made (the channel is stored with the attempt).

WeChat → WeChat Pay v2, Alipay → Alipay, UnionPay / Bestpay / e-CNY → the generic aggregator adapter with
that channel's credentials. JD Pay (its code pattern is provisional, payments.md) and anything that is
not a payment code raise ChannelNotSupported before a request leaves.
"""

from __future__ import annotations

import requests

from cloud.payments.alipay import AlipayAdapter
from cloud.payments.credentials import GenericCredentials, MerchantChannels
from cloud.payments.errors import ChannelNotConfigured, ChannelNotSupported
from cloud.payments.generic import GENERIC_CHANNELS, GenericAdapter
from cloud.payments.model import PaymentChannel
from cloud.payments.transport import DEFAULT_TIMEOUT
from cloud.payments.wechat_v2 import WeChatV2Adapter
from pos_app.clock import Clock
from pos_app.scan_codes import CodeKind

_LABELS = {  # the channels' own names (pos_app.scan_codes shows the same on the till)
    "wechat": ("WeChat Pay", "微信支付"),
    "alipay": ("Alipay", "支付宝"),
    "unionpay": ("UnionPay QuickPass", "云闪付"),
    "bestpay": ("Bestpay", "翼支付"),
    "ecny": ("e-CNY", "数字人民币"),
    "jdpay": ("JD Pay", "京东支付"),
}
SUPPORTED_CHANNELS = ("wechat", "alipay", *GENERIC_CHANNELS)


def adapter_for_code(
    kind: CodeKind,
    channels: MerchantChannels,
    *,
    session: requests.Session | None = None,
    clock: Clock | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> PaymentChannel:
    return adapter_for_channel(kind.value, channels, session=session, clock=clock, timeout=timeout)


def adapter_for_channel(
    channel: str,
    channels: MerchantChannels,
    *,
    session: requests.Session | None = None,
    clock: Clock | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> PaymentChannel:
    if channel not in SUPPORTED_CHANNELS:
        en, zh = _LABELS.get(channel, (f"payment code kind {channel!r}", "这种付款码"))
        raise ChannelNotSupported(channel, en, zh)
    en, zh = _LABELS[channel]
    if channel == "wechat":
        if channels.wechat is None:
            raise ChannelNotConfigured(channel, en, zh)
        return WeChatV2Adapter(channels.wechat, session=session, clock=clock, timeout=timeout)
    if channel == "alipay":
        if channels.alipay is None:
            raise ChannelNotConfigured(channel, en, zh)
        return AlipayAdapter(channels.alipay, session=session, clock=clock, timeout=timeout)
    creds: GenericCredentials | None = getattr(channels, channel)
    if creds is None:
        raise ChannelNotConfigured(channel, en, zh)
    return GenericAdapter(channel, creds, session=session, timeout=timeout)
