"""Shifts: the float, pay-ins and pay-outs, the drawer's expected cash, the count at the close, and that
money moves only while a shift is open; each step is journaled with its record, in one transaction."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pos_app.errors import InvalidInput, ShiftAlreadyOpen, ShiftNotOpen
from pos_app.scan_codes import classify
from pos_app.services.auth import Cashier, OverrideAction
from pos_app.services.checkout import CardTender, CashTender, CompletedOrder, QrTender, TenderIn
from pos_app.services.demo import seed_demo
from pos_app.services.simulate import SteppingClock, simulate
from pos_app.services.till import Till
from pos_app.store.models import (
    CashMovementRow,
    JournalEntryRow,
    OrderRow,
    OutboxRow,
    ShiftCloseRow,
    ShiftRow,
    new_uuid,
)
from tests.pos_app.test_refunds import RefundingGateway
from tests.support import MANAGER_PIN, FakeClock, make_till

COLA, NOODLES, MILK = "6901234567892", "6925303721367", "6923644266318"  # 3.50, 4.50, 3.50
WECHAT = "134567890123456700"


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Till, Cashier, Cashier, FakeClock]:
    clock = FakeClock()
    till, cashier, manager = make_till(tmp_path, clock, open_shift=False)
    till.use_payment_gateway(lambda: RefundingGateway())
    return till, cashier, manager, clock


def sell(
    till: Till, cashier: Cashier, codes: tuple[str, ...], tenders: list[TenderIn], qr_fen: int = 0
) -> CompletedOrder:
    sale = till.new_sale(cashier)
    for code in codes:
        sale.scan(code)
    checkout = None
    if qr_fen:
        attempt = till.payments.start(sale.cart, cashier, new_uuid(), classify(WECHAT), qr_fen)
        attempt = till.payments.send(attempt, WECHAT, "好又多")
        tenders = [QrTender(attempt.out_trade_no, "wechat", qr_fen), *tenders]
        checkout = attempt.checkout_uuid
    return till.checkout.complete(sale.cart, cashier, tenders, checkout)


def approve(till: Till, cashier: Cashier, manager: Cashier, action: OverrideAction) -> Any:
    return till.auth.authorize(manager.id, MANAGER_PIN, action, "顾客退货", cashier)


def entries(till: Till, *kinds: str) -> list[tuple[str, dict[str, Any]]]:
    with till.store.read() as session:
        rows = session.execute(
            select(JournalEntryRow.kind, JournalEntryRow.body)
            .where(JournalEntryRow.kind.in_(kinds))
            .order_by(JournalEntryRow.seq)
        ).all()
    return [(kind, json.loads(body)["data"]) for kind, body in rows]


def count(till: Till, table: Any) -> int:
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


# -- opening --------------------------------------------------------------------------------------------
def test_a_shift_opens_with_its_float_and_a_second_one_is_refused(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, clock = shop
    assert till.shifts.current() is None and not till.shifts.is_open()
    opened = till.shifts.open(cashier, 500_00)
    assert (opened.opened_by, opened.float_fen, opened.expected_fen) == ("张三", 500_00, 500_00)
    assert opened.opened_at == clock.now() and till.shifts.is_open()
    with pytest.raises(ShiftAlreadyOpen, match="张三 于 2026-11-25 11:00 开班"):
        till.shifts.open(manager, 100_00)
    assert count(till, ShiftRow) == 1
    assert [kind for kind, _ in entries(till, "shift_open")] == ["shift_open"]


@pytest.mark.parametrize("fen", [-1, 100_000_01])
def test_a_float_outside_0_to_100000_yuan_is_refused(shop, fen: int) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    with pytest.raises(InvalidInput, match=re.escape("备用金须在 0 到 100000.00 元之间")):
        till.shifts.open(cashier, fen)
    assert count(till, ShiftRow) == 0 and entries(till, "shift_open") == []


def test_the_float_may_be_nothing_or_the_most_allowed(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.shifts.open(cashier, 0)
    till.shifts.close(cashier, {})
    assert till.shifts.open(cashier, 100_000_00).expected_fen == 100_000_00


def test_the_shift_open_entry_names_the_shift_the_cashier_and_the_float(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, clock = shop
    opened = till.shifts.open(cashier, 300_00)
    ((_, data),) = entries(till, "shift_open")
    assert data["uuid"] == opened.uuid and data["float_fen"] == 300_00
    assert data["opened_at"] == clock.now().isoformat()
    assert data["cashier"]["name"] == "张三" and len(data["cashier"]["uuid"]) == 36
    with till.store.read() as session:
        shift = session.scalars(select(ShiftRow)).one()
        entry = session.scalars(select(JournalEntryRow).where(JournalEntryRow.kind == "shift_open")).one()
    assert entry.ref_uuid == shift.uuid and entry.business_day == shift.business_day


def test_a_failing_journal_write_leaves_no_shift(shop, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(till.journal, "record", broken)
    with pytest.raises(OSError):
        till.shifts.open(cashier, 500_00)
    monkeypatch.undo()
    assert count(till, ShiftRow) == 0 and not till.shifts.is_open()
    till.shifts.open(cashier, 500_00)
    monkeypatch.setattr(till.journal, "record", broken)
    with pytest.raises(OSError):
        till.shifts.pay_in(cashier, 100_00, "找零备用金")
    with pytest.raises(OSError):
        till.shifts.close(cashier, {10000: 5})
    monkeypatch.undo()
    assert count(till, CashMovementRow) == 0 and count(till, ShiftCloseRow) == 0
    assert [kind for kind, _ in entries(till, "shift_open", "cash_movement", "shift_close")] == ["shift_open"]


# -- cash in and out ------------------------------------------------------------------------------------
def test_pay_ins_and_pay_outs_move_the_expected_cash_and_are_journaled(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.shifts.open(cashier, 200_00)
    till.shifts.pay_in(cashier, 100_00, "  找零备用金 ")
    after = till.shifts.pay_out(cashier, 250_00, "供应商付款")
    assert after.expected_fen == 200_00 + 100_00 - 250_00
    view = till.shifts.current()
    assert view is not None and (view.pay_in_fen, view.pay_out_fen, view.expected_fen) == (
        100_00,
        250_00,
        50_00,
    )
    moves = [data for _, data in entries(till, "cash_movement")]
    assert [(m["kind"], m["amount_fen"], m["reason"]) for m in moves] == [
        ("pay_in", 100_00, "找零备用金"),
        ("pay_out", 250_00, "供应商付款"),
    ]
    assert moves[0]["shift_uuid"] == view.uuid and moves[0]["cashier"]["name"] == "张三"


def test_a_pay_out_above_the_drawer_cash_is_refused_and_changes_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.shifts.open(cashier, 100_00)
    sell(till, cashier, (COLA,), [CashTender(500)])  # 3.50 in the drawer
    with pytest.raises(InvalidInput, match=re.escape("取出 103.51 元超过了钱箱应有的现金 103.50 元")):
        till.shifts.pay_out(cashier, 103_51, "存入银行")
    assert count(till, CashMovementRow) == 0 and entries(till, "cash_movement") == []
    till.shifts.pay_out(cashier, 103_50, "存入银行")  # all of it may go
    assert till.shifts.expected_cash() == 0


def test_under_blind_close_the_refusal_names_no_figure(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.configure(till.settings().changed(blind_close=True))
    till.shifts.open(cashier, 100_00)
    view = till.shifts.current()
    assert view is not None and view.blind and view.expected_fen is None
    with pytest.raises(InvalidInput) as refused:
        till.shifts.pay_out(cashier, 200_00, "存入银行")
    assert "100.00" not in str(refused.value) and "超过了钱箱应有的现金" in str(refused.value)


@pytest.mark.parametrize(
    ("fen", "reason", "why"), [(0, "找零", "金额须在"), (100, "  ", "原因"), (-5, "x", "金额")]
)
def test_a_movement_needs_an_amount_and_a_reason(shop, fen: int, reason: str, why: str) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.shifts.open(cashier, 100_00)
    with pytest.raises(InvalidInput, match=why):
        till.shifts.pay_in(cashier, fen, reason)
    assert count(till, CashMovementRow) == 0


def test_cash_goes_in_or_out_only_during_a_shift(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    with pytest.raises(ShiftNotOpen, match="再存取现金"):
        till.shifts.pay_in(cashier, 100_00, "找零备用金")
    with pytest.raises(ShiftNotOpen):
        till.shifts.close(cashier, {})
    assert count(till, CashMovementRow) == 0


# -- the drawer's expected cash -------------------------------------------------------------------------
def test_expected_cash_counts_only_what_went_through_the_drawer_in_the_shift(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, clock = shop
    till.shifts.open(cashier, 0)
    earlier = sell(till, cashier, (COLA,), [CashTender(500)])  # 3.50 cash, change 1.50: in shift 1
    assert till.shifts.close(cashier, {100: 3}).expected_fen == 350
    clock.advance(minutes=1)

    till.shifts.open(cashier, 500_00)
    sell(till, cashier, (COLA, NOODLES, MILK), [CashTender(2000)])  # 11.50 cash, change 8.50
    sell(till, cashier, (MILK,), [CardTender(350, "123456")])  # card: not in the drawer
    split = sell(till, cashier, (COLA, NOODLES, MILK), [CashTender(1000)], qr_fen=500)  # 5.00 QR + 6.50 cash
    sell(till, cashier, (NOODLES,), [], qr_fen=450)  # QR only
    till.orders.void(earlier.uuid, approve(till, cashier, manager, OverrideAction.VOID_ORDER))  # 3.50 back
    refund = till.refunds.refund(  # the whole split order: 5.00 back to WeChat, 6.50 from the drawer
        split.uuid, None, cashier, approve(till, cashier, manager, OverrideAction.REFUND), "退货"
    )
    assert {(p.kind, p.amount_fen) for p in refund.parts} == {("wechat", 500), ("cash", 650)}
    till.shifts.pay_in(cashier, 100_00, "找零备用金")
    till.shifts.pay_out(cashier, 50_00, "供应商付款")

    cash = till.shifts.drawer()
    assert (cash.opening_fen, cash.cash_sales_fen, cash.cash_refunds_fen) == (500_00, 1150 + 650, 350 + 650)
    assert (cash.pay_in_fen, cash.pay_out_fen, cash.counted_fen) == (100_00, 50_00, None)
    assert till.shifts.expected_cash() == 500_00 + 1800 - 1000 + 100_00 - 50_00 == 558_00


def test_a_sale_in_the_same_clock_tick_as_the_close_belongs_to_the_closed_shift(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    first = till.shifts.open(cashier, 0)
    sell(till, cashier, (COLA,), [CashTender(350)])
    till.shifts.close(cashier, {100: 3, 50: 1})
    second = till.shifts.open(cashier, 0)  # the clock has not moved: the journal's order decides
    assert till.shifts.expected_cash() == 0
    assert till.shifts.expected_cash(first.uuid) == 350 and till.shifts.expected_cash(second.uuid) == 0


# -- closing --------------------------------------------------------------------------------------------
def test_the_close_counts_by_denomination_and_shows_over_and_short(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, clock = shop
    till.shifts.open(cashier, 500_00)
    sell(till, cashier, (COLA, NOODLES, MILK), [CashTender(2000)])  # the drawer should hold 511.50
    short = till.shifts.close(cashier, {10000: 5, 1000: 1, 100: 1, 50: 0, 10: 4})  # 511.40
    assert (short.expected_fen, short.counted_fen, short.over_short_fen) == (511_50, 511_40, -10)
    assert not till.shifts.is_open()
    clock.advance(hours=8)
    till.shifts.open(manager, 511_40)
    over = till.shifts.close(manager, {5000: 10, 2000: 1, 500: 1, 100: 4, 10: 5})  # 529.50
    assert (over.expected_fen, over.counted_fen, over.over_short_fen) == (511_40, 529_50, 18_10)

    newest, oldest = till.shifts.recent(10)
    assert (newest.opened_by, newest.closed_by, newest.float_fen) == ("李店长", "李店长", 511_40)
    assert newest.counts == {5000: 10, 2000: 1, 500: 1, 100: 4, 10: 5} and newest.over_short_fen == 18_10
    assert (oldest.counted_fen, oldest.expected_fen, oldest.counts) == (
        511_40,
        511_50,
        {10000: 5, 1000: 1, 100: 1, 10: 4},
    )
    with till.store.read() as session:
        assert session.scalars(select(ShiftCloseRow.counts_json).order_by(ShiftCloseRow.id)).first() == (
            '{"10":4,"100":1,"1000":1,"10000":5}'
        )


def test_the_close_entry_carries_the_count_and_its_figures(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, clock = shop
    opened = till.shifts.open(cashier, 100_00)
    till.shifts.pay_out(cashier, 20_00, "存入银行")
    clock.advance(hours=1)
    till.shifts.close(cashier, {5000: 1, 1000: 3})
    kinds = [kind for kind, _ in entries(till, "shift_open", "cash_movement", "shift_close")]
    assert kinds == ["shift_open", "cash_movement", "shift_close"]
    _, data = entries(till, "shift_close")[0]
    assert data["shift_uuid"] == opened.uuid and data["closed_at"] == clock.now().isoformat()
    assert data["counts"] == {"5000": 1, "1000": 3}
    assert (data["counted_fen"], data["expected_fen"], data["over_short_fen"], data["blind"]) == (
        80_00,
        80_00,
        0,
        False,
    )


@pytest.mark.parametrize("counts", [{2: 1}, {10000: -1}, {500: 1.5}, {100: True}])
def test_a_bad_count_is_refused_and_nothing_is_written(shop, counts: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.shifts.open(cashier, 100_00)
    with pytest.raises(InvalidInput):
        till.shifts.close(cashier, counts)
    assert till.shifts.is_open() and count(till, ShiftCloseRow) == 0 and entries(till, "shift_close") == []


def test_a_blind_close_records_the_figures_for_the_manager(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    till.configure(till.settings().changed(blind_close=True))
    till.shifts.open(cashier, 100_00)
    closed = till.shifts.close(cashier, {5000: 1})
    assert closed.blind and (closed.counted_fen, closed.expected_fen) == (50_00, 100_00)
    (shift,) = till.shifts.recent()
    assert shift.blind and shift.over_short_fen == -50_00
    assert entries(till, "shift_close")[0][1]["blind"] is True


# -- money moves only during a shift --------------------------------------------------------------------
def test_a_sale_without_an_open_shift_is_refused_and_nothing_is_written(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    sale = till.new_sale(cashier)
    sale.scan(COLA)
    with pytest.raises(ShiftNotOpen, match="请先开班（输入钱箱备用金）再收款"):
        till.checkout.pay_cash(sale.cart, cashier, CashTender(500))
    assert len(sale.cart) == 1  # the cart waits for the shift
    assert count(till, OrderRow) == 0 and count(till, OutboxRow) == 0 and entries(till, "sale") == []
    till.shifts.open(cashier, 0)
    assert till.checkout.pay_cash(sale.cart, cashier, CashTender(500)).change_fen == 150


def test_a_void_or_a_cash_refund_needs_an_open_shift_a_card_refund_does_not(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, manager, _ = shop
    till.shifts.open(cashier, 0)
    cash = sell(till, cashier, (COLA,), [CashTender(350)])
    card = sell(till, cashier, (MILK,), [CardTender(350, "123456")])
    till.shifts.close(cashier, {100: 3, 50: 1})
    with pytest.raises(ShiftNotOpen, match="再作废订单"):
        till.orders.void(cash.uuid, approve(till, cashier, manager, OverrideAction.VOID_ORDER))
    with pytest.raises(ShiftNotOpen, match="再退现金"):
        till.refunds.refund(
            cash.uuid, None, cashier, approve(till, cashier, manager, OverrideAction.REFUND), "退"
        )
    assert entries(till, "void", "refund") == []
    done = till.refunds.refund(
        card.uuid, None, cashier, approve(till, cashier, manager, OverrideAction.REFUND), "退"
    )
    assert done.state == "done" and done.cash_fen == 0


# -- the demo and the simulation ------------------------------------------------------------------------
def test_the_demo_shop_starts_with_an_open_shift_a_new_shop_without(tmp_path: Path) -> None:
    demo = Till(tmp_path / "demo", FakeClock())
    assert seed_demo(demo)
    shift = demo.shifts.current()
    assert shift is not None and (shift.opened_by, shift.float_fen) == ("张三", 500_00)
    assert Till(tmp_path / "new", FakeClock()).shifts.current() is None


def test_the_simulation_opens_a_shift_when_none_is_open_and_says_so(shop) -> None:  # type: ignore[no-untyped-def]
    till, cashier, _, _ = shop
    clock = SteppingClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    simulated = Till(till.data_dir, clock)
    first = simulate(simulated, clock, cashier, orders=3)
    assert first.opened_shift and simulated.shifts.is_open() and count(simulated, OrderRow) == 3
    assert not simulate(simulated, clock, cashier, orders=2, seed=2).opened_shift
    assert len(entries(simulated, "shift_open")) == 1
