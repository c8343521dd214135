"""One business day's figures from the store, by SQL aggregates: the X report, and the Z before it is sealed.

Which day a figure belongs to (the rule `pos-till audit verify` recomputes from the journal):

- the day's sales are the orders with that business_day (their `sale` journal entries carry the same day):
  orders = how many, gross_fen = the sum of their total_fen, voided later or not;
- voids_fen = the total_fen of the orders voided by the `void` entries journaled on the day, whatever day
  the order was sold on; refunds_fen = the total_fen of the refunds whose `refund` entry is of the day;
- net_fen = gross_fen - voids_fen - refunds_fen;
- every other figure follows the same cut: tender, tax and cash give-backs are those of the day's voids and
  refunds; tenders, cashiers, categories, hours and discounts are those of the day's sales; reprints and
  no-sale drawer openings are the day's `reprint` and `drawer_open` entries;
- but the cash section is the drawers of the shifts opened on the day (pos_app.services.day_cash), so it
  reconciles with their counts when a shift runs past the cut-off.

A closed day therefore never changes: a later refund of its sale counts on the day it is made.

Speed (100,000 orders in well under a second): the day's sales come from day_sales (by cashier and UTC
quarter-hour), day_line_sales (by cashier, category and tax rate) and day_tender_sales, which SQLite's
triggers keep equal to the GROUP BY over orders, lines and tenders (migration 0006); voids and refunds are
small joins from the day's journal entries (index on kind and day) to the records they name. The
quarter-hours become local hours here, in Python: every time zone's offset is a whole number of quarters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from pos_app import journal
from pos_app.money import div_round_half_up
from pos_app.reports import (
    CashierTotal,
    CategoryTotal,
    HourTotal,
    Report,
    ReportKind,
    TaxTotal,
    TenderTotal,
)
from pos_app.services.day_cash import day_cash
from pos_app.settings import ShopSettings
from pos_app.store.models import (
    CashierRow,
    DayLineSalesRow,
    DaySalesRow,
    DayTenderSalesRow,
    JournalEntryRow,
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    TenderRow,
)

TENDER_ORDER = ("cash", "card", "wechat", "alipay", "unionpay", "bestpay", "ecny")
QUARTER_S = 900


def _entries(kind: str, day: date) -> ColumnElement[bool]:
    return and_(JournalEntryRow.kind == kind, JournalEntryRow.business_day == day)


def _voided(day: date) -> Select[Any]:
    """The orders voided by the day's void entries (OrderRow joined from the journal), no columns yet."""
    return (
        select()
        .select_from(JournalEntryRow)
        .join(OrderVoidRow, OrderVoidRow.uuid == JournalEntryRow.ref_uuid)
        .join(OrderRow, OrderRow.id == OrderVoidRow.order_id)
        .where(_entries(journal.VOID, day))
    )


def _refunded(day: date) -> Select[Any]:
    """The refunds of the day's refund entries (RefundRow joined from the journal), no columns yet."""
    return (
        select()
        .select_from(JournalEntryRow)
        .join(RefundRow, RefundRow.uuid == JournalEntryRow.ref_uuid)
        .where(_entries(journal.REFUND, day))
    )


@dataclass
class _Sales:
    """The day's sales, from the summaries SQLite keeps as they are written (a few hundred rows)."""

    orders: int = 0
    gross_fen: int = 0
    discounts_fen: int = 0
    rounding_fen: int = 0  # signed, as stored
    cashiers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    quarters: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    categories: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    rates: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    tenders: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (count, fen)


def _sales(conn: Connection, day: date) -> _Sales:
    sales = _Sales()
    for cashier_id, quarter, count, total, discount, rounding in conn.execute(
        select(
            DaySalesRow.cashier_id,
            DaySalesRow.quarter,
            DaySalesRow.orders,
            DaySalesRow.total_fen,
            DaySalesRow.discount_fen,
            DaySalesRow.rounding_fen,
        ).where(DaySalesRow.business_day == day)
    ):
        sales.orders += count
        sales.gross_fen += total
        sales.discounts_fen += discount
        sales.rounding_fen += rounding
        sales.cashiers[cashier_id][0] += count  # orders, amount, items
        sales.cashiers[cashier_id][1] += total
        sales.quarters[quarter][0] += count  # orders, amount
        sales.quarters[quarter][1] += total
    for cashier_id, category, rate, items, net in conn.execute(
        select(
            DayLineSalesRow.cashier_id,
            DayLineSalesRow.category,
            DayLineSalesRow.tax_rate_bp,
            DayLineSalesRow.items,
            DayLineSalesRow.net_fen,
        ).where(DayLineSalesRow.business_day == day)
    ):
        sales.cashiers[cashier_id][2] += items
        sales.categories[category][0] += items  # items, amount
        sales.categories[category][1] += net
        sales.rates[rate] += net
    for kind, count, fen in conn.execute(
        select(DayTenderSalesRow.kind, DayTenderSalesRow.tenders, DayTenderSalesRow.amount_fen).where(
            DayTenderSalesRow.business_day == day
        )
    ):
        sales.tenders[kind] = (count, fen)
    return sales


@dataclass
class _GivenBack:
    """The day's voids and refunds, whatever day their sales were on."""

    voids: int
    voids_fen: int
    refunds: int
    refunds_fen: int
    by_kind: dict[str, int]  # money given back through each tender kind
    by_rate: dict[int, int]  # line amounts given back at each tax rate


