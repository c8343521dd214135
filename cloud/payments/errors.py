"""Typed errors of the payment layer: a caller's mistake or a channel we cannot use, never a channel's answer.

A channel's answer (declined, unknown, lost) is a state in the result, not an exception; these are raised
before anything leaves, so raising one never leaves a payment half done. Each carries the cashier's words.
"""

from __future__ import annotations

from cloud.errors import CloudError
from pos_app.i18n import pick


class PaymentError(CloudError):
    status = 422
    code = "payment_error"

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def __str__(self) -> str:
        return pick(self.en, self.zh)


class PaymentInputError(PaymentError):
    code = "invalid_payment_input"


class ChannelNotSupported(PaymentError):
    code = "channel_not_supported"

    def __init__(self, channel: str, label_en: str, label_zh: str) -> None:
        super().__init__(
            f"{label_en} is not supported yet: please use another payment method",
            f"暂不支持{label_zh}，请换一种支付方式",
        )
        self.channel = channel


class ChannelNotConfigured(PaymentError):
    code = "channel_not_configured"

    def __init__(self, channel: str, label_en: str, label_zh: str) -> None:
        super().__init__(
            f"{label_en} is not set up for this shop: please use another payment method",
            f"本店尚未开通{label_zh}收款，请换一种支付方式",
        )
        self.channel = channel
