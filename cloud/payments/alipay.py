"""The Alipay adapter for 当面付 bar-code payments: alipay.trade.pay (scene=bar_code), query, cancel, refund.

The only place in the service where money is a yuan string: Alipay's total_amount / refund_amount are
"yuan with 2 decimals" (payments.md), so fen_to_yuan / yuan_to_fen below convert with integer arithmetic
and nothing else does. Requests are form-encoded common parameters with a JSON biz_content, signed RSA2
with the app's private key; every answer must verify with Alipay's public key (alipay_sign.py), except a
bare request rejection (bad signature, unknown app_id), which Alipay may leave unsigned and which can only
mean that nothing was done.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import requests

from cloud.payments import alipay_codes as codes
from cloud.payments.alipay_sign import (
    load_private_key,
    load_public_key,
    raw_members,
    sign_params,
    verify_text,
)
from cloud.payments.credentials import AlipayCredentials
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
from pos_app.clock import Clock, SystemClock

log = logging.getLogger(__name__)

CHANNEL = "alipay"
SHANGHAI = ZoneInfo("Asia/Shanghai")  # Alipay's timestamp is Beijing time, "yyyy-MM-dd HH:mm:ss"
_YUAN = re.compile(r"^(?P<whole>0|[1-9][0-9]{0,10})(?:\.(?P<frac>[0-9]{1,2}))?$")
_OUT_REQUEST_NO = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


def fen_to_yuan(fen: int) -> str:
    """1234 -> "12.34", 5 -> "0.05": exact, by integer division; Alipay wants two decimals."""
    if isinstance(fen, bool) or not isinstance(fen, int) or fen < 0:
        raise ValueError(f"not an amount in fen: {fen!r}")
    whole, part = divmod(fen, 100)
    return f"{whole}.{part:02d}"


def yuan_to_fen(text: str) -> int:
    """The inverse: "12.34" -> 1234, "12.3" -> 1230, "12" -> 1200; anything else (sign, exponent, spaces) raises."""
    match = _YUAN.match(text)
    if not match:
        raise ValueError(f"not a yuan amount: {text!r}")
    return int(match["whole"]) * 100 + int((match["frac"] or "").ljust(2, "0"))


class _Unclear(Exception):
    """No trustworthy answer: transport failure, not JSON, unsigned or wrongly signed."""


class AlipayAdapter:
    def __init__(
        self,
        creds: AlipayCredentials,
        *,
        session: requests.Session | None = None,
        clock: Clock | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self._creds = creds
        self._private = load_private_key(creds.app_private_key_pem.get_secret_value())
        self._public = load_public_key(creds.alipay_public_key_pem)
        self._session = session or requests.Session()
        self._clock = clock or SystemClock()
        self._timeout = timeout

    @property
    def channel(self) -> str:
        return CHANNEL

    def pay(self, req: PayRequest) -> PayResult:
        biz = {
            "out_trade_no": req.out_trade_no,
            "scene": "bar_code",
            "auth_code": req.auth_code,
            "subject": req.subject,
            "total_amount": fen_to_yuan(req.amount_fen),
        }
        if req.store_id:
            biz["store_id"] = req.store_id
        if req.terminal_id:
            biz["terminal_id"] = req.terminal_id
        log.info("alipay pay %s code %s fen %d", req.out_trade_no, masked(req.auth_code), req.amount_fen)
        result = self._pay(req.out_trade_no, biz)
        log.info("alipay pay %s -> %s %s", req.out_trade_no, result.state.name, result.detail)
        return result

    def query(self, out_trade_no: str) -> PayResult:
        try:
            data = self._call("alipay.trade.query", {"out_trade_no": out_trade_no})
        except _Unclear as exc:
            return _unknown(out_trade_no, str(exc))
        code, sub = str(data.get("code", "")), str(data.get("sub_code", ""))
        if code != codes.SUCCESS:
            why = _rejection(sub) if code in codes.REQUEST_REJECTED else None
            if sub == "ACQ.TRADE_NOT_EXIST":  # nothing arrived, or not yet: cancel to make sure it never will
                why = failure(FailureReason.ORDER_NOT_FOUND, sub)
            return _unknown(out_trade_no, f"{code} {sub}".strip(), why)
        status = str(data.get("trade_status", ""))
        state = codes.TRADE_STATUS.get(status)
        if state is None:
            return _unknown(out_trade_no, f"unlisted trade_status {status!r}")
        if state is PayState.SUCCESS:
            return _paid(out_trade_no, data, status)
        why = failure(FailureReason.ORDER_CLOSED, status) if state is PayState.CLOSED else None
        return PayResult(CHANNEL, out_trade_no, state, failure=why, detail=status)

    def reverse(self, out_trade_no: str, created_at: datetime) -> ReverseResult:
        """alipay.trade.cancel: closes an unpaid trade, or refunds a paid one (action=close / refund)."""
        if created_at.tzinfo is None:
            raise PaymentInputError("created_at must carry a time zone", "订单创建时间缺少时区")
        try:
            data = self._call("alipay.trade.cancel", {"out_trade_no": out_trade_no})
        except _Unclear as exc:
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.RETRY, detail=str(exc))
        code, sub = str(data.get("code", "")), str(data.get("sub_code", ""))
        action = str(data.get("action", ""))
        if data.get("retry_flag") == "Y":  # Alipay's face-to-face demo: up to 3 tries, 2 s apart
            return ReverseResult(
                CHANNEL, out_trade_no, ReverseState.RETRY, detail=f"retry_flag=Y {sub}".strip()
            )
        if code == codes.SUCCESS:
            log.info("alipay cancel %s done, action=%s", out_trade_no, action)
            returned = action == "refund" if action else None
            return ReverseResult(
                CHANNEL, out_trade_no, ReverseState.DONE, money_returned=returned, detail=action
            )
        if code == codes.BUSINESS_FAILURE and sub in codes.CANCEL_FINAL:
            why = failure(codes.CANCEL_FINAL[sub], sub)
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.REFUSED, failure=why, detail=sub)
        if code == codes.BUSINESS_FAILURE and sub == "ACQ.TRADE_NOT_EXIST":
            return ReverseResult(CHANNEL, out_trade_no, ReverseState.DONE, detail=sub)
        setup = _rejection(sub) if code in codes.REQUEST_REJECTED else None
        return ReverseResult(CHANNEL, out_trade_no, ReverseState.RETRY, failure=setup, detail=f"{code} {sub}")

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, total_fen: int) -> RefundResult:
        if not _OUT_REQUEST_NO.match(out_refund_no):
            raise PaymentInputError(f"bad refund number {out_refund_no!r}", f"退款单号无效：{out_refund_no}")
        if not (0 < refund_fen <= total_fen):
            raise PaymentInputError(
                "the refund must be more than zero and at most the amount paid",
                "退款金额必须大于零且不超过支付金额",
            )
        biz = {
            "out_trade_no": out_trade_no,
            "refund_amount": fen_to_yuan(refund_fen),
            "out_request_no": out_refund_no,  # needed for partial refunds; Alipay de-duplicates by it
        }

        def result(
            state: PayState, why: Failure | None = None, detail: str = "", no: str | None = None
        ) -> RefundResult:
            return RefundResult(CHANNEL, out_trade_no, out_refund_no, state, refund_fen, no, why, detail)

        try:
            data = self._call("alipay.trade.refund", biz)
        except _Unclear as exc:
            return result(PayState.UNKNOWN, detail=str(exc))
        code, sub = str(data.get("code", "")), str(data.get("sub_code", ""))
        if code == codes.SUCCESS:
            # fund_change=N on a repeated out_request_no: the first request already moved the money.
            return result(PayState.REFUNDED, detail=f"fund_change={data.get('fund_change', '')}")
        if code in codes.REQUEST_REJECTED:
            return result(PayState.FAILED, _rejection(sub), f"{code} {sub}")
        if code == codes.BUSINESS_FAILURE and sub not in codes.SYSTEM_ERRORS:
            reason = codes.REFUND_FINAL.get(sub, FailureReason.REFUND_REFUSED)
            return result(PayState.FAILED, failure(reason, sub), sub)
        return result(PayState.UNKNOWN, detail=f"{code} {sub}".strip())

    # -- helpers ----------------------------------------------------------------------------------

    def _pay(self, out_trade_no: str, biz: dict[str, str]) -> PayResult:
        try:
            data = self._call("alipay.trade.pay", biz)
        except _Unclear as exc:
            return _unknown(out_trade_no, str(exc))
        code, sub = str(data.get("code", "")), str(data.get("sub_code", ""))
        if code == codes.SUCCESS:
            return _paid(out_trade_no, data, code)
        if code == codes.WAITING:  # "10003 waiting for the payer → poll"
            return PayResult(CHANNEL, out_trade_no, PayState.USERPAYING, detail=code)
        if code in codes.REQUEST_REJECTED:
            return PayResult(
                CHANNEL, out_trade_no, PayState.FAILED, failure=_rejection(sub), detail=f"{code} {sub}"
            )
        if code != codes.BUSINESS_FAILURE or sub in codes.SYSTEM_ERRORS:  # 20000 and the like: query
            return _unknown(out_trade_no, f"{code} {sub}".strip())
        if sub == "ACQ.TRADE_HAS_SUCCESS":
            # Final, and it means the money was taken: report what was paid, never a failure that would
            # have the cashier charge the customer a second time.
            paid = self.query(out_trade_no)
            return paid if paid.state is PayState.SUCCESS else _unknown(out_trade_no, sub)
        if sub == "ACQ.TRADE_HAS_CLOSE":
            why = failure(FailureReason.ORDER_CLOSED, sub)
            return PayResult(CHANNEL, out_trade_no, PayState.CLOSED, failure=why, detail=sub)
        # 40004 is Alipay's final business failure; an unlisted sub_code is still a decline.
        why = failure(codes.PAY_FINAL.get(sub, FailureReason.PAYMENT_DECLINED), sub)
        return PayResult(CHANNEL, out_trade_no, PayState.FAILED, failure=why, detail=sub)

    def _call(self, method: str, biz: dict[str, str]) -> dict[str, Any]:
        params = {
            "app_id": self._creds.app_id,
            "method": method,
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": self._clock.now().astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            "version": "1.0",
            "biz_content": json.dumps(biz, ensure_ascii=False, separators=(",", ":")),
        }
        params["sign"] = sign_params(params, self._private)
        headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
        try:
            answer = post(
                self._session,
                self._creds.gateway_url,
                urlencode(params).encode("ascii"),
                headers,
                timeout=self._timeout,
            )
            text = answer.body.decode("utf-8")
            members = raw_members(text)
        except (TransportError, UnicodeDecodeError, ValueError) as exc:
            log.warning("alipay %s: no usable answer (%s)", method, exc)
            raise _Unclear(str(exc)) from exc
        data = self._verified(method, members)
        if data.get("out_trade_no", biz["out_trade_no"]) != biz["out_trade_no"]:
            log.error("alipay %s: answer names another out_trade_no", method)
            raise _Unclear("answer for another order")
        return data

    def _verified(self, method: str, members: dict[str, str]) -> dict[str, Any]:
        raw = members.get(method.replace(".", "_") + "_response") or members.get("error_response")
        if raw is None:
            raise _Unclear("answer without a response object")
        try:
            data = json.loads(raw)
            signature = json.loads(members["sign"]) if "sign" in members else None
        except ValueError as exc:
            raise _Unclear("unreadable answer") from exc
        if not isinstance(data, dict):
            raise _Unclear("answer without a response object")
        if signature is None and str(data.get("code", "")) in codes.REQUEST_REJECTED:
            log.error("alipay %s refused the request: %s %s", method, data.get("code"), data.get("sub_code"))
            return data  # an unsigned rejection can only say "nothing was done"
        # Alipay's SDKs retry with "\/" unescaped: the signed text may have had its slashes escaped.
        if not isinstance(signature, str) or not (
            verify_text(raw, signature, self._public)
            or verify_text(raw.replace("\\/", "/"), signature, self._public)
        ):
            log.error("alipay %s: answer with a missing or wrong signature ignored", method)
            raise _Unclear("answer signature invalid")
        return data


def _paid(out_trade_no: str, data: dict[str, Any], detail: str) -> PayResult:
    try:
        amount = yuan_to_fen(str(data.get("total_amount", "")))
    except ValueError:
        return _unknown(out_trade_no, "answer without a readable total_amount")
    trade_no = str(data.get("trade_no", "")) or None
    return PayResult(CHANNEL, out_trade_no, PayState.SUCCESS, amount, trade_no, detail=detail)


def _unknown(out_trade_no: str, detail: str, why: Failure | None = None) -> PayResult:
    return PayResult(CHANNEL, out_trade_no, PayState.UNKNOWN, failure=why, detail=detail)


def _rejection(sub_code: str) -> Failure:
    if sub_code in codes.CONFIGURATION_SUB_CODES:
        return failure(FailureReason.CONFIGURATION, sub_code)
    return failure(FailureReason.INVALID_REQUEST, sub_code)
