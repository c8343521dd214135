"""Codes of the generic aggregator protocol (modelled on 收钱吧 upay v2, WoSai/shouqianba-doc "Appendix"),
sorted into the neutral states.

Two layers: the top-level result_code is the request's fate ("200" processed, "400" refused: bad
parameters, unknown terminal, bad signature; "500" system error, outcome unknown); biz_response.result_code
is the transaction's (PAY_SUCCESS, PAY_FAIL, PAY_FAIL_ERROR, ...), and data.order_status the order's.
"""

from __future__ import annotations

from cloud.payments.failures import FailureReason as R
from cloud.payments.model import PayState

PROCESSED = "200"
REFUSED = "400"

# Top-level error codes of a refused request.
REQUEST_ERRORS: dict[str, R] = {
    "ILLEGAL_SIGN": R.CONFIGURATION,
    "INVALID_TERMINAL": R.CONFIGURATION,
    "INVALID_PARAMS": R.INVALID_REQUEST,
}

# biz error_code after PAY_FAIL / FAIL on a pay. TRADE_HAS_SUCCESS is handled on its own (query).
PAY_ERRORS: dict[str, R] = {
    "INVALID_BARCODE": R.AUTH_CODE_INVALID,
    "EXPIRED_BARCODE": R.AUTH_CODE_EXPIRED,
    "INSUFFICIENT_FUND": R.INSUFFICIENT_BALANCE,
    "BUYER_OVER_DAILY_LIMIT": R.LIMIT_EXCEEDED,
    "BUYER_OVER_TRANSACTION_LIMIT": R.LIMIT_EXCEEDED,
    "SELLER_OVER_DAILY_LIMIT": R.PAYMENT_DECLINED,
    "UPAY_STORE_OVER_DAILY_LIMIT": R.PAYMENT_DECLINED,
    "TRADE_FAILED": R.PAYMENT_DECLINED,
    "TRADE_TIMEOUT": R.PAYMENT_DECLINED,
    "UNEXPECTED_PROVIDER_ERROR": R.PAYMENT_DECLINED,
    "CLIENT_SN_CONFLICT": R.ORDER_NUMBER_USED,
    "UPAY_TERMINAL_NOT_EXISTS": R.CONFIGURATION,
    "UPAY_TERMINAL_STATUS_ABNORMAL": R.CONFIGURATION,
}

# data.order_status on a query. A refund in progress or in error leaves the payment itself paid.
ORDER_STATUS: dict[str, PayState] = {
    "CREATED": PayState.USERPAYING,
    "PAID": PayState.SUCCESS,
    "PAY_CANCELED": PayState.CLOSED,
    "PAY_ERROR": PayState.UNKNOWN,
    "REFUNDED": PayState.REFUNDED,
    "PARTIAL_REFUNDED": PayState.REFUNDED,
    "REFUND_INPROGRESS": PayState.SUCCESS,
    "REFUND_ERROR": PayState.SUCCESS,
    "CANCELED": PayState.REVERSED,
    "CANCEL_ERROR": PayState.UNKNOWN,
}

# cancel: FAIL codes after which calling again is pointless, and those that mean "nothing left to do".
CANCEL_REFUSED: dict[str, R] = {
    "UPAY_CANCEL_INVALID_ORDER_STATE": R.REVERSE_REFUSED,
    "UPAY_TCP_ORDER_NOT_REFUNDABLE": R.REVERSE_REFUSED,
}
CANCEL_NOTHING_TO_DO = frozenset({"UPAY_CANCEL_ORDER_NOOP", "UPAY_ORDER_NOT_EXIST"})

# refund FAIL codes.
REFUND_ERRORS: dict[str, R] = {
    "REFUNDABLE_AMOUNT_NOT_ENOUGH": R.REFUND_EXCEEDS,
    "REFUND_AMT_NOT_EQUAL_TOTAL": R.REFUND_EXCEEDS,
    "UPAY_REFUND_INVALID_ORDER_STATE": R.REFUND_REFUSED,
    "UPAY_ORDER_NOT_EXIST": R.ORDER_NOT_FOUND,
    "ACCOUNT_BALANCE_NOT_ENOUGH": R.MERCHANT_BALANCE,
    "SELLER_BALANCE_NOT_ENOUGH": R.MERCHANT_BALANCE,
}
