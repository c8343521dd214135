"""The fiscal journal's form: how an entry is written, chained and signed, so anyone can check it.

Like France's NF525 and Austria's RKSV, every fiscal event becomes an entry chained to the one before:

- `body` is the canonical JSON of {v, device, seq, uuid, kind, ref, day, at, prev, data}: keys sorted, no
  spaces, UTF-8, integers only (money in fen, never a float);
- `hash` is SHA-256 of the body;
- `signature` is the device's Ed25519 signature of the hash's 32 bytes;
- the next entry's `prev` is the *link* SHA-256(hash bytes + signature bytes), so the chain covers the
  signatures too: changing any byte of an entry, its hash or its signature breaks the next link, and the
  newest entry's signature (checked with the public key) vouches for the whole chain behind it;
- `seq` runs 1, 2, 3... per device without a gap; the first entry has prev GENESIS.

The cloud shares this module, so the till and the service can never disagree on what a valid entry is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

VERSION = 1
GENESIS = "0" * 64

# The kinds of fiscal event; the journal refuses any other.
JOURNAL_START = "journal_start"  # the first entry: the device's public key and what came before
SALE = "sale"
REFUND = "refund"
VOID = "void"
OVERRIDE = "override"
REPRINT = "reprint"
DRAWER_OPEN = "drawer_open"  # a no-sale opening of the cash drawer
SHIFT_OPEN = "shift_open"
CASH_MOVEMENT = "cash_movement"  # a pay-in or pay-out during a shift
SHIFT_CLOSE = "shift_close"
Z_REPORT = "z_report"
OFFLINE_START = "offline_start"
OFFLINE_END = "offline_end"
KINDS = frozenset(
    {
        JOURNAL_START,
        SALE,
        REFUND,
        VOID,
        OVERRIDE,
        REPRINT,
        DRAWER_OPEN,
        SHIFT_OPEN,
        CASH_MOVEMENT,
        SHIFT_CLOSE,
        Z_REPORT,
        OFFLINE_START,
        OFFLINE_END,
    }
)


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, UTF-8; a float is refused."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _refuse_floats(value: Any) -> None:
    pending = [value]  # a loop, not recursion: a sale's body has a hundred values or more
    while pending:
        item = pending.pop()
        if isinstance(item, float):
            raise ValueError("the journal holds no floats: money is integer fen")
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def body_of(
    *,
    device: str,
    seq: int,
    uuid: str,
    kind: str,
    ref: str,
    day: date,
    at: datetime,
    prev: str,
    data: dict[str, Any],
) -> bytes:
    if kind not in KINDS:
        raise ValueError(f"unknown journal kind {kind!r}")
    return canonical(
        {
            "v": VERSION,
            "device": device,
            "seq": seq,
            "uuid": uuid,
            "kind": kind,
            "ref": ref,
            "day": day.isoformat(),
            "at": at.isoformat(),
            "prev": prev,
            "data": data,
        }
    )


def hash_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def link_of(hash_hex: str, signature_hex: str) -> str:
    """What the next entry's `prev` must be: it binds this entry's hash and signature."""
    return hashlib.sha256(bytes.fromhex(hash_hex) + bytes.fromhex(signature_hex)).hexdigest()


class JournalSigner:
    """The device's Ed25519 key, made from a 32-byte seed kept beside the database (mode 0600)."""

    def __init__(self, seed: bytes) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key_hex = public_key_hex(self._key.public_key())

    def sign(self, hash_hex: str) -> str:
        return self._key.sign(bytes.fromhex(hash_hex)).hex()


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def signature_ok(public_key_hex: str, hash_hex: str, signature_hex: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex), bytes.fromhex(hash_hex))
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SealedEntry:
    """An entry as stored and as sent: its body and what seals it."""

    seq: int
    uuid: str
    kind: str
    ref: str
    day: date
    at: datetime
    body: bytes
    hash: str
    signature: str

    @property
    def link(self) -> str:
        return link_of(self.hash, self.signature)


def short_code(seq: int, total_fen: int, hash_hex: str) -> str:
    """The receipt's proof of its journal entry: sequence, total in fen and the hash's first 8 digits,
    e.g. 'J123-1250-9f86d081'. Anyone holding the journal can find the entry and check it."""
    return f"J{seq}-{total_fen}-{hash_hex[:8]}"


RECEIPT_QR_PREFIX = "TILLJ"


def receipt_qr(device_id: str, seq: int, total_fen: int, hash_hex: str) -> str:
    """What the receipt's QR code holds: 'TILLJ:{device uuid}:{seq}:{total fen}:{hash's first 16 digits}'.

    The till (its device uuid) and the entry's seq find the entry in any copy of the journal (the till's,
    the cloud's, an auditor's export); the total and the hash prefix show the receipt is that entry's."""
    return f"{RECEIPT_QR_PREFIX}:{device_id}:{seq}:{total_fen}:{hash_hex[:16]}"
