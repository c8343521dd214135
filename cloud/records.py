"""Writing a till's events into the database, exactly once, scoped to the device's store and merchant.

Refunds' own rules and rows are in cloud/refund_records.py.

Exactly once is the database's job, not a prior SELECT's: received_events has the event_id as primary
key and every record keeps the till's UUID as its primary key. A batch of checked events is first tried
in one SAVEPOINT with one bulk INSERT per table (COPY on PostgreSQL; the common case: all new); if any
constraint refuses it, the savepoint is rolled back and each event goes again in a SAVEPOINT of its own: a
taken event_id means "duplicate" (an ack) and a taken record UUID means "rejected". Of two pushes of the
same events racing each other, one stores each event and the other gets "duplicate", whatever the timing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import Connection, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from cloud.models import (
    Base,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    OverrideRow,
    ReceivedEventRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    StoreRow,
    TenderRow,
)
from cloud.refund_records import refund_clash, refund_rows, rejected_refunds
from sync.protocol import Event, OrderEvent, OrderVoidEvent, OverrideEvent, RefundEvent

Kept = Literal["stored", "duplicate"]
# Parents before children, so the foreign keys hold at each INSERT.
_TABLES: tuple[type[Base], ...] = (
    ReceivedEventRow,
    OrderRow,
    OrderLineRow,
    TenderRow,
    OverrideRow,
    OrderVoidRow,
    RefundRow,
    RefundLineRow,
    RefundTenderRow,
)


@dataclass(frozen=True)
class Device:
    """The device a signed request came from, and where its records belong."""

    id: UUID
    store_id: UUID
    merchant_id: UUID


class Rejected(Exception):
    """An event that will never be accepted as sent; the message goes back to the till."""


Rows = dict[type[Base], list[dict[str, Any]]]


def _utc(row: dict[str, Any]) -> dict[str, Any]:
    """Times in UTC already here: COPY (PostgreSQL) bypasses the column type that converts them."""
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in row.items()}


def _rows(device: Device, event: Event, now: datetime, into: Rows) -> None:
    """The rows one event becomes, added to `into` per table."""
    now = now.astimezone(UTC)
    into[ReceivedEventRow].append(
        {
            "event_id": event.event_id,
            "device_id": device.id,
            "store_id": device.store_id,
            "kind": event.kind,
            "occurred_at": event.occurred_at.astimezone(UTC),
            "received_at": now,
        }
    )
    owner = {"store_id": device.store_id, "device_id": device.id, "event_id": event.event_id}
    if isinstance(event, OrderEvent):
        order = event.order
        into[OrderRow].append(
            {
                **_utc(order.model_dump(exclude={"lines", "tenders"})),
                **owner,
                "merchant_id": device.merchant_id,
                "received_at": now,
            }
        )
        into[OrderLineRow].extend({**line.model_dump(), "order_uuid": order.uuid} for line in order.lines)
        into[TenderRow].extend({**tender.model_dump(), "order_uuid": order.uuid} for tender in order.tenders)
    elif isinstance(event, OverrideEvent):
        override = _utc(event.override.model_dump())
        into[OverrideRow].append({**override, **owner, "merchant_id": device.merchant_id})
    elif isinstance(event, OrderVoidEvent):
        into[OrderVoidRow].append({**_utc(event.void.model_dump()), **owner})
    else:
        for table, rows in refund_rows(event, {**owner, "merchant_id": device.merchant_id}, now).items():
            into[table].extend(rows)


def _empty() -> Rows:
    return {table: [] for table in _TABLES}


def _insert(conn: Connection, rows: Rows) -> None:
    """One executemany per table; on PostgreSQL a COPY per table, ten times faster for a batch."""
    if conn.dialect.name == "postgresql":
        _copy(conn, rows)
        return
    for table in _TABLES:
        if rows[table]:
            conn.execute(insert(table), rows[table])


def _copy(conn: Connection, rows: Rows) -> None:
    """COPY FROM STDIN on the transaction's own connection: the constraints are checked as for INSERT.

    A violation comes out as psycopg's IntegrityError, which is re-raised as SQLAlchemy's so callers
    handle one type (the savepoint is rolled back by the caller either way).
    """
    import psycopg

    driver = conn.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    try:
        with driver.cursor() as cursor:
            for table in _TABLES:
                if not rows[table]:
                    continue
                columns = [c.name for c in table.__table__.columns]
                sql = f"COPY {table.__tablename__} ({', '.join(columns)}) FROM STDIN"
                with cursor.copy(sql) as copy:  # table and column names from our own models
                    for row in rows[table]:
                        copy.write_row([row[c] for c in columns])
    except psycopg.IntegrityError as exc:
        raise IntegrityError(f"COPY {exc.diag.table_name}", None, exc) from exc


def unknown_voids(conn: Connection, device: Device, events: list[Event]) -> set[int]:
    """Positions of the voids whose order is neither this store's nor pushed earlier in the batch."""
    wanted = {e.void.order_uuid for e in events if isinstance(e, OrderVoidEvent)}
    if not wanted:
        return set()
    found = conn.execute(
        select(OrderRow.uuid).where(OrderRow.uuid.in_(wanted), OrderRow.store_id == device.store_id)
    )
    known = set(found.scalars())
    unknown: set[int] = set()
    for position, event in enumerate(events):
        if isinstance(event, OrderEvent):
            known.add(event.order.uuid)
        elif isinstance(event, OrderVoidEvent) and event.void.order_uuid not in known:
            unknown.add(position)
    return unknown


