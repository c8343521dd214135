"""The open cart: lines, quantities, weighed goods, discounts and the totals a cashier sees.

Pure and in memory; the sale service decides who may do what, the store keeps the result.

Weighed goods: a line's quantity is in grams and its amount is price_per_kg * grams / 1000, rounded half
up to the fen (0.5 fen and above goes up), as Chinese retail scales compute it. When a scale label carries
the price, that printed price is the amount, and the weight is not recomputed from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pos_app.catalog import Product, Unit
from pos_app.errors import EmptyCart, InvalidInput
from pos_app.money import div_round_half_up
from pos_app.pricing import Discount, DiscountKind, RoundingPolicy, allocate

MAX_PIECES = 9_999
MAX_GRAMS = 999_999


@dataclass
class CartLine:
    name: str
    unit: Unit
    unit_price_fen: int  # per piece, or per kg for weighed goods
    quantity: int  # pieces, or grams for weighed goods
    tax_rate_bp: int
    category: str
    product_id: int | None = None  # None for an open-price line
    barcode: str = ""
    label_amount_fen: int | None = None  # the price printed on a scale label, when it carries one
    discount: Discount | None = None
    price_overridden: bool = False
    line_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def weighed(self) -> bool:
        return self.unit is Unit.KG

    @property
    def gross_fen(self) -> int:
        if self.label_amount_fen is not None:
            return self.label_amount_fen
        if self.weighed:
            return div_round_half_up(self.unit_price_fen * self.quantity, 1000)
        return self.unit_price_fen * self.quantity

    @property
    def line_discount_fen(self) -> int:
        return self.discount.off(self.gross_fen) if self.discount else 0

    def quantity_text(self) -> str:
        """'3' for pieces, '0.255kg' for weighed goods."""
        if self.weighed:
            return f"{self.quantity / 1000:.3f}kg"
        return str(self.quantity)


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    gross_fen: int
    line_discount_fen: int
    order_discount_fen: int
    rounding_fen: int  # signed: negative when 抹零 takes money off

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.line_discount_fen - self.order_discount_fen + self.rounding_fen


@dataclass(frozen=True)
class Totals:
    lines: tuple[PricedLine, ...]
    subtotal_fen: int  # before any discount
    line_discount_fen: int
    order_discount_fen: int
    rounding_fen: int  # signed 抹零 line
    rounding_policy: RoundingPolicy

    @property
    def discount_fen(self) -> int:
        return self.line_discount_fen + self.order_discount_fen

    @property
    def total_fen(self) -> int:
        return self.subtotal_fen - self.discount_fen + self.rounding_fen

    @property
    def item_count(self) -> int:
        """Pieces count as their number, a weighed line as one item."""
        return sum(1 if p.line.weighed else p.line.quantity for p in self.lines)


def _check_quantity(unit: Unit, quantity: int) -> None:
    limit = MAX_GRAMS if unit is Unit.KG else MAX_PIECES
    if not 0 < quantity <= limit:
        if unit is Unit.KG:
            raise InvalidInput(
                f"weight must be between 1 g and {limit // 1000} kg",
                f"重量必须在 1 克到 {limit // 1000} 千克之间",
            )
        raise InvalidInput(f"quantity must be between 1 and {limit}", f"数量必须在 1 到 {limit} 之间")


class Cart:
    def __init__(self) -> None:
        self.lines: list[CartLine] = []
        self.order_discount: Discount | None = None
        self.voided: list[CartLine] = []  # lines removed before payment, kept for the day's void figures

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, line_id: str) -> CartLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise KeyError(line_id)

    def add_product(self, product: Product, quantity: int = 1, barcode: str = "") -> CartLine:
        """Adds pieces; scanning the same product again adds to its line (unless that line was changed)."""
        if product.weighed:
            raise InvalidInput(
                f"{product.name} is sold by weight; weigh it or scan its scale label",
                f"{product.name} 按重量销售，请称重或扫描电子秤条码",
            )
        _check_quantity(Unit.PIECE, quantity)
        for line in self.lines:
            if line.product_id == product.id and line.discount is None and not line.price_overridden:
                _check_quantity(Unit.PIECE, line.quantity + quantity)
                line.quantity += quantity
                self._move_last(line)
                return line
        return self._append(_line_for(product, quantity, barcode or product.main_barcode))

    def add_weighed(
        self, product: Product, grams: int, label_amount_fen: int | None = None, barcode: str = ""
    ) -> CartLine:
        if not product.weighed:
            raise InvalidInput(f"{product.name} is not sold by weight", f"{product.name} 不是称重商品")
        _check_quantity(Unit.KG, grams)
        line = _line_for(product, grams, barcode or product.main_barcode)
        line.label_amount_fen = label_amount_fen
        return self._append(line)

    def add_open_price(
        self, name: str, price_fen: int, category: str = "", tax_rate_bp: int = 1300
    ) -> CartLine:
        if price_fen <= 0:
            raise InvalidInput("an open-price line needs a price above 0", "手工录入的价格必须大于 0")
        line = CartLine(
            name=name.strip() or "未知商品",
            unit=Unit.PIECE,
            unit_price_fen=price_fen,
            quantity=1,
            tax_rate_bp=tax_rate_bp,
            category=category,
            price_overridden=True,
        )
        return self._append(line)

    def set_quantity(self, line_id: str, quantity: int) -> None:
        line = self.line(line_id)
        if line.label_amount_fen is not None:
            raise InvalidInput(
                "the weight of a scale label cannot be changed; scan a new label",
                "电子秤条码的重量不能修改，请重新扫描条码",
            )
        _check_quantity(line.unit, quantity)
        line.quantity = quantity

    def void_line(self, line_id: str) -> CartLine:
        line = self.line(line_id)
        self.lines.remove(line)
        self.voided.append(line)
        return line

    def set_line_discount(self, line_id: str, discount: Discount | None) -> None:
        self.line(line_id).discount = discount

    def override_price(self, line_id: str, price_fen: int) -> None:
        if price_fen < 0:
            raise InvalidInput("a price cannot be negative", "价格不能为负数")
        line = self.line(line_id)
        line.unit_price_fen = price_fen
        line.label_amount_fen = None
        line.price_overridden = True

    def clear(self) -> None:
        self.lines.clear()
        self.voided.clear()
        self.order_discount = None

    def totals(self, policy: RoundingPolicy) -> Totals:
        gross = [line.gross_fen for line in self.lines]
        line_disc = [line.line_discount_fen for line in self.lines]
        after_line = [g - d for g, d in zip(gross, line_disc, strict=True)]
        order_off = self.order_discount.off(sum(after_line)) if self.order_discount else 0
        order_shares = allocate(order_off, after_line)
        before_rounding = [a - s for a, s in zip(after_line, order_shares, strict=True)]
        before_total = sum(before_rounding)
        rounding = policy.apply(before_total) - before_total
        rounding_shares = allocate(rounding, before_rounding)
        priced = tuple(
            PricedLine(line, g, d, o, r)
            for line, g, d, o, r in zip(
                self.lines, gross, line_disc, order_shares, rounding_shares, strict=True
            )
        )
        return Totals(priced, sum(gross), sum(line_disc), order_off, rounding, policy)

    def require_lines(self) -> None:
        if not self.lines:
            raise EmptyCart()

    # -- hold / recall: the cart as plain data ------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [_line_to_dict(line) for line in self.lines],
            "voided": [_line_to_dict(line) for line in self.voided],
            "order_discount": _discount_to_dict(self.order_discount),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cart:
        cart = cls()
        cart.lines = [_line_from_dict(d) for d in data["lines"]]
        cart.voided = [_line_from_dict(d) for d in data.get("voided", [])]
        cart.order_discount = _discount_from_dict(data.get("order_discount"))
        return cart

    def _append(self, line: CartLine) -> CartLine:
        self.lines.append(line)
        return line

    def _move_last(self, line: CartLine) -> None:
        """The line just scanned goes to the bottom, where the cashier's eye is."""
        self.lines.remove(line)
        self.lines.append(line)


