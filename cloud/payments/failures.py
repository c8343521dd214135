"""Why a payment, reversal or refund failed for good, in words the cashier can act on (Chinese and English).

The adapters translate each channel's code (AUTHCODEEXPIRE, ACQ.BUYER_BALANCE_NOT_ENOUGH, EXPIRED_BARCODE)
into one FailureReason; the UI chooses its answer by the reason, never by parsing a channel's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pos_app.i18n import pick


class FailureReason(Enum):
    AUTH_CODE_EXPIRED = "auth_code_expired"
    AUTH_CODE_INVALID = "auth_code_invalid"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    CARD_NOT_SUPPORTED = "card_not_supported"
    LIMIT_EXCEEDED = "limit_exceeded"
    BUYER_MISMATCH = "buyer_mismatch"
    PAYMENT_DECLINED = "payment_declined"
    ORDER_NUMBER_USED = "order_number_used"
    ORDER_CLOSED = "order_closed"
    ORDER_REVERSED = "order_reversed"
    ORDER_NOT_FOUND = "order_not_found"
    INVALID_REQUEST = "invalid_request"
    CONFIGURATION = "configuration"
    REFUND_EXCEEDS = "refund_exceeds"
    REFUND_REFUSED = "refund_refused"
    MERCHANT_BALANCE = "merchant_balance"
    REVERSE_EXPIRED = "reverse_expired"
    REVERSE_REFUSED = "reverse_refused"
    CHANNEL_NOT_CONFIGURED = "channel_not_configured"  # the cloud's own: the shop has not opened it


_MESSAGES: dict[FailureReason, tuple[str, str]] = {
    FailureReason.AUTH_CODE_EXPIRED: (
        "付款码已过期，请顾客刷新付款码后重新扫码",
        "The payment code has expired: ask the customer to refresh it, then scan again",
    ),
    FailureReason.AUTH_CODE_INVALID: (
        "付款码无效，请顾客刷新付款码后重新扫码",
        "The payment code is not valid: ask the customer to refresh it, then scan again",
    ),
    FailureReason.INSUFFICIENT_BALANCE: (
        "顾客余额不足，请换一种支付方式",
        "The customer's balance is too low: please use another payment method",
    ),
    FailureReason.CARD_NOT_SUPPORTED: (
        "顾客的付款卡不支持本次支付，请顾客换一张卡或换一种支付方式",
        "The customer's card cannot be used here: ask for another card or payment method",
    ),
    FailureReason.LIMIT_EXCEEDED: (
        "超出顾客的支付限额，请换一种支付方式",
        "The amount exceeds the customer's payment limit: please use another payment method",
    ),
    FailureReason.BUYER_MISMATCH: (
        "同一笔订单不能更换付款人，请重新发起收款",
        "This order cannot be paid by another customer: start a new payment",
    ),
    FailureReason.PAYMENT_DECLINED: (
        "支付未成功，请顾客确认后重新扫码，或换一种支付方式",
        "The payment was declined: ask the customer to check and scan again, or use another method",
    ),
    FailureReason.ORDER_NUMBER_USED: (
        "订单号已被使用，请重新发起收款",
        "This order number was already used: start a new payment",
    ),
    FailureReason.ORDER_CLOSED: (
        "该笔支付已关闭，请重新发起收款",
        "This payment is closed: start a new payment",
    ),
    FailureReason.ORDER_REVERSED: (
        "该笔支付已撤销，请重新发起收款",
        "This payment was reversed: start a new payment",
    ),
    FailureReason.ORDER_NOT_FOUND: (
        "支付通道找不到这笔订单",
        "The payment channel has no such order",
    ),
    FailureReason.INVALID_REQUEST: (
        "支付请求有误，请联系管理员",
        "The payment request was rejected as invalid: please contact the administrator",
    ),
    FailureReason.CONFIGURATION: (
        "支付配置有误（商户号或密钥被支付通道拒绝），请联系管理员检查支付设置",
        "Payment setup error (the channel rejected the merchant id or key): ask the administrator to check it",
    ),
    FailureReason.REFUND_EXCEEDS: (
        "退款金额超过了该笔支付的可退金额",
        "The refund exceeds what is left to refund on this payment",
    ),
    FailureReason.REFUND_REFUSED: (
        "支付通道拒绝了这笔退款，请核对订单和退款金额",
        "The channel refused this refund: check the order and the amount",
    ),
    FailureReason.MERCHANT_BALANCE: (
        "商户账户余额不足，暂时无法退款",
        "The merchant account balance is too low to refund now",
    ),
    FailureReason.REVERSE_EXPIRED: (
        "该笔支付已超过可撤销期限，请改用退款",
        "This payment is too old to reverse: refund it instead",
    ),
    FailureReason.REVERSE_REFUSED: (
        "支付通道拒绝撤销该笔支付，请改用退款或联系管理员",
        "The channel refused to reverse this payment: refund it instead or contact the administrator",
    ),
    FailureReason.CHANNEL_NOT_CONFIGURED: (
        "本店尚未开通这种支付方式，请换一种支付方式",
        "This payment method is not set up for this shop: please use another one",
    ),
}


@dataclass(frozen=True)
class Failure:
    reason: FailureReason
    channel_code: str  # the channel's own code, for logs and support: AUTHCODEEXPIRE, ACQ.TRADE_HAS_CLOSE
    zh: str
    en: str

    def message(self) -> str:
        return pick(self.en, self.zh)


def failure(reason: FailureReason, channel_code: str) -> Failure:
    zh, en = _MESSAGES[reason]
    return Failure(reason, channel_code, zh, en)
