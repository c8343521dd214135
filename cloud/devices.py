"""The paired tills of a store: listing them and revoking one (its signed requests then get 403)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from cloud.db import Database
from cloud.errors import NotFound
from cloud.models import DeviceRow
from cloud.tenants import find_store
from pos_app.clock import Clock


@dataclass(frozen=True)
class DeviceInfo:
    id: uuid.UUID
    device_uuid: uuid.UUID
    name: str
    paired_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def list_devices(db: Database, store_ref: str) -> list[DeviceInfo]:
    with db.read() as conn:
        store = find_store(conn, store_ref)
        rows = conn.execute(
            select(
                DeviceRow.id,
                DeviceRow.device_uuid,
                DeviceRow.name,
                DeviceRow.paired_at,
                DeviceRow.last_seen_at,
                DeviceRow.revoked_at,
            )
            .where(DeviceRow.store_id == store.id)
            .order_by(DeviceRow.paired_at)
        ).all()
    return [DeviceInfo(*row) for row in rows]


def revoke_device(db: Database, clock: Clock, device_ref: str) -> bool:
    """True if the device was active and is now revoked, False if it was revoked before."""
    try:
        device_id = uuid.UUID(device_ref.strip())
    except ValueError:
        raise NotFound(f"no device '{device_ref}' (a device is named by its id)") from None
    with db.write() as conn:
        if conn.execute(select(DeviceRow.id).where(DeviceRow.id == device_id)).first() is None:
            raise NotFound(f"no device '{device_ref}'")
        done = conn.execute(
            update(DeviceRow)
            .where(DeviceRow.id == device_id, DeviceRow.revoked_at.is_(None))
            .values(revoked_at=clock.now())
        )
    return done.rowcount == 1
