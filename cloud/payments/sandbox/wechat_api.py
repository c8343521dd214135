"""The sandbox's WeChat Pay v2: /pay/micropay, /pay/orderquery, /secapi/pay/reverse, /secapi/pay/refund.

Like WeChat, it checks appid, mch_id and the request's signature first and answers a failure there with
return_code=FAIL (unsigned: 签名错误 and the like); every other answer is signed with the merchant's API
key in the request's sign_type. The client certificate of /secapi is not checked (plain HTTP on loopback).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response

from cloud.payments.sandbox.engine import (
    OrderView,
    PayOutcome,
    RefundOutcome,
    ReverseOutcome,
    Status,
)
from cloud.payments.sandbox.scenarios import Scenario
from cloud.payments.sandbox.state import Sandbox, tamper
from cloud.payments.wechat_v2_sign import SignType, XmlRejected, from_xml, sign, to_xml, verify

SHANGHAI = ZoneInfo("Asia/Shanghai")
Fields = dict[str, str]
_LOST = None  # an operation answers None when its answer must be lost on the way


def _fail(message: str) -> Response:
    return Response(to_xml({"return_code": "FAIL", "return_msg": message}), media_type="text/xml")


def _compact(moment: datetime) -> str:
    """yyyyMMddHHmmss, as strftime("%Y%m%d%H%M%S") writes it at a fraction of the cost."""
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"
    )


def _error(code: str, text: str, **more: str) -> Fields:
    return {"result_code": "FAIL", "err_code": code, "err_code_des": text, **more}


def wechat_router(sandbox: Sandbox) -> APIRouter:
    router = APIRouter(tags=["sandbox: WeChat Pay v2"])
    book = sandbox.wechat

    def handle(
        body: bytes, operation: Callable[[Fields], Fields | None], required: tuple[str, ...]
    ) -> Response:
        config = sandbox.config
        try:
            params = from_xml(body)
        except XmlRejected:
            return _fail("XML格式错误")
        if params.get("appid") != config.wechat_appid:
            return _fail("appid不存在")
        if params.get("mch_id") != config.wechat_mch_id:
            return _fail("商户号mch_id与appid不匹配")
        requested = params.get("sign_type", "MD5")
        if requested not in ("MD5", "HMAC-SHA256"):
            return _fail("sign_type参数格式错误")
        sign_type: SignType = "HMAC-SHA256" if requested == "HMAC-SHA256" else "MD5"
        key = config.wechat_api_key.get_secret_value()
        if not verify(params, key, sign_type):
            return _fail("签名错误")
        missing = [name for name in required if not params.get(name)]
        answer = _error("PARAM_ERROR", f"缺少参数 {missing[0]}") if missing else operation(params)
        if answer is _LOST:
            return Response(status_code=502)  # the money moved; the answer does not arrive
        document = {
            "return_code": "SUCCESS",
            "return_msg": "OK",
            "appid": config.wechat_appid,
            "mch_id": config.wechat_mch_id,
            "nonce_str": secrets.token_hex(16),
            **answer,
        }
        document["sign"] = sign(document, key, sign_type)
        if sandbox.faults.tamper_signatures:
            document["sign"] = tamper(document["sign"])
        return Response(to_xml(document), media_type="text/xml")

    def paid_fields(order: OrderView) -> Fields:
        paid_at = order.paid_at or order.created_at
        return {
            "transaction_id": order.trade_no,
            "total_fee": str(order.amount_fen),
            "cash_fee": str(order.amount_fen),
            "fee_type": "CNY",
            "trade_type": "MICROPAY",
            "bank_type": "OTHERS",
            "openid": "oSandbox0000000000000000000",
            "time_end": _compact(paid_at.astimezone(SHANGHAI)),
        }

    def micropay(params: Fields) -> Fields | None:
        no = params["out_trade_no"]
        fee = params["total_fee"]
        if not (fee.isascii() and fee.isdigit() and int(fee) > 0):
            return _error("PARAM_ERROR", "total_fee 必须是正整数（分）")
        answer = book.pay(no, params["auth_code"], int(fee))
        order = answer.order
        base = {"out_trade_no": no}
        match answer.outcome:
            case PayOutcome.PAID:
                return {"result_code": "SUCCESS", **base, **paid_fields(order)}
            case PayOutcome.PAYING:
                return _error("USERPAYING", "需要用户输入支付密码", **base)
            case PayOutcome.DECLINED if order.scenario is Scenario.INSUFFICIENT:
                return _error("NOTENOUGH", "余额不足", **base)
            case PayOutcome.DECLINED:
                return _error("AUTHCODEEXPIRE", "二维码已过期，请用户在微信上刷新后再试", **base)
            case PayOutcome.SYSTEM_ERROR:
                return _error("SYSTEMERROR", "系统超时", **base)
            case PayOutcome.LOST:
                return _LOST
            case PayOutcome.REVERSED:
                return _error("ORDERREVERSED", "订单已撤销", **base)
            case PayOutcome.CONFLICT if order.status is Status.PAID:
                return _error("ORDERPAID", "订单已支付", **base)
            case _:
                return _error("OUT_TRADE_NO_USED", "商户订单号重复", **base)

    def orderquery(params: Fields) -> Fields:
        no = params["out_trade_no"]
        order = book.query(no)
        if order is None:
            return _error("ORDERNOTEXIST", "此交易订单号不存在")
        base = {"result_code": "SUCCESS", "out_trade_no": no}
        match order.status:
            case Status.PAID:
                state = "REFUND" if order.refunded_fen else "SUCCESS"
                return {**base, "trade_state": state, "trade_state_desc": "支付成功", **paid_fields(order)}
            case Status.PAYING:
                return {**base, "trade_state": "USERPAYING", "trade_state_desc": "需要用户输入支付密码"}
            case Status.FAILED:
                return {**base, "trade_state": "PAYERROR", "trade_state_desc": "支付失败"}
            case _:
                return {**base, "trade_state": "REVOKED", "trade_state_desc": "已撤销"}

    def reverse(params: Fields) -> Fields:
        answer = book.reverse(params["out_trade_no"])
        match answer.outcome:
            case ReverseOutcome.DONE:
                return {"result_code": "SUCCESS", "recall": "N"}
            case ReverseOutcome.BUSY:
                return _error("SYSTEMERROR", "系统繁忙，请稍后再试", recall="Y")
            case _:
                return _error("TRADE_ERROR", "订单已发生退款，不能撤销，请使用退款", recall="N")

    def refund(params: Fields) -> Fields:
        no, refund_no = params["out_trade_no"], params["out_refund_no"]
        total, fee = params["total_fee"], params["refund_fee"]
        if not (total.isascii() and total.isdigit() and fee.isascii() and fee.isdigit()):
            return _error("PARAM_ERROR", "total_fee / refund_fee 必须是整数（分）")
        order = book.query(no)
        if order is not None and order.status is Status.PAID and order.amount_fen != int(total):
            return _error("INVALID_REQUEST", "订单金额或退款金额与之前请求不一致，请核实后再试")
        answer = book.refund(no, refund_no, int(fee))
        match answer.outcome:
            case RefundOutcome.OK | RefundOutcome.REPEAT:
                return {
                    "result_code": "SUCCESS",
                    "out_trade_no": no,
                    "out_refund_no": refund_no,
                    "refund_id": answer.refund_id,
                    "refund_fee": fee,
                    "total_fee": total,
                    "cash_fee": total,
                }
            case RefundOutcome.NOT_FOUND:
                return _error("ORDERNOTEXIST", "订单不存在")
            case RefundOutcome.NOT_PAID:
                return _error("INVALID_REQUEST", "订单未支付成功，不能退款")
            case RefundOutcome.EXCEEDS:
                return _error("INVALID_REQUEST", "累计退款金额大于支付金额")
            case _:
                return _error("INVALID_REQUEST", "退款单号已用于不同的退款金额")

    @router.post("/pay/micropay")
    async def micropay_endpoint(request: Request) -> Response:
        required = ("body", "out_trade_no", "total_fee", "spbill_create_ip", "auth_code")
        return handle(await request.body(), micropay, required)

    @router.post("/pay/orderquery")
    async def orderquery_endpoint(request: Request) -> Response:
        return handle(await request.body(), orderquery, ("out_trade_no",))

    @router.post("/secapi/pay/reverse")
    async def reverse_endpoint(request: Request) -> Response:
        return handle(await request.body(), reverse, ("out_trade_no",))

    @router.post("/secapi/pay/refund")
    async def refund_endpoint(request: Request) -> Response:
        required = ("out_trade_no", "out_refund_no", "total_fee", "refund_fee")
        return handle(await request.body(), refund, required)

    return router
