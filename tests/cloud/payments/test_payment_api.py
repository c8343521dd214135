"""The device payment API's promises: one charge per out_trade_no however the till retries or races, a
number closed by a cancel stays closed, a crash mid-call leaves a payment that can be resolved, and no
merchant ever sees another's payments. Against the sandbox over HTTP, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from cloud.payment_models import PaymentRow
from cloud.payment_store import advance, create, record
from cloud.payments.credentials import MerchantChannels
from cloud.payments.model import PaymentChannel, PayRequest, PayResult, PayState
from tests.cloud.conftest import DeviceAuth, LiveCloud

from .api_support import Shopfront, count_calls, ok, open_shop, problem, sandbox_order, trade_no
from .conftest import LiveSandbox
from .support import code


@pytest.fixture(scope="module")
def front(cloud: LiveCloud, live_sandbox: LiveSandbox) -> Shopfront:
    return open_shop(cloud, live_sandbox.channels)


def rows(cloud: LiveCloud, out_trade_no: str) -> int:
    with cloud.db.read() as conn:
        where = PaymentRow.out_trade_no == out_trade_no
        return conn.execute(select(func.count()).select_from(PaymentRow).where(where)).scalar_one()


def test_a_retried_pay_of_a_paid_number_is_answered_from_the_cloud_without_a_second_charge(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.wechat, "pay")
    no, scanned = trade_no(), code("wechat", "07")

    first = ok(front.pay(scanned, out_trade_no=no))
    again = ok(front.pay(scanned, out_trade_no=no))

    assert first == again and first["state"] == "success"
    assert calls["pay"] == 1


def test_a_pay_retried_after_a_lost_answer_asks_the_channel_again_and_is_charged_once(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.alipay, "pay")
    no, scanned = trade_no(), code("alipay", "71")

    assert ok(front.pay(scanned, out_trade_no=no))["state"] == "unknown"
    retried = ok(front.pay(scanned, out_trade_no=no))

    assert retried["state"] == "success"
    assert calls["pay"] == 2  # the same out_trade_no both times: the channel's one order
    assert sandbox_order(live.sandbox, live.channels, "alipay", no) is not None
    assert ok(front.query(no))["channel_trade_no"] == retried["channel_trade_no"]


def test_concurrent_pays_of_one_number_make_one_payment_and_one_channel_order(
    front: Shopfront, live: LiveSandbox
) -> None:
    no, scanned = trade_no(), code("unionpay", "09")
    sessions = [front.till.session(front.cloud) for _ in range(6)]

    def pay(session: requests.Session) -> dict[str, Any]:
        body = {"out_trade_no": no, "auth_code": scanned, "amount_fen": 990, "subject": "好又多"}
        return ok(session.post("/v1/payments/pay", json=body))

    with ThreadPoolExecutor(len(sessions)) as pool:
        answers = list(pool.map(pay, sessions))

    assert {a["state"] for a in answers} == {"success"}
    assert len({a["channel_trade_no"] for a in answers}) == 1
    assert rows(front.cloud, no) == 1
    order = sandbox_order(live.sandbox, live.channels, "unionpay", no)
    assert order is not None and order.amount_fen == 990


@pytest.mark.parametrize(
    ("change", "value"), [("auth_code", code("wechat", "08")), ("amount_fen", 1235)], ids=["code", "amount"]
)
def test_a_number_reused_for_another_code_or_amount_is_refused(
    front: Shopfront, change: str, value: object
) -> None:
    no = trade_no()
    ok(front.pay(code("wechat", "07"), amount_fen=1234, out_trade_no=no))
    body = {"out_trade_no": no, "auth_code": code("wechat", "07"), "amount_fen": 1234, "subject": "x"}

    answer = front.session.post("/v1/payments/pay", json={**body, change: value})

    assert "new out_trade_no" in problem(answer, 409, "out_trade_no_reused")


def test_a_number_cancelled_before_its_pay_arrived_refuses_the_late_pay(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.wechat, "pay", "reverse")
    no = trade_no()

    cancelled = ok(front.cancel(no))
    late = ok(front.pay(code("wechat", "07"), out_trade_no=no))

    assert (cancelled["outcome"], cancelled["state"], cancelled["channel"]) == ("done", "closed", None)
    assert cancelled["money_returned"] is False
    assert (late["state"], late["reason"]) == ("closed", "order_closed")
    assert late["message"] == "该笔支付已关闭，请重新发起收款"
    assert calls == {}  # neither the cancel nor the late pay reached a channel
    assert ok(front.cancel(no))["outcome"] == "done"
    problem(front.query(no), 404, "payment_not_found")


def test_a_wechat_cancel_within_15_s_is_too_early_and_says_when(front: Shopfront) -> None:
    made = ok(front.pay(code("wechat", "33")))

    result = ok(front.cancel(made["out_trade_no"]))

    assert (result["outcome"], result["state"], result["channel"]) == ("too_early", "userpaying", "wechat")
    assert result["not_before"] > made["created_at"]


class _Crash(Exception):
    pass


def test_a_crash_during_the_channel_call_leaves_a_payment_that_cancel_resolves(
    front: Shopfront, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row is committed before the channel is called: what a crash leaves, query and cancel find."""
    adapter: PaymentChannel = front.cloud.context.channels.adapter(front.shop.merchant_id, "bestpay")

    def crash(_req: PayRequest) -> None:
        raise _Crash

    monkeypatch.setattr(adapter, "pay", crash)
    no, scanned = trade_no(), code("bestpay", "07")
    assert front.pay(scanned, out_trade_no=no).status_code == 500
    monkeypatch.undo()
    front.session.close()  # uvicorn closes a connection after an unhandled error: do not reuse it

    assert ok(front.query(no))["state"] == "unknown"  # the channel never saw it
    cancelled = ok(front.cancel(no))
    assert (cancelled["outcome"], cancelled["state"]) == ("done", "reversed")
    late = ok(front.pay(scanned, out_trade_no=no))
    assert late["state"] == "reversed"


