"""The sandbox's Alipay gateway: POST /gateway.do with alipay.trade.pay / query / cancel / refund.

Like Alipay, it checks app_id and the request's RSA2 signature with the app public key it was given, and
signs every answer, including the 40002 isv.invalid-signature one, with its own "Alipay platform" private
key over the exact text of the `<method>_response` object.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response

from cloud.payments.alipay import fen_to_yuan, yuan_to_fen
from cloud.payments.alipay_sign import load_private_key, load_public_key, sign_text, verify_params
from cloud.payments.sandbox.engine import OrderView, PayOutcome, RefundOutcome, ReverseOutcome, Status
from cloud.payments.sandbox.scenarios import Scenario
from cloud.payments.sandbox.state import Sandbox, tamper

SHANGHAI = ZoneInfo("Asia/Shanghai")
Answer = dict[str, Any]
_LOST = None


def _business(sub_code: str, sub_msg: str, **more: str) -> Answer:
    return {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg, **more}


def _invalid(sub_code: str, sub_msg: str) -> Answer:
    return {"code": "40002", "msg": "Invalid Arguments", "sub_code": sub_code, "sub_msg": sub_msg}


def alipay_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(tags=["sandbox: Alipay"])
    book = sandbox.alipay
    config = sandbox.config
    app_public = load_public_key(config.alipay_app_public_key_pem)
    platform = load_private_key(config.alipay_platform_private_key_pem.get_secret_value())

    def answer(method: str, body: Answer | None) -> Response:
        if body is _LOST:
            return Response(status_code=502)
        node = method.replace(".", "_") + "_response" if method in operations else "error_response"
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        signature = sign_text(raw, platform)
        if sandbox.faults.tamper_signatures:
            signature = tamper(signature)
        text = f'{{"{node}":{raw},"sign":"{signature}"}}'
        return Response(text.encode("utf-8"), media_type="application/json;charset=utf-8")

    def trade_fields(order: OrderView, no: str) -> Answer:
        return {
            "trade_no": order.trade_no,
            "out_trade_no": no,
            "buyer_logon_id": "159****0000",
            "total_amount": fen_to_yuan(order.amount_fen),
        }

    def pay(biz: Answer) -> Answer | None:
        no, code = str(biz.get("out_trade_no", "")), str(biz.get("auth_code", ""))
        if biz.get("scene") != "bar_code" or not no or not code or not biz.get("subject"):
            return _business(
                "ACQ.INVALID_PARAMETER", "参数无效：out_trade_no, scene=bar_code, auth_code, subject"
            )
        try:
            amount = yuan_to_fen(str(biz.get("total_amount", "")))
        except ValueError:
            return _business("ACQ.INVALID_PARAMETER", "total_amount 必须是两位小数的金额（元）")
        result = book.pay(no, code, amount)
        order = result.order
        match result.outcome:
            case PayOutcome.PAID:
                paid_at = (order.paid_at or order.created_at).astimezone(SHANGHAI)
                return {
                    "code": "10000",
                    "msg": "Success",
                    **trade_fields(order, no),
                    "receipt_amount": fen_to_yuan(order.amount_fen),
                    "gmt_payment": paid_at.strftime("%Y-%m-%d %H:%M:%S"),
                }
            case PayOutcome.PAYING:
                return {"code": "10003", "msg": " order success pay inprocess", **trade_fields(order, no)}
            case PayOutcome.DECLINED if order.scenario is Scenario.INSUFFICIENT:
                return _business("ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足", out_trade_no=no)
            case PayOutcome.DECLINED:  # Alipay has no sub_code of its own for an expired code
                return _business(
                    "ACQ.PAYMENT_AUTH_CODE_INVALID", "付款码已过期，请顾客刷新付款码", out_trade_no=no
                )
            case PayOutcome.SYSTEM_ERROR:
                return {
                    "code": "20000",
                    "msg": "Service Currently Unavailable",
                    "sub_code": "aop.ACQ.SYSTEM_ERROR",
                    "sub_msg": "系统繁忙",
                }
            case PayOutcome.LOST:
                return _LOST
            case PayOutcome.REVERSED:
                return _business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭", out_trade_no=no)
            case PayOutcome.CONFLICT if order.status is Status.PAID:
                return _business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付", out_trade_no=no)
            case _:
                return _business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改", out_trade_no=no)

    def query(biz: Answer) -> Answer:
        no = str(biz.get("out_trade_no", ""))
        order = book.query(no)
        if order is None:
            return _business("ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=no)
        status = {
            Status.PAYING: "WAIT_BUYER_PAY",
            Status.PAID: "TRADE_CLOSED" if order.refunded_fen == order.amount_fen else "TRADE_SUCCESS",
            Status.FAILED: "TRADE_CLOSED",
            Status.REVERSED: "TRADE_CLOSED",
        }[order.status]
        return {"code": "10000", "msg": "Success", "trade_status": status, **trade_fields(order, no)}

    def cancel(biz: Answer) -> Answer:
        no = str(biz.get("out_trade_no", ""))
        result = book.reverse(no)
        match result.outcome:
            case ReverseOutcome.DONE:
                action = "refund" if result.order.paid_when_reversed else "close"
                return {
                    "code": "10000",
                    "msg": "Success",
                    "out_trade_no": no,
                    "retry_flag": "N",
                    "action": action,
                }
            case ReverseOutcome.BUSY:
                return _business("ACQ.SYSTEM_ERROR", "系统繁忙", out_trade_no=no, retry_flag="Y")
            case _:
                return _business(
                    "ACQ.TRADE_STATUS_ERROR", "交易已退款，不能撤销", out_trade_no=no, retry_flag="N"
                )

    def refund(biz: Answer) -> Answer:
        no, request_no = str(biz.get("out_trade_no", "")), str(biz.get("out_request_no", "") or "")
        try:
            amount = yuan_to_fen(str(biz.get("refund_amount", "")))
        except ValueError:
            return _business("ACQ.INVALID_PARAMETER", "refund_amount 必须是两位小数的金额（元）")
        result = book.refund(no, request_no or no, amount)
        order = result.order
        match result.outcome:
            case RefundOutcome.OK | RefundOutcome.REPEAT if order is not None:
                return {
                    "code": "10000",
                    "msg": "Success",
                    **trade_fields(order, no),
                    "fund_change": "Y" if result.outcome is RefundOutcome.OK else "N",
                    "refund_fee": fen_to_yuan(order.refunded_fen),  # Alipay: the total refunded so far
                }
            case RefundOutcome.NOT_PAID:
                return _business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法", out_trade_no=no)
            case RefundOutcome.EXCEEDS:
                return _business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限", out_trade_no=no)
            case RefundOutcome.CONFLICT:
                return _business("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致", out_trade_no=no)
            case _:
                return _business("ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=no)

    operations: dict[str, Callable[[Answer], Answer | None]] = {
        "alipay.trade.pay": pay,
        "alipay.trade.query": query,
        "alipay.trade.cancel": cancel,
        "alipay.trade.refund": refund,
    }

    @router.post("/gateway.do")
    async def gateway(request: Request) -> Response:
        body = await request.body()
        try:  # SDKs send the common parameters in the query string, the rest in the form body: take both
            params = dict(request.query_params) | dict(
                parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            )
        except (UnicodeDecodeError, ValueError):
            return answer("", _invalid("isv.invalid-parameter", "请求不是 UTF-8 表单"))
        method = params.get("method", "")
        if params.get("app_id") != config.alipay_app_id:
            return answer(method, _invalid("isv.invalid-app-id", "无效的AppID参数"))
        if params.get("sign_type") != "RSA2":
            return answer(method, _invalid("isv.invalid-signature-type", "无效的签名类型"))
        if not verify_params(params, app_public):
            return answer(
                method, _invalid("isv.invalid-signature", "验签出错，请确认应用私钥与上传的应用公钥匹配")
            )
        if method not in operations:
            return answer(method, _invalid("isv.invalid-method", "不存在的方法名"))
        try:
            biz = json.loads(params.get("biz_content", ""))
        except ValueError:
            biz = None
        if not isinstance(biz, dict):
            return answer(method, _business("ACQ.INVALID_PARAMETER", "biz_content 不是 JSON 对象"))
        return answer(method, operations[method](biz))

    return router
