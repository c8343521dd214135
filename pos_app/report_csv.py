"""An X or Z report as one CSV file a shop owner opens in Excel or WPS.

UTF-8 with a BOM (without it Excel reads the Chinese as GBK and shows junk). One row per figure, in four
columns: section (分区), item (项目), figure (指标) and value (值); amounts are yuan with two decimals and
their figure says so (金额（元）), counts are whole numbers. A long table like this filters and pivots in
Excel, and a script reads it back with the csv module.
"""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from pos_app.money import format_yuan
from pos_app.report_text import hour_label, rate_label, ratio_x100, tender_label
from pos_app.reports import Report

HEADER = ("分区", "项目", "指标", "值")
YUAN = "金额（元）"

Row = tuple[str, str, str, str]


def report_csv(report: Report, timezone: str) -> str:
    """The CSV text, BOM first; write it with encoding='utf-8' and newline=''."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(report_rows(report, timezone))
    return "\ufeff" + buffer.getvalue()


def _text(name: str) -> str:
    """A name typed by someone (shop, cashier, category) never starts a formula in Excel (CSV injection)."""
    return "'" + name if name[:1] in ("=", "+", "-", "@", "\t", "\r") else name


def _yuan(section: str, item: str, fen: int, figure: str = YUAN) -> Row:
    return (section, item, figure, format_yuan(fen))


def _count(section: str, item: str, figure: str, count: int) -> Row:
    return (section, item, figure, str(count))


def report_rows(report: Report, timezone: str) -> list[Row]:
    made = report.made_at.astimezone(ZoneInfo(timezone))
    rows: list[Row] = [
        ("报表", "类型", "", report.kind.value),
        ("报表", "Z 编号", "", "" if report.z_no is None else str(report.z_no)),
        ("报表", "店铺", "", _text(report.shop_name)),
        ("报表", "营业日", "", report.business_day.isoformat()),
        ("报表", "制表时间", "", f"{made:%Y-%m-%d %H:%M:%S}"),
        ("报表", "设备", "", report.device_id),
        _count("汇总", "订单", "笔数", report.orders),
        _count("汇总", "商品", "件数", report.items),
        _yuan("汇总", "销售额", report.gross_fen),
        _count("汇总", "作废", "笔数", report.voids),
        _yuan("汇总", "作废", report.voids_fen),
        _count("汇总", "退款", "笔数", report.refunds),
        _yuan("汇总", "退款", report.refunds_fen),
        _yuan("汇总", "净销售额", report.net_fen),
        _yuan("汇总", "优惠", report.discounts_fen),
        _yuan("汇总", "抹零", report.rounding_fen),
        _count("汇总", "重印小票", "次数", report.reprints),
        _count("汇总", "无销售开钱箱", "次数", report.drawer_opens),
    ]
    if report.grand_total_fen is not None:
        rows.append(_yuan("汇总", "累计总额", report.grand_total_fen))
    for t in report.tenders:
        label = _text(tender_label(t.kind))
        rows += [
            _count("支付方式", label, "笔数", t.count),
            _yuan("支付方式", label, t.sales_fen, "收款（元）"),
            _yuan("支付方式", label, t.refunds_fen, "退款（元）"),
            _yuan("支付方式", label, t.net_fen, "净额（元）"),
        ]
    for c in report.cashiers:
        name = _text(c.name)
        rows += [
            _count("收银员", name, "订单数", c.orders),
            _yuan("收银员", name, c.amount_fen, "销售额（元）"),
            _count("收银员", name, "件数", c.items),
            _yuan("收银员", name, c.average_basket_fen, "客单价（元）"),
            ("收银员", name, "客件数", ratio_x100(c.items_per_basket_x100)),
        ]
    for cat in report.categories:
        category = _text(cat.category)
        rows += [
            _count("商品类别", category, "件数", cat.items),
            _yuan("商品类别", category, cat.amount_fen, "销售额（元）"),
        ]
    for h in report.hours:
        rows += [
            _count("时段", hour_label(h.hour), "订单数", h.orders),
            _yuan("时段", hour_label(h.hour), h.amount_fen, "销售额（元）"),
        ]
    for tax in report.taxes:
        rows += [
            _yuan("税率", rate_label(tax.rate_bp), tax.net_fen, "含税销售额（元）"),
            _yuan("税率", rate_label(tax.rate_bp), tax.tax_fen, "税额（元）"),
        ]
    cash = report.cash
    rows += [
        _count("现金", "班次", "个数", cash.shifts),
        _yuan("现金", "备用金", cash.opening_fen),
        _yuan("现金", "现金收款", cash.cash_sales_fen),
        _yuan("现金", "现金退款/作废", cash.cash_refunds_fen),
        _yuan("现金", "存入", cash.pay_in_fen),
        _yuan("现金", "取出", cash.pay_out_fen),
        _yuan("现金", "应有现金", cash.expected_fen),
    ]
    if cash.counted_fen is not None:
        rows += [
            _yuan("现金", "实点现金", cash.counted_fen),
            _yuan("现金", "长短款", cash.over_short_fen or 0),
        ]
    return rows
