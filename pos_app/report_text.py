"""An X or Z report as lines for the receipt printer: 32 columns on 58 mm paper, 48 on 80 mm.

The same ReceiptLine the receipts use, so the ESC/POS text encoder (GB18030, Chinese mode), the raster
renderer and a PNG for looking at it all print the same thing. A Chinese character takes two columns
(pos_app.text_width); a label and its figure share a line when they fit, else the figure goes under it,
so no line is ever wider than the paper, whatever the names. Money in yuan with two decimals.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from pos_app.money import format_yuan
from pos_app.receipt import YUAN, ReceiptLine
from pos_app.receipt import _pair as receipt_pair
from pos_app.reports import Report, ReportKind
from pos_app.services.receipts import TENDER_LABELS
from pos_app.text_width import wrap

TITLES = {ReportKind.X: "X 报表（当日读数）", ReportKind.Z: "Z 报表（日结）"}


def money(fen: int) -> str:
    return format_yuan(fen, YUAN)


def tender_label(kind: str) -> str:
    return TENDER_LABELS.get(kind, kind)


def rate_label(rate_bp: int) -> str:
    """1300 -> '13%', 650 -> '6.5%'."""
    whole, part = divmod(rate_bp, 100)
    return f"{whole}%" if not part else f"{whole}.{part:02d}".rstrip("0") + "%"


def ratio_x100(value: int) -> str:
    """235 -> '2.35': a figure kept times 100 as an integer, shown with two decimals."""
    return format_yuan(value)


def hour_label(hour: int) -> str:
    return f"{hour:02d}:00-{(hour + 1) % 24:02d}:00"


def z_number(z_no: int) -> str:
    return f"No.{z_no:04d}"


class _Lines:
    def __init__(self, columns: int) -> None:
        if columns < 24:
            raise ValueError("a report needs at least 24 columns")
        self.columns = columns
        self.out: list[ReceiptLine] = []

    def centered(self, text: str, big: bool = False) -> None:
        width = self.columns // 2 if big else self.columns
        self.out += [ReceiptLine(t, bold=big, double=big, center=True) for t in wrap(text, width)]

    def text(self, text: str) -> None:
        self.out += [ReceiptLine(t) for t in wrap(text, self.columns)]

    def pair(self, left: str, right: str, bold: bool = False) -> None:
        self.out += receipt_pair(left, right, self.columns, bold)

    def rule(self, char: str = "-") -> None:
        self.out.append(ReceiptLine(char * self.columns))

    def section(self, title: str) -> None:
        self.rule()
        self.out.append(ReceiptLine(title, bold=True))


def report_lines(report: Report, columns: int, timezone: str) -> list[ReceiptLine]:
    """The report laid out for `columns` columns; times in the shop's time zone."""
    out = _Lines(columns)
    _head(out, report, timezone)
    _summary(out, report)
    _tenders(out, report)
    _cashiers(out, report)
    _categories(out, report)
    _hours(out, report)
    _taxes(out, report)
    _cash(out, report)
    out.rule("=")
    if report.kind is ReportKind.Z and report.grand_total_fen is not None:
        out.pair("累计总额", money(report.grand_total_fen), bold=True)
        out.rule("=")
    out.centered(f"{TITLES[report.kind]} 完")
    return out.out


def _head(out: _Lines, report: Report, timezone: str) -> None:
    out.centered(report.shop_name, big=True)
    if report.kind is ReportKind.Z:
        out.centered(f"Z 报表 {z_number(report.z_no or 0)}", big=True)
        out.centered("日结，营业日已关闭")
    else:
        out.centered("X 报表", big=True)
        out.centered("当日读数，不清零，仅供查看")
    out.rule()
    made = report.made_at.astimezone(ZoneInfo(timezone))
    out.text(f"营业日：{_day(report.business_day)}")
    out.text(f"打印时间：{made:%Y-%m-%d %H:%M:%S}")
    out.text(f"设备：{report.device_id}")


def _day(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def _summary(out: _Lines, report: Report) -> None:
    out.section("销售汇总")
    out.pair("订单数", str(report.orders))
    out.pair("商品件数", str(report.items))
    out.pair("销售额", money(report.gross_fen))
    out.pair(f"作废 {report.voids} 笔", money(-report.voids_fen))
    out.pair(f"退款 {report.refunds} 笔", money(-report.refunds_fen))
    out.pair("净销售额", money(report.net_fen), bold=True)
    out.pair("优惠（单品+整单）", money(report.discounts_fen))
    out.pair("抹零", money(report.rounding_fen))
    out.pair("重印小票", f"{report.reprints} 次")
    out.pair("无销售开钱箱", f"{report.drawer_opens} 次")


def _tenders(out: _Lines, report: Report) -> None:
    out.section("支付方式")
    if not report.tenders:
        out.text("（无）")
    for t in report.tenders:
        out.pair(f"{tender_label(t.kind)} {t.count} 笔", money(t.sales_fen))
        if t.refunds_fen:
            out.pair("  退款/作废", money(-t.refunds_fen))
            out.pair("  净额", money(t.net_fen))


def _cashiers(out: _Lines, report: Report) -> None:
    out.section("收银员")
    if not report.cashiers:
        out.text("（无）")
    for c in report.cashiers:
        out.pair(f"{c.name} {c.orders} 单", money(c.amount_fen))
        out.pair("  客单价", money(c.average_basket_fen))
        out.pair("  客件数", f"{ratio_x100(c.items_per_basket_x100)} 件")


def _categories(out: _Lines, report: Report) -> None:
    out.section("商品类别")
    if not report.categories:
        out.text("（无）")
    for c in report.categories:
        out.pair(f"{c.category} {c.items} 件", money(c.amount_fen))


def _hours(out: _Lines, report: Report) -> None:
    out.section("时段销售")
    if not report.hours:
        out.text("（无）")
    for h in report.hours:
        out.pair(f"{hour_label(h.hour)} {h.orders} 单", money(h.amount_fen))


def _taxes(out: _Lines, report: Report) -> None:
    out.section("税率（含税销售额 / 税额）")
    if not report.taxes:
        out.text("（无）")
    for t in report.taxes:
        out.pair(f"{rate_label(t.rate_bp)} 销售额", money(t.net_fen))
        out.pair("  税额", money(t.tax_fen))


def _cash(out: _Lines, report: Report) -> None:
    cash = report.cash
    out.section(f"现金（{cash.shifts} 个班次）")
    out.pair("备用金", money(cash.opening_fen))
    out.pair("现金收款", money(cash.cash_sales_fen))
    out.pair("现金退款/作废", money(-cash.cash_refunds_fen))
    out.pair("存入", money(cash.pay_in_fen))
    out.pair("取出", money(-cash.pay_out_fen))
    out.pair("应有现金", money(cash.expected_fen), bold=True)
    if cash.counted_fen is None:
        out.pair("实点现金", "班次未交班" if cash.shifts else "无班次")
    else:
        out.pair("实点现金", money(cash.counted_fen))
        over_short = cash.over_short_fen or 0
        out.pair("长款" if over_short >= 0 else "短款", money(over_short))
