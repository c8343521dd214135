"""A night shift that runs past the 04:00 cut-off: each day's cash section is its shifts' drawers, so the
day's over/short is what the shifts' counts found (pos_app.services.day_cash).

Business day 2026-11-25 (Asia/Shanghai), worked out by hand:

 local time          shift  what                                         cash in the drawer
 25th 22:00          A      opened by 张三 with a float of 200.00          200.00
 25th 23:00          A      sale 1: 可乐 + 面 (8.00), paid 10.00 cash       + 8.00
 26th 03:00          A      sale 2: 牛奶 (3.50) cash                        + 3.50
 26th 05:00          A      sale 3: 面 (4.50) cash: the 26th's business day + 4.50
 26th 06:00          A      sale 2 refunded in cash (a 26th's refund)       − 3.50
 26th 07:00          A      closed, 212.50 counted: exact                   = 212.50
 26th 07:30          B      opened with 100.00
 26th 08:00          B      sale 4: 口香糖 (1.50) cash                      + 1.50
 26th 09:00          B      closed, 101.00 counted: 0.50 short

The 25th's cash section is shift A's drawer, sale 3 and the refund included; the 26th's is shift B's. The
sales by tender stay those of each day's orders. Counted by days of orders instead, the 25th would be 4.00
over and the 26th 4.50 short, with no money missing on either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.reports import CashSummary, TenderTotal
from pos_app.services.auth import Cashier, OverrideAction
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till
from tests.support import MANAGER_PIN, FakeClock, make_till

DAY, NEXT = date(2026, 11, 25), date(2026, 11, 26)
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Night:
    def __init__(self, path: Path) -> None:
        self.clock = FakeClock(self.local(25, 22))
        self.till, self.cashier, self.manager = make_till(path, self.clock, open_shift=False)

    @staticmethod
    def local(day: int, hour: int, minute: int = 0) -> datetime:
        """A Shanghai wall-clock time on the given date of November 2026, as the UTC moment."""
        return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)

    def at(self, day: int, hour: int, minute: int = 0) -> Till:
        self.clock.current = self.local(day, hour, minute)
        return self.till

    def sell(self, codes: list[str], paid_fen: int) -> str:
        sale = self.till.new_sale(self.cashier)
        for code in codes:
            sale.scan(code)
        return self.till.checkout.complete(sale.cart, self.cashier, [CashTender(paid_fen)]).uuid

    def refund(self, order_uuid: str) -> None:
        approval = self.till.auth.authorize(
            self.manager.id, MANAGER_PIN, OverrideAction.REFUND, "顾客退货", self.cashier, "", order_uuid
        )
        self.till.refunds.refund(order_uuid, None, self.cashier, approval, "退货")

    def close(self, cashier: Cashier, counts: dict[int, int]) -> None:
        self.till.shifts.close(cashier, counts)


COLA, NOODLES, MILK, GUM = "6901234567892", "6925303721367", "6923644266318", "96385074"


@pytest.fixture
def night(tmp_path: Path) -> Night:
    night = Night(tmp_path)
    night.till.shifts.open(night.cashier, 20_000)
    night.at(25, 23)
    night.sell([COLA, NOODLES], 1000)
    night.at(26, 3)
    milk = night.sell([MILK], 350)
    night.at(26, 5)
    night.sell([NOODLES], 450)
    night.at(26, 6)
    night.refund(milk)
    return night


def test_a_day_s_cash_is_the_drawer_of_its_night_shift_even_past_the_cut_off(night: Night) -> None:
    till = night.at(26, 6, 30)
    assert till.reports.x(DAY).cash == CashSummary(20_000, 1600, 350, 0, 0, None, 1)
    assert till.shifts.drawer() == till.reports.x(DAY).cash
    assert till.reports.x(NEXT).cash == CashSummary(0, 0, 0, 0, 0, None, 0)  # its sale is shift A's


def test_both_days_reconcile_with_their_shifts_counts(night: Night) -> None:
    night.at(26, 7)
    night.close(night.cashier, {10_000: 2, 1000: 1, 100: 2, 50: 1})  # 212.50
    till = night.at(26, 7, 30)
    till.shifts.open(night.cashier, 10_000)
    night.at(26, 8)
    night.sell([GUM], 150)
    night.at(26, 9)
    night.close(night.cashier, {10_000: 1, 100: 1})  # 101.00

    day, next_day = till.reports.x(DAY), till.reports.x(NEXT)
    assert day.cash == CashSummary(20_000, 1600, 350, 0, 0, 21_250, 1)
    assert next_day.cash == CashSummary(10_000, 150, 0, 0, 0, 10_100, 1)
    assert [day.cash.over_short_fen, next_day.cash.over_short_fen] == [0, -50]
    assert [shift.over_short_fen for shift in reversed(till.shifts.recent())] == [0, -50]
    # the sales by tender are still the day's orders and the day's refunds
    assert [t for t in day.tenders if t.kind == "cash"] == [TenderTotal("cash", 2, 1150, 0)]
    assert [t for t in next_day.tenders if t.kind == "cash"] == [TenderTotal("cash", 2, 600, 350)]

    z = till.reports.close_day(night.manager, DAY)
    assert z.cash == day.cash
