"""A cash sale through the services the screens use, and what the store keeps of it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.barcodes import ScaleTemplate
from pos_app.errors import ApprovalRequired, EmptyCart, InsufficientTender, UnknownProduct
from pos_app.pricing import Discount, RoundingPolicy
from pos_app.services.auth import OverrideAction
from pos_app.services.checkout import CashTender
from pos_app.store.models import OrderLineRow, OrderRow, OverrideRow, TenderRow
from tests.support import MANAGER_PIN, FakeClock, make_till


def count(till, model) -> int:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_cash_sale_stores_order_lines_and_tender_with_change(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("6901234567892\r\n")
    sale.scan(ScaleTemplate("22PPPPP$$$$$C").make("10001", 499))
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(2000))
    assert done.totals.total_fen == 700 + 499
    assert done.change_fen == 2000 - 1199
    assert done.order_no == "20261125-0001"
    assert len(sale.cart) == 0
    with till.store.read() as session:
        order = session.scalars(select(OrderRow)).one()
        assert order.total_fen == 1199 and order.change_fen == 801 and order.cashier_id == cashier.id
        assert [(line.name, line.quantity, line.net_fen) for line in order.lines] == [
            ("可口可乐 330ml", 2, 700),
            ("苹果 红富士", 509, 499),  # 4.99 at 9.80/kg is 509 g
        ]
        tender = session.scalars(select(TenderRow)).one()
        assert (tender.kind, tender.amount_fen, tender.tendered_fen, tender.change_fen) == ("cash", 1199, 2000, 801)
        assert order.created_at == datetime(2026, 11, 25, 3, 0)  # naive UTC
        assert len(order.uuid) == 36 and all(len(line.uuid) == 36 for line in order.lines)


def test_too_little_cash_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    with pytest.raises(InsufficientTender) as err:
        till.checkout.pay_cash(sale.cart, cashier, CashTender(300))
    assert "3.50" in err.value.en
    assert count(till, OrderRow) == 0 and len(sale.cart) == 1
    with pytest.raises(EmptyCart):
        till.checkout.pay_cash(till.new_sale(cashier).cart, cashier, CashTender(0))


def test_an_unknown_barcode_is_named_and_adds_nothing(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    with pytest.raises(UnknownProduct) as err:
        sale.scan("6900000000007")
    assert err.value.code == "6900000000007"
    assert len(sale.cart) == 0


def test_order_numbers_are_gapless_per_business_day_with_the_cut_off(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    till, cashier, _ = make_till(tmp_path, clock)
    numbers = []
    for _ in range(3):
        sale = till.new_sale(cashier)
        sale.scan("96385074")
        numbers.append(till.checkout.pay_cash(sale.cart, cashier, CashTender(150)).order_no)
        clock.advance(hours=2)  # 01:00 and 03:00 still belong to the 25th (cut-off 04:00)
    sale = till.new_sale(cashier)
    sale.scan("96385074")
    numbers.append(till.checkout.pay_cash(sale.cart, cashier, CashTender(150)).order_no)  # 05:00 on the 26th
    assert numbers == ["20261125-0001", "20261125-0002", "20261125-0003", "20261126-0001"]
    with till.store.read() as session:
        assert session.scalars(select(OrderRow.business_day)).all()[-1] == date(2026, 11, 26)


def test_a_discount_above_the_limit_needs_a_manager_and_is_recorded(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    line = sale.scan("6925303721367")
    sale.discount_line(line.line_id, Discount.percent(10))  # within the 10% limit
    with pytest.raises(ApprovalRequired) as err:
        sale.discount_line(line.line_id, Discount.percent(30))
    assert err.value.action == "discount_over_limit"
    assert sale.totals().discount_fen == 45  # unchanged by the refused attempt
    approval = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.DISCOUNT_OVER_LIMIT, "临期商品", cashier,
                                   detail=err.value.detail)
    sale.discount_line(line.line_id, Discount.percent(30), approval)
    assert sale.totals().total_fen == 450 - 135
    with pytest.raises(ApprovalRequired):  # the approval was spent on that one action
        sale.discount_order(Discount.percent(50), approval)
    assert count(till, OverrideRow) == 1


def test_price_override_and_open_price_lines_always_need_approval(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    line = sale.scan("6901234567892")
    with pytest.raises(ApprovalRequired):
        sale.override_price(line.line_id, 300, None)
    ok = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "标价错误", cashier)
    sale.override_price(line.line_id, 300, ok)
    assert sale.totals().total_fen == 300
    with pytest.raises(ApprovalRequired):
        sale.add_open_price("散装糖果", 500, None)


def test_rounding_policy_from_settings_shows_as_its_own_line(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    till.configure(till.settings().changed(rounding=RoundingPolicy.DROP_JIAO))
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("96385074")
    totals = sale.totals()
    assert (totals.subtotal_fen, totals.rounding_fen, totals.total_fen) == (500, 0, 500)
    sale.scan("96385074")
    totals = sale.totals()
    assert (totals.subtotal_fen, totals.rounding_fen, totals.total_fen) == (650, -50, 600)
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(600))
    with till.store.read() as session:
        order = session.scalars(select(OrderRow)).one()
        assert (order.rounding_fen, order.total_fen, order.rounding_policy) == (-50, 600, "drop_jiao")
        assert sum(line.net_fen for line in order.lines) == done.totals.total_fen


def test_voided_lines_are_kept_with_the_order_but_not_charged(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    cola = sale.scan("6901234567892")
    sale.scan("96385074")
    sale.void_line(cola.line_id)
    till.checkout.pay_cash(sale.cart, cashier, CashTender(150))
    with till.store.read() as session:
        lines = session.scalars(select(OrderLineRow).order_by(OrderLineRow.line_no)).all()
        assert [(x.name, x.voided, x.net_fen) for x in lines] == [("口香糖 薄荷味", False, 150), ("可口可乐 330ml", True, 0)]


def test_hold_and_recall_bring_the_cart_back_once(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.weigh(till.catalog.by_barcode("10002"), 1500)  # type: ignore[arg-type]
    held = till.held.hold(sale.cart, cashier, "穿红衣服的顾客", till.settings())
    assert len(sale.cart) == 0 and held.total_fen == 350 + 897
    assert [h.label for h in till.held.list()] == ["穿红衣服的顾客"]
    sale.load_cart(till.held.recall(held.id))
    assert sale.totals().total_fen == 1247
    assert till.held.list() == []
    with pytest.raises(Exception, match="已被取出"):
        till.held.recall(held.id)


def test_a_voided_order_stays_stored_beside_its_void_record(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(350))
    approval = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "顾客退货", cashier,
                                   order_uuid=done.uuid)
    till.orders.void(done.uuid, approval)
    view = till.orders.get(done.uuid)
    assert view.voided and view.total_fen == 350
    again = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.VOID_ORDER, "重复", cashier)
    with pytest.raises(Exception, match="已作废"):
        till.orders.void(done.uuid, again)
