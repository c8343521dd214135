"""The sandbox's generic aggregator (upay v2 shape): POST /upay/v2/pay | query | cancel | refund.

It checks `Authorization: <terminal_sn> <MD5(body + key)>` against its terminals and refuses a bad one
with result_code "400" / ILLEGAL_SIGN (unsigned: it cannot know the caller's key is wrong); every other
answer carries `X-Signature: <terminal_sn> <MD5(answer body + key)>`. Orders are kept per terminal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from typing import Any

from fastapi import APIRouter, Request, Response

from cloud.payments.generic import SIGNATURE_HEADER, body_sign, signature_ok
from cloud.payments.sandbox.engine import OrderView, PayOutcome, RefundOutcome, ReverseOutcome, Status
from cloud.payments.sandbox.scenarios import Scenario
from cloud.payments.sandbox.state import Sandbox, tamper

Biz = dict[str, Any]


class Top(Enum):
    """Answers decided above the business layer."""

    LOST = "lost"  # the payment went through; the answer must not arrive (empty 502)
    SERVER_ERROR = "500"  # top-level "500": system error, outcome unknown
    BAD_PARAMS = "400"  # top-level "400" / INVALID_PARAMS


def _refused(error_code: str, message: str) -> Response:
    body = {"result_code": "400", "error_code": error_code, "error_message": message}
    return Response(json.dumps(body, ensure_ascii=False).encode("utf-8"), media_type="application/json")


def _fail(error_code: str, message: str, **data: Any) -> Biz:
    return {"result_code": "FAIL", "error_code": error_code, "error_message": message, "data": data}


def _order_status(order: OrderView) -> str:
    if order.status is Status.PAID:
        if order.refunded_fen == 0:
            return "PAID"
        return "REFUNDED" if order.refunded_fen == order.amount_fen else "PARTIAL_REFUNDED"
    return {Status.PAYING: "CREATED", Status.FAILED: "PAY_CANCELED", Status.REVERSED: "CANCELED"}[
        order.status
    ]


def generic_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(tags=["sandbox: generic aggregator"])
    book = sandbox.generic

    def data(order: OrderView, client_sn: str, status: str = "SUCCESS") -> Biz:
        return {
            "sn": order.trade_no,
            "client_sn": client_sn,
            "trade_no": order.trade_no,
            "status": status,
            "order_status": _order_status(order),
            "total_amount": str(order.amount_fen),
            "net_amount": str(order.amount_fen - order.refunded_fen),
        }

    def pay(sn: str, body: Biz) -> Biz | Top:
        client_sn, amount = str(body.get("client_sn", "")), str(body.get("total_amount", ""))
        code = str(body.get("dynamic_id", ""))
        if not (client_sn and code and amount.isascii() and amount.isdigit() and int(amount) > 0):
            return Top.BAD_PARAMS
        result = book.pay(f"{sn}/{client_sn}", code, int(amount))
        order = result.order
        match result.outcome:
            case PayOutcome.PAID:
                return {"result_code": "PAY_SUCCESS", "data": data(order, client_sn)}
            case PayOutcome.PAYING:
                return {"result_code": "PAY_IN_PROGRESS", "data": data(order, client_sn, "IN_PROG")}
            case PayOutcome.DECLINED if order.scenario is Scenario.INSUFFICIENT:
                return {**_fail("INSUFFICIENT_FUND", "账户金额不足"), "result_code": "PAY_FAIL"}
            case PayOutcome.DECLINED:
                return {**_fail("EXPIRED_BARCODE", "过期的支付条码"), "result_code": "PAY_FAIL"}
            case PayOutcome.SYSTEM_ERROR:
                return Top.SERVER_ERROR
            case PayOutcome.LOST:
                return Top.LOST
            case PayOutcome.CONFLICT if order.status is Status.PAID:
                return _fail("TRADE_HAS_SUCCESS", "交易已被支付")
            case _:
                return _fail("CLIENT_SN_CONFLICT", "client_sn在系统中已存在")

    def query(sn: str, body: Biz) -> Biz:
        client_sn = str(body.get("client_sn", ""))
        order = book.query(f"{sn}/{client_sn}")
        if order is None:
            return _fail("UPAY_ORDER_NOT_EXIST", "订单不存在")
        return {"result_code": "SUCCESS", "data": data(order, client_sn)}

    def cancel(sn: str, body: Biz) -> Biz:
        client_sn = str(body.get("client_sn", ""))
        result = book.reverse(f"{sn}/{client_sn}")
        match result.outcome:
            case ReverseOutcome.DONE:
                return {"result_code": "CANCEL_SUCCESS", "data": data(result.order, client_sn)}
            case ReverseOutcome.BUSY:
                return {"result_code": "CANCEL_ERROR", "error_code": "", "error_message": "系统繁忙，请重试"}
            case _:
                return _fail("UPAY_CANCEL_INVALID_ORDER_STATE", "当前订单状态不可撤销")

    def refund(sn: str, body: Biz) -> Biz | Top:
        client_sn, amount = str(body.get("client_sn", "")), str(body.get("refund_amount", ""))
        request_no = str(body.get("refund_request_no", ""))
        if not (request_no and amount.isascii() and amount.isdigit()):
            return Top.BAD_PARAMS
        result = book.refund(f"{sn}/{client_sn}", request_no, int(amount))
        match result.outcome:
            case RefundOutcome.OK | RefundOutcome.REPEAT if result.order is not None:
                return {"result_code": "REFUND_SUCCESS", "data": data(result.order, client_sn)}
            case RefundOutcome.NOT_PAID:
                return _fail("UPAY_REFUND_INVALID_ORDER_STATE", "当前订单状态不可退款")
            case RefundOutcome.EXCEEDS:
                return _fail("REFUNDABLE_AMOUNT_NOT_ENOUGH", "订单可退金额不足")
            case RefundOutcome.CONFLICT:
                return _fail("REFUND_REQUEST_NO_CONFLICT", "退款请求号已用于不同的退款金额")
            case _:
                return _fail("UPAY_ORDER_NOT_EXIST", "订单不存在")

    async def handle(request: Request, operation: Callable[[str, Biz], Biz | Top]) -> Response:
        raw = await request.body()
        sn, _, _ = request.headers.get("Authorization", "").strip().partition(" ")
        key = sandbox.config.generic_terminals.get(sn)
        if key is None:
            return _refused("INVALID_TERMINAL", "终端错误")
        secret = key.get_secret_value()
        if not signature_ok(request.headers.get("Authorization", ""), sn, raw, secret):
            return _refused("ILLEGAL_SIGN", "签名错误")
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("terminal_sn") != sn or not body.get("client_sn"):
            return _refused("INVALID_PARAMS", "参数错误")
        biz = operation(sn, body)
        if biz is Top.LOST:
            return Response(status_code=502)
        if biz is Top.BAD_PARAMS:
            return _refused("INVALID_PARAMS", "参数错误")
        if biz is Top.SERVER_ERROR:
            document: Biz = {
                "result_code": "500",
                "error_code": "UNKNOWN_SYSTEM_ERROR",
                "error_message": "系统错误",
            }
        else:
            document = {"result_code": "200", "biz_response": biz}
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        signature = body_sign(payload, secret)
        if sandbox.faults.tamper_signatures:
            signature = tamper(signature)
        headers = {SIGNATURE_HEADER: f"{sn} {signature}"}
        return Response(payload, media_type="application/json", headers=headers)

    @router.post("/upay/v2/pay")
    async def pay_endpoint(request: Request) -> Response:
        return await handle(request, pay)

    @router.post("/upay/v2/query")
    async def query_endpoint(request: Request) -> Response:
        return await handle(request, query)

    @router.post("/upay/v2/cancel")
    async def cancel_endpoint(request: Request) -> Response:
        return await handle(request, cancel)

    @router.post("/upay/v2/refund")
    async def refund_endpoint(request: Request) -> Response:
        return await handle(request, refund)

    return router
