"""A shop as the device payment API sees it: a merchant with channels, a paired till, and its signed calls.

front = open_shop(cloud, live.channels)      # the sandbox's credentials for a new merchant
answer = front.pay(code("wechat", "07"))     # POST /v1/payments/pay; answer.json() is a PaymentStatus
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from cloud.payments.credentials import GenericCredentials, MerchantChannels
from cloud.payments.sandbox import Sandbox
from cloud.payments.sandbox.engine import OrderBook, OrderView
from tests.cloud.conftest import BaseUrlSession, LiveCloud, Paired, Shop, make_store, pair_device


def trade_no() -> str:
    """As the till makes it: a UUID's 32 hex digits."""
    return uuid.uuid4().hex


@dataclass
class Shopfront:
    cloud: LiveCloud
    shop: Shop
    till: Paired
    session: BaseUrlSession = field(repr=False)

    def pay(
        self, auth_code: str, amount_fen: int = 1234, out_trade_no: str | None = None, **more: Any
    ) -> requests.Response:
        body = {
            "out_trade_no": out_trade_no or trade_no(),
            "auth_code": auth_code,
            "amount_fen": amount_fen,
            "subject": "好又多便利店",
            **more,
        }
        return self.session.post("/v1/payments/pay", json=body)

    def query(self, out_trade_no: str) -> requests.Response:
        return self.session.post("/v1/payments/query", json={"out_trade_no": out_trade_no})

    def cancel(self, out_trade_no: str, skew_seconds: int = 0) -> requests.Response:
        session = self.session if not skew_seconds else self.till.session(self.cloud, skew_seconds)
        return session.post("/v1/payments/cancel", json={"out_trade_no": out_trade_no})

    def refund(
        self, out_trade_no: str, refund_fen: int, out_refund_no: str | None = None
    ) -> requests.Response:
        body = {
            "out_trade_no": out_trade_no,
            "out_refund_no": out_refund_no or trade_no(),
            "refund_fen": refund_fen,
        }
        return self.session.post("/v1/payments/refund", json=body)


def open_shop(cloud: LiveCloud, channels: MerchantChannels | None) -> Shopfront:
    """A new merchant and store with these channels (None: none set), and a paired till."""
    shop = make_store(cloud)
    if channels is not None:
        cloud.context.channels.set(shop.merchant_id, channels)
    till = pair_device(cloud, shop.store_id)
    return Shopfront(cloud, shop, till, till.session(cloud))


def ok(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def problem(response: requests.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text
    message: str = response.json()["message"]
    return message


def count_calls(monkeypatch: pytest.MonkeyPatch, book: OrderBook, *methods: str) -> Counter[str]:
    """Counts the sandbox order book's calls (a pay or refund that reached the channel), per method."""
    calls: Counter[str] = Counter()
    for name in methods:
        original: Callable[..., Any] = getattr(book, name)

        def counted(*args: Any, _name: str = name, _original: Callable[..., Any] = original) -> Any:
            calls[_name] += 1
            return _original(*args)

        monkeypatch.setattr(book, name, counted)
    return calls


def sandbox_order(
    sandbox: Sandbox, channels: MerchantChannels, channel: str, out_trade_no: str
) -> OrderView | None:
    """The sandbox's order for a number: WeChat and Alipay keep it by out_trade_no, the aggregator per terminal."""
    if channel in ("wechat", "alipay"):
        book: OrderBook = getattr(sandbox, channel)
        return book.query(out_trade_no)
    creds = getattr(channels, channel)
    assert isinstance(creds, GenericCredentials)
    return sandbox.generic.query(f"{creds.terminal_sn}/{out_trade_no}")
