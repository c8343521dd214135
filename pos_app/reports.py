"""What an X or Z report holds: one business day's figures, all money in fen.

Every figure belongs to the day its event was journaled on (pos_app.services.fiscal_log decides the day):
a sale counts on its own day; a void or refund counts on the day it was made, even for an older sale.
So a closed day never changes, and the journal alone is enough to recompute it:

    net_fen = gross_fen - voids_fen - refunds_fen

X reports change nothing; a Z report closes its day, gets the next Z number and carries the perpetual
grand total (the net of every Z so far). The services in pos_app.services.reports compute them; the text,
CSV and PDF forms and the manager screen only show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

DENOMINATIONS_FEN = (10000, 5000, 2000, 1000, 500, 100, 50, 10)  # 100 ... 1 yuan, 5 and 1 jiao
TAX_RATES_BP = (1300, 900, 600, 300, 100)  # 13 / 9 / 6 / 3 / 1 %


class ReportKind(StrEnum):
    X = "X"
    Z = "Z"


@dataclass(frozen=True)
class TenderTotal:
    """One tender: cash, card, or a QR channel (wechat, alipay, unionpay, bestpay, ecny)."""

    kind: str
    count: int  # tenders of this kind in the day's sales
    sales_fen: int
    refunds_fen: int  # refunds and voids given back through this tender on the day

    @property
    def net_fen(self) -> int:
        return self.sales_fen - self.refunds_fen


@dataclass(frozen=True)
class CashierTotal:
    name: str
    orders: int
    amount_fen: int
    items: int  # pieces sold; a weighed line counts as one item

    @property
    def average_basket_fen(self) -> int:
        return (self.amount_fen + self.orders // 2) // self.orders if self.orders else 0

    @property
    def items_per_basket_x100(self) -> int:
        """Items per basket times 100 (2.35 -> 235): shown with two decimals, no float on the way."""
        return (self.items * 100 + self.orders // 2) // self.orders if self.orders else 0


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    items: int
    amount_fen: int  # the lines' net (after discounts and 抹零)


@dataclass(frozen=True)
class HourTotal:
    hour: int  # local hour of the day, 0-23, in the shop's time zone
    orders: int
    amount_fen: int


@dataclass(frozen=True)
class TaxTotal:
    rate_bp: int  # 1300 = 13 %
    net_fen: int  # tax-inclusive sales at this rate, less what was refunded or voided
    tax_fen: int  # the tax inside net_fen: net * rate / (1 + rate), rounded half up


@dataclass(frozen=True)
class CashSummary:
    """The drawer over the day's shifts: what should be in it, and what was counted at the closes."""

    opening_fen: int  # the floats of the shifts opened on the day
    cash_sales_fen: int
    cash_refunds_fen: int  # cash given back by refunds and voids
    pay_in_fen: int
    pay_out_fen: int
    counted_fen: int | None  # None while a shift of the day is still open
    shifts: int

    @property
    def expected_fen(self) -> int:
        return self.opening_fen + self.cash_sales_fen - self.cash_refunds_fen + self.pay_in_fen - self.pay_out_fen

    @property
    def over_short_fen(self) -> int | None:
        return None if self.counted_fen is None else self.counted_fen - self.expected_fen


@dataclass(frozen=True)
class Report:
    kind: ReportKind
    business_day: date
    made_at: datetime  # aware UTC
    shop_name: str
    device_id: str
    z_no: int | None  # Z only
    grand_total_fen: int | None  # Z only: the net of every Z up to this one
    orders: int
    items: int
    gross_fen: int  # the totals of the day's sales (after discounts and 抹零)
    discounts_fen: int  # line and order discounts given
    rounding_fen: int  # 抹零 taken off (a positive number)
    voids: int
    voids_fen: int
    refunds: int
    refunds_fen: int
    reprints: int
    drawer_opens: int  # no-sale openings
    tenders: tuple[TenderTotal, ...]
    cashiers: tuple[CashierTotal, ...]
    categories: tuple[CategoryTotal, ...]
    hours: tuple[HourTotal, ...]  # only hours with sales, in order
    taxes: tuple[TaxTotal, ...]
    cash: CashSummary

    @property
    def net_fen(self) -> int:
        return self.gross_fen - self.voids_fen - self.refunds_fen
