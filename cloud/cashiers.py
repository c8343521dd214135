"""Cashier accounts of a store, made by the admin and pulled by the store's tills by version cursor."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select, update

from cloud.db import Database
from cloud.errors import Conflict, InvalidInput
from cloud.models import CashierRow, StoreRow, new_id
from cloud.tenants import find_store, pepper_bytes
from cloud.text import clean_line
from pos_app.pin_hash import hash_pin, validate_pin
from sync.protocol import Cashier, CashierPage

ROLES = ("cashier", "manager")
MAX_NAME = 64


def add_cashier(db: Database, store_ref: str, name: str, role: str, pin: str) -> UUID:
    """The PIN is hashed with the merchant's pepper, so the store's tills can check it offline."""
    name = clean_line(name)
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"a cashier's name is 1 to {MAX_NAME} characters")
    if role not in ROLES:
        raise InvalidInput(f"a role is one of {', '.join(ROLES)}")
    validate_pin(pin)
    with db.read() as conn:
        store = find_store(conn, store_ref)
    pin_hash = hash_pin(pepper_bytes(store.pin_pepper), pin)  # slow on purpose: outside the transaction
    with db.write() as conn:
        version = conn.execute(
            select(StoreRow.cashier_version).where(StoreRow.id == store.id).with_for_update()
        ).scalar_one()
        taken = select(CashierRow.id).where(CashierRow.store_id == store.id, CashierRow.name == name)
        if conn.execute(taken).first():
            raise Conflict(f"the store already has a cashier named '{name}'")
        cashier_id = new_id()
        conn.execute(
            insert(CashierRow).values(
                id=cashier_id,
                store_id=store.id,
                name=name,
                role=role,
                pin_hash=pin_hash,
                active=True,
                version=version + 1,
            )
        )
        conn.execute(update(StoreRow).where(StoreRow.id == store.id).values(cashier_version=version + 1))
    return cashier_id


def cashier_page(db: Database, store_id: UUID, after: int, limit: int) -> CashierPage:
    with db.read() as conn:
        rows = conn.execute(
            select(
                CashierRow.id,
                CashierRow.name,
                CashierRow.role,
                CashierRow.pin_hash,
                CashierRow.active,
                CashierRow.version,
            )
            .where(CashierRow.store_id == store_id, CashierRow.version > after)
            .order_by(CashierRow.version)
            .limit(limit + 1)
        ).all()
    page = rows[:limit]
    return CashierPage(
        cashiers=[
            Cashier(
                uuid=r.id, name=r.name, role=r.role, pin_hash=r.pin_hash, active=r.active, version=r.version
            )
            for r in page
        ],
        next_cursor=page[-1].version if page else after,
        has_more=len(rows) > limit,
    )
