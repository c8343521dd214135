"""The till's client of the cloud's aggregated-payment API: pos_app.ports.PaymentGateway over SyncClient.

Answers are checked against sync.payment_protocol; an answer that does not fit is a CloudProtocolError,
which the payment service treats as an unknown outcome (query, then cancel), never as a failure.
"""

from __future__ import annotations

import threading
from typing import TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from pos_app.ports import GatewayCancel, GatewayPayment, GatewayRefund, JsonObject
from pos_app.services.till import Till
from pos_app.sync_errors import CloudProtocolError
from sync.client import SyncClient
from sync.payment_protocol import (
    CancelResult,
    ChannelList,
    PayCommand,
    PaymentStatus,
    RefundCommand,
    RefundStatus,
    TradeRef,
)
from sync.worker import connect

M = TypeVar("M", bound=BaseModel)


class PaymentGatewayClient:
    def __init__(self, client: SyncClient) -> None:
        self._client = client

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment:
        command = PayCommand(
            out_trade_no=out_trade_no,
            auth_code=auth_code,
            amount_fen=amount_fen,
            subject=subject or "收银台",
            order_uuid=UUID(order_uuid),
        )
        return _payment(self._post("/v1/payments/pay", command, PaymentStatus))

    def query(self, out_trade_no: str) -> GatewayPayment:
        return _payment(self._post("/v1/payments/query", TradeRef(out_trade_no=out_trade_no), PaymentStatus))

    def cancel(self, out_trade_no: str) -> GatewayCancel:
        answer = self._post("/v1/payments/cancel", TradeRef(out_trade_no=out_trade_no), CancelResult)
        return GatewayCancel(
            answer.out_trade_no, answer.outcome, answer.not_before, answer.money_returned, answer.message
        )

    def refund(self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str) -> GatewayRefund:
        command = RefundCommand(
            out_trade_no=out_trade_no, out_refund_no=out_refund_no, refund_fen=refund_fen, reason=reason[:80]
        )
        answer = self._post("/v1/payments/refund", command, RefundStatus)
        return GatewayRefund(answer.out_refund_no, answer.state, answer.message)

    def channels(self) -> list[str]:
        return list(_parse(self._client.get("/v1/payments/channels"), ChannelList).channels)

    def close(self) -> None:
        self._client.close()

    def _post(self, path: str, body: BaseModel, answer: type[M]) -> M:
        return _parse(self._client.post(path, body.model_dump_json().encode()), answer)


def _parse(data: JsonObject, model: type[M]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CloudProtocolError(f"payment answer: {exc.error_count()} bad fields") from None


def _payment(status: PaymentStatus) -> GatewayPayment:
    return GatewayPayment(
        status.out_trade_no,
        status.channel,
        status.state,
        status.amount_fen,
        status.channel_trade_no or "",
        status.reason,
        status.message,
    )


class TillGateway:
    """The gateway of the cloud this till is paired with, made at first use and kept (one HTTP session,
    kept alive); raises NotPaired or CredentialsMissing while there is none, and tries again next time."""

    def __init__(self, till: Till) -> None:
        self._till = till
        self._gateway: PaymentGatewayClient | None = None
        self._lock = threading.Lock()

    def __call__(self) -> PaymentGatewayClient:
        with self._lock:
            if self._gateway is None:
                self._gateway = PaymentGatewayClient(connect(self._till))
            return self._gateway

    def forget(self) -> None:
        """After pairing again: the next payment reads the new credentials."""
        with self._lock:
            if self._gateway is not None:
                self._gateway.close()
            self._gateway = None
