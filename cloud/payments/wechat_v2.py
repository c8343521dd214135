"""The WeChat Pay API v2 adapter for 付款码支付: micropay, orderquery, reverse and refund over signed XML.

Paths are relative to the configured base URL (production https://api.mch.weixin.qq.com, the sandbox's
URL in tests). Every answer with return_code=SUCCESS must carry a valid signature; one that does not is
treated as if it never arrived (UNKNOWN / RETRY), and the reason is logged. An answer with
return_code=FAIL is WeChat refusing the request itself (bad signature, unknown mch_id, malformed XML):
it is not signed, and it means no trade was made.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from datetime import UTC, datetime, timedelta

import requests

from cloud.payments import wechat_v2_codes as codes
from cloud.payments.credentials import WeChatV2Credentials
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
from cloud.payments.wechat_v2_sign import XmlRejected, from_xml, sign, to_xml, verify
from pos_app.clock import Clock, SystemClock

log = logging.getLogger(__name__)

CHANNEL = "wechat"
# reverse: "not sooner than 15 s after the order was created, orders ≤ 7 days old" (payments.md).
REVERSE_NOT_BEFORE = timedelta(seconds=15)
REVERSE_MAX_AGE = timedelta(days=7)
_OUT_REFUND_NO = re.compile(r"^[A-Za-z0-9_\-|*@]{1,64}$")


class _Unclear(Exception):
    """No trustworthy answer: transport failure, unparsable XML, missing or wrong signature."""


class _Rejected(Exception):
    """return_code=FAIL: WeChat refused the request before any business processing."""


class WeChatV2Adapter:
    def __init__(
        self,
        creds: WeChatV2Credentials,
        *,
        session: requests.Session | None = None,
        clock: Clock | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self._creds = creds
        self._session = session or requests.Session()
        self._clock = clock or SystemClock()
        self._timeout = timeout

    @property
    def channel(self) -> str:
        return CHANNEL

    # -- the four calls ---------------------------------------------------------------------------

    def pay(self, req: PayRequest) -> PayResult:
        fields = {
            "body": req.subject,
            "out_trade_no": req.out_trade_no,
            "total_fee": str(req.amount_fen),  # integer fen on WeChat's wire
            "spbill_create_ip": req.client_ip or self._creds.spbill_create_ip,
            "auth_code": req.auth_code,
            "device_info": req.terminal_id or "",
        }
        if req.store_id:
            fields["scene_info"] = json.dumps({"store_info": {"id": req.store_id}}, separators=(",", ":"))
        log.info("wechat micropay %s code %s fen %d", req.out_trade_no, masked(req.auth_code), req.amount_fen)
        result = self._pay(req.out_trade_no, fields)
        log.info("wechat micropay %s -> %s %s", req.out_trade_no, result.state.name, result.detail)
        return result

    def query(self, out_trade_no: str) -> PayResult:
        try:
            answer = self._call("/pay/orderquery", {"out_trade_no": out_trade_no})
        except _Unclear as exc:
            return self._unknown(out_trade_no, str(exc))
        except _Rejected as exc:
            return self._unknown(
                out_trade_no, str(exc), failure(FailureReason.CONFIGURATION, "return_code=FAIL")
            )
        if answer.get("result_code") != "SUCCESS":
            err = answer.get("err_code", "")
            if err == "ORDERNOTEXIST":  # nothing arrived, or not yet: reverse to make sure it never will
                found = failure(FailureReason.ORDER_NOT_FOUND, err)
                return self._unknown(out_trade_no, "ORDERNOTEXIST", found)
            config = failure(FailureReason.CONFIGURATION, err) if err in codes.CONFIGURATION_CODES else None
            return self._unknown(out_trade_no, f"orderquery {err}", config)
        trade_state = answer.get("trade_state", "")
        state = codes.TRADE_STATE.get(trade_state)
        if state is None:
            return self._unknown(out_trade_no, f"unlisted trade_state {trade_state!r}")
        if state in (PayState.SUCCESS, PayState.REFUNDED):
            return self._paid(out_trade_no, answer, state)
        why = {
            PayState.FAILED: failure(FailureReason.PAYMENT_DECLINED, trade_state),
            PayState.CLOSED: failure(FailureReason.ORDER_CLOSED, trade_state),
            PayState.REVERSED: failure(FailureReason.ORDER_REVERSED, trade_state),
        }.get(state)
        return PayResult(CHANNEL, out_trade_no, state, failure=why, detail=trade_state)

    def reverse(self, out_trade_no: str, created_at: datetime) -> ReverseResult:
        if created_at.tzinfo is None:
            raise PaymentInputError("created_at must carry a time zone", "订单创建时间缺少时区")
        age = self._clock.now() - created_at
        if age < REVERSE_NOT_BEFORE:
            when = created_at.astimezone(UTC) + REVERSE_NOT_BEFORE
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.TOO_EARLY, not_before=when)
        if age > REVERSE_MAX_AGE:
            why = failure(FailureReason.REVERSE_EXPIRED, "older than 7 days")
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.REFUSED, failure=why)
        try:
            # /secapi: production needs the merchant's client certificate (credentials.client_cert_path);
            # it is configured and passed on, but the loopback sandbox does not exercise it.
            answer = self._call("/secapi/pay/reverse", {"out_trade_no": out_trade_no}, certificate=True)
        except _Unclear as exc:
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.RETRY, detail=str(exc))
        except _Rejected as exc:
            config = failure(FailureReason.CONFIGURATION, "return_code=FAIL")
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.RETRY, failure=config, detail=str(exc))
        recall = answer.get("recall") == "Y"  # "recall=Y in the answer means call again"
        err = answer.get("err_code", "")
        if answer.get("result_code") == "SUCCESS" and not recall:
            log.info("wechat reverse %s done", out_trade_no)
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.DONE)
        if not recall and err in codes.REVERSE_FINAL:
            why = failure(codes.REVERSE_FINAL[err], err)
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.REFUSED, failure=why, detail=err)
        if not recall and err == "ORDERNOTEXIST":
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.DONE, detail=err)
        setup = failure(FailureReason.CONFIGURATION, err) if err in codes.CONFIGURATION_CODES else None
        detail = f"recall={answer.get('recall', '')} {err}".strip()
        return ReverseResult(CHANNEL, out_trade_no, ReverseState.RETRY, failure=setup, detail=detail)

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int) -> RefundResult:
        _check_refund(out_refund_no, refund_fen, total_fen)
        fields = {
            "out_trade_no": out_trade_no,
            "out_refund_no": out_refund_no,  # WeChat de-duplicates refunds by it
            "total_fee": str(total_fen),
            "refund_fee": str(refund_fen),
        }

        def result(
            state: PayState, why: Failure | None = None, detail: str = "", no: str | None = None
        ) -> RefundResult:
            return RefundResult(CHANNEL, out_trade_no, out_refund_no, state, refund_fen, no, why, detail)

        try:
            answer = self._call(
                "/secapi/pay/refund", fields, certificate=True
            )  # client certificate: see reverse
        except _Unclear as exc:
            return result(PayState.UNKNOWN, detail=str(exc))
        except _Rejected as exc:
            return result(PayState.FAILED, failure(FailureReason.CONFIGURATION, "return_code=FAIL"), str(exc))
        if answer.get("result_code") == "SUCCESS":
            # Accepted: WeChat moves the money at once for balance payments, within days for bank cards.
            return result(PayState.REFUNDED, no=answer.get("refund_id") or None)
        err = answer.get("err_code", "")
        if err in codes.REFUND_FINAL:
            return result(PayState.FAILED, failure(codes.REFUND_FINAL[err], err), err)
        return result(PayState.UNKNOWN, detail=f"refund {err}")

    # -- helpers ----------------------------------------------------------------------------------

    def _pay(self, out_trade_no: str, fields: dict[str, str]) -> PayResult:
        try:
            answer = self._call("/pay/micropay", fields)
        except _Unclear as exc:
            return self._unknown(out_trade_no, str(exc))
        except _Rejected as exc:
            why = failure(FailureReason.CONFIGURATION, "return_code=FAIL")
            return PayResult(CHANNEL, out_trade_no, PayState.FAILED, failure=why, detail=str(exc))
        if answer.get("result_code") == "SUCCESS":
            return self._paid(out_trade_no, answer, PayState.SUCCESS)
        err = answer.get("err_code", "")
        if err in codes.MICROPAY_PENDING:  # "outcome unknown → query, never treat as failure"
            return PayResult(CHANNEL, out_trade_no, codes.MICROPAY_PENDING[err], detail=err)
        if err == "ORDERPAID":
            # Final for this out_trade_no, and it means the money was taken: ask what was paid rather
            # than report a failure that would have the cashier charge the customer a second time.
            paid = self.query(out_trade_no)
            return paid if paid.state is PayState.SUCCESS else self._unknown(out_trade_no, "ORDERPAID")
        if err == "ORDERCLOSED":
            why = failure(FailureReason.ORDER_CLOSED, err)
            return PayResult(CHANNEL, out_trade_no, PayState.CLOSED, failure=why, detail=err)
        if err == "ORDERREVERSED":
            why = failure(FailureReason.ORDER_REVERSED, err)
            return PayResult(CHANNEL, out_trade_no, PayState.REVERSED, failure=why, detail=err)
        if err in codes.MICROPAY_FINAL:
            why = failure(codes.MICROPAY_FINAL[err], err)
            return PayResult(CHANNEL, out_trade_no, PayState.FAILED, failure=why, detail=err)
        return self._unknown(out_trade_no, f"unlisted err_code {err!r}")

    def _call(self, path: str, fields: dict[str, str], *, certificate: bool = False) -> dict[str, str]:
        key = self._creds.api_key.get_secret_value()
        params = {
            "appid": self._creds.appid,
            "mch_id": self._creds.mch_id,
            "nonce_str": secrets.token_hex(16),
        }
        params.update({k: v for k, v in fields.items() if v != ""})
        if self._creds.sign_type != "MD5":  # MD5 is the default; any other type must be named and signed
            params["sign_type"] = self._creds.sign_type
        params["sign"] = sign(params, key, self._creds.sign_type)
        cert = None
        if certificate and self._creds.client_cert_path and self._creds.client_key_path:
            cert = (self._creds.client_cert_path, self._creds.client_key_path)
        try:
            answer = post(
                self._session,
                self._creds.base_url + path,
                to_xml(params),
                {"Content-Type": "text/xml; charset=utf-8"},
                timeout=self._timeout,
                cert=cert,
            )
            doc = from_xml(answer.body)
        except (TransportError, XmlRejected) as exc:
            log.warning("wechat %s: no usable answer (%s)", path, exc)
            raise _Unclear(str(exc)) from exc
        if doc.get("return_code") != "SUCCESS":
            message = doc.get("return_msg", "")[:80]
            log.error("wechat %s refused the request: %s", path, message)
            raise _Rejected(f"return_code={doc.get('return_code', '')} {message}")
        if not verify(doc, key, self._creds.sign_type):
            log.error("wechat %s: answer with a missing or wrong signature ignored", path)
            raise _Unclear("answer signature invalid")
        if doc.get("out_trade_no", fields.get("out_trade_no")) != fields.get("out_trade_no"):
            log.error("wechat %s: answer names another out_trade_no", path)
            raise _Unclear("answer for another order")
        return doc

    def _paid(self, out_trade_no: str, answer: dict[str, str], state: PayState) -> PayResult:
        fee = answer.get("total_fee", "")
        if not (fee.isascii() and fee.isdigit()):
            return self._unknown(out_trade_no, "answer without a readable total_fee")
        trade_no = answer.get("transaction_id") or None
        return PayResult(
            CHANNEL, out_trade_no, state, int(fee), trade_no, detail=answer.get("trade_state", "")
        )

    @staticmethod
    def _unknown(out_trade_no: str, detail: str, why: Failure | None = None) -> PayResult:
        return PayResult(CHANNEL, out_trade_no, PayState.UNKNOWN, failure=why, detail=detail)


def _check_refund(out_refund_no: str, refund_fen: int, total_fen: int) -> None:
    if not _OUT_REFUND_NO.match(out_refund_no):
        raise PaymentInputError(f"bad refund number {out_refund_no!r}", f"退款单号无效：{out_refund_no}")
    if not (0 < refund_fen <= total_fen):
        raise PaymentInputError(
            "the refund must be more than zero and at most the amount paid",
            "退款金额必须大于零且不超过支付金额",
        )
