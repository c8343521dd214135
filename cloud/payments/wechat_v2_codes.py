"""WeChat Pay v2 result codes, sorted into the neutral states (payments.md; WeChat micropay / orderquery /
reverse / refund error-code tables).

The lists are explicit on purpose: a code found in none of them is treated as "outcome unknown" (query),
because guessing "failed" for a code we do not know could make the cashier charge a customer twice.
"""

from __future__ import annotations

from cloud.payments.failures import FailureReason as R
from cloud.payments.model import PayState

# micropay: "SYSTEMERROR, BANKERROR, USERPAYING: outcome unknown → query, never treat as failure".
MICROPAY_PENDING: dict[str, PayState] = {
    "SYSTEMERROR": PayState.UNKNOWN,
    "BANKERROR": PayState.UNKNOWN,
    "USERPAYING": PayState.USERPAYING,
}

# micropay, final. ORDERPAID, ORDERCLOSED and ORDERREVERSED are final too, but they describe the order
# rather than a failure; the adapter handles them on their own (see WeChatV2Adapter.pay).
MICROPAY_FINAL: dict[str, R] = {
    "AUTHCODEEXPIRE": R.AUTH_CODE_EXPIRED,
    "AUTH_CODE_INVALID": R.AUTH_CODE_INVALID,
    "AUTH_CODE_ERROR": R.AUTH_CODE_INVALID,
    "NOTENOUGH": R.INSUFFICIENT_BALANCE,
    "NOTSUPORTCARD": R.CARD_NOT_SUPPORTED,  # sic: WeChat's spelling
    "BUYER_MISMATCH": R.BUYER_MISMATCH,
    "OUT_TRADE_NO_USED": R.ORDER_NUMBER_USED,
    "PARAM_ERROR": R.INVALID_REQUEST,
    "INVALID_REQUEST": R.INVALID_REQUEST,
    "TRADE_ERROR": R.PAYMENT_DECLINED,
    "SIGNERROR": R.CONFIGURATION,
    # The request never became a trade: wrong account or a malformed request of ours.
    "NOAUTH": R.CONFIGURATION,
    "APPID_NOT_EXIST": R.CONFIGURATION,
    "MCHID_NOT_EXIST": R.CONFIGURATION,
    "APPID_MCHID_NOT_MATCH": R.CONFIGURATION,
    "LACK_PARAMS": R.INVALID_REQUEST,
    "XML_FORMAT_ERROR": R.INVALID_REQUEST,
    "REQUIRE_POST_METHOD": R.INVALID_REQUEST,
    "NOT_UTF8": R.INVALID_REQUEST,
}

# orderquery trade_state. NOTPAY on a micropay order means the payer has not (yet) paid: keep asking,
# then reverse (every order must end SUCCESS, CLOSED or REVOKED). REFUND: it was paid, then refunded.
TRADE_STATE: dict[str, PayState] = {
    "SUCCESS": PayState.SUCCESS,
    "REFUND": PayState.REFUNDED,
    "NOTPAY": PayState.USERPAYING,
    "USERPAYING": PayState.USERPAYING,
    "CLOSED": PayState.CLOSED,
    "REVOKED": PayState.REVERSED,
    "PAYERROR": PayState.FAILED,
}

# reverse: err codes after which calling again is pointless (refund instead). Anything else, with
# recall=Y or not, is retried: an order must end SUCCESS, CLOSED or REVOKED, so giving up is not an option.
REVERSE_FINAL: dict[str, R] = {
    "REVERSE_EXPIRE": R.REVERSE_EXPIRED,
    "INVALID_TRANSACTIONID": R.REVERSE_REFUSED,
    "TRADE_ERROR": R.REVERSE_REFUSED,
}

# Codes that say our set-up is wrong; on a reverse or query they travel with the RETRY / UNKNOWN result.
CONFIGURATION_CODES = frozenset(
    {"SIGNERROR", "NOAUTH", "APPID_NOT_EXIST", "MCHID_NOT_EXIST", "APPID_MCHID_NOT_MATCH"}
)

# refund: final refusals; SYSTEMERROR / BIZERR_NEED_RETRY and unknown codes are UNKNOWN (retry the same
# out_refund_no: the channel de-duplicates by it).
REFUND_FINAL: dict[str, R] = {
    "INVALID_REQUEST": R.REFUND_REFUSED,
    "ERROR": R.REFUND_REFUSED,
    "TRADE_OVERDUE": R.REFUND_REFUSED,
    "USER_ACCOUNT_ABNORMAL": R.REFUND_REFUSED,
    "NOTENOUGH": R.MERCHANT_BALANCE,
    "ORDERNOTEXIST": R.ORDER_NOT_FOUND,
    "PARAM_ERROR": R.INVALID_REQUEST,
    "SIGNERROR": R.CONFIGURATION,
    "APPID_NOT_EXIST": R.CONFIGURATION,
    "MCHID_NOT_EXIST": R.CONFIGURATION,
    "REFUND_FEE_MISMATCH": R.REFUND_REFUSED,
}
