"""What the cashier does to a cart, and the figures it shows."""

from __future__ import annotations

import pytest

from pos_app.cart import Cart
from pos_app.catalog import Product, Unit
from pos_app.errors import EmptyCart, InvalidInput
from pos_app.pricing import Discount, RoundingPolicy

COLA = Product(1, "可口可乐 330ml", 350, Unit.PIECE, "饮料", 1300, ("6901234567892",), "kkkl330ml")
APPLE = Product(2, "苹果 红富士", 980, Unit.KG, "水果", 900, ("10001",), "pghfs")


def test_scanning_the_same_product_twice_makes_one_line_of_two() -> None:
    cart = Cart()
    cart.add_product(COLA)
    cart.add_product(COLA)
    assert len(cart) == 1 and cart.lines[0].quantity == 2
    assert cart.totals(RoundingPolicy.NONE).total_fen == 700


def test_weighed_amount_rounds_half_a_fen_up() -> None:
    cart = Cart()
    line = cart.add_weighed(APPLE, 255)  # 9.80/kg * 0.255 kg = 2.499 yuan -> 2.50
    assert line.gross_fen == 250
    line = cart.add_weighed(APPLE, 1)  # 0.98 fen -> 1 fen
    assert line.gross_fen == 1


def test_the_price_printed_on_a_scale_label_is_the_amount() -> None:
    cart = Cart()
    line = cart.add_weighed(APPLE, 500, label_amount_fen=499)
    assert line.gross_fen == 499
    with pytest.raises(InvalidInput):
        cart.set_quantity(line.line_id, 600)


def test_pieces_and_weights_are_not_confused() -> None:
    cart = Cart()
    with pytest.raises(InvalidInput, match="按重量"):
        cart.add_product(APPLE)
    with pytest.raises(InvalidInput):
        cart.add_weighed(COLA, 100)


@pytest.mark.parametrize("qty", [0, -1, 10_000])
def test_impossible_quantities_are_refused_and_change_nothing(qty: int) -> None:
    cart = Cart()
    line = cart.add_product(COLA)
    with pytest.raises(InvalidInput):
        cart.set_quantity(line.line_id, qty)
    assert line.quantity == 1


def test_order_discount_and_rounding_show_as_their_own_figures() -> None:
    cart = Cart()
    cart.add_product(COLA, 3)  # 10.50
    cart.add_weighed(APPLE, 1234)  # 12.0932 -> 12.09
    cart.order_discount = Discount.percent(10)  # 2.26 off 22.59 (2.259 -> 2.26)
    totals = cart.totals(RoundingPolicy.DROP_JIAO)
    assert totals.subtotal_fen == 2259
    assert totals.order_discount_fen == 226
    assert totals.rounding_fen == -33  # 20.33 -> 20.00
    assert totals.total_fen == 2000


def test_void_removes_the_line_but_keeps_it_for_the_day_figures() -> None:
    cart = Cart()
    line = cart.add_product(COLA)
    cart.void_line(line.line_id)
    assert len(cart) == 0 and cart.voided == [line]
    with pytest.raises(EmptyCart):
        cart.require_lines()


def test_a_held_cart_comes_back_exactly() -> None:
    cart = Cart()
    line = cart.add_product(COLA, 2)
    cart.set_line_discount(line.line_id, Discount.amount(50))
    cart.add_weighed(APPLE, 500, label_amount_fen=490)
    cart.order_discount = Discount.percent(5)
    again = Cart.from_dict(cart.to_dict())
    assert again.totals(RoundingPolicy.ROUND_JIAO) == cart.totals(RoundingPolicy.ROUND_JIAO)