def _line_for(product: Product, quantity: int, barcode: str) -> CartLine:
    return CartLine(
        name=product.name,
        unit=product.unit,
        unit_price_fen=product.price_fen,
        quantity=quantity,
        tax_rate_bp=product.tax_rate_bp,
        category=product.category,
        product_id=product.id,
        barcode=barcode,
    )


def _discount_to_dict(d: Discount | None) -> dict[str, Any] | None:
    return None if d is None else {"kind": d.kind.value, "value": d.value}


def _discount_from_dict(d: dict[str, Any] | None) -> Discount | None:
    return None if d is None else Discount(DiscountKind(d["kind"]), int(d["value"]))


def _line_to_dict(line: CartLine) -> dict[str, Any]:
    return {
        "line_id": line.line_id,
        "name": line.name,
        "unit": line.unit.value,
        "unit_price_fen": line.unit_price_fen,
        "quantity": line.quantity,
        "tax_rate_bp": line.tax_rate_bp,
        "category": line.category,
        "product_id": line.product_id,
        "barcode": line.barcode,
        "label_amount_fen": line.label_amount_fen,
        "discount": _discount_to_dict(line.discount),
        "price_overridden": line.price_overridden,
    }


def _line_from_dict(d: dict[str, Any]) -> CartLine:
    return CartLine(
        name=d["name"],
        unit=Unit(d["unit"]),
        unit_price_fen=int(d["unit_price_fen"]),
        quantity=int(d["quantity"]),
        tax_rate_bp=int(d["tax_rate_bp"]),
        category=d["category"],
        product_id=d["product_id"],
        barcode=d["barcode"],
        label_amount_fen=d["label_amount_fen"],
        discount=_discount_from_dict(d["discount"]),
        price_overridden=bool(d["price_overridden"]),
        line_id=d["line_id"],
    )
