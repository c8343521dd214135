"""X reports against a day worked out by hand, across midnight and the 04:00 cut-off.

The day (Asia/Shanghai, cut-off 04:00, 抹角: totals rounded down to the yuan), business day 2026-11-25:

 #  local time         cashier  lines (net after discounts and 抹零)                        total  paid by
 1  11:00              张三     2 可乐 (10% off) 591, 面 422, 苹果 0.5 kg 459, 牛奶 328;      18.00  微信 5.00
                                order discount 1.00, 抹零 0.20                                     银行卡 3.00, 现金 10.00
 2  14:00              王五     3 矿泉水 600 (voided at 14:30)                               6.00   现金
 3  23:50              王五     香蕉 1.234 kg 665, 口香糖 135; 抹零 0.88                     8.00   银行卡
 4  00:10 (next date)  张三     2 牛奶 700                                                   7.00   现金
 5  03:59 (next date)  张三     可乐 300; 抹零 0.50                                          3.00   现金
 6  04:01 (next date)  张三     2 口香糖 300: the NEXT business day                          3.00   现金

Order 1's discount (1.00 by largest remainder over 6.30 / 4.50 / 4.90 / 3.50: 33, 23, 26, 18) and 抹零
(0.20 over 5.97 / 4.27 / 4.64 / 3.32: 6, 5, 5, 4) give the nets above. At 12:00 the noodles (4.22) are
refunded, in proportion to the tenders: 微信 1.17, 银行卡 0.70, 现金 2.35. At 12:30 a receipt is reprinted,
at 13:00 the drawer opened with no sale. The shift opened at 11:00 with 500.00, got 100.00 in and gave
50.00 out, and was closed at 03:59:30 with 567.00 counted; a new shift opened at 04:00:30 sells order 6.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from pos_app.errors import NotAuthorized
from pos_app.pricing import Discount, RoundingPolicy
from pos_app.report_errors import (
    DayAlreadyClosed,
    DayCannotClose,
    DayNotClosed,
    EarlierDayNotClosed,
    ShiftStillOpen,
)
from pos_app.report_json import report_from_dict
from pos_app.reports import (
    CashierTotal,
    CashSummary,
    CategoryTotal,
    HourTotal,
    ReportKind,
    TaxTotal,
    TenderTotal,
)
from pos_app.scan_codes import classify
from pos_app.services.auth import OverrideAction, Role
from pos_app.services.checkout import CardTender, CashTender, QrTender
from pos_app.services.till import Till
from pos_app.store.models import JournalEntryRow, ZReportRow
from tests.pos_app.test_refunds import WECHAT, RefundingGateway
from tests.support import MANAGER_PIN, FakeClock, make_till

DAY = date(2026, 11, 25)
NEXT = date(2026, 11, 26)


def at(clock: FakeClock, day: int, hour: int, minute: int, second: int = 0) -> None:
    """Sets the clock to a UTC moment (Shanghai is UTC+8)."""
    clock.current = datetime(2026, 11, day, hour, minute, second, tzinfo=UTC)


def sell(till: Till, cashier, codes, tenders, *, qr_fen=0, grams=(), first_off=None, order_off=None):  # type: ignore[no-untyped-def]
    """Rings up the codes (and weighed goods), gives the discounts, pays: returns the completed order."""
    sale = till.new_sale(cashier)
    for code in codes:
        sale.scan(code)
    for product_code, weight in grams:
        sale.weigh(till.catalog.by_barcode(product_code), weight)
    if first_off:
        sale.cart.set_line_discount(sale.cart.lines[0].line_id, first_off)
    sale.cart.order_discount = order_off
    checkout = None
    if qr_fen:
        attempt = till.payments.start(
            sale.cart, cashier, "0f0e0d0c-0000-4000-8000-00000000000a", classify(WECHAT), qr_fen
        )
        attempt = till.payments.send(attempt, WECHAT, "好又多")
        tenders = [QrTender(attempt.out_trade_no, "wechat", qr_fen), *tenders]
        checkout = attempt.checkout_uuid
    return till.checkout.complete(sale.cart, cashier, tenders, checkout)


def journal_size(till: Till) -> int:
    with till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(JournalEntryRow)) or 0)


def approve(till: Till, manager, action: OverrideAction, cashier=None, order_uuid=None):  # type: ignore[no-untyped-def]
    return till.auth.authorize(manager.id, MANAGER_PIN, action, "顾客要求", cashier, "", order_uuid)


def worked_day(path: Path) -> tuple[Till, FakeClock]:
    """The day in the module's docstring; the clock is left at 04:01 on the 26th, the shift after it open."""
    clock = FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))
    till, zhang, manager = make_till(path, clock, open_shift=False)
    till.configure(
        till.settings().changed(rounding=RoundingPolicy.DROP_JIAO, printer_url="tcp://127.0.0.1:9")
    )
    gateway = RefundingGateway()
    till.use_payment_gateway(lambda: gateway)
    wang = till.auth.create("王五", Role.CASHIER, "5678")
    till.shifts.open(zhang, 50000)

    first = sell(
        till, zhang, ["6901234567892", "6901234567892", "6925303721367", "6923644266318"],
        [CardTender(300, "778899"), CashTender(1000)], qr_fen=500, grams=[("10001", 500)],
        first_off=Discount.percent(10), order_off=Discount.amount(100),
    )  # fmt: skip
    assert first.totals.total_fen == 1800 and first.totals.rounding_fen == -20
    at(clock, 25, 4, 0)  # 12:00
    noodles = next(line for line in till.refunds.lines(first.uuid) if "牛肉面" in line.name)
    refund = till.refunds.refund(
        first.uuid,
        [noodles.line_id],
        zhang,
        approve(till, manager, OverrideAction.REFUND, zhang, first.uuid),
        "坏了",
    )
    assert {(p.kind, p.amount_fen) for p in refund.parts} == {("wechat", 117), ("card", 70), ("cash", 235)}
    at(clock, 25, 4, 30)
    till.printing.reprint(first.uuid)
    at(clock, 25, 5, 0)
    till.printing.open_drawer(approve(till, manager, OverrideAction.NO_SALE_DRAWER))
    at(clock, 25, 5, 30)
    till.shifts.pay_in(zhang, 10000, "换零钱")
    at(clock, 25, 6, 0)  # 14:00
    water = sell(till, wang, ["6920459905012"] * 3, [CashTender(1000)])
    at(clock, 25, 6, 30)
    till.orders.void(water.uuid, approve(till, manager, OverrideAction.VOID_ORDER))
    at(clock, 25, 7, 0)
    till.shifts.pay_out(zhang, 5000, "买菜")
    at(clock, 25, 15, 50)  # 23:50
    assert (
        sell(till, wang, ["96385074"], [CardTender(800, "112233")], grams=[("10002", 1234)]).totals.total_fen
        == 800
    )
    at(clock, 25, 16, 10)  # 00:10 on the 26th: still the 25th's business day
    sell(till, zhang, ["6923644266318"] * 2, [CashTender(700)])
    at(clock, 25, 19, 59)  # 03:59
    assert sell(till, zhang, ["6901234567892"], [CashTender(500)]).totals.total_fen == 300
    at(clock, 25, 19, 59, 30)
    till.shifts.close(zhang, {10000: 5, 5000: 1, 1000: 1, 500: 1, 100: 2})  # 567.00
    at(clock, 25, 20, 0, 30)
    till.shifts.open(zhang, 0)
    at(clock, 25, 20, 1)  # 04:01: the next business day
    sell(till, zhang, ["96385074"] * 2, [CashTender(300)])
    return till, clock


