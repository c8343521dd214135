"""The manager screen's two charts (QtCharts), each on a card: sales by local hour as bars, and the tender
mix as a donut with its legend beside it (name, amount, share: never cut short, unlike QChart's own).

A finger on a bar or a slice asks for the orders behind it (`hour_chosen`, `tender_chosen`). The bars and
slices are drawn in yuan: chart geometry only, every figure a person reads is formatted from the fen.
Text is drawn in the application's (CJK) font at the screen's scale.
"""

from __future__ import annotations

from pos_app.reports import HourTotal, TenderTotal
from pos_app.services.receipts import TENDER_LABELS
from ui.formatting import money
from ui.qt import (
    QApplication,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QColor,
    QFont,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPen,
    QPieSeries,
    QPieSlice,
    Qt,
    QValueAxis,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.scaling import notifier, px

BAR_COLOUR = QColor("#1f5fbf")
GRID_COLOUR = QColor("#e3e8ee")
TENDER_COLOURS = {
    "cash": "#e08a00",
    "card": "#5b6b7c",
    "wechat": "#12a150",
    "alipay": "#1677ff",
    "unionpay": "#d9363e",
    "bestpay": "#7b4fd6",
    "ecny": "#a8551a",
}
OTHER_COLOUR = "#9aa6b2"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CROWDED = 14  # more hours than this: their labels stand upright to fit under narrow bars


def tender_label(kind: str) -> str:
    """The receipts' Chinese names (微信支付, 云闪付, ...); a kind the till does not know shows as stored."""
    return TENDER_LABELS.get(kind, kind)


def hour_span(hours: tuple[HourTotal, ...]) -> list[int]:
    """The hours from the first sale to the last, in the order the day lived them, empty hours included
    so the bars keep the day's shape (22, 23, 0, 1 after a midnight)."""
    if not hours:
        return []
    span, hour = [hours[0].hour], hours[0].hour
    while hour != hours[-1].hour and len(span) < 24:
        hour = (hour + 1) % 24
        span.append(hour)
    return span


def scaled_font(size: int, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPixelSize(px(size))
    font.setBold(bold)
    return font


class _ChartCard(QFrame):
    """A white card: a caption above, a chart (no background of its own) below."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerChartCard")
        self.caption = QLabel(caption)
        self.caption.setObjectName("managerChartTitle")
        self.chart = QChart()
        self.chart.setBackgroundVisible(False)
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().hide()
        self.chart.layout().setContentsMargins(0, 0, 0, 0)
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setObjectName("managerChart")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(14, 10, 14, 8)
        self.column.setSpacing(0)
        self.column.addWidget(self.caption)
        notifier().changed.connect(self._rescale)

    def _rescale(self, *_scale: object) -> None:
        """Fonts in the chart follow the screen's scale (the QSS does not reach inside a chart)."""


class HourChartView(_ChartCard):
    """Sales by hour; `hours[i]` is the hour of bar i, `amounts_fen[i]` its sales."""

    hour_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Sales by hour (hour of the day, ¥)"), parent)
        self.hours: list[int] = []
        self.amounts_fen: list[int] = []
        self.bars = QBarSet(self.tr("Sales"))
        self.bars.setColor(BAR_COLOUR)
        self.bars.setBorderColor(BAR_COLOUR)
        self.bars.clicked.connect(self._tapped)
        self.series = QBarSeries()
        self.series.setBarWidth(0.7)
        self.series.append(self.bars)
        self.chart.addSeries(self.series)
        self.axis_x = QBarCategoryAxis()
        self.axis_x.setGridLineVisible(False)
        self.axis_y = QValueAxis()
        self.axis_y.setLabelFormat("%d")
        self.axis_y.setGridLinePen(QPen(GRID_COLOUR))
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)
        self.column.addWidget(self.view, 1)
        self._rescale()

    def _rescale(self, *_scale: object) -> None:
        self.axis_x.setLabelsFont(scaled_font(14))
        self.axis_y.setLabelsFont(scaled_font(13))

    def show_hours(self, hours: tuple[HourTotal, ...]) -> None:
        by_hour = {h.hour: h.amount_fen for h in hours}
        self.hours = hour_span(hours)
        self.amounts_fen = [by_hour.get(h, 0) for h in self.hours]
        self.bars.remove(0, self.bars.count())
        self.bars.append([fen / 100 for fen in self.amounts_fen])  # drawing only
        self.axis_x.clear()
        self.axis_x.append([str(h) for h in self.hours] or [self.tr("No sales yet")])
        self.axis_x.setLabelsAngle(-90 if len(self.hours) > CROWDED else 0)  # a shop open round the clock
        self.axis_y.setRange(0, _nice_ceiling(max(self.amounts_fen, default=0) / 100))
        self.axis_y.setTickCount(5)

    def tap_hour(self, hour: int) -> None:
        """A finger on the bar of `hour` (tests, and the same path as a real tap)."""
        self._tapped(self.hours.index(hour))

    def _tapped(self, index: int) -> None:
        if 0 <= index < len(self.hours) and self.amounts_fen[index]:
            self.hour_chosen.emit(self.hours[index])


class TenderChartView(_ChartCard):
    """The tender mix: one slice per tender that took money; `slices[kind]` is its slice."""

    tender_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Tender mix"), parent)
        self.series = QPieSeries()
        self.series.setHoleSize(0.55)
        self.series.setPieSize(0.9)
        self.series.clicked.connect(self._tapped)
        self.chart.addSeries(self.series)
        self.slices: dict[str, QPieSlice] = {}
        self.legend = QGridLayout()
        self.legend.setHorizontalSpacing(8)
        self.legend.setVerticalSpacing(4)
        self.empty = QLabel(self.tr("No sales yet"))
        self.empty.setObjectName("managerTileNote")
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.view, 5)
        side = QVBoxLayout()
        side.addStretch(1)
        side.addLayout(self.legend)
        side.addWidget(self.empty)
        side.addStretch(1)
        row.addLayout(side, 4)
        self.column.addLayout(row, 1)

    def show_tenders(self, tenders: tuple[TenderTotal, ...]) -> None:
        self.series.clear()
        self.slices = {}
        self._clear_legend()
        paid = [t for t in tenders if t.sales_fen > 0]
        total = sum(t.sales_fen for t in paid)
        for r, tender in enumerate(paid):
            share = (tender.sales_fen * 100 + total // 2) // total
            colour = TENDER_COLOURS.get(tender.kind, OTHER_COLOUR)
            label = f"{tender_label(tender.kind)}  {money(tender.sales_fen)}  {share}%"
            piece = self.series.append(label, tender.sales_fen / 100)  # drawing only
            piece.setColor(QColor(colour))
            piece.setBorderColor(QColor("#ffffff"))
            piece.setProperty("tender", tender.kind)
            self.slices[tender.kind] = piece
            self._legend_row(r, colour, tender_label(tender.kind), money(tender.sales_fen), f"{share}%")
        self.empty.setVisible(not paid)

    def _legend_row(self, row: int, colour: str, name: str, amount: str, share: str) -> None:
        swatch = QLabel()
        swatch.setFixedSize(px(14), px(14))
        swatch.setStyleSheet(f"background: {colour}; border-radius: {px(3)}px;")
        labels = [QLabel(name), QLabel(amount), QLabel(share)]
        for label in labels:
            label.setObjectName("managerLegend")
        labels[1].setAlignment(RIGHT)
        labels[2].setAlignment(RIGHT)
        self.legend.addWidget(swatch, row, 0)
        for column, label in enumerate(labels, 1):
            self.legend.addWidget(label, row, column)

    def _clear_legend(self) -> None:
        while self.legend.count():
            item = self.legend.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def legend_texts(self) -> list[str]:
        """The legend's rows as read (tests)."""
        rows = []
        for r in range(self.legend.rowCount()):
            cells = [self.legend.itemAtPosition(r, c) for c in (1, 2, 3)]
            texts = [c.widget().text() for c in cells if c is not None and isinstance(c.widget(), QLabel)]
            if texts:
                rows.append("  ".join(texts))
        return rows

    def tap_tender(self, kind: str) -> None:
        self._tapped(self.slices[kind])

    def _tapped(self, piece: QPieSlice) -> None:
        kind = piece.property("tender")
        if isinstance(kind, str):
            self.tender_chosen.emit(kind)


def _nice_ceiling(value: float) -> float:
    """A round top for the value axis, so its 5 ticks (quarters of it) are round amounts too."""
    if value <= 0:
        return 100.0
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 4, 6, 8):
        if step * factor >= value:
            return step * factor
    return step * 10