def _given_back(conn: Connection, day: date) -> _GivenBack:
    voids, voids_fen = conn.execute(
        _voided(day).add_columns(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0))
    ).one()
    refunds, refunds_fen = conn.execute(
        _refunded(day).add_columns(func.count(), func.coalesce(func.sum(RefundRow.total_fen), 0))
    ).one()
    by_kind: dict[str, int] = defaultdict(int)
    by_rate: dict[int, int] = defaultdict(int)
    queries = (
        (
            by_kind,
            _voided(day).join(TenderRow, TenderRow.order_id == OrderRow.id),
            TenderRow.kind,
            TenderRow.amount_fen,
        ),
        (
            by_kind,
            _refunded(day).join(RefundTenderRow, RefundTenderRow.refund_id == RefundRow.id),
            RefundTenderRow.kind,
            RefundTenderRow.amount_fen,
        ),
        (
            by_rate,
            _voided(day).join(
                OrderLineRow, and_(OrderLineRow.order_id == OrderRow.id, OrderLineRow.voided.is_(False))
            ),
            OrderLineRow.tax_rate_bp,
            OrderLineRow.net_fen,
        ),
        (
            by_rate,
            _refunded(day)
            .join(RefundLineRow, RefundLineRow.refund_id == RefundRow.id)
            .join(OrderLineRow, OrderLineRow.id == RefundLineRow.order_line_id),
            OrderLineRow.tax_rate_bp,
            RefundLineRow.amount_fen,
        ),
    )
    for into, query, key, amount in queries:
        for value, fen in conn.execute(query.add_columns(key, func.sum(amount)).group_by(key)):
            into[value] += fen
    return _GivenBack(voids, voids_fen, refunds, refunds_fen, by_kind, by_rate)


def day_figures(
    conn: Connection, day: date, settings: ShopSettings, made_at: datetime, device_id: str
) -> Report:
    """The X report of `day` as the store holds it now; a Z is this with its number and grand total."""
    sales = _sales(conn, day)
    back = _given_back(conn, day)
    counts = dict(
        conn.execute(
            select(JournalEntryRow.kind, func.count())
            .where(
                JournalEntryRow.kind.in_((journal.REPRINT, journal.DRAWER_OPEN)),
                JournalEntryRow.business_day == day,
            )
            .group_by(JournalEntryRow.kind)
        ).all()
    )
    names = dict(
        conn.execute(select(CashierRow.id, CashierRow.name).where(CashierRow.id.in_(sales.cashiers))).all()
    )
    return Report(
        kind=ReportKind.X,
        business_day=day,
        made_at=made_at,
        shop_name=settings.shop_name,
        device_id=device_id,
        z_no=None,
        grand_total_fen=None,
        orders=sales.orders,
        items=sum(items for items, _ in sales.categories.values()),
        gross_fen=sales.gross_fen,
        discounts_fen=sales.discounts_fen,
        rounding_fen=-sales.rounding_fen,  # stored signed, negative when 抹零 takes money off
        voids=back.voids,
        voids_fen=back.voids_fen,
        refunds=back.refunds,
        refunds_fen=back.refunds_fen,
        reprints=counts.get(journal.REPRINT, 0),
        drawer_opens=counts.get(journal.DRAWER_OPEN, 0),
        tenders=_tenders(sales.tenders, back.by_kind),
        cashiers=tuple(
            sorted(
                (CashierTotal(names[i], o, fen, items) for i, (o, fen, items) in sales.cashiers.items()),
                key=lambda c: (-c.amount_fen, c.name),
            )
        ),
        categories=tuple(
            sorted(
                (CategoryTotal(name, items, fen) for name, (items, fen) in sales.categories.items()),
                key=lambda c: (-c.amount_fen, c.category),
            )
        ),
        hours=_hours(sales.quarters, ZoneInfo(settings.timezone)),
        taxes=_taxes(sales.rates, back.by_rate),
        cash=day_cash(conn, day, sales.tenders.get("cash", (0, 0))[1], back.by_kind.get("cash", 0)),
    )


def _tenders(sales: dict[str, tuple[int, int]], back: dict[str, int]) -> tuple[TenderTotal, ...]:
    """Every kind with a sale or a give-back on the day: cash, card, then the QR channels, as receipts list
    them (a kind the till does not know yet comes last, not lost)."""
    kinds = [k for k in TENDER_ORDER if k in sales or k in back]
    kinds += sorted((set(sales) | set(back)) - set(TENDER_ORDER))
    return tuple(
        TenderTotal(k, sales.get(k, (0, 0))[0], sales.get(k, (0, 0))[1], back.get(k, 0)) for k in kinds
    )


def _hours(quarters: dict[int, list[int]], zone: ZoneInfo) -> tuple[HourTotal, ...]:
    """Local hours in the order the day lived them (23:00, 00:00, ... after a midnight); an hour that occurs
    twice (the autumn clock change) is one hour."""
    hours: dict[int, list[int]] = {}
    for quarter in sorted(quarters):
        hour = datetime.fromtimestamp(quarter * QUARTER_S, UTC).astimezone(zone).hour
        total = hours.setdefault(hour, [0, 0])
        total[0] += quarters[quarter][0]
        total[1] += quarters[quarter][1]
    return tuple(HourTotal(hour, count, fen) for hour, (count, fen) in hours.items())


def _taxes(rates: dict[int, int], taken_back: dict[int, int]) -> tuple[TaxTotal, ...]:
    """Tax inside the tax-inclusive net at each rate: net * rate / (1 + rate), half up, in integers."""
    out = []
    for rate in sorted(set(rates) | set(taken_back), reverse=True):
        net = rates.get(rate, 0) - taken_back.get(rate, 0)
        out.append(TaxTotal(rate, net, div_round_half_up(net * rate, 10_000 + rate)))
    return tuple(out)
