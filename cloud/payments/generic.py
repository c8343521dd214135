"""The generic aggregator adapter for UnionPay 云闪付, Bestpay 翼支付 and e-CNY 数字人民币.

One JSON protocol for the three, modelled on 收钱吧 upay v2 (payments.md): POST {base}/upay/v2/pay | query |
cancel | refund, amounts as strings of fen, client_sn = our out_trade_no, dynamic_id = the scanned code.
Each request body is signed `MD5(raw JSON body + terminal key)` and sent as `Authorization: <terminal_sn>
<sign>`. Our protocol asks the same of the answers, in an `X-Signature: <terminal_sn> <sign>` header, and
refuses unsigned answers except a request refusal (top-level result_code "400"), which means nothing
was done. The adapter is parametrised by channel name (for results and logs) and credentials.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from datetime import datetime
from typing import Any

import requests

from cloud.payments import generic_codes as codes
from cloud.payments.credentials import GenericCredentials
from cloud.payments.errors import PaymentInputError
from cloud.payments.failures import Failure, FailureReason, failure
from cloud.payments.model import (
    PayRequest,
    PayResult,
    PayState,
    RefundResult,
    ReverseResult,
    ReverseState,
    masked,
)
from cloud.payments.transport import DEFAULT_TIMEOUT, TransportError, post

log = logging.getLogger(__name__)

GENERIC_CHANNELS = ("unionpay", "bestpay", "ecny")
SIGNATURE_HEADER = "X-Signature"
_REFUND_NO = re.compile(r"^[A-Za-z0-9_\-]{1,32}$")


def body_sign(body: bytes, key: str) -> str:
    return hashlib.md5(body + key.encode("utf-8")).hexdigest()


def signature_ok(header: str, terminal_sn: str, body: bytes, key: str) -> bool:
    """`<terminal_sn> <md5>` with the right terminal and the right MD5 (hex, either case)."""
    sn, _, given = header.strip().partition(" ")
    return sn == terminal_sn and hmac.compare_digest(given.strip().lower(), body_sign(body, key))


class _Unclear(Exception):
    """No trustworthy answer: transport failure, not JSON, unsigned or wrongly signed."""


class GenericAdapter:
    def __init__(
        self,
        channel: str,
        creds: GenericCredentials,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        if channel not in GENERIC_CHANNELS:
            raise ValueError(f"not a generic channel: {channel}")
        self._channel = channel
        self._creds = creds
        self._session = session or requests.Session()
        self._timeout = timeout

    @property
    def channel(self) -> str:
        return self._channel

    def pay(self, req: PayRequest) -> PayResult:
        body = {
            "client_sn": req.out_trade_no,
            "total_amount": str(req.amount_fen),  # fen, as a string
            "dynamic_id": req.auth_code,
            "subject": req.subject,
            "operator": req.terminal_id or "till",
        }
        log.info(
            "%s pay %s code %s fen %d", self._channel, req.out_trade_no, masked(req.auth_code), req.amount_fen
        )
        result = self._pay(req.out_trade_no, body)
        log.info("%s pay %s -> %s %s", self._channel, req.out_trade_no, result.state.name, result.detail)
        return result

    def query(self, out_trade_no: str) -> PayResult:
        try:
            top, biz = self._call("/upay/v2/query", {"client_sn": out_trade_no})
        except _Unclear as exc:
            return self._unknown(out_trade_no, str(exc))
        if top is not None:
            return self._unknown(out_trade_no, top.channel_code, top)
        result, error = str(biz.get("result_code", "")), str(biz.get("error_code", ""))
        if result != "SUCCESS":
            why = failure(FailureReason.ORDER_NOT_FOUND, error) if error == "UPAY_ORDER_NOT_EXIST" else None
            return self._unknown(out_trade_no, f"{result} {error}".strip(), why)
        data = _data(biz)
        status = str(data.get("order_status", ""))
        state = codes.ORDER_STATUS.get(status)
        if state is None:
            return self._unknown(out_trade_no, f"unlisted order_status {status!r}")
        if state in (PayState.SUCCESS, PayState.REFUNDED):
            return self._paid(out_trade_no, data, state, status)
        why = {
            PayState.CLOSED: failure(FailureReason.ORDER_CLOSED, status),
            PayState.REVERSED: failure(FailureReason.ORDER_REVERSED, status),
        }.get(state)
        return PayResult(self._channel, out_trade_no, state, failure=why, detail=status)

    def reverse(self, out_trade_no: str, created_at: datetime) -> ReverseResult:
        """/cancel: upay's answer to a payment whose outcome stays unclear (query every 5 s, then cancel)."""
        if created_at.tzinfo is None:
            raise PaymentInputError("created_at must carry a time zone", "订单创建时间缺少时区")

        def result(state: ReverseState, why: Failure | None = None, detail: str = "") -> ReverseResult:
            return ReverseResult(self._channel, out_trade_no, state, failure=why, detail=detail)

        try:
            top, biz = self._call("/upay/v2/cancel", {"client_sn": out_trade_no})
        except _Unclear as exc:
            return result(ReverseState.RETRY, detail=str(exc))
        if top is not None:
            return result(ReverseState.RETRY, top, top.channel_code)
        outcome, error = str(biz.get("result_code", "")), str(biz.get("error_code", ""))
        if outcome in ("CANCEL_SUCCESS", "CANCEL_ABORT_SUCCESS"):
            log.info("%s cancel %s done", self._channel, out_trade_no)
            return result(ReverseState.DONE, detail=outcome)
        if outcome == "FAIL" and error in codes.CANCEL_NOTHING_TO_DO:
            return result(ReverseState.DONE, detail=error)
        if outcome == "FAIL" and error in codes.CANCEL_REFUSED:
            return result(ReverseState.REFUSED, failure(codes.CANCEL_REFUSED[error], error), error)
        return result(ReverseState.RETRY, detail=f"{outcome} {error}".strip())  # CANCEL_ERROR and the like

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int) -> RefundResult:
        if not _REFUND_NO.match(out_refund_no):
            raise PaymentInputError(f"bad refund number {out_refund_no!r}", f"退款单号无效：{out_refund_no}")
        if not (0 < refund_fen <= total_fen):
            raise PaymentInputError(
                "the refund must be more than zero and at most the amount paid",
                "退款金额必须大于零且不超过支付金额",
            )
        body = {
            "client_sn": out_trade_no,
            "refund_request_no": out_refund_no,  # the aggregator de-duplicates refunds by it
            "refund_amount": str(refund_fen),
            "operator": "till",
        }

        def result(state: PayState, why: Failure | None = None, detail: str = "") -> RefundResult:
            return RefundResult(
                self._channel, out_trade_no, out_refund_no, state, refund_fen, None, why, detail
            )

        try:
            top, biz = self._call("/upay/v2/refund", body)
        except _Unclear as exc:
            return result(PayState.UNKNOWN, detail=str(exc))
        if top is not None:
            return result(PayState.FAILED, top, top.channel_code)
        outcome, error = str(biz.get("result_code", "")), str(biz.get("error_code", ""))
        if outcome == "REFUND_SUCCESS" or (outcome == "FAIL" and error == "UPAY_REFUND_ORDER_NOOP"):
            return result(PayState.REFUNDED, detail=outcome)
        if outcome == "FAIL":
            reason = codes.REFUND_ERRORS.get(error, FailureReason.REFUND_REFUSED)
            return result(PayState.FAILED, failure(reason, error), error)
        return result(PayState.UNKNOWN, detail=f"{outcome} {error}".strip())  # REFUND_ERROR and the like

    # -- helpers ----------------------------------------------------------------------------------

    def _pay(self, out_trade_no: str, body: dict[str, str]) -> PayResult:
        try:
            top, biz = self._call("/upay/v2/pay", body)
        except _Unclear as exc:
            return self._unknown(out_trade_no, str(exc))
        if top is not None:
            return PayResult(
                self._channel, out_trade_no, PayState.FAILED, failure=top, detail=top.channel_code
            )
        outcome, error = str(biz.get("result_code", "")), str(biz.get("error_code", ""))
        if outcome == "PAY_SUCCESS":
            return self._paid(out_trade_no, _data(biz), PayState.SUCCESS, outcome)
        if outcome == "PAY_IN_PROGRESS":
            return PayResult(self._channel, out_trade_no, PayState.USERPAYING, detail=outcome)
        if outcome in ("PAY_FAIL", "FAIL") and error == "TRADE_HAS_SUCCESS":
            paid = self.query(out_trade_no)  # paid already: report what was paid, never a failure
            return paid if paid.state is PayState.SUCCESS else self._unknown(out_trade_no, error)
        if outcome in ("PAY_FAIL", "FAIL"):  # "failed (and cancelled)": final, nothing charged
            why = failure(codes.PAY_ERRORS.get(error, FailureReason.PAYMENT_DECLINED), error)
            return PayResult(self._channel, out_trade_no, PayState.FAILED, failure=why, detail=error)
        return self._unknown(out_trade_no, f"{outcome} {error}".strip())  # PAY_FAIL_ERROR and the like

    def _call(self, path: str, fields: dict[str, str]) -> tuple[Failure | None, dict[str, Any]]:
        """(refusal, biz_response): a refusal when the request itself was refused (top-level "400")."""
        key = self._creds.terminal_key.get_secret_value()
        body = json.dumps({"terminal_sn": self._creds.terminal_sn, **fields}, ensure_ascii=False).encode(
            "utf-8"
        )
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"{self._creds.terminal_sn} {body_sign(body, key)}",
        }
        try:
            answer = post(self._session, self._creds.base_url + path, body, headers, timeout=self._timeout)
            doc = json.loads(answer.body)
        except (TransportError, ValueError) as exc:
            log.warning("%s %s: no usable answer (%s)", self._channel, path, exc)
            raise _Unclear(str(exc)) from exc
        if not isinstance(doc, dict):
            raise _Unclear("answer is not a JSON object")
        top = str(doc.get("result_code", ""))
        signed = signature_ok(
            answer.headers.get(SIGNATURE_HEADER, ""), self._creds.terminal_sn, answer.body, key
        )
        if top == codes.REFUSED:
            error = str(doc.get("error_code", ""))
            log.error("%s %s refused the request: %s", self._channel, path, error)
            return failure(codes.REQUEST_ERRORS.get(error, FailureReason.INVALID_REQUEST), error), {}
        if not signed:
            log.error("%s %s: answer with a missing or wrong signature ignored", self._channel, path)
            raise _Unclear("answer signature invalid")
        biz = doc.get("biz_response")
        if top != codes.PROCESSED or not isinstance(biz, dict):
            raise _Unclear(f"result_code {top}")  # "500": system error, outcome unknown
        if _data(biz).get("client_sn", fields["client_sn"]) != fields["client_sn"]:
            raise _Unclear("answer for another order")
        return None, biz

    def _paid(self, out_trade_no: str, data: dict[str, Any], state: PayState, detail: str) -> PayResult:
        amount = str(data.get("total_amount", ""))
        if not (amount.isascii() and amount.isdigit()):
            return self._unknown(out_trade_no, "answer without a readable total_amount")
        trade_no = str(data.get("sn", "")) or None
        return PayResult(self._channel, out_trade_no, state, int(amount), trade_no, detail=detail)

    def _unknown(self, out_trade_no: str, detail: str, why: Failure | None = None) -> PayResult:
        return PayResult(self._channel, out_trade_no, PayState.UNKNOWN, failure=why, detail=detail)


def _data(biz: dict[str, Any]) -> dict[str, Any]:
    data = biz.get("data")
    return data if isinstance(data, dict) else {}
