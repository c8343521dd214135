"""Merchants and their stores: creating them, and finding one by its id or its unique name."""

from __future__ import annotations

import base64
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from cloud.db import Database
from cloud.errors import Conflict, InvalidInput, NotFound
from cloud.models import MerchantRow, StoreRow, new_id
from cloud.text import clean_line
from pos_app.clock import Clock

MAX_NAME = 200


@dataclass(frozen=True)
class StoreRef:
    id: uuid.UUID
    name: str
    merchant_id: uuid.UUID
    merchant_name: str
    pin_pepper: str


def new_pepper() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def pepper_bytes(pepper: str) -> bytes:
    """The key pos_app.pin_hash takes: the 32 bytes the merchant's urlsafe base64 pepper stands for."""
    return base64.urlsafe_b64decode(pepper)


def _name(name: str, what: str) -> str:
    cleaned = clean_line(name)
    if not cleaned or len(cleaned) > MAX_NAME:
        raise InvalidInput(f"a {what} name is 1 to {MAX_NAME} characters")
    return cleaned


def _as_uuid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        return None


def create_merchant(db: Database, clock: Clock, name: str) -> uuid.UUID:
    name = _name(name, "merchant")
    with db.write() as conn:
        if conn.execute(select(MerchantRow.id).where(MerchantRow.name == name)).first():
            raise Conflict(f"a merchant named '{name}' already exists")
        merchant_id = new_id()
        conn.execute(
            insert(MerchantRow).values(
                id=merchant_id, name=name, pin_pepper=new_pepper(), created_at=clock.now()
            )
        )
    return merchant_id


def create_store(db: Database, clock: Clock, merchant_ref: str, name: str) -> uuid.UUID:
    name = _name(name, "store")
    with db.write() as conn:
        merchant_id = find_merchant(conn, merchant_ref)
        taken = select(StoreRow.id).where(StoreRow.merchant_id == merchant_id, StoreRow.name == name)
        if conn.execute(taken).first():
            raise Conflict(f"this merchant already has a store named '{name}'")
        store_id = new_id()
        conn.execute(
            insert(StoreRow).values(
                id=store_id,
                merchant_id=merchant_id,
                name=name,
                catalog_version=0,
                cashier_version=0,
                created_at=clock.now(),
            )
        )
    return store_id


def find_merchant(conn: Connection, ref: str) -> uuid.UUID:
    """A merchant by id or by name."""
    as_id = _as_uuid(ref)
    where = MerchantRow.id == as_id if as_id else MerchantRow.name == " ".join(ref.split())
    found = conn.execute(select(MerchantRow.id).where(where)).scalar()
    if found is None:
        raise NotFound(f"no merchant '{ref}'")
    return found


def find_store(conn: Connection, ref: str) -> StoreRef:
    """A store by id, by name when only one store has it, or as 'MERCHANT/STORE'."""
    query = select(StoreRow.id, StoreRow.name, MerchantRow.id, MerchantRow.name, MerchantRow.pin_pepper).join(
        MerchantRow, MerchantRow.id == StoreRow.merchant_id
    )
    as_id = _as_uuid(ref)
    if as_id:
        rows = conn.execute(query.where(StoreRow.id == as_id)).all()
    else:
        rows = conn.execute(query.where(StoreRow.name == " ".join(ref.split()))).all()
        if not rows and "/" in ref:
            merchant, _, store = ref.rpartition("/")
            rows = conn.execute(
                query.where(
                    MerchantRow.name == " ".join(merchant.split()), StoreRow.name == " ".join(store.split())
                )
            ).all()
    if not rows:
        raise NotFound(f"no store '{ref}'")
    if len(rows) > 1:
        raise Conflict(f"several merchants have a store named '{ref}'; give its id or MERCHANT/STORE")
    store_id, store_name, merchant_id, merchant_name, pepper = rows[0]
    return StoreRef(store_id, store_name, merchant_id, merchant_name, pepper)
