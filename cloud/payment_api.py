"""The signed payment routes of a till: pay, query, cancel and refund a customer's payment code, and list
the channels its merchant has opened (sync.payment_protocol; the logic is in cloud/payment_service.py).

The body is parsed only after the signature checks out, so an unsigned request learns nothing about it.
Business outcomes (paid, declined, waiting) are a 200 with a state; a Problem means the request itself
was refused: 404 payment_not_found, 409 out_trade_no_reused / out_refund_no_reused /
payment_not_refundable, 422 invalid_payload / not_a_payment_code / channel_not_supported,
503 channels_unavailable.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from cloud.auth import SignedRequest, authenticate, path_and_query, record_nonce
from cloud.context import AppContext, app_context
from cloud.errors import CloudError, InvalidInput
from cloud.ingest import describe
from cloud.openapi import SIGNED, signed_body
from cloud.problems import problem_responses
from cloud.text import storable
from sync.payment_protocol import (
    CancelResult,
    ChannelList,
    PayCommand,
    PaymentStatus,
    RefundCommand,
    RefundStatus,
    TradeRef,
)

router = APIRouter(tags=["payments"])
M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], body: bytes) -> M:
    """The body as `model`, or InvalidInput (422) saying where it is wrong (never echoing a value)."""
    try:
        if not storable(json.loads(body)):
            raise InvalidInput("text may not contain NUL characters or lone UTF-16 surrogates")
        return model.model_validate_json(body)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, ValidationError):
            raise InvalidInput(describe(exc)) from None
        raise InvalidInput("the body is not JSON") from None


async def signed_call(
    request: Request, work: Callable[[AppContext, SignedRequest], BaseModel], *, nonce_with_work: bool = False
) -> Response:
    """Checks the signature, then does the work, both in one worker thread: a payment costs one thread
    hand-over instead of one per dependency (they block on the database and the channel). The answer is
    a model checked when it was made: it is sent as it is, not validated again against response_model.
    nonce_with_work: the work writes the request's nonce in its first transaction (SignedRequest.nonce);
    if it is refused before that, the nonce is recorded on its own (a replay is 401 all the same)."""
    body = await request.body()
    ctx, method, target, headers = (
        app_context(request),
        request.method,
        path_and_query(request),
        request.headers,
    )

    def run() -> bytes:
        signed = authenticate(ctx, method, target, headers, body, defer_nonce=nonce_with_work)
        try:
            answer = work(ctx, signed)
        except CloudError:
            record_nonce(ctx, signed.nonce)
            raise
        record_nonce(ctx, signed.nonce)  # nothing to do when the work wrote it
        return answer.model_dump_json().encode()

    return Response(await run_in_threadpool(run), media_type="application/json")


@router.post(
    "/v1/payments/pay",
    response_model=PaymentStatus,
    responses=problem_responses(401, 403, 409, 413, 422, 503),
    openapi_extra=signed_body("PayCommand"),
)
async def pay(request: Request) -> Response:
    """Charges the code once per out_trade_no; a retry with the same number is answered, never charged again."""
    return await signed_call(request, _pay, nonce_with_work=True)


def _pay(ctx: AppContext, signed: SignedRequest) -> PaymentStatus:
    command = parse(PayCommand, signed.body)
    return ctx.payments.pay(signed.device, command, with_row=signed.nonce.write)


@router.post(
    "/v1/payments/query",
    response_model=PaymentStatus,
    responses=problem_responses(401, 403, 404, 413, 422, 503),
    openapi_extra=signed_body("TradeRef"),
)
async def query(request: Request) -> Response:
    return await signed_call(
        request,
        lambda ctx, signed: ctx.payments.query(signed.device, parse(TradeRef, signed.body).out_trade_no),
    )


@router.post(
    "/v1/payments/cancel",
    response_model=CancelResult,
    responses=problem_responses(401, 403, 413, 422, 503),
    openapi_extra=signed_body("TradeRef"),
)
async def cancel(request: Request) -> Response:
    """Makes sure the payment takes no money: reverses it, or closes a number never seen."""
    return await signed_call(
        request,
        lambda ctx, signed: ctx.payments.cancel(signed.device, parse(TradeRef, signed.body).out_trade_no),
    )


@router.post(
    "/v1/payments/refund",
    response_model=RefundStatus,
    responses=problem_responses(401, 403, 404, 409, 413, 422, 503),
    openapi_extra=signed_body("RefundCommand"),
)
async def refund(request: Request) -> Response:
    return await signed_call(
        request, lambda ctx, signed: ctx.refunds.refund(signed.device, parse(RefundCommand, signed.body))
    )


@router.get(
    "/v1/payments/channels",
    response_model=ChannelList,
    responses=problem_responses(401, 403, 413, 503),
    openapi_extra={"security": SIGNED},
)
async def channels(request: Request) -> Response:
    return await signed_call(request, lambda ctx, signed: ctx.payments.channels(signed.device))
