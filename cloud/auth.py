"""Signed requests (sync.signing): the FastAPI dependency that says which paired device is calling.

Checked in this order: headers present and well-formed, the timestamp within MAX_SKEW_SECONDS of the
server's clock (401 clock_skew), the device known (401 unknown_device), the signature right, compared
in constant time (401 bad_signature), the device not revoked (403 device_revoked), and last the nonce
new for this device (401 replayed_nonce). Nothing is written before the signature checks out; then the
nonce is recorded, where the (device_id, nonce) primary key refuses a replay: in a transaction of its
own, or (authenticate(defer_nonce=True), for a pay) in the request's first write transaction, by
PendingNonce.write, so that a pay commits once and not twice. A request refused before that write
still records its nonce (record_nonce). One that fails on the database itself had no effect and may
leave none. A nonce's own commit does not wait for the disk (Database.write(durable=False)): only a
power cut inside the signing window could forget a nonce, and every signed request is idempotent
anyway (event ids, out_trade_no, out_refund_no), so a replay could change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, cast
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from cloud.context import AppContext, app_context
from cloud.db import LeanTx
from cloud.errors import CloudError
from cloud.models import DeviceRow, NonceRow, StoreRow
from cloud.records import Device
from sync.signing import DEVICE_ID, MAX_SKEW_SECONDS, NONCE, SIGNATURE, TIMESTAMP, signature_ok

_NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{64}$")
_TIMESTAMP = re.compile(r"^-?\d{1,12}$")
_DEVICES, _STORES = cast(Table, DeviceRow.__table__), cast(Table, StoreRow.__table__)
# Built once (Core, on the tables): every signed request runs these two, and SQLAlchemy reuses their SQL.
_DEVICE = (
    select(
        _DEVICES.c.secret,
        _DEVICES.c.store_id,
        _STORES.c.merchant_id,
        _DEVICES.c.revoked_at,
        _DEVICES.c.last_seen_at,
    )
    .join(_STORES, _STORES.c.id == _DEVICES.c.store_id)
    .where(_DEVICES.c.id == bindparam("b_device"))
)
_NONCE_INSERT = insert(cast(Table, NonceRow.__table__))
_TOUCH = update(_DEVICES).where(_DEVICES.c.id == bindparam("b_device"))
LAST_SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per device
PRUNE_EVERY_SECONDS = 60.0


@dataclass
class PendingNonce:
    """A checked request's nonce, not yet recorded. written: it went into a transaction (see write)."""

    device_id: UUID
    nonce: str
    seen_at: datetime
    touch: bool  # last_seen_at of the device is due to be written as well
    written: bool = False

    def write(self, tx: LeanTx) -> None:
        """Records the nonce in the caller's write transaction: 401 replayed_nonce if it was seen before
        (the caller's transaction is then rolled back by the exception)."""
        self.written = True
        try:
            tx.run(_NONCE_INSERT, {"device_id": self.device_id, "nonce": self.nonce, "seen_at": self.seen_at})
        except IntegrityError:
            raise _unauthorized(
                "replayed_nonce", "this nonce was used before; sign every request anew"
            ) from None
        if self.touch:
            tx.run(_TOUCH, {"b_device": self.device_id, "last_seen_at": self.seen_at})


@dataclass(frozen=True)
class SignedRequest:
    device: Device
    body: bytes
    nonce: PendingNonce


def _unauthorized(code: str, message: str) -> CloudError:
    return CloudError(message, code=code, status=401)


def path_and_query(request: Request) -> str:
    """The request target exactly as the client sent it (not the decoded path)."""
    raw = request.scope.get("raw_path") or request.scope["path"].encode()
    query = request.scope.get("query_string", b"")
    target = bytes(raw).decode("latin-1")
    return f"{target}?{bytes(query).decode('latin-1')}" if query else target


async def request_body(request: Request) -> bytes:
    return await request.body()  # the BodyLimit middleware stops it at MAX_BODY_BYTES


def signed_request(request: Request, body: Annotated[bytes, Depends(request_body)]) -> SignedRequest:
    return authenticate(app_context(request), request.method, path_and_query(request), request.headers, body)


def authenticate(
    ctx: AppContext,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    defer_nonce: bool = False,
) -> SignedRequest:
    """The checks of the module docstring, in that order; blocking (it reads and writes the database).
    defer_nonce: the nonce is left for the caller to write (SignedRequest.nonce) or record."""
    values = {name: headers.get(name, "") for name in (DEVICE_ID, TIMESTAMP, NONCE, SIGNATURE)}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise _unauthorized("bad_signature", f"the request is not signed: {', '.join(missing)} missing")
    if not _TIMESTAMP.match(values[TIMESTAMP]):
        raise _unauthorized("bad_signature", f"{TIMESTAMP} must be unix seconds")
    timestamp = int(values[TIMESTAMP])
    now = ctx.clock.now()
    if abs(now.timestamp() - timestamp) > MAX_SKEW_SECONDS:
        raise _unauthorized(
            "clock_skew",
            f"{TIMESTAMP} is {timestamp} but the server's clock says {int(now.timestamp())}; "
            f"they may differ by at most {MAX_SKEW_SECONDS} s",
        )
    nonce, signature = values[NONCE], values[SIGNATURE]
    if not _NONCE.match(nonce) or not _SIGNATURE.match(signature):
        raise _unauthorized("bad_signature", "the nonce or the signature is malformed")
    try:
        device_id = UUID(values[DEVICE_ID])
    except ValueError:
        raise _unauthorized("unknown_device", f"{DEVICE_ID} is not a device of this service") from None
    with ctx.db.lean_read() as tx:
        row = tx.first(_DEVICE, {"b_device": device_id})
    if row is None:
        raise _unauthorized("unknown_device", f"{DEVICE_ID} is not a device of this service")
    if not signature_ok(row["secret"], method, target, timestamp, nonce, body, signature):
        raise _unauthorized("bad_signature", "the signature does not match the request")
    if row["revoked_at"] is not None:
        raise CloudError("this device was revoked; pair it again", code="device_revoked", status=403)
    seen = row["last_seen_at"]
    pending = PendingNonce(device_id, nonce, now, touch=seen is None or now - seen > LAST_SEEN_EVERY)
    if not defer_nonce:
        record_nonce(ctx, pending)
    return SignedRequest(Device(device_id, row["store_id"], row["merchant_id"]), body, pending)


def record_nonce(ctx: AppContext, pending: PendingNonce) -> None:
    """Records the nonce in a transaction of its own unless it was written already (401 for a replay);
    then forgets the old nonces when that is due."""
    if not pending.written:
        with ctx.db.lean_write(durable=False) as tx:
            pending.write(tx)
    prune_nonces(ctx)


def prune_nonces(ctx: AppContext) -> None:
    """At most once every PRUNE_EVERY_SECONDS: nonces older than twice the window can no longer pass the
    timestamp check, so they are forgotten."""
    now = ctx.clock.now()
    with ctx.lock:
        if now.timestamp() - ctx.nonces_pruned_at <= PRUNE_EVERY_SECONDS:
            return
        ctx.nonces_pruned_at = now.timestamp()
    with ctx.db.write(durable=False) as conn:
        horizon = now - timedelta(seconds=2 * MAX_SKEW_SECONDS)
        conn.execute(delete(NonceRow).where(NonceRow.seen_at < horizon))


Signed = Annotated[SignedRequest, Depends(signed_request)]
