"""Helpers shared by the tests: a clock the test moves, a till with a small realistic catalog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from pos_app.services.auth import Cashier, Role
from pos_app.services.till import Till

CASHIER_PIN = "1234"
MANAGER_PIN = "9999"


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 11:00 in Shanghai

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


SMALL_CATALOG = [
    CatalogRow(2, ("6901234567892",), "可口可乐 330ml", 350, Unit.PIECE, "饮料", 1300),
    CatalogRow(3, ("6920459905012", "036000291452"), "农夫山泉 饮用天然水 550ml", 200, Unit.PIECE, "饮料", 1300),
    CatalogRow(4, ("6925303721367",), "康师傅 红烧牛肉面 105g", 450, Unit.PIECE, "方便食品", 1300),
    CatalogRow(5, ("6923644266318",), "蒙牛 纯牛奶 250ml", 350, Unit.PIECE, "乳制品", 900),
    CatalogRow(6, ("10001",), "苹果 红富士", 980, Unit.KG, "水果", 900),
    CatalogRow(7, ("10002",), "香蕉", 598, Unit.KG, "水果", 900),
    CatalogRow(8, ("96385074",), "口香糖 薄荷味", 150, Unit.PIECE, "零食", 1300),
]


def make_till(path: Path, clock: FakeClock | None = None) -> tuple[Till, Cashier, Cashier]:
    till = Till(path, clock or FakeClock())
    till.catalog.import_rows(list(SMALL_CATALOG))
    cashier = till.auth.create("张三", Role.CASHIER, CASHIER_PIN)
    manager = till.auth.create("李店长", Role.MANAGER, MANAGER_PIN)
    return till, cashier, manager
