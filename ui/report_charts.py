"""The report's two charts drawn with QPainter into any rectangle: sales by hour (bars), the tender mix (pie).

Plain QPainter rather than QtCharts, so the same drawing goes into a PDF page with no widget or scene
behind it. Shares and angles are worked out in integers (largest remainder), so the slices always close
the circle and the percentages add up to 100.0.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pos_app.money import format_yuan
from pos_app.pricing import allocate
from pos_app.report_text import tender_label
from pos_app.reports import HourTotal, TenderTotal
from ui.qt import QBrush, QColor, QFont, QPainter, QPen, QRectF, Qt

TENDER_COLORS = {
    "cash": "#f0a30a",
    "card": "#5b6c8f",
    "wechat": "#07c160",
    "alipay": "#1677ff",
    "unionpay": "#e60012",
    "bestpay": "#00a0e9",
    "ecny": "#b8860b",
}
OTHER_COLOR = "#9e9e9e"
BAR_COLOR = QColor("#1f77b4")
AXIS = QColor("#888888")
FULL_CIRCLE = 360 * 16  # QPainter's angles are in sixteenths of a degree

FontOf = Callable[[float, bool], QFont]


def _nice_step(top_fen: int) -> int:
    """A round step (1, 2 or 5 times a power of ten yuan) giving at most five grid lines up to the top."""
    magnitude = 100
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * 5 >= top_fen:
                return factor * magnitude
        magnitude *= 10


def draw_hour_bars(painter: QPainter, area: QRectF, hours: Sequence[HourTotal], font: FontOf) -> None:
    """One bar per hour with sales, in the order the day lived them; a grid in whole yuan."""
    painter.save()
    painter.setPen(QPen(AXIS, 0.5))
    painter.drawRect(area)
    if not hours:
        _centered(painter, area, "无销售", font)
        painter.restore()
        return
    left, bottom = area.left() + 46, area.bottom() - 18
    plot = QRectF(left, area.top() + 10, area.right() - 8 - left, bottom - area.top() - 10)
    step = _nice_step(max(h.amount_fen for h in hours))
    top = step * max(1, -(-max(h.amount_fen for h in hours) // step))
    painter.setFont(font(7.0, False))
    for tick in range(0, top + 1, step):
        y = plot.bottom() - plot.height() * tick / top
        painter.setPen(QPen(QColor("#dddddd"), 0.5))
        line = QRectF(plot.left(), y, plot.width(), 0)
        painter.drawLine(line.topLeft(), line.topRight())
        painter.setPen(AXIS)
        label = QRectF(area.left(), y - 6, left - area.left() - 4, 12)
        painter.drawText(
            label, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), format_yuan(tick)[:-3]
        )
    slot = plot.width() / len(hours)
    for i, hour in enumerate(hours):
        height = plot.height() * hour.amount_fen / top
        bar = QRectF(plot.left() + i * slot + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
        painter.fillRect(bar, BAR_COLOR)
        painter.setPen(AXIS)
        below = QRectF(plot.left() + i * slot, plot.bottom() + 2, slot, 14)
        painter.drawText(
            below, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{hour.hour}"
        )
    painter.restore()


def draw_tender_pie(painter: QPainter, area: QRectF, tenders: Sequence[TenderTotal], font: FontOf) -> None:
    """Each tender's share of the day's sales (before refunds), with a legend of shares and amounts."""
    painter.save()
    painter.setPen(QPen(AXIS, 0.5))
    painter.drawRect(area)
    sold = [t for t in tenders if t.sales_fen > 0]
    if not sold:
        _centered(painter, area, "无销售", font)
        painter.restore()
        return
    amounts = [t.sales_fen for t in sold]
    spans = allocate(FULL_CIRCLE, amounts)
    per_mille = allocate(1000, amounts)
    size = min(area.height() - 20, area.width() * 0.4)
    pie = QRectF(area.left() + 10, area.top() + (area.height() - size) / 2, size, size)
    start = 90 * 16  # from twelve o'clock, clockwise
    for tender, span in zip(sold, spans, strict=True):
        painter.setPen(QPen(QColor("white"), 1.0))
        painter.setBrush(QBrush(QColor(TENDER_COLORS.get(tender.kind, OTHER_COLOR))))
        painter.drawPie(pie, start, -span)
        start -= span
    legend_x = pie.right() + 12
    row = min(16.0, (area.height() - 10) / len(sold))
    y = area.top() + (area.height() - row * len(sold)) / 2
    painter.setFont(font(7.0, False))
    for tender, share in zip(sold, per_mille, strict=True):
        painter.fillRect(
            QRectF(legend_x, y + row / 2 - 4, 8, 8), QColor(TENDER_COLORS.get(tender.kind, OTHER_COLOR))
        )
        painter.setPen(QColor("#222222"))
        text = f"{tender_label(tender.kind)} {share // 10}.{share % 10}%  ￥{format_yuan(tender.sales_fen)}"
        painter.drawText(
            QRectF(legend_x + 12, y, area.right() - legend_x - 14, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
        y += row
    painter.restore()


def _centered(painter: QPainter, area: QRectF, text: str, font: FontOf) -> None:
    painter.setFont(font(10.0, False))
    painter.setPen(AXIS)
    painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), text)
