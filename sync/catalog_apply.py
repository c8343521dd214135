"""Applying one page of the cloud's catalog to the till's store, with bulk SQL in the caller's transaction.

Products are matched by the cloud's UUID. On the first pull after pairing, a cloud product the till does
not know by UUID adopts the local product that sells one of its barcodes: the local row takes the cloud's
UUID and keeps its id, so quick keys and past order lines still point at it. Each product then has
exactly the cloud's barcodes; a code another product held moves with it. An inactive product keeps no
barcode (nothing can scan it), so it never blocks a code the cloud gave to another product.

The statements go to the driver as plain executemany with tuples: on 100,000 products SQLAlchemy's
per-row parameter handling would cost more than SQLite's own work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime

from pos_app.catalog import Unit
from pos_app.errors import InvalidInput
from pos_app.pinyin import initials
from sync.protocol import Product

IN_CHUNK = 900  # values per IN (...) list, well under SQLite's limit on bound parameters

_INSERT = (
    "INSERT INTO products (id, uuid, name, initials, price_fen, unit, category, tax_rate_bp, active, "
    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE products SET uuid = ?, name = ?, initials = ?, price_fen = ?, unit = ?, category = ?, "
    "tax_rate_bp = ?, active = ?, updated_at = ? WHERE id = ?"
)


@dataclass
class PageResult:
    applied: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (uuid, why the till cannot sell it)


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), IN_CHUNK):
        yield values[i : i + IN_CHUNK]


def _select_in(conn: Connection, sql: str, values: Sequence[Any]) -> Iterator[Any]:
    """Rows of `sql` (with one `{}` where the IN list goes) for every value, asked in chunks."""
    for chunk in _chunks(values):
        yield from conn.exec_driver_sql(sql.format(", ".join("?" * len(chunk))), tuple(chunk))


def _delete_in(conn: Connection, sql: str, values: Sequence[Any]) -> None:
    for chunk in _chunks(values):
        conn.exec_driver_sql(sql.format(", ".join("?" * len(chunk))), tuple(chunk))


def stored_time(conn: Connection, moment: datetime) -> Any:
    """A naive UTC datetime as SQLAlchemy's DateTime stores it in SQLite, so the ORM reads it back."""
    process = DateTime().dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process(moment) if process else moment


def apply_products(
    conn: Connection,
    products: list[Product],
    now: datetime,
    seen: set[str] | None,
    initials_of: dict[str, str] | None = None,
) -> PageResult:
    """Upserts one page. `seen` is given during the first pull: the cloud UUIDs received so far;
    `initials_of` the names' pinyin initials, worked out before the transaction began."""
    initials_of = initials_of or {}
    result = PageResult(applied=len(products))
    stamp = stored_time(conn, now)
    uuids = [str(p.uuid) for p in products]
    id_by_uuid = dict(_select_in(conn, "SELECT uuid, id FROM products WHERE uuid IN ({})", uuids))
    owner, uuid_of = _local_owners(conn, products, id_by_uuid) if seen is not None else ({}, {})
    taken = set(id_by_uuid.values())
    next_id = int(conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM products").scalar_one()) + 1
    rows: dict[int, tuple[Any, ...]] = {}  # product id -> its UPDATE parameters
    new: set[int] = set()
    codes_of: dict[int, list[str]] = {}
    for product, uuid in zip(products, uuids, strict=True):
        unit = _unit(product, result)
        active = product.active and unit is not None
        pid = id_by_uuid.get(uuid)
        if pid is None and seen is not None:  # first pull: adopt the local product selling a barcode
            pid = next(
                (
                    owner[c]
                    for c in product.barcodes
                    if c in owner and owner[c] not in taken and uuid_of[owner[c]] not in seen
                ),
                None,
            )
        if pid is None:
            pid, next_id = next_id, next_id + 1
            new.add(pid)
        taken.add(pid)
        id_by_uuid[uuid] = pid
        rows[pid] = (
            uuid,
            product.name,
            initials_of.get(product.name) or initials(product.name),
            product.price_fen,
            (unit or Unit.PIECE).value,
            product.category,
            product.tax_rate_bp,
            active,
            stamp,
            pid,
        )  # the same product twice in a page: the later one counts
        codes_of[pid] = list(dict.fromkeys(product.barcodes)) if active else []
        if seen is not None:
            seen.add(uuid)
    inserts = [(r[-1], *r[:-1]) for pid, r in rows.items() if pid in new]
    updates = [r for pid, r in rows.items() if pid not in new]
    if inserts:
        conn.exec_driver_sql(_INSERT, inserts)
    if updates:
        conn.exec_driver_sql(_UPDATE, updates)
    _replace_barcodes(conn, codes_of)
    return result


def _unit(product: Product, result: PageResult) -> Unit | None:
    try:
        return Unit.parse(product.unit)
    except InvalidInput:
        result.skipped.append((str(product.uuid), f"unit '{product.unit}' is unknown to the till"))
        return None


def _local_owners(
    conn: Connection, products: list[Product], id_by_uuid: dict[str, int]
) -> tuple[dict[str, int], dict[int, str]]:
    """For the first pull: which local product holds each barcode of the products not known by UUID."""
    codes = [c for p in products if str(p.uuid) not in id_by_uuid for c in p.barcodes]
    owner = dict(_select_in(conn, "SELECT code, product_id FROM product_barcodes WHERE code IN ({})", codes))
    ids = sorted(set(owner.values()))
    uuid_of = dict(_select_in(conn, "SELECT id, uuid FROM products WHERE id IN ({})", ids))
    return owner, uuid_of


def _replace_barcodes(conn: Connection, codes_of: dict[int, list[str]]) -> None:
    claims: dict[str, int] = {}
    for pid, codes in codes_of.items():
        for code in codes:
            claims.pop(code, None)  # the later product in the page wins the code
            claims[code] = pid
    _delete_in(conn, "DELETE FROM product_barcodes WHERE product_id IN ({})", list(codes_of))
    _delete_in(conn, "DELETE FROM product_barcodes WHERE code IN ({})", list(claims))
    position: dict[int, int] = {}
    rows: list[tuple[str, int, int]] = []
    for code, pid in claims.items():
        rows.append((code, pid, position.get(pid, 0)))
        position[pid] = position.get(pid, 0) + 1
    if rows:
        conn.exec_driver_sql(
            "INSERT INTO product_barcodes (code, product_id, position) VALUES (?, ?, ?)", rows
        )


def deactivate_unseen(conn: Connection, seen: set[str], now: datetime) -> int:
    """The end of the first pull: the cloud is the master, so what it does not sell, the till does not."""
    stamp = stored_time(conn, now)
    active: Iterable[tuple[int, str]] = conn.exec_driver_sql("SELECT id, uuid FROM products WHERE active")
    gone = [(stamp, pid) for pid, uuid in active if uuid not in seen]
    if gone:
        conn.exec_driver_sql("UPDATE products SET active = 0, updated_at = ? WHERE id = ?", gone)
    return len(gone)


def drop_quick_keys_of_inactive(conn: Connection) -> None:
    """A quick key must not sell what the cloud withdrew."""
    conn.exec_driver_sql(
        "DELETE FROM quick_keys WHERE product_id IN (SELECT id FROM products WHERE NOT active)"
    )