@pytest.fixture
def day(tmp_path: Path) -> tuple[Till, FakeClock]:
    return worked_day(tmp_path)


def test_the_days_totals_count_every_sale_and_take_off_voids_and_refunds(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    x = till.reports.x(DAY)
    assert (x.kind, x.business_day, x.z_no, x.grand_total_fen) == (ReportKind.X, DAY, None, None)
    assert (x.orders, x.items, x.gross_fen) == (5, 13, 4200)
    assert (x.voids, x.voids_fen, x.refunds, x.refunds_fen) == (1, 600, 1, 422)
    assert x.net_fen == 3178
    assert (x.discounts_fen, x.rounding_fen) == (170, 158)
    assert (x.reprints, x.drawer_opens) == (1, 1)


def test_tenders_show_sales_and_what_went_back_through_each(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    assert till.reports.x(DAY).tenders == (
        TenderTotal("cash", 4, 2600, 835),  # the void's 6.00 and the refund's 2.35
        TenderTotal("card", 2, 1100, 70),
        TenderTotal("wechat", 1, 500, 117),
    )


def test_cashiers_categories_and_hours_across_midnight_and_the_cut_off(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    x = till.reports.x(DAY)
    assert x.cashiers == (CashierTotal("张三", 3, 2800, 8), CashierTotal("王五", 2, 1400, 5))
    assert [(c.average_basket_fen, c.items_per_basket_x100) for c in x.cashiers] == [(933, 267), (700, 250)]
    assert x.categories == (
        CategoryTotal("饮料", 6, 1491),
        CategoryTotal("水果", 2, 1124),
        CategoryTotal("乳制品", 3, 1028),
        CategoryTotal("方便食品", 1, 422),
        CategoryTotal("零食", 1, 135),
    )
    assert x.hours == (
        HourTotal(11, 1, 1800),
        HourTotal(14, 1, 600),
        HourTotal(23, 1, 800),
        HourTotal(0, 1, 700),
        HourTotal(3, 1, 300),
    )


def test_tax_by_rate_is_of_what_was_kept(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    # 13 %: 5.91 + 4.22 + 6.00 + 1.35 + 3.00 = 20.48, less the refunded noodles and the voided water: 10.26
    # 9 %: 4.59 + 3.28 + 6.65 + 7.00 = 21.52
    assert till.reports.x(DAY).taxes == (TaxTotal(1300, 1026, 118), TaxTotal(900, 2152, 178))


def test_cash_of_the_days_shifts_with_the_count_and_the_short(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    cash = till.reports.x(DAY).cash
    assert cash == CashSummary(50000, 2600, 835, 10000, 5000, 56700, 1)
    assert (cash.expected_fen, cash.over_short_fen) == (56765, -65)


def test_the_sale_after_the_cut_off_is_the_next_days_and_its_shift_is_still_open(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    x = till.reports.x()  # the current fiscal day: the 26th
    assert (x.business_day, x.orders, x.gross_fen, x.hours) == (NEXT, 1, 300, (HourTotal(4, 1, 300),))
    assert (x.cash.shifts, x.cash.counted_fen, x.cash.over_short_fen) == (1, None, None)


def test_an_x_report_changes_nothing(day) -> None:  # type: ignore[no-untyped-def]
    till, _ = day
    before = journal_size(till)
    first = till.reports.x(DAY)
    assert till.reports.x(DAY) == first
    assert journal_size(till) == before


# -- Z: closing the day ---------------------------------------------------------------------------------
@pytest.fixture
def shop(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock = FakeClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))  # 11:00 on the 25th
    till, cashier, manager = make_till(tmp_path, clock)
    gateway = RefundingGateway()
    till.use_payment_gateway(lambda: gateway)
    return till, clock, cashier, manager


def close_shift(till: Till, cashier) -> None:  # type: ignore[no-untyped-def]
    till.shifts.close(cashier, {10000: 0})


def z_rows(till: Till) -> list[tuple[int, date, int]]:
    with till.store.read() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(ZReportRow.z_no, ZReportRow.business_day, ZReportRow.grand_total_fen).order_by(
                    ZReportRow.z_no
                )
            )
        ]


def test_z_numbers_follow_each_other_and_the_grand_total_carries_on(shop) -> None:  # type: ignore[no-untyped-def]
    till, clock, cashier, manager = shop
    cola = sell(till, cashier, ["6901234567892"], [CashTender(350)])
    close_shift(till, cashier)
    first = till.reports.close_day(manager)
    assert (first.kind, first.z_no, first.business_day, first.net_fen, first.grand_total_fen) == (
        ReportKind.Z, 1, DAY, 350, 350,
    )  # fmt: skip
    clock.advance(minutes=10)  # still the 25th by the calendar, but the 25th is closed
    till.shifts.open(cashier, 0)
    sell(till, cashier, ["6925303721367"], [CashTender(450)])
    close_shift(till, cashier)
    second = till.reports.close_day(manager)
    assert (second.z_no, second.business_day, second.orders, second.grand_total_fen) == (2, NEXT, 1, 800)
    clock.advance(days=2)
    till.shifts.open(cashier, 0)
    approval = approve(till, manager, OverrideAction.REFUND, cashier, cola.uuid)
    till.refunds.refund(cola.uuid, None, cashier, approval, "退货")  # the 25th's sale, refunded on the 27th
    close_shift(till, cashier)
    third = till.reports.close_day(manager)
    assert (third.z_no, third.business_day, third.orders, third.refunds_fen) == (
        3,
        date(2026, 11, 27),
        0,
        350,
    )
    assert (third.net_fen, third.grand_total_fen) == (-350, 450)
    assert z_rows(till) == [(1, DAY, 350), (2, NEXT, 800), (3, date(2026, 11, 27), 450)]
    assert till.reports.z(DAY) == first  # the closed day is as it was: the refund counts on the 27th
    assert till.reports.x(DAY).net_fen == 350
    assert till.reports.z() == third


def test_the_z_is_journaled_with_its_totals_and_the_hash_of_the_stored_report(shop) -> None:  # type: ignore[no-untyped-def]
    till, _, cashier, manager = shop
    sell(till, cashier, ["6901234567892", "6923644266318"], [CashTender(1000)])
    close_shift(till, cashier)
    z = till.reports.close_day(manager)
    with till.store.read() as session:
        row = session.scalars(select(ZReportRow)).one()
        entry = session.scalars(select(JournalEntryRow).where(JournalEntryRow.kind == "z_report")).one()
        last_seq = session.scalar(select(func.max(JournalEntryRow.seq)))
    body = json.loads(entry.body)
    assert (entry.ref_uuid, entry.business_day, entry.seq) == (row.uuid, DAY, last_seq)
    assert body["data"] == {
        "z_no": 1,
        "business_day": "2026-11-25",
        "orders": 1,
        "gross_fen": 700,
        "voids_fen": 0,
        "refunds_fen": 0,
        "net_fen": 700,
        "grand_total_fen": 700,
        "tenders": {"cash": 700},
        "report_sha256": hashlib.sha256(row.report_json.encode()).hexdigest(),
    }
    assert (row.orders, row.gross_fen, row.refunds_fen, row.net_fen) == (1, 700, 0, 700)
    assert report_from_dict(json.loads(row.report_json)) == z


@pytest.mark.parametrize("statement", ["UPDATE z_reports SET net_fen = 0", "DELETE FROM z_reports"])
def test_a_z_cannot_be_changed_or_deleted(shop, statement: str) -> None:  # type: ignore[no-untyped-def]
    till, _, cashier, manager = shop
    sell(till, cashier, ["6901234567892"], [CashTender(350)])
    close_shift(till, cashier)
    till.reports.close_day(manager)
    with pytest.raises(DatabaseError, match="append-only"), till.store.transaction() as conn:
        conn.execute(text(statement))
    assert z_rows(till) == [(1, DAY, 350)]


def test_a_day_is_closed_once(shop) -> None:  # type: ignore[no-untyped-def]
    till, _, cashier, manager = shop
    close_shift(till, cashier)
    till.reports.close_day(manager, DAY)
    with pytest.raises(DayAlreadyClosed, match="已日结"):
        till.reports.close_day(manager, DAY)
    assert z_rows(till) == [(1, DAY, 0)]  # a day with no sale closes with zeros


def test_closing_with_an_open_shift_is_refused_and_writes_nothing(shop) -> None:  # type: ignore[no-untyped-def]
    till, _, cashier, manager = shop
    sell(till, cashier, ["6901234567892"], [CashTender(350)])
    before = journal_size(till)
    with pytest.raises(ShiftStillOpen, match="交班"):
        till.reports.close_day(manager)
    assert (z_rows(till), journal_size(till)) == ([], before)


def test_a_later_day_waits_for_the_earlier_day_with_sales(shop) -> None:  # type: ignore[no-untyped-def]
    till, clock, cashier, manager = shop
    sell(till, cashier, ["6901234567892"], [CashTender(350)])
    close_shift(till, cashier)
    clock.advance(days=2)  # nothing on the 26th
    with pytest.raises(EarlierDayNotClosed, match="请先日结 2026-11-25"):
        till.reports.close_day(manager)
    assert z_rows(till) == []
    till.reports.close_day(manager, DAY)
    till.reports.close_day(manager)  # the 27th: the empty 26th needs no Z
    assert z_rows(till) == [(1, DAY, 350), (2, date(2026, 11, 27), 350)]
    with pytest.raises(DayCannotClose, match="日结须按日期顺序"):
        till.reports.close_day(manager, NEXT)
    with pytest.raises(DayCannotClose, match="还没有开始"):
        till.reports.close_day(manager, date(2026, 11, 30))


def test_only_a_manager_closes_the_day_and_an_unclosed_day_has_no_z(shop) -> None:  # type: ignore[no-untyped-def]
    till, _, cashier, _ = shop
    close_shift(till, cashier)
    with pytest.raises(NotAuthorized):
        till.reports.close_day(cashier)
    with pytest.raises(DayNotClosed, match="尚未日结"):
        till.reports.z(DAY)
    with pytest.raises(DayNotClosed, match="还没有日结过"):
        till.reports.z()


def test_hours_are_the_shops_local_hours_even_with_a_half_hour_offset(shop) -> None:  # type: ignore[no-untyped-def]
    till, clock, cashier, _ = shop
    till.configure(till.settings().changed(timezone="Asia/Kolkata"))  # UTC+05:30
    at(clock, 25, 10, 20)  # 15:50 in Kolkata
    sell(till, cashier, ["6901234567892"], [CashTender(350)])
    at(clock, 25, 10, 40)  # 16:10: the same UTC hour, the next local one
    sell(till, cashier, ["96385074"], [CashTender(150)])
    at(clock, 25, 10, 50)
    sell(till, cashier, ["96385074"], [CashTender(150)])
    assert till.reports.x(DAY).hours == (HourTotal(15, 1, 350), HourTotal(16, 2, 300))
