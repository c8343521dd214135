"""Alipay gateway codes and sub_codes, sorted into the neutral states (payments.md; Alipay open-API
"公共错误码" and the alipay.trade.pay / query / cancel / refund error tables).

code: 10000 success; 10003 waiting for the payer (pay only) → poll; 20000 service unavailable → unknown,
query; 40004 business failure, final, the sub_code says which. 40001 / 40002 / 40006 and 20001 reject the
request itself (missing or invalid arguments, bad signature, no permission): no trade was made.
"""

from __future__ import annotations

from cloud.payments.failures import FailureReason as R
from cloud.payments.model import PayState

SUCCESS = "10000"
WAITING = "10003"
UNKNOWN = "20000"
BUSINESS_FAILURE = "40004"
REQUEST_REJECTED = frozenset({"20001", "40001", "40002", "40006"})

# A 40004 with this sub_code is not a business answer but Alipay's own trouble: the outcome is unknown.
SYSTEM_ERRORS = frozenset({"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR"})

# Sub-codes of a rejected request that mean our set-up is wrong rather than one request's arguments.
CONFIGURATION_SUB_CODES = frozenset(
    {
        "isv.invalid-signature",
        "isv.missing-signature",
        "isv.invalid-signature-type",
        "isv.invalid-app-id",
        "isv.missing-app-id",
        "isv.invalid-encrypt",
        "isv.insufficient-isv-permissions",
        "isv.insufficient-user-permissions",
    }
)

# alipay.trade.pay, 40004. ACQ.TRADE_HAS_SUCCESS and ACQ.TRADE_HAS_CLOSE describe the order rather than a
# failure; the adapter handles them on their own (see AlipayAdapter.pay). Alipay answers an expired code
# with ACQ.PAYMENT_AUTH_CODE_INVALID too: it has no separate sub_code for expiry.
PAY_FINAL: dict[str, R] = {
    "ACQ.PAYMENT_AUTH_CODE_INVALID": R.AUTH_CODE_INVALID,
    "ACQ.BUYER_BALANCE_NOT_ENOUGH": R.INSUFFICIENT_BALANCE,
    "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH": R.INSUFFICIENT_BALANCE,
    "ACQ.CONTEXT_INCONSISTENT": R.ORDER_NUMBER_USED,
    "ACQ.TRADE_BUYER_NOT_MATCH": R.BUYER_MISMATCH,
    "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR": R.LIMIT_EXCEEDED,
    "ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR": R.LIMIT_EXCEEDED,
    "ACQ.PAYMENT_FAIL": R.PAYMENT_DECLINED,
    "ACQ.ERROR_BALANCE_PAYMENT_DISABLE": R.PAYMENT_DECLINED,
    "ACQ.BUYER_ENABLE_STATUS_FORBID": R.PAYMENT_DECLINED,
    "ACQ.PULL_MOBILE_CASHIER_FAIL": R.PAYMENT_DECLINED,
    "ACQ.MOBILE_PAYMENT_SWITCH_OFF": R.PAYMENT_DECLINED,
    "ACQ.PAYMENT_REQUEST_HAS_RISK": R.PAYMENT_DECLINED,
    "ACQ.NO_PAYMENT_INSTRUMENTS_AVAILABLE": R.PAYMENT_DECLINED,
    "ACQ.BUYER_SELLER_EQUAL": R.PAYMENT_DECLINED,
    "ACQ.TRADE_STATUS_ERROR": R.PAYMENT_DECLINED,
    "ACQ.INVALID_PARAMETER": R.INVALID_REQUEST,
    "ACQ.TOTAL_FEE_EXCEED": R.INVALID_REQUEST,
    "ACQ.EXIST_FORBIDDEN_WORD": R.INVALID_REQUEST,
    "ACQ.ACCESS_FORBIDDEN": R.CONFIGURATION,
    "ACQ.PARTNER_ERROR": R.CONFIGURATION,
}

# alipay.trade.query trade_status.
TRADE_STATUS: dict[str, PayState] = {
    "WAIT_BUYER_PAY": PayState.USERPAYING,
    "TRADE_SUCCESS": PayState.SUCCESS,
    "TRADE_FINISHED": PayState.SUCCESS,  # paid, and no longer refundable
    "TRADE_CLOSED": PayState.CLOSED,  # closed unpaid, cancelled, or fully refunded
}

# alipay.trade.cancel, 40004 with retry_flag=N: calling again is pointless.
CANCEL_FINAL: dict[str, R] = {
    "ACQ.TRADE_CANCEL_TIME_OUT": R.REVERSE_EXPIRED,
    "ACQ.TRADE_HAS_FINISHED": R.REVERSE_REFUSED,
    "ACQ.REASON_TRADE_BEEN_FREEZEN": R.REVERSE_REFUSED,
    "ACQ.SELLER_BALANCE_NOT_ENOUGH": R.REVERSE_REFUSED,
    "ACQ.TRADE_STATUS_ERROR": R.REVERSE_REFUSED,
}

# alipay.trade.refund, 40004.
REFUND_FINAL: dict[str, R] = {
    "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL": R.REFUND_EXCEEDS,
    "ACQ.REASON_TRADE_REFUND_FEE_ERR": R.REFUND_EXCEEDS,
    "ACQ.SELLER_BALANCE_NOT_ENOUGH": R.MERCHANT_BALANCE,
    "ACQ.TRADE_NOT_EXIST": R.ORDER_NOT_FOUND,
    "ACQ.TRADE_STATUS_ERROR": R.REFUND_REFUSED,
    "ACQ.TRADE_HAS_FINISHED": R.REFUND_REFUSED,
    "ACQ.TRADE_NOT_ALLOW_REFUND": R.REFUND_REFUSED,
    "ACQ.DISCORDANT_REPEAT_REQUEST": R.REFUND_REFUSED,
    "ACQ.CONTEXT_INCONSISTENT": R.REFUND_REFUSED,
    "ACQ.INVALID_PARAMETER": R.INVALID_REQUEST,
}
