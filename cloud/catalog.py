"""A store's catalog: CSV import by the same rules as the till (pos_app.catalog_csv), pulled by version.

Every product that an import creates, changes or drops takes the next value of the store's version
counter, one value each, so a till's single-number cursor (`after`) pages through exactly. Products
missing from a re-import become inactive with a new version: never deleted, so the tills learn of it.
A re-import matches products by barcode, as the till's own import does; codes are only ever added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, bindparam, insert, select, update

from cloud.db import Database
from cloud.models import ProductBarcodeRow, ProductRow, StoreRow, new_id
from cloud.tenants import find_store
from pos_app.catalog_csv import CatalogRow, decode_csv_bytes, parse_catalog
from pos_app.errors import CatalogImportError, RowError
from sync.protocol import CatalogPage, Product

MAX_BARCODES = 20  # sync.protocol.Product allows no more
_FIELDS = ("name", "price_fen", "unit", "category", "tax_rate_bp", "active")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    deactivated: int
    unchanged: int
    version: int


def read_catalog_file(path: Path) -> list[CatalogRow]:
    """Every row of the file, or CatalogImportError listing each bad row by its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogImportError(
            [RowError(0, f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}")]
        ) from None
    return parse_catalog(decode_csv_bytes(data))


def import_file(db: Database, store_ref: str, path: Path) -> ImportResult:
    rows = read_catalog_file(path)
    with db.read() as conn:
        store_id = find_store(conn, store_ref).id
    return import_rows(db, store_id, rows)


def import_rows(db: Database, store_id: UUID, rows: list[CatalogRow]) -> ImportResult:
    """All rows or none, in one transaction that holds the store's row lock while it numbers versions."""
    with db.write() as conn:
        version = conn.execute(
            select(StoreRow.catalog_version).where(StoreRow.id == store_id).with_for_update()
        ).scalar_one()
        current = {
            r.id: {f: getattr(r, f) for f in _FIELDS}
            for r in conn.execute(
                select(ProductRow.id, *(getattr(ProductRow, f) for f in _FIELDS)).where(
                    ProductRow.store_id == store_id
                )
            )
        }
        codes: dict[UUID, list[str]] = {pid: [] for pid in current}
        owner: dict[str, UUID] = {}
        for code, pid in conn.execute(
            select(ProductBarcodeRow.barcode, ProductBarcodeRow.product_id)
            .where(ProductBarcodeRow.store_id == store_id)
            .order_by(ProductBarcodeRow.position)
        ):
            owner[code] = pid
            codes[pid].append(code)
        _check_owners(rows, owner, codes)

        inserts: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = []
        new_codes: list[dict[str, Any]] = []
        seen: set[UUID] = set()
        unchanged = 0
        for row in rows:
            values: dict[str, Any] = {
                "name": row.name,
                "price_fen": row.price_fen,
                "unit": row.unit.value,
                "category": row.category,
                "tax_rate_bp": row.tax_rate_bp,
                "active": True,
            }
            added = [c for c in row.barcodes if c not in owner]
            known = next((owner[c] for c in row.barcodes if c in owner), None)
            if known is None:
                pid = new_id()
                version += 1
                inserts.append({"id": pid, "store_id": store_id, "version": version, **values})
                codes[pid] = []
            elif current[known] != values or added:
                pid = known
                version += 1
                changes.append({"pid": pid, "version": version, **values})
            else:
                pid = known
                unchanged += 1
            seen.add(pid)
            for code in added:
                owner[code] = pid
                new_codes.append(
                    {"store_id": store_id, "barcode": code, "product_id": pid, "position": len(codes[pid])}
                )
                codes[pid].append(code)
        dropped = [pid for pid, now in current.items() if pid not in seen and now["active"]]
        gone: list[dict[str, Any]] = []
        for pid in dropped:
            version += 1
            gone.append({"pid": pid, "version": version, **current[pid], "active": False})
        _write(conn, inserts, changes + gone, new_codes)
        conn.execute(update(StoreRow).where(StoreRow.id == store_id).values(catalog_version=version))
    return ImportResult(len(inserts), len(changes), len(gone), unchanged, version)


def _write(
    conn: Connection,
    inserts: list[dict[str, Any]],
    changes: list[dict[str, Any]],
    new_codes: list[dict[str, Any]],
) -> None:
    if inserts:
        conn.execute(insert(ProductRow), inserts)
    if changes:
        conn.execute(
            update(ProductRow)
            .where(ProductRow.id == bindparam("pid"))
            .values(version=bindparam("version"), **{f: bindparam(f) for f in _FIELDS}),
            changes,
        )
    if new_codes:
        conn.execute(insert(ProductBarcodeRow), new_codes)


def _check_owners(rows: list[CatalogRow], owner: dict[str, UUID], codes: dict[UUID, list[str]]) -> None:
    """A row naming two products would merge them, two rows naming one would overwrite it: refuse both."""
    bad: list[RowError] = []
    claimed: dict[UUID, int] = {}
    for row in rows:
        owners = list(dict.fromkeys(owner[c] for c in row.barcodes if c in owner))
        if len(owners) > 1:
            bad.append(
                RowError(
                    row.line,
                    f"barcodes {' '.join(row.barcodes)} belong to different products",
                    f"条码 {' '.join(row.barcodes)} 属于不同的商品",
                )
            )
            continue
        if owners:
            earlier = claimed.setdefault(owners[0], row.line)
            if earlier != row.line:
                bad.append(
                    RowError(
                        row.line,
                        f"these barcodes and those on line {earlier} belong to the same product",
                        f"本行条码与第 {earlier} 行的条码属于同一个商品",
                    )
                )
        total = len(codes[owners[0]] if owners else []) + sum(c not in owner for c in row.barcodes)
        if total > MAX_BARCODES:
            bad.append(
                RowError(
                    row.line,
                    f"the product would have {total} barcodes; at most {MAX_BARCODES}",
                    f"该商品将有 {total} 个条码，最多 {MAX_BARCODES} 个",
                )
            )
    if bad:
        raise CatalogImportError(bad)


def catalog_page(db: Database, store_id: UUID, after: int, limit: int) -> CatalogPage:
    """Products of the store with version > after, oldest change first."""
    with db.read() as conn:
        rows = conn.execute(
            select(ProductRow.id, *(getattr(ProductRow, f) for f in _FIELDS), ProductRow.version)
            .where(ProductRow.store_id == store_id, ProductRow.version > after)
            .order_by(ProductRow.version)
            .limit(limit + 1)
        ).all()
        page = rows[:limit]
        barcodes = _barcodes(conn, [r.id for r in page])
    return CatalogPage(
        products=[
            Product(
                uuid=r.id,
                name=r.name,
                barcodes=barcodes.get(r.id, []),
                price_fen=r.price_fen,
                unit=r.unit,
                category=r.category,
                tax_rate_bp=r.tax_rate_bp,
                active=r.active,
                version=r.version,
            )
            for r in page
        ],
        next_cursor=page[-1].version if page else after,
        has_more=len(rows) > limit,
    )


def _barcodes(conn: Connection, product_ids: Iterable[UUID]) -> dict[UUID, list[str]]:
    found: dict[UUID, list[str]] = {}
    ids = list(product_ids)
    for start in range(0, len(ids), 1000):
        for code, pid in conn.execute(
            select(ProductBarcodeRow.barcode, ProductBarcodeRow.product_id)
            .where(ProductBarcodeRow.product_id.in_(ids[start : start + 1000]))
            .order_by(ProductBarcodeRow.product_id, ProductBarcodeRow.position)
        ):
            found.setdefault(pid, []).append(code)
    return found
