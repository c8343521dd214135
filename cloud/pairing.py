"""Pairing a till with a store: one-time 8-digit codes made by the admin, exchanged for a device secret."""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from cloud.db import Database
from cloud.errors import CloudError
from cloud.models import DeviceRow, PairingCodeRow, StoreRow, new_id
from cloud.tenants import find_store
from cloud.text import clean_line
from pos_app.clock import Clock
from sync.protocol import PairRequest, PairResponse


@dataclass(frozen=True)
class PairingCode:
    code: str
    store_id: uuid.UUID
    expires_at: datetime


class CodeInvalid(CloudError):
    status = 400
    code = "pairing_code_invalid"


class CodeExpired(CloudError):
    status = 410
    code = "pairing_code_expired"


def new_device_secret() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def new_pairing_code(db: Database, clock: Clock, store_ref: str, ttl_seconds: int) -> PairingCode:
    now = clock.now()
    with db.write() as conn:
        store = find_store(conn, store_ref)
        while True:  # a code still open elsewhere is never handed out twice
            code = f"{secrets.randbelow(10**8):08d}"
            live = select(PairingCodeRow.id).where(
                PairingCodeRow.code == code, PairingCodeRow.used_at.is_(None), PairingCodeRow.expires_at > now
            )
            if conn.execute(live).first() is None:
                break
        expires = now + timedelta(seconds=ttl_seconds)
        conn.execute(
            insert(PairingCodeRow).values(
                id=new_id(), code=code, store_id=store.id, created_at=now, expires_at=expires
            )
        )
    return PairingCode(code, store.id, expires)


def pair(db: Database, clock: Clock, request: PairRequest) -> PairResponse:
    """Spends the code and makes the device. Re-pairing a till revokes its older pairings at this merchant."""
    now = clock.now()
    invalid = CodeInvalid("this pairing code is unknown or was already used; make a new one")
    with db.write() as conn:
        found = conn.execute(
            select(
                PairingCodeRow.id, PairingCodeRow.store_id, PairingCodeRow.expires_at, PairingCodeRow.used_at
            )
            .where(PairingCodeRow.code == request.code)
            .order_by(PairingCodeRow.created_at.desc())
            .limit(1)
        ).first()
        if found is None or found.used_at is not None:
            raise invalid
        if found.expires_at <= now:
            raise CodeExpired("this pairing code has expired (codes last 10 minutes); make a new one")
        store = find_store(conn, str(found.store_id))
        device_id, secret = new_id(), new_device_secret()
        conn.execute(
            insert(DeviceRow).values(
                id=device_id,
                store_id=store.id,
                device_uuid=request.device_uuid,
                name=clean_line(request.device_name) or "till",
                secret=secret,
                paired_at=now,
            )
        )
        claimed = conn.execute(
            update(PairingCodeRow)
            .where(PairingCodeRow.id == found.id, PairingCodeRow.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        if claimed.rowcount != 1:  # spent by a concurrent request a moment ago
            raise invalid
        merchant_stores = select(StoreRow.id).where(StoreRow.merchant_id == store.merchant_id)
        conn.execute(
            update(DeviceRow)
            .where(
                DeviceRow.device_uuid == request.device_uuid,
                DeviceRow.id != device_id,
                DeviceRow.revoked_at.is_(None),
                DeviceRow.store_id.in_(merchant_stores),
            )
            .values(revoked_at=now)
        )
    return PairResponse(
        device_id=device_id,
        device_secret=secret,
        pin_pepper=store.pin_pepper,
        merchant_id=store.merchant_id,
        merchant_name=store.merchant_name,
        store_id=store.id,
        store_name=store.name,
        server_time=now,
    )
