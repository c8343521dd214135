"""A pay's nonce is written in the transaction that makes (or finds) its payment row, and on its own when
the pay is refused before that: a replayed pay is 401 replayed_nonce in every case, and a replay never
reaches the channel nor stores anything."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from cloud.payment_models import PaymentRow
from sync.signing import signed_headers
from tests.cloud.conftest import LiveCloud

from .api_support import Shopfront, count_calls, ok, open_shop, problem, trade_no
from .conftest import LiveSandbox
from .support import code

PATH = "/v1/payments/pay"


@pytest.fixture(scope="module")
def front(cloud: LiveCloud, live_sandbox: LiveSandbox) -> Shopfront:
    return open_shop(cloud, live_sandbox.channels)


def signed(front: Shopfront, fields: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    """A pay request as the till signs it, to be sent (and sent again) as it is."""
    body = json.dumps(fields).encode()
    headers = signed_headers(front.till.device_id, front.till.secret, "POST", PATH, body, int(time.time()))
    return body, {**headers, "Content-Type": "application/json"}


def send(front: Shopfront, request: tuple[bytes, dict[str, str]]) -> requests.Response:
    body, headers = request
    return front.cloud.http().post(PATH, data=body, headers=headers)


def pay_fields(auth_code: str, out_trade_no: str | None = None) -> dict[str, Any]:
    return {
        "out_trade_no": out_trade_no or trade_no(),
        "auth_code": auth_code,
        "amount_fen": 1234,
        "subject": "好又多便利店",
    }


def rows(cloud: LiveCloud, out_trade_no: str) -> int:
    with cloud.db.read() as conn:
        where = PaymentRow.out_trade_no == out_trade_no
        return conn.execute(select(func.count()).select_from(PaymentRow).where(where)).scalar_one()


def test_a_replayed_pay_is_refused_and_never_reaches_the_channel(
    front: Shopfront, live: LiveSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_calls(monkeypatch, live.sandbox.wechat, "pay")
    fields = pay_fields(code("wechat", "03"))
    request = signed(front, fields)

    assert ok(send(front, request))["state"] == "success"
    problem(send(front, request), 401, "replayed_nonce")

    assert calls["pay"] == 1
    assert rows(front.cloud, fields["out_trade_no"]) == 1


def test_a_replayed_retry_of_a_known_number_is_refused(front: Shopfront) -> None:
    fields = pay_fields(code("wechat", "04"))
    first = ok(send(front, signed(front, fields)))
    retry = signed(front, fields)  # the same pay, signed anew: answered from the stored payment

    assert ok(send(front, retry)) == first
    problem(send(front, retry), 401, "replayed_nonce")


@pytest.mark.parametrize(
    ("fields", "status", "refusal"),
    [
        (pay_fields("6901234567892"), 422, "not_a_payment_code"),  # a product's barcode
        (pay_fields("181234567890123456"), 422, "channel_not_supported"),  # JD Pay
        ({"out_trade_no": "x", "amount_fen": 1}, 422, "invalid_payload"),
    ],
)
def test_a_replayed_refused_pay_is_refused_as_a_replay(
    front: Shopfront, fields: dict[str, Any], status: int, refusal: str
) -> None:
    request = signed(front, fields)

    problem(send(front, request), status, refusal)
    problem(send(front, request), 401, "replayed_nonce")