def store_batch(conn: Connection, device: Device, events: list[Event], now: datetime) -> bool:
    """All the events in one savepoint, or nothing (False) when a constraint refuses any of them."""
    rows = _empty()
    for event in events:
        _rows(device, event, now, rows)
    for table, table_rows in rows.items():  # one key order for everyone: two batches cannot deadlock
        key = inspect(table).primary_key[0].name
        table_rows.sort(key=lambda row: row[key])
    savepoint = conn.begin_nested()
    try:
        _insert(conn, rows)
    except IntegrityError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def store_one(conn: Connection, device: Device, event: Event, now: datetime) -> Kept:
    """'stored' or 'duplicate'; Rejected when a record clashes or the void's order is not this store's."""
    rows = _empty()
    _rows(device, event, now, rows)
    savepoint = conn.begin_nested()
    try:
        conn.execute(insert(ReceivedEventRow), rows.pop(ReceivedEventRow))
    except IntegrityError:
        savepoint.rollback()
        return _duplicate(conn, device, event.event_id)
    try:
        if isinstance(event, OrderVoidEvent) and unknown_voids(conn, device, [event]):
            raise Rejected(_unknown(event))
        if isinstance(event, RefundEvent) and (why := rejected_refunds(conn, device.store_id, [event])):
            raise Rejected(why[0])
        _insert(conn, {**rows, ReceivedEventRow: []})
    except IntegrityError:
        savepoint.rollback()
        raise Rejected(_clash(conn, event)) from None
    except Rejected:
        savepoint.rollback()
        raise
    savepoint.commit()
    return "stored"


def _unknown(event: OrderVoidEvent) -> str:
    return f"order {event.void.order_uuid} is unknown to this store; push the order before its void"


def rejected_voids(conn: Connection, device: Device, events: list[Event]) -> dict[int, str]:
    """Position in `events` -> reason, for the voids of orders this store does not have."""
    return {
        i: _unknown(event)
        for i in unknown_voids(conn, device, events)
        if isinstance(event := events[i], OrderVoidEvent)
    }


def rejected_refunds_of(conn: Connection, device: Device, events: list[Event]) -> dict[int, str]:
    """Position in `events` -> reason, for the refunds of orders, lines or tenders this store lacks."""
    return rejected_refunds(conn, device.store_id, events)


def _duplicate(conn: Connection, device: Device, event_id: UUID) -> Kept:
    """A retry from this merchant is acked as a duplicate; another merchant's event id is refused."""
    merchant = conn.execute(
        select(StoreRow.merchant_id)
        .join(ReceivedEventRow, ReceivedEventRow.store_id == StoreRow.id)
        .where(ReceivedEventRow.event_id == event_id)
    ).scalar()
    if merchant != device.merchant_id:
        raise Rejected("this event_id is already taken; an event needs a new UUID")
    return "duplicate"


def _clash(conn: Connection, event: Event) -> str:
    """Which of the event's UUIDs is taken (asked only after the constraint refused the insert)."""
    if isinstance(event, OrderEvent):
        taken = conn.execute(select(OrderRow.uuid).where(OrderRow.uuid == event.order.uuid)).first()
        if taken:
            return f"order {event.order.uuid} already exists; it was pushed before under another event_id"
        return "a line or tender uuid of this order is already taken; every record needs its own UUID"
    if isinstance(event, OverrideEvent):
        return f"override {event.override.uuid} already exists"
    if isinstance(event, RefundEvent):
        return refund_clash(conn, event)
    assert isinstance(event, OrderVoidEvent)
    voided = conn.execute(select(OrderVoidRow.uuid).where(OrderVoidRow.order_uuid == event.void.order_uuid))
    if voided.first():
        return f"order {event.void.order_uuid} is already voided"
    return f"void {event.void.uuid} already exists"