def test_a_late_answer_never_moves_a_payment_back(front: Shopfront) -> None:
    """What a slow channel call brings back after a newer answer was stored changes nothing."""
    cloud, now = front.cloud, front.cloud.clock.now()
    made = create(
        cloud.db,
        {
            "merchant_id": front.shop.merchant_id,
            "store_id": front.shop.store_id,
            "device_id": uuid.UUID(front.till.device_id),
            "out_trade_no": trade_no(),
            "channel": "wechat",
            "amount_fen": 100,
            "auth_code_hash": "0" * 64,
            "subject": "x",
            "state": "unknown",
            "reason": "",
            "message": "",
            "created_at": now,
            "updated_at": now,
        },
    )
    assert made is not None

    def answer(state: PayState) -> str:
        result = PayResult("wechat", made.out_trade_no, state, 100 if state is PayState.SUCCESS else None)
        return record(cloud.db, made, result, now).state

    assert answer(PayState.USERPAYING) == "userpaying"
    assert answer(PayState.UNKNOWN) == "userpaying"
    assert answer(PayState.SUCCESS) == "success"
    assert answer(PayState.USERPAYING) == "success"
    assert answer(PayState.FAILED) == "success"
    assert advance(cloud.db, made.id, {"state": "reversed", "updated_at": now}).state == "reversed"
    assert answer(PayState.SUCCESS) == "reversed"


def test_codes_that_cannot_be_paid_here_are_refused_and_nothing_is_stored(front: Shopfront) -> None:
    product, jd = trade_no(), trade_no()

    not_payment = problem(front.pay("6901234567892", out_trade_no=product), 422, "not_a_payment_code")
    jdpay = problem(front.pay("181234567890123456", out_trade_no=jd), 422, "channel_not_supported")

    assert "付款码" in not_payment and "京东支付" in jdpay
    assert rows(front.cloud, product) == rows(front.cloud, jd) == 0


