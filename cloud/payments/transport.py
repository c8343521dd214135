"""One HTTP POST for the adapters, where every way of not getting a usable answer becomes TransportError.

Refused connection, timeout, reset, a non-200 status, an empty body: for a payment each means "we do not
know what happened", so the adapters turn TransportError into UNKNOWN (or RETRY for a reversal), never
into a failure. The error's text is log-safe: it names the failure, not the request (which holds codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import requests

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds; micropay may wait on the bank before answering


class TransportError(Exception):
    pass


@dataclass(frozen=True)
class Answer:
    body: bytes
    headers: Mapping[str, str]


def post(
    session: requests.Session,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    cert: tuple[str, str] | None = None,
) -> Answer:
    try:
        response = session.post(url, data=body, headers=dict(headers), timeout=timeout, cert=cert)
    except requests.Timeout as exc:
        raise TransportError(f"timeout: {type(exc).__name__}") from exc
    except requests.RequestException as exc:
        raise TransportError(f"no answer: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise TransportError(f"HTTP {response.status_code}")
    if not response.content:
        raise TransportError("empty answer")
    return Answer(response.content, response.headers)
