"""An X or Z report as an A4 PDF: a header, the figures as tables, and two charts (sales by hour, tender mix).

Drawn with QPainter on a QPdfWriter, in the CJK font ui/fonts.py registers, so the Chinese is embedded
text (searchable, copyable) on any machine; nothing here needs a window, so it runs offscreen (the CLI,
the tests). The charts are in ui/report_charts.py. The page is set to 72 dpi: one unit is one point.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from pos_app.errors import PosError
from pos_app.money import format_yuan
from pos_app.report_text import TITLES, hour_label, rate_label, ratio_x100, tender_label, z_number
from pos_app.reports import Report, ReportKind
from ui.fonts import load_cjk_font
from ui.qt import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QMarginsF,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QRectF,
    Qt,
)
from ui.report_charts import draw_hour_bars, draw_tender_pie

MARGIN_MM = 12.7  # half an inch (QPdfWriter takes margins in millimetres)
ROW = 16.0  # a table row
GAP = 14.0  # between blocks
CHART_HEIGHT = 190.0
HEADER_FILL = QColor("#eef2f7")
RULE = QColor("#c8d0da")


class _Canvas:
    """A cursor down the page that starts a new page when a block does not fit."""

    def __init__(self, writer: QPdfWriter, painter: QPainter, family: str) -> None:
        self.writer, self.painter, self.family = writer, painter, family
        self.width = float(writer.width())
        self.bottom = float(writer.height())
        self.y = 0.0

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def room(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.writer.newPage()
            self.y = 0.0

    def text(self, text: str, size: float = 9.0, bold: bool = False, color: str = "#222222") -> None:
        self.room(size * 1.6)
        self.painter.setFont(self.font(size, bold))
        self.painter.setPen(QColor(color))
        rect = QRectF(0, self.y, self.width, size * 1.6)
        self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        self.y += size * 1.6

    def table(
        self, title: str, header: Sequence[str], rows: Sequence[Sequence[str]], shares: Sequence[int]
    ) -> None:
        """A titled table; the first column left, the figures right-aligned; `shares` split the width."""
        self.room(GAP + ROW * 3)  # the title, the header and a first row stay together
        self.y += GAP
        self.text(title, 11.0, bold=True)
        widths = [self.width * s / sum(shares) for s in shares]
        self._row(header, widths, bold=True, fill=True)
        for row in rows or [("（无）",) + ("",) * (len(header) - 1)]:
            if self.y + ROW > self.bottom:
                self.room(ROW * 2)
                self._row(header, widths, bold=True, fill=True)
            self._row(row, widths)

    def _row(
        self, cells: Sequence[str], widths: Sequence[float], bold: bool = False, fill: bool = False
    ) -> None:
        painter = self.painter
        if fill:
            painter.fillRect(QRectF(0, self.y, self.width, ROW), HEADER_FILL)
        painter.setFont(self.font(8.5, bold))
        painter.setPen(QColor("#222222"))
        x = 0.0
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            align = Qt.AlignmentFlag.AlignLeft if i == 0 else Qt.AlignmentFlag.AlignRight
            rect = QRectF(x + 4, self.y, width - 8, ROW)
            shown = painter.fontMetrics().elidedText(cell, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)
            x += width
        painter.setPen(QPen(RULE, 0.5))
        rule = QRectF(0, self.y + ROW, self.width, 0)
        painter.drawLine(rule.topLeft(), rule.topRight())
        self.y += ROW


def _cjk_family(app: QGuiApplication) -> str:
    """The window's own font when it writes Chinese (ui/app.py loaded it at start: nothing changes); else,
    as in the CLI, the CJK font ui/fonts.py finds, loaded now."""
    family = app.font().family()
    if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
        return family
    return load_cjk_font(app) or family  # type: ignore[arg-type]


def write_report_pdf(report: Report, timezone: str, path: Path, app: QGuiApplication) -> None:
    """Writes the PDF; a file that cannot be written is a PosError (the CLI says so and exits 1)."""
    family = _cjk_family(app)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM))
    writer.setTitle(f"{report.shop_name} {TITLES[report.kind]} {report.business_day}")
    writer.setCreator("pos-till")
    painter = QPainter()
    if not painter.begin(writer):
        raise PosError(f"cannot write the PDF {path}", f"无法写入 PDF 文件 {path}")
    try:
        canvas = _Canvas(writer, painter, family)
        _head(canvas, report, timezone)
        _charts(canvas, report)
        _tables(canvas, report)
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise PosError(f"cannot write the PDF {path}", f"无法写入 PDF 文件 {path}")


def _head(canvas: _Canvas, report: Report, timezone: str) -> None:
    title = TITLES[report.kind]
    if report.kind is ReportKind.Z and report.z_no is not None:
        title = f"Z 报表（日结）{z_number(report.z_no)}"
    canvas.text(report.shop_name, 18.0, bold=True)
    canvas.text(title, 14.0, bold=True, color="#1f4e79")
    made = report.made_at.astimezone(ZoneInfo(timezone))
    canvas.text(
        f"营业日 {report.business_day:%Y-%m-%d}    打印时间 {made:%Y-%m-%d %H:%M:%S}", 9.0, color="#555555"
    )
    canvas.text(f"设备 {report.device_id}", 8.0, color="#555555")
    if report.kind is ReportKind.Z and report.grand_total_fen is not None:
        canvas.text(f"累计总额 ￥{format_yuan(report.grand_total_fen)}", 11.0, bold=True)
    summary = [
        ("订单数", str(report.orders), "销售额", format_yuan(report.gross_fen)),
        ("商品件数", str(report.items), f"作废 {report.voids} 笔", format_yuan(-report.voids_fen)),
        (
            "优惠（单品+整单）",
            format_yuan(report.discounts_fen),
            f"退款 {report.refunds} 笔",
            format_yuan(-report.refunds_fen),
        ),
        ("抹零", format_yuan(report.rounding_fen), "净销售额", format_yuan(report.net_fen)),
        ("重印小票", f"{report.reprints} 次", "无销售开钱箱", f"{report.drawer_opens} 次"),
    ]
    canvas.table("汇总", ("项目", "数值", "项目", "金额（元）"), summary, (3, 2, 3, 2))


def _charts(canvas: _Canvas, report: Report) -> None:
    canvas.room(GAP + 18 + CHART_HEIGHT)
    canvas.y += GAP
    half = (canvas.width - GAP) / 2
    canvas.painter.setFont(canvas.font(11.0, bold=True))
    canvas.painter.setPen(QColor("#222222"))
    canvas.painter.drawText(
        QRectF(0, canvas.y, half, 18), int(Qt.AlignmentFlag.AlignLeft), "时段销售额（元）"
    )
    canvas.painter.drawText(
        QRectF(half + GAP, canvas.y, half, 18), int(Qt.AlignmentFlag.AlignLeft), "支付方式占比"
    )
    canvas.y += 18
    draw_hour_bars(canvas.painter, QRectF(0, canvas.y, half, CHART_HEIGHT), report.hours, canvas.font)
    draw_tender_pie(
        canvas.painter, QRectF(half + GAP, canvas.y, half, CHART_HEIGHT), report.tenders, canvas.font
    )
    canvas.y += CHART_HEIGHT


def _tables(canvas: _Canvas, report: Report) -> None:
    canvas.table(
        "支付方式",
        ("方式", "笔数", "收款", "退款/作废", "净额"),
        [
            (
                tender_label(t.kind),
                str(t.count),
                format_yuan(t.sales_fen),
                format_yuan(t.refunds_fen),
                format_yuan(t.net_fen),
            )
            for t in report.tenders
        ],
        (3, 2, 3, 3, 3),
    )
    canvas.table(
        "收银员",
        ("收银员", "订单数", "销售额", "件数", "客单价", "客件数"),
        [
            (
                c.name,
                str(c.orders),
                format_yuan(c.amount_fen),
                str(c.items),
                format_yuan(c.average_basket_fen),
                ratio_x100(c.items_per_basket_x100),
            )
            for c in report.cashiers
        ],
        (4, 2, 3, 2, 3, 2),
    )
    canvas.table(
        "商品类别",
        ("类别", "件数", "销售额"),
        [(c.category, str(c.items), format_yuan(c.amount_fen)) for c in report.categories],
        (6, 2, 3),
    )
    canvas.table(
        "时段",
        ("时段", "订单数", "销售额"),
        [(hour_label(h.hour), str(h.orders), format_yuan(h.amount_fen)) for h in report.hours],
        (6, 2, 3),
    )
    canvas.table(
        "税率",
        ("税率", "含税销售额", "税额"),
        [(rate_label(t.rate_bp), format_yuan(t.net_fen), format_yuan(t.tax_fen)) for t in report.taxes],
        (6, 3, 3),
    )
    cash = report.cash
    counted = "—" if cash.counted_fen is None else format_yuan(cash.counted_fen)
    over_short = "—" if cash.over_short_fen is None else format_yuan(cash.over_short_fen)
    canvas.table(
        f"现金（{cash.shifts} 个班次）",
        ("项目", "金额（元）"),
        [
            ("备用金", format_yuan(cash.opening_fen)),
            ("现金收款", format_yuan(cash.cash_sales_fen)),
            ("现金退款/作废", format_yuan(-cash.cash_refunds_fen)),
            ("存入", format_yuan(cash.pay_in_fen)),
            ("取出", format_yuan(-cash.pay_out_fen)),
            ("应有现金", format_yuan(cash.expected_fen)),
            ("实点现金", counted),
            ("长短款", over_short),
        ],
        (8, 3),
    )
