"""A merchant's store in the real cloud, set up with the cloud's own code as its admin CLI does."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from sqlalchemy import select

from cloud.cashiers import add_cashier
from cloud.catalog import import_rows
from cloud.models import ProductBarcodeRow
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from tests.cloud.conftest import LiveCloud, Shop, make_store
from tests.support import SMALL_CATALOG

CLOUD_MANAGER = ("王店长", "5678")
CLOUD_CASHIER = ("小李", "4321")
COLA, GUM, ICE_TEA = "6901234567892", "96385074", "6920202888883"


@dataclass(frozen=True)
class CloudShop:
    shop: Shop
    manager_id: UUID
    cashier_id: UUID

    @property
    def store_ref(self) -> str:
        return str(self.shop.store_id)


def cloud_catalog() -> list[CatalogRow]:
    """The till's small catalog as the merchant keeps it: cola dearer, no gum, an iced tea more."""
    rows = [
        replace(r, price_fen=380) if COLA in r.barcodes else r for r in SMALL_CATALOG if GUM not in r.barcodes
    ]
    return [*rows, CatalogRow(9, (ICE_TEA,), "康师傅 冰红茶 500ml", 300, Unit.PIECE, "饮料", 1300)]


def open_cloud_shop(cloud: LiveCloud) -> CloudShop:
    shop = make_store(cloud, store="徐汇店")
    import_rows(cloud.db, shop.store_id, cloud_catalog())
    manager = add_cashier(cloud.db, str(shop.store_id), *CLOUD_MANAGER[:1], "manager", CLOUD_MANAGER[1])
    cashier = add_cashier(cloud.db, str(shop.store_id), *CLOUD_CASHIER[:1], "cashier", CLOUD_CASHIER[1])
    return CloudShop(shop, manager, cashier)


def cloud_product_id(cloud: LiveCloud, shop: CloudShop, barcode: str) -> UUID:
    with cloud.db.read() as conn:
        return conn.execute(
            select(ProductBarcodeRow.product_id).where(
                ProductBarcodeRow.store_id == shop.shop.store_id, ProductBarcodeRow.barcode == barcode
            )
        ).scalar_one()
