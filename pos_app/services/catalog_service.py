"""The catalog as the till uses it: barcode lookup, search, categories, quick keys, CSV import and export."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, text, update

from pos_app.catalog import Product, Unit
from pos_app.catalog_csv import CatalogRow, decode_csv_bytes, parse_catalog
from pos_app.catalog_search import SearchIndex
from pos_app.clock import Clock, to_storage
from pos_app.errors import CatalogImportError, RowError, StorageError
from pos_app.money import format_yuan
from pos_app.pinyin import initials
from pos_app.store.db import Store
from pos_app.store.models import BarcodeRow, ProductRow, QuickKeyRow, new_uuid
from pos_app.sync_errors import CatalogFromCloud

Progress = Callable[[int, int], None]
CHUNK = 10_000  # rows per bulk statement, so a long import keeps reporting progress
EXPORT_HEADER = ("条码", "品名", "售价", "单位", "分类", "税率")

_PRODUCT_BY_CODE = text(
    "SELECT p.id, p.name, p.price_fen, p.unit, p.category, p.tax_rate_bp, p.initials, "
    "(SELECT group_concat(code, ' ') FROM (SELECT code FROM product_barcodes "
    " WHERE product_id = p.id ORDER BY position)) "
    "FROM product_barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = :code AND p.active"
)
_ALL_PRODUCTS = text(
    "SELECT p.id, p.name, p.price_fen, p.unit, p.category, p.tax_rate_bp, p.initials, "
    "(SELECT group_concat(code, ' ') FROM (SELECT code FROM product_barcodes "
    " WHERE product_id = p.id ORDER BY position)) "
    "FROM products p WHERE p.active ORDER BY p.category, p.id"
)


def _product(row: Sequence[object]) -> Product:
    pid, name, price, unit, category, tax, inits, codes = row
    return Product(
        id=int(str(pid)),
        name=str(name),
        price_fen=int(str(price)),
        unit=Unit(str(unit)),
        category=str(category),
        tax_rate_bp=int(str(tax)),
        barcodes=tuple(str(codes or "").split()),
        initials=str(inits),
    )


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


class CatalogService:
    def __init__(self, store: Store, clock: Clock, cloud_managed: Callable[[], bool] = lambda: False) -> None:
        self._store = store
        self._clock = clock
        self._cloud_managed = cloud_managed  # once paired, the cloud is the master of the catalog
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------------------
    def by_barcode(self, code: str) -> Product | None:
        with self._store.engine.connect() as conn:
            row = conn.execute(_PRODUCT_BY_CODE, {"code": code.strip()}).first()
        return _product(row) if row else None

    def product(self, product_id: int) -> Product | None:
        with self._store.read() as session:
            row = session.get(ProductRow, product_id)
            if row is None:
                return None
            return _product(
                (
                    row.id,
                    row.name,
                    row.price_fen,
                    row.unit,
                    row.category,
                    row.tax_rate_bp,
                    row.initials,
                    " ".join(b.code for b in row.barcodes),
                )
            )

    def index(self) -> SearchIndex:
        """The search index, built on first use (the UI builds it in a worker right after start)."""
        with self._index_lock:
            if self._index is None:
                with self._store.engine.connect() as conn:
                    self._index = SearchIndex(_product(r) for r in conn.execute(_ALL_PRODUCTS))
            return self._index

    def search(self, query: str, limit: int = 50) -> list[Product]:
        return self.index().search(query, limit)

    def categories(self) -> list[str]:
        return self.index().categories()

    def in_category(self, category: str) -> list[Product]:
        return list(self.index().by_category.get(category, []))

    def count(self) -> int:
        with self._store.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM products WHERE active")).scalar_one())

    def quick_keys(self) -> list[Product]:
        with self._store.read() as session:
            ids = session.scalars(select(QuickKeyRow.product_id).order_by(QuickKeyRow.slot)).all()
        found = (self.product(pid) for pid in ids)
        return [p for p in found if p is not None]

    def changed(self) -> None:
        """The catalog was changed behind this service (a pull from the cloud): search anew at next use."""
        with self._index_lock:
            self._index = None

    def set_quick_keys(self, product_ids: Iterable[int]) -> None:
        with self._store.unit_of_work() as session:
            session.query(QuickKeyRow).delete()
            session.add_all(QuickKeyRow(slot=i, product_id=pid) for i, pid in enumerate(product_ids))

    # -- import / export ------------------------------------------------------------------------------
    def import_file(self, path: Path, progress: Progress | None = None) -> ImportResult:
        """All rows or none: any bad row raises CatalogImportError listing each, and nothing is written."""
        self._refuse_when_cloud_managed()
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CatalogImportError(
                [RowError(0, f"cannot read {path}: {exc.strerror}", f"无法读取 {path}：{exc.strerror}")]
            ) from None
        checking = (lambda done, total: progress(done, 2 * total)) if progress else None
        rows = parse_catalog(decode_csv_bytes(data), checking)
        saving = (lambda done, total: progress(total + done, 2 * total)) if progress else None
        return self.import_rows(rows, saving)

    def import_rows(self, rows: list[CatalogRow], progress: Progress | None = None) -> ImportResult:
        """New codes create products, known codes update theirs; one transaction, bulk statements.

        `progress(done, total)` only goes up: through the rows, then through the writes in chunks, and
        reaches total once the transaction has committed. (import_file reports checking as the first half
        and this as the second.)
        """
        self._refuse_when_cloud_managed()
        now = to_storage(self._clock.now())
        with self._store.unit_of_work() as session:
            owner = {
                code: pid for code, pid in session.execute(select(BarcodeRow.code, BarcodeRow.product_id))
            }
            _check_row_owners(rows, owner)
            next_id = int(session.execute(text("SELECT coalesce(max(id), 0) FROM products")).scalar_one()) + 1
            inserts: list[dict[str, object]] = []
            updates: list[dict[str, object]] = []
            codes: list[dict[str, object]] = []
            positions: dict[int, int] = {
                pid: n
                for pid, n in session.execute(
                    text("SELECT product_id, count(*) FROM product_barcodes GROUP BY product_id")
                )
            }
            for done, row in enumerate(rows, 1):
                values: dict[str, object] = {
                    "name": row.name,
                    "initials": initials(row.name),
                    "price_fen": row.price_fen,
                    "unit": row.unit.value,
                    "category": row.category,
                    "tax_rate_bp": row.tax_rate_bp,
                    "updated_at": now,
                    "active": True,
                }
                pid = next((owner[c] for c in row.barcodes if c in owner), None)
                if pid is None:
                    pid, next_id = next_id, next_id + 1
                    inserts.append({"id": pid, "uuid": new_uuid(), **values})
                else:
                    updates.append({"id": pid, **values})
                for code in row.barcodes:
                    if code not in owner:
                        owner[code] = pid
                        position = positions.get(pid, 0)
                        positions[pid] = position + 1
                        codes.append({"code": code, "product_id": pid, "position": position})
                if progress and done % 5000 == 0:
                    progress(done // 2, len(rows))  # preparing is the first half of saving
            writes = [
                (insert(ProductRow), inserts),
                (update(ProductRow), updates),
                (insert(BarcodeRow), codes),
            ]
            chunks = [
                (stmt, rows_[i : i + CHUNK]) for stmt, rows_ in writes for i in range(0, len(rows_), CHUNK)
            ]
            for written, (statement, chunk) in enumerate(chunks, 1):
                session.execute(statement, chunk)  # bulk INSERT, or bulk UPDATE by primary key
                if progress:
                    progress(len(rows) // 2 + len(rows) // 2 * written // (len(chunks) + 1), len(rows))
        if progress:
            progress(len(rows), len(rows))
        self.changed()
        return ImportResult(len(inserts), len(updates))

    def _refuse_when_cloud_managed(self) -> None:
        if self._cloud_managed():
            raise CatalogFromCloud()

    def export_file(self, path: Path) -> int:
        """Writes the catalog in the import format (UTF-8 with BOM, so Excel opens it right)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EXPORT_HEADER)
        count = 0
        with self._store.engine.connect() as conn:
            for p in map(_product, conn.execute(_ALL_PRODUCTS)):
                writer.writerow(
                    [
                        ";".join(p.barcodes),
                        p.name,
                        format_yuan(p.price_fen),
                        p.unit.label(),
                        p.category,
                        f"{p.tax_rate_bp // 100}%",
                    ]
                )
                count += 1
        try:
            path.write_text(buffer.getvalue(), encoding="utf-8-sig")
        except OSError as exc:
            raise StorageError(
                f"cannot write {path}: {exc.strerror}", f"无法写入 {path}：{exc.strerror}"
            ) from None
        return count


def _check_row_owners(rows: list[CatalogRow], owner: dict[str, int]) -> None:
    """A row whose codes belong to two different products would merge them: refuse it."""
    bad = []
    for row in rows:
        owners = {owner[c] for c in row.barcodes if c in owner}
        if len(owners) > 1:
            bad.append(
                RowError(
                    row.line,
                    f"barcodes {' '.join(row.barcodes)} belong to different products",
                    f"条码 {' '.join(row.barcodes)} 属于不同的商品",
                )
            )
    if bad:
        raise CatalogImportError(bad)
