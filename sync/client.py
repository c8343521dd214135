"""The till's HTTP client of the merchant's cloud: signed requests, timeouts, typed errors, clock skew.

Implements pos_app.ports.SyncTransport over requests. Every request has a connect timeout of 3 s and a
read timeout of 15 s, so a dead network costs the sync worker seconds, never the cashier. Every answer
carries the cloud's clock (X-Server-Time); the difference to ours is kept as `clock_skew_s`. A request
refused for clock skew is signed again once with the cloud's time, so a till whose clock is off still
syncs (and the skew is reported so someone sets the clock). Logs name the method, path and status only:
never a header, a body or the secret.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import ValidationError

from pos_app.ports import JsonObject
from pos_app.sync_errors import (
    BatchRefused,
    ClockSkew,
    CloudProtocolError,
    CloudUnreachable,
    DeviceNotRecognized,
    DeviceRevoked,
    PairingRefused,
    PaymentRefused,
    PaymentTradeUnknown,
    SyncError,
)
from sync.credentials import Credentials
from sync.protocol import PairRequest, PairResponse, Problem
from sync.signing import SERVER_TIME, signed_headers

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 15.0
FEEDS = ("catalog", "cashiers")

log = logging.getLogger(__name__)


class SyncClient:
    def __init__(
        self,
        cloud_url: str,
        credentials: Credentials | None = None,
        session: requests.Session | None = None,
        now: Callable[[], float] = time.time,
    ) -> None:
        self._base = cloud_url.rstrip("/")
        self._prefix = urlsplit(self._base).path  # a cloud behind a path prefix signs the full path
        self._credentials = credentials
        self._session = session or requests.Session()
        self._now = now
        self._offset_s = 0  # added to our clock when signing, after the cloud refused it as skewed
        self._skew_s: int | None = None

    @property
    def clock_skew_s(self) -> int | None:
        return self._skew_s

    def close(self) -> None:
        self._session.close()

    # -- the API ---------------------------------------------------------------------------------------
    def pair(self, request: PairRequest) -> PairResponse:
        """POST /v1/devices/pair (unsigned): a pairing code for the device's credentials."""
        body = request.model_dump_json().encode()
        answer = self._call("POST", "/v1/devices/pair", body, signed=False)
        try:
            return PairResponse.model_validate(answer)
        except ValidationError as exc:
            raise CloudProtocolError(f"pairing answer: {exc.error_count()} bad fields") from None

    def push(self, events: list[JsonObject]) -> JsonObject:
        body = json.dumps({"events": events}, ensure_ascii=False, separators=(",", ":")).encode()
        return self._call("POST", "/v1/sync/push", body, signed=True)

    def pull(self, feed: str, after: int, limit: int) -> JsonObject:
        if feed not in FEEDS:
            raise ValueError(f"unknown feed {feed!r}")
        return self._call("GET", f"/v1/sync/{feed}?after={int(after)}&limit={int(limit)}", b"", signed=True)

    def post(self, path: str, body: bytes) -> JsonObject:
        """A signed POST of a JSON body to one of the cloud's device routes (the payment API)."""
        return self._call("POST", path, body, signed=True)

    def get(self, path_and_query: str) -> JsonObject:
        return self._call("GET", path_and_query, b"", signed=True)

    # -- one request ------------------------------------------------------------------------------------
    def _call(self, method: str, path_and_query: str, body: bytes, signed: bool) -> JsonObject:
        retried = False
        while True:
            response = self._send(method, path_and_query, body, signed)
            if response.ok:
                return _json_object(response)
            problem = _problem(response)
            if (
                response.status_code == 401
                and not retried
                and problem.code in ("clock_skew", "replayed_nonce")
            ):
                retried = True  # a fresh nonce, and our clock corrected by the cloud's
                if problem.code == "clock_skew" and self._skew_s is not None:
                    self._offset_s = self._skew_s
                continue
            raise self._error(response.status_code, problem, path_and_query)

    def _send(self, method: str, path_and_query: str, body: bytes, signed: bool) -> requests.Response:
        headers = {"Content-Type": "application/json"} if body else {}
        if signed:
            if self._credentials is None:
                raise ValueError("signed requests need the device credentials")
            headers |= signed_headers(
                self._credentials.device_id,
                self._credentials.device_secret,
                method,
                self._prefix + path_and_query,
                body,
                int(self._now()) + self._offset_s,
            )
        try:
            response = self._session.request(
                method,
                self._base + path_and_query,
                data=body or None,
                headers=headers,
                timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
            )
        except requests.Timeout:
            log.info("%s %s: timed out", method, path_and_query.split("?")[0])
            raise CloudUnreachable("timed out", "超时") from None
        except requests.RequestException as exc:
            log.info("%s %s: %s", method, path_and_query.split("?")[0], type(exc).__name__)
            raise CloudUnreachable(*_network_reason(exc)) from None
        log.debug("%s %s: %s", method, path_and_query.split("?")[0], response.status_code)
        self._note_server_time(response)
        return response

    def _note_server_time(self, response: requests.Response) -> None:
        try:
            server = float(response.headers[SERVER_TIME])
        except (KeyError, ValueError):
            return
        self._skew_s = round(server + 0.5 - self._now())  # the header is whole seconds, cut down

    def _error(self, status: int, problem: Problem, path: str) -> SyncError:
        code = problem.code
        if status == 401 and code == "clock_skew":
            return ClockSkew(self._skew_s)
        if status == 401:
            return DeviceNotRecognized(code or "401")
        if status == 403:
            return DeviceRevoked()
        if status == 404 and code == "payment_not_found":
            return PaymentTradeUnknown(path)
        if status == 422 and path.startswith("/v1/payments/pay"):
            return PaymentRefused(code, problem.message)
        if status in (413, 422) and path.startswith("/v1/sync/push"):
            return BatchRefused(status, problem.message or code)
        if path.startswith("/v1/devices/pair") and status in _PAIRING_MESSAGES:
            return PairingRefused(status, code, *_PAIRING_MESSAGES[status])
        if status == 429 or status >= 500:
            return CloudUnreachable(f"HTTP {status}", f"服务器错误 {status}")
        return CloudProtocolError(f"HTTP {status} {code}: {problem.message}"[:300])


_PAIRING_MESSAGES = {
    400: ("The pairing code is not right; check the 8 digits", "绑定码不正确，请核对 8 位数字"),
    404: ("The pairing code is not right; check the 8 digits", "绑定码不正确，请核对 8 位数字"),
    410: (
        "The pairing code has expired or was used; ask for a new one",
        "绑定码已过期或已被使用，请重新获取",
    ),
    429: (
        "Too many pairing attempts; wait a few minutes, then try again",
        "绑定尝试次数过多，请稍等几分钟再试",
    ),
}


def _json_object(response: requests.Response) -> JsonObject:
    try:
        data: Any = response.json()
    except ValueError:
        raise CloudProtocolError(f"HTTP {response.status_code} with a body that is not JSON") from None
    if not isinstance(data, dict):
        raise CloudProtocolError("the answer is not a JSON object")
    return data


def _problem(response: requests.Response) -> Problem:
    try:
        return Problem.model_validate_json(response.content)
    except ValidationError:  # not our Problem shape (a proxy's page, a framework's default error)
        return Problem(code="", message=(response.text or response.reason or "")[:300])


def _network_reason(exc: requests.RequestException) -> tuple[str, str]:
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error", "TLS 证书错误"
    if isinstance(exc, requests.ConnectionError):
        return "no connection", "网络不通"
    return type(exc).__name__, type(exc).__name__
