"""The sandbox itself: its scenario table, its order book under concurrent retries, and its refusal of
badly signed requests with each channel's own answer (spoken to directly over HTTP, no adapter)."""

from __future__ import annotations

import hashlib
import json
import threading
from urllib.parse import urlencode

import pytest
import requests

from cloud.payments.alipay_sign import load_private_key, sign_params
from cloud.payments.keys import rsa_pem_pair
from cloud.payments.sandbox.engine import OrderBook, PayOutcome
from cloud.payments.sandbox.scenarios import Scenario, scenario_for
from cloud.payments.wechat_v2_sign import from_xml, sign, to_xml

from .conftest import LiveSandbox
from .support import code, order_no


@pytest.mark.parametrize(
    ("tail", "scenario"),
    [
        ("00", Scenario.SUCCESS),
        ("19", Scenario.SUCCESS),
        ("20", Scenario.WAIT_THEN_PAY),
        ("29", Scenario.WAIT_THEN_PAY),
        ("30", Scenario.STUCK),
        ("34", Scenario.STUCK),
        ("35", Scenario.STUCK_BUSY_REVERSE),
        ("39", Scenario.STUCK_BUSY_REVERSE),
        ("40", Scenario.INSUFFICIENT),
        ("49", Scenario.INSUFFICIENT),
        ("50", Scenario.EXPIRED),
        ("59", Scenario.EXPIRED),
        ("60", Scenario.SYSTEM_ERROR),
        ("69", Scenario.SYSTEM_ERROR),
        ("70", Scenario.LOST_RESPONSE),
        ("79", Scenario.LOST_RESPONSE),
        ("80", Scenario.SUCCESS),
        ("99", Scenario.SUCCESS),
    ],
)
def test_the_last_two_digits_choose_the_scenario(tail: str, scenario: Scenario) -> None:
    assert scenario_for("13456789012345" + tail) is scenario


def test_concurrent_retries_of_one_pay_make_one_order(live: LiveSandbox) -> None:
    book = OrderBook(live.clock, "T")
    answers = []
    barrier = threading.Barrier(8)

    def pay() -> None:
        barrier.wait()
        answers.append(book.pay("A1", "134567890123456705", 100))

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert {answer.outcome for answer in answers} == {PayOutcome.PAID}
    assert len({answer.order.trade_no for answer in answers}) == 1


def test_wechat_refuses_a_bad_signature_with_return_code_fail(live: LiveSandbox) -> None:
    config = live.sandbox.config
    params = {
        "appid": config.wechat_appid,
        "mch_id": config.wechat_mch_id,
        "nonce_str": "n" * 32,
        "out_trade_no": order_no(),
    }
    params["sign"] = sign(params, "a-wrong-key", "MD5")

    answer = from_xml(
        requests.post(f"{live.base_url}/sandbox/wechat/pay/orderquery", data=to_xml(params)).content
    )

    assert answer == {"return_code": "FAIL", "return_msg": "签名错误"}


def test_wechat_refuses_a_doctype_in_the_request(live: LiveSandbox) -> None:
    body = b'<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><appid>&x;</appid></xml>'

    answer = from_xml(requests.post(f"{live.base_url}/sandbox/wechat/pay/micropay", data=body).content)

    assert answer["return_code"] == "FAIL"


def test_alipay_refuses_a_bad_signature_with_a_signed_invalid_signature_answer(live: LiveSandbox) -> None:
    params = {
        "app_id": live.sandbox.config.alipay_app_id,
        "method": "alipay.trade.query",
        "charset": "utf-8",
        "sign_type": "RSA2",
        "timestamp": "2026-11-25 20:00:00",
        "version": "1.0",
        "biz_content": json.dumps({"out_trade_no": order_no()}),
    }
    params["sign"] = sign_params(params, load_private_key(rsa_pem_pair()[0]))  # not the app's key

    answer = requests.post(f"{live.base_url}/sandbox/alipay/gateway.do", data=urlencode(params)).json()

    assert answer["alipay_trade_query_response"]["code"] == "40002"
    assert answer["alipay_trade_query_response"]["sub_code"] == "isv.invalid-signature"
    assert answer["sign"]


def test_the_aggregator_refuses_a_bad_signature_with_illegal_sign(live: LiveSandbox) -> None:
    assert live.channels.bestpay is not None
    sn = live.channels.bestpay.terminal_sn
    body = json.dumps({"terminal_sn": sn, "client_sn": order_no()}).encode()
    wrong = hashlib.md5(body + b"a-wrong-key").hexdigest()

    answer = requests.post(
        f"{live.base_url}/sandbox/generic/upay/v2/query",
        data=body,
        headers={"Authorization": f"{sn} {wrong}"},
    ).json()

    assert (answer["result_code"], answer["error_code"]) == ("400", "ILLEGAL_SIGN")


def test_a_lost_answer_is_an_empty_502_after_the_payment_was_recorded(live: LiveSandbox) -> None:
    assert live.channels.ecny is not None
    sn, key = live.channels.ecny.terminal_sn, live.channels.ecny.terminal_key.get_secret_value()
    client_sn = order_no()
    body = json.dumps(
        {
            "terminal_sn": sn,
            "client_sn": client_sn,
            "total_amount": "100",
            "dynamic_id": code("ecny", "79"),
            "subject": "商品",
            "operator": "till",
        }
    ).encode()
    sign = hashlib.md5(body + key.encode()).hexdigest()

    answer = requests.post(
        f"{live.base_url}/sandbox/generic/upay/v2/pay", data=body, headers={"Authorization": f"{sn} {sign}"}
    )

    assert (answer.status_code, answer.content) == (502, b"")
    order = live.sandbox.generic.query(f"{sn}/{client_sn}")
    assert order is not None and order.paid_at is not None
