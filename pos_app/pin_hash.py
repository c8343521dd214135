"""Cashier PIN hashes, the same on the till and in the cloud.

PINs are short, so a stolen database must not give them away: each PIN is keyed with a pepper kept
outside the database (HMAC-SHA256), then hashed with argon2id (OWASP's minimum: 19 MiB, 2 passes).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from pos_app.errors import InvalidInput

_PIN = re.compile(r"^\d{4,6}$")
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


def validate_pin(pin: str) -> str:
    if not _PIN.match(pin):
        raise InvalidInput("a PIN is 4 to 6 digits", "密码必须是 4 到 6 位数字")
    return pin


def _keyed(pepper: bytes, pin: str) -> bytes:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).digest()


def hash_pin(pepper: bytes, pin: str) -> str:
    return _hasher.hash(_keyed(pepper, validate_pin(pin)))


def pin_matches(pepper: bytes, pin_hash: str, pin: str) -> bool:
    try:
        return bool(_hasher.verify(pin_hash, _keyed(pepper, pin)))
    except (VerificationError, InvalidHashError):
        return False
