"""The demo shop: a realistic catalog, a cashier and a manager, seeded into an empty data directory."""

from __future__ import annotations

from pathlib import Path

from pos_app.services.auth import Role
from pos_app.services.till import Till

DEMO_CATALOG = Path(__file__).resolve().parents[2] / "resources" / "demo" / "catalog.csv"
DEMO_CASHIER = ("张三", "1234")
DEMO_MANAGER = ("李店长", "9999")
DEMO_FLOAT_FEN = 500_00  # the demo's cashier has opened a shift with 500 yuan in the drawer
QUICK_KEY_NAMES = (
    "可口可乐",
    "农夫山泉",
    "康师傅",
    "蒙牛",
    "伊利",
    "乐事",
    "奥利奥",
    "雪碧",
    "红牛",
    "旺仔",
    "统一",
    "娃哈哈",
)


def seed_demo(till: Till) -> bool:
    """Seeds the demo shop if the data dir is empty; returns whether it did. Never touches a real shop."""
    if not till.is_empty():
        return False
    till.catalog.import_file(DEMO_CATALOG)
    cashier = till.auth.create(DEMO_CASHIER[0], Role.CASHIER, DEMO_CASHIER[1])
    till.auth.create(DEMO_MANAGER[0], Role.MANAGER, DEMO_MANAGER[1])
    till.configure(
        till.settings().changed(
            shop_name="好又多便利店",
            address="上海市徐汇区漕溪北路 88 号",
            phone="021-6488 0000",
        )
    )
    till.catalog.set_quick_keys(_quick_key_ids(till))
    till.shifts.open(cashier, DEMO_FLOAT_FEN)  # the demo lands on a screen that sells; a real shop opens its own
    return True


def _quick_key_ids(till: Till) -> list[int]:
    """One popular product per brand above, the first the search finds."""
    ids: list[int] = []
    for name in QUICK_KEY_NAMES:
        hits = [p for p in till.catalog.search(name, 5) if not p.weighed]
        if hits and hits[0].id not in ids:
            ids.append(hits[0].id)
    return ids
