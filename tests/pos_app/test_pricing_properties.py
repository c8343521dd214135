"""Invariants of the cart's arithmetic: every fen is accounted for, whatever the discounts and 抹零."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.cart import Cart
from pos_app.catalog import Product, Unit
from pos_app.pricing import Discount, DiscountKind, RoundingPolicy, allocate


def product(pid: int, price: int, unit: Unit = Unit.PIECE) -> Product:
    return Product(pid, f"商品{pid}", price, unit, "饮料", 1300, (str(10000 + pid),), "sp")


discounts = st.one_of(
    st.none(),
    st.builds(Discount, st.just(DiscountKind.PERCENT), st.integers(0, 10_000)),
    st.builds(Discount, st.just(DiscountKind.AMOUNT), st.integers(0, 200_000)),
)
lines = st.lists(
    st.tuples(st.integers(1, 500_000), st.booleans(), st.integers(1, 3_000), discounts), min_size=1, max_size=12
)


def build(spec: list[tuple[int, bool, int, Discount | None]], order_discount: Discount | None) -> Cart:
    cart = Cart()
    for i, (price, weighed, qty, discount) in enumerate(spec):
        if weighed:
            line = cart.add_weighed(product(i, price, Unit.KG), qty * 10)
        else:
            line = cart.add_product(product(i, price), min(qty, 50))
        cart.set_line_discount(line.line_id, discount)
    cart.order_discount = order_discount
    return cart


@settings(max_examples=300)
@given(lines, discounts, st.sampled_from(list(RoundingPolicy)))
def test_total_equals_the_sum_of_allocated_line_amounts(spec, order_discount, policy) -> None:  # type: ignore[no-untyped-def]
    totals = build(spec, order_discount).totals(policy)
    assert sum(p.net_fen for p in totals.lines) == totals.total_fen
    assert sum(p.order_discount_fen for p in totals.lines) == totals.order_discount_fen
    assert sum(p.rounding_fen for p in totals.lines) == totals.rounding_fen
    assert all(p.net_fen >= 0 for p in totals.lines)
    assert 0 <= totals.discount_fen <= totals.subtotal_fen


@settings(max_examples=300)
@given(lines, discounts, st.sampled_from(list(RoundingPolicy)))
def test_rounding_moves_the_total_only_as_its_policy_allows(spec, order_discount, policy) -> None:  # type: ignore[no-untyped-def]
    totals = build(spec, order_discount).totals(policy)
    before = totals.subtotal_fen - totals.discount_fen
    limits = {
        RoundingPolicy.NONE: (0, 0),
        RoundingPolicy.DROP_FEN: (-9, 0),
        RoundingPolicy.DROP_JIAO: (-99, 0),
        RoundingPolicy.ROUND_JIAO: (-4, 5),
        RoundingPolicy.ROUND_YUAN: (-49, 50),
    }
    low, high = limits[policy]
    assert low <= totals.rounding_fen <= high
    if policy is not RoundingPolicy.NONE and before > 0:
        step = 10 if policy in (RoundingPolicy.DROP_FEN, RoundingPolicy.ROUND_JIAO) else 100
        assert totals.total_fen % step == 0


@given(st.integers(-10**9, 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=30))
def test_allocation_never_creates_or_loses_a_fen(amount: int, weights: list[int]) -> None:
    shares = allocate(amount, weights)
    assert sum(shares) == amount
    if sum(weights) and 0 <= -amount <= sum(weights):
        # a discount never takes more from a line than the line is worth
        assert all(-s <= w for s, w in zip(shares, weights, strict=True))


def test_rounding_policies_on_known_totals() -> None:
    assert RoundingPolicy.DROP_FEN.apply(1236) == 1230
    assert RoundingPolicy.DROP_JIAO.apply(1236) == 1200
    assert RoundingPolicy.ROUND_JIAO.apply(1235) == 1240
    assert RoundingPolicy.ROUND_JIAO.apply(1234) == 1230
    assert RoundingPolicy.ROUND_YUAN.apply(1250) == 1300
    assert RoundingPolicy.ROUND_YUAN.apply(1249) == 1200
