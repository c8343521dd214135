"""What each adapter puts on the wire: the fields, the units, the signature and the time zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from cloud.payments.alipay import AlipayAdapter
from cloud.payments.alipay_sign import load_public_key, verify_params
from cloud.payments.generic import GenericAdapter, signature_ok
from cloud.payments.sandbox import ManualClock
from cloud.payments.wechat_v2 import WeChatV2Adapter
from cloud.payments.wechat_v2_sign import from_xml, verify

from .conftest import CannedServer, LiveSandbox, session
from .support import request


def test_wechat_micropay_sends_integer_fen_a_nonce_and_a_valid_signature(
    live: LiveSandbox, canned: CannedServer
) -> None:
    assert live.channels.wechat is not None
    for sign_type in ("MD5", "HMAC-SHA256"):
        creds = live.channels.wechat.model_copy(update={"base_url": canned.url, "sign_type": sign_type})
        WeChatV2Adapter(creds, session=session()).pay(request("wechat", "05", amount_fen=1234))

        path, headers, body = canned.seen[-1]
        fields = from_xml(body)
        assert path == "/pay/micropay"
        assert headers["Content-Type"].startswith("text/xml")
        assert (fields["total_fee"], fields["body"], fields["device_info"]) == (
            "1234",
            "好又多便利店-商品",
            "POS-001",
        )
        assert len(fields["nonce_str"]) == 32
        assert fields.get("sign_type", "MD5") == sign_type
        assert verify(fields, creds.api_key.get_secret_value(), sign_type)


def test_alipay_sends_yuan_with_two_decimals_and_a_shanghai_timestamp(
    live: LiveSandbox, canned: CannedServer
) -> None:
    assert live.channels.alipay is not None
    creds = live.channels.alipay.model_copy(update={"gateway_url": canned.url + "/gateway.do"})
    clock = ManualClock(datetime(2026, 11, 25, 12, 0, 5, tzinfo=UTC))
    AlipayAdapter(creds, session=session(), clock=clock).pay(request("alipay", "05", amount_fen=1205))

    _, headers, body = canned.seen[-1]
    params = dict(parse_qsl(body.decode("ascii")))
    biz = json.loads(params["biz_content"])
    assert headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert (params["method"], params["charset"], params["sign_type"], params["version"]) == (
        "alipay.trade.pay",
        "utf-8",
        "RSA2",
        "1.0",
    )
    assert params["timestamp"] == "2026-11-25 20:00:05"  # UTC+8
    assert (biz["total_amount"], biz["scene"], biz["store_id"], biz["terminal_id"]) == (
        "12.05",
        "bar_code",
        "S001",
        "POS-001",
    )
    assert verify_params(params, load_public_key(live.sandbox.config.alipay_app_public_key_pem))


def test_the_aggregator_gets_fen_and_a_body_signature_in_the_authorization_header(
    live: LiveSandbox, canned: CannedServer
) -> None:
    assert live.channels.unionpay is not None
    creds = live.channels.unionpay.model_copy(update={"base_url": canned.url})
    req = request("unionpay", "05", amount_fen=99)
    GenericAdapter("unionpay", creds, session=session()).pay(req)

    path, headers, body = canned.seen[-1]
    sent = json.loads(body)
    assert path == "/upay/v2/pay"
    assert (sent["total_amount"], sent["dynamic_id"], sent["client_sn"]) == (
        "99",
        req.auth_code,
        req.out_trade_no,
    )
    assert signature_ok(
        headers["Authorization"], creds.terminal_sn, body, creds.terminal_key.get_secret_value()
    )
