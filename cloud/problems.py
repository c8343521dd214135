"""Every error the API answers is a sync.protocol.Problem {code, message} with a 4xx/5xx status."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from cloud.errors import CloudError
from pos_app.clock import Clock
from sync.protocol import Problem
from sync.signing import SERVER_TIME

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}
_DESCRIPTIONS = {
    400: "Bad request or unusable pairing code",
    401: "Not signed, or signed wrongly (clock_skew, replayed_nonce, bad_signature, unknown_device)",
    403: "The device is revoked",
    404: "Not found (payment_not_found: no such payment of this merchant)",
    409: "Conflict (out_trade_no_reused, out_refund_no_reused, payment_not_refundable)",
    410: "The pairing code has expired",
    413: "The body is larger than sync.protocol.MAX_BODY_BYTES",
    422: "The request does not match the schema (invalid_payload), or the code cannot be paid here "
    "(not_a_payment_code, channel_not_supported)",
    429: "Too many failed attempts (rate_limited)",
    503: "The merchant's channel credentials cannot be opened (channels_unavailable)",
}


class PayloadTooLarge(HTTPException):
    """An HTTPException so FastAPI's own body parsing passes it on instead of answering 400."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than {limit} bytes")


def server_time(clock: Clock) -> str:
    return str(int(clock.now().timestamp()))


def problem_response(clock: Clock, status: int, code: str, message: str) -> JSONResponse:
    body = Problem(code=code, message=message).model_dump()
    return JSONResponse(body, status_code=status, headers={SERVER_TIME: server_time(clock)})


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route: these statuses answer a Problem (for the OpenAPI document)."""
    return {s: {"model": Problem, "description": _DESCRIPTIONS.get(s, "Problem")} for s in statuses}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in list(exc.errors())[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)[:500] or "the request is not valid"


def install_handlers(app: FastAPI, clock: Clock) -> None:
    async def cloud_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, CloudError)
        return problem_response(clock, exc.status, exc.code, exc.message)

    async def http_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return problem_response(clock, exc.status_code, code, str(exc.detail))

    async def invalid_request(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem_response(clock, 422, "invalid_payload", _validation_message(exc))

    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(clock, 500, "internal_error", "the service failed; try again later")

    app.add_exception_handler(CloudError, cloud_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, crash)
