"""Request signing between a paired till and the cloud: HMAC-SHA256 over what makes a request unique.

The string to sign is five lines: METHOD, path with its query string, unix timestamp, nonce and the
lowercase hex SHA-256 of the body (of b"" for no body). The signature is lowercase hex. The service
rejects a timestamp off by more than MAX_SKEW_SECONDS, a nonce seen before, a bad signature (compared
in constant time) and a revoked device. Every response carries the server's clock in SERVER_TIME.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

DEVICE_ID = "X-Device-Id"
TIMESTAMP = "X-Timestamp"
NONCE = "X-Nonce"
SIGNATURE = "X-Signature"
SERVER_TIME = "X-Server-Time"  # unix seconds, on every response

MAX_SKEW_SECONDS = 300


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def string_to_sign(method: str, path_and_query: str, timestamp: int, nonce: str, body: bytes) -> bytes:
    return "\n".join([method.upper(), path_and_query, str(timestamp), nonce, body_digest(body)]).encode()


def sign(secret: str, method: str, path_and_query: str, timestamp: int, nonce: str, body: bytes) -> str:
    return hmac.new(
        secret.encode(), string_to_sign(method, path_and_query, timestamp, nonce, body), hashlib.sha256
    ).hexdigest()


def signature_ok(
    secret: str, method: str, path_and_query: str, timestamp: int, nonce: str, body: bytes, given: str
) -> bool:
    return hmac.compare_digest(sign(secret, method, path_and_query, timestamp, nonce, body), given)


def new_nonce() -> str:
    return secrets.token_hex(16)


def signed_headers(
    device_id: str, secret: str, method: str, path_and_query: str, body: bytes, now_unix: int
) -> dict[str, str]:
    nonce = new_nonce()
    return {
        DEVICE_ID: device_id,
        TIMESTAMP: str(now_unix),
        NONCE: nonce,
        SIGNATURE: sign(secret, method, path_and_query, now_unix, nonce, body),
    }