def test_a_channel_the_shop_has_not_opened_fails_with_the_cashiers_words_and_is_stored(
    cloud: LiveCloud, live: LiveSandbox
) -> None:
    only = MerchantChannels(wechat=live.channels.wechat, alipay=live.channels.alipay)
    front = open_shop(cloud, only)

    failed = ok(front.pay(code("unionpay", "07")))

    assert (failed["state"], failed["channel"], failed["reason"]) == (
        "failed",
        "unionpay",
        "channel_not_configured",
    )
    assert failed["message"] == "本店尚未开通云闪付收款，请换一种支付方式"
    assert ok(front.query(failed["out_trade_no"])) == failed
    assert ok(front.session.get("/v1/payments/channels")) == {"channels": ["wechat", "alipay"]}


def test_a_shop_without_channels_lists_none(cloud: LiveCloud) -> None:
    front = open_shop(cloud, None)

    assert ok(front.session.get("/v1/payments/channels")) == {"channels": []}
    assert ok(front.pay(code("wechat", "07")))["reason"] == "channel_not_configured"


def test_another_merchants_payment_is_never_found(
    cloud: LiveCloud, live: LiveSandbox, front: Shopfront
) -> None:
    paid = ok(front.pay(code("wechat", "07"), amount_fen=500))
    no = paid["out_trade_no"]
    other = open_shop(cloud, live.channels)

    problem(other.query(no), 404, "payment_not_found")
    problem(other.refund(no, 100), 404, "payment_not_found")
    assert ok(other.cancel(no))["channel"] is None  # closes its own number, not ours
    assert ok(front.query(no)) == paid


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        (
            "POST",
            "/v1/payments/pay",
            {"out_trade_no": "x1", "auth_code": "134567890123456707", "amount_fen": 1, "subject": "x"},
        ),
        ("POST", "/v1/payments/query", {"out_trade_no": "x1"}),
        ("POST", "/v1/payments/cancel", {"out_trade_no": "x1"}),
        ("POST", "/v1/payments/refund", {"out_trade_no": "x1", "out_refund_no": "r1", "refund_fen": 1}),
        ("GET", "/v1/payments/channels", None),
    ],
)
def test_unsigned_or_wrongly_signed_requests_are_refused(
    front: Shopfront, method: str, path: str, body: dict[str, Any] | None
) -> None:
    unsigned = front.cloud.http().request(method, path, json=body)
    wrong = front.cloud.http()
    wrong.auth = DeviceAuth(front.till.device_id, "A" * 43)
    forged = wrong.request(method, path, json=body)

    problem(unsigned, 401, "bad_signature")
    problem(forged, 401, "bad_signature")
    assert rows(front.cloud, "x1") == 0


def test_a_malformed_body_is_refused_without_echoing_the_code(front: Shopfront) -> None:
    body = {"out_trade_no": trade_no(), "auth_code": "1345-secret-6789", "amount_fen": 1, "subject": "x"}

    message = problem(front.session.post("/v1/payments/pay", json=body), 422, "invalid_payload")

    assert "auth_code" in message and "secret" not in message


def test_the_payment_routes_are_documented_with_their_problems(front: Shopfront) -> None:
    paths = front.cloud.http().get("/openapi.json").json()["paths"]

    for route in ("pay", "query", "cancel", "refund"):
        operation = paths[f"/v1/payments/{route}"]["post"]
        assert {"401", "422"} <= set(operation["responses"]), route
        assert operation["security"] and operation["requestBody"]["required"]
    assert "409" in paths["/v1/payments/pay"]["post"]["responses"]
    assert "404" in paths["/v1/payments/query"]["post"]["responses"]
    assert "get" in paths["/v1/payments/channels"]
