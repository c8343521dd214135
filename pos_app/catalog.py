"""What the till sells: products as the cart and the search see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pos_app.errors import InvalidInput


class Unit(StrEnum):
    PIECE = "piece"
    KG = "kg"

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Accepts the English and the Chinese names shops write in their spreadsheets."""
        key = text.strip().lower()
        for unit, names in _UNIT_NAMES.items():
            if key in names:
                return unit
        raise InvalidInput(
            f"unit '{text}' is unknown; use piece/个 or kg/千克", f"单位“{text}”无法识别；请用 个 或 千克"
        )

    def label(self) -> str:
        return "千克" if self is Unit.KG else "个"


_UNIT_NAMES = {
    Unit.PIECE: {
        "",
        "piece",
        "pc",
        "pcs",
        "ea",
        "个",
        "件",
        "瓶",
        "包",
        "袋",
        "盒",
        "罐",
        "支",
        "只",
        "听",
        "条",
        "本",
        "把",
        "杯",
        "份",
    },
    Unit.KG: {"kg", "千克", "公斤", "斤(kg)", "kilogram"},
}

TAX_RATES_BP = (1300, 900, 600, 300, 100, 0)


@dataclass(frozen=True)
class Product:
    id: int
    name: str
    price_fen: int
    unit: Unit
    category: str
    tax_rate_bp: int
    barcodes: tuple[str, ...]
    initials: str

    @property
    def weighed(self) -> bool:
        return self.unit is Unit.KG

    @property
    def main_barcode(self) -> str:
        return self.barcodes[0] if self.barcodes else ""
