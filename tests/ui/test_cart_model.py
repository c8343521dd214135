"""The cart table model over Sale.totals(), tested without a widget."""

from __future__ import annotations

from pos_app.cart import Cart
from pos_app.catalog import Product, Unit
from pos_app.pricing import Discount, RoundingPolicy
from ui.cart_model import CartModel
from ui.qt import Qt

COLA = Product(1, "可口可乐 330ml", 300, Unit.PIECE, "饮料", 1300, ("6901234567892",), "kkkl330ml")
APPLE = Product(2, "富士苹果", 1280, Unit.KG, "水果", 900, ("1001",), "fspg")


def model_of(cart: Cart, policy: RoundingPolicy = RoundingPolicy.NONE) -> CartModel:
    model = CartModel()
    model.set_totals(cart.totals(policy))
    return model


def cells(model: CartModel, role: int = Qt.ItemDataRole.DisplayRole) -> list[list[object]]:
    return [[model.index(r, c).data(role) for c in range(5)] for r in range(model.rowCount())]


def test_the_columns_are_name_quantity_price_discount_and_amount():
    model = CartModel()
    headers = [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) for c in range(5)]
    assert headers == ["品名", "数量", "单价", "折扣", "金额"]
    assert model.rowCount() == 0 and model.columnCount() == 5


def test_rows_show_quantity_unit_price_line_discount_and_amount_after_it():
    cart = Cart()
    cola = cart.add_product(COLA, 3)
    cart.add_weighed(APPLE, 255)
    cart.set_line_discount(cola.line_id, Discount.amount(100))

    assert cells(model_of(cart)) == [
        ["可口可乐 330ml", "3", "¥3.00", "-¥1.00", "¥8.00"],
        ["富士苹果", "0.255kg", "¥12.80/kg", "", "¥3.26"],
    ]


def test_the_order_discount_and_rounding_stay_out_of_the_line_amounts():
    cart = Cart()
    cart.add_product(COLA, 3)
    cart.order_discount = Discount.percent(10)

    assert cells(model_of(cart, RoundingPolicy.DROP_JIAO))[0][3:] == ["", "¥9.00"]


def test_each_row_knows_its_line_id_and_numbers_align_right():
    cart = Cart()
    line = cart.add_product(COLA)
    model = model_of(cart)

    assert model.index(0, 0).data(CartModel.LINE_ID_ROLE) == line.line_id
    assert model.row_of(line.line_id) == 0 and model.line_id(0) == line.line_id
    assert model.index(0, 4).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft


def test_a_hand_changed_price_explains_itself_in_a_tooltip():
    cart = Cart()
    line = cart.add_product(COLA)
    cart.override_price(line.line_id, 250)

    assert model_of(cart).index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == "已手工改价"
